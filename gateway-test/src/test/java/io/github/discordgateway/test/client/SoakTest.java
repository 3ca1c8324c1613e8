package io.github.discordgateway.test.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;

import ch.qos.logback.classic.Level;
import jakarta.websocket.ContainerProvider;
import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.ReceivedPayload;
import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;
import io.github.discordgateway.test.client.SoakFaults.Fault;
import io.github.discordgateway.test.client.SoakResources.Measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Soak: two shards against the simulator while a traffic thread streams dispatches
 * ({@link SoakTraffic}) and a fault loop injects random faults at a high rate
 * ({@link SoakFaults}: resumable and session-ending close codes, op 7, op 9 true/false,
 * dropped TCP, zombie connections, withheld ACKs, corrupt zlib data, invalid JSON,
 * payloads split across messages and frames). The run happens once, before the tests;
 * each test checks one property of it.
 *
 * <p>
 * Checked while it runs (a violation stops the run): every dispatch of a session reaches
 * the listener exactly once and in order ({@link SoakSequenceLedger}); after every fault
 * taken on a READY shard the outcome is the documented one (a resumable fault resumes the
 * same session with the expected reconnect reason, a session-ending one starts a new
 * session, a busy connection with withheld ACKs or split payloads is not reset). Checked
 * after it: the current session and every session ended on purpose were delivered
 * completely; heartbeats on the final connections arrive at the HELLO interval; thread
 * count, heap after GC and live connection objects are back near their after-warm-up
 * values ({@link SoakResources}); at most one open socket per shard; and stopping leaves
 * no client thread.
 *
 * <p>
 * Every so often the run drops closed connections from the simulator's history
 * ({@link GatewaySimulator#forgetClosedConnections()}), or the simulator's own
 * bookkeeping would dominate the heap measurement.
 *
 * <p>
 * The default is a short run for every build (a few dozen faults). For a real soak:
 * {@code -Dsoak.duration=PT30M} (default {@code PT2S} of faults), {@code -Dsoak.seed=...}
 * (fault and traffic choices; timing still varies), {@code -Dsoak.rate=...} (events/s,
 * default 150), {@code -Dsoak.verbose=true} (keep the client's per-reconnect WARN logs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 6, unit = TimeUnit.HOURS) // bounded by DURATION; every wait has its own
											// limit
class SoakTest {

	private static final Duration DURATION = Duration.parse(System.getProperty("soak.duration", "PT2S"));

	private static final long SEED = Long.getLong("soak.seed", 0x5EED_50A4L);

	private static final double EVENTS_PER_SECOND = Double.parseDouble(System.getProperty("soak.rate", "150"));

	private static final boolean VERBOSE = Boolean.getBoolean("soak.verbose");

	private static final int SHARDS = 2;

	private static final Duration HEARTBEAT = Duration.ofMillis(250);

	/** Heartbeats whose gaps are checked on each final connection. */
	private static final int HEARTBEATS_CHECKED = 6;

	/**
	 * Longest a shard may take to be READY again after a fault (backoff is at most 300
	 * ms).
	 */
	private static final Duration RECOVERY = Duration.ofSeconds(30);

	/**
	 * Probability that a reconnecting fault is followed at once by a second one, during
	 * the next handshake.
	 */
	private static final double BURST_PROBABILITY = 0.2;

	private final Random random = new Random(SEED);

	/**
	 * Traffic takes it shared for each dispatch; a session-ending fault takes it
	 * exclusively (see {@link SoakFaults}).
	 */
	private final ReentrantReadWriteLock trafficGate = new ReentrantReadWriteLock();

	private final SoakSequenceLedger ledger = new SoakSequenceLedger();

	private final SoakFaults faults = new SoakFaults(this.random, this.trafficGate);

	private final List<String> violations = new CopyOnWriteArrayList<>();

	/**
	 * Sessions the simulator ended on the client's echo of its own 1001 close (see
	 * {@link #injectOne()}).
	 */
	private final Set<String> echoRaceSessions = new HashSet<>();

	private final ch.qos.logback.classic.Logger clientLog = (ch.qos.logback.classic.Logger) LoggerFactory
		.getLogger("io.github.discordgateway.core");

	private final java.util.logging.Logger tomcatLog = java.util.logging.Logger
		.getLogger("org.apache.tomcat.websocket");

	private Level previousClientLevel;

	private java.util.logging.Level previousTomcatLevel;

	private long bursts;

	private long decodeFaultsOnReadyShards;

	private long extraDecodeFailures;

	private long burstsAfterSessionEnd;

	private long heartbeatTimeoutCloses;

	private int peakClientThreads;

	private GatewaySimulator simulator;

	private ClientHarness harness;

	private SoakTraffic traffic;

	private Thread trafficThread;

	/** Resources after warm-up. */
	private Measurement warm;

	/** When the last fault had settled and traffic was about to stop. */
	private Instant quietFrom;

	@BeforeAll
	void runFaultsWhileTrafficFlows() {
		System.out.printf("SoakTest: seed=%d (-Dsoak.seed), duration=%s (-Dsoak.duration), %.0f events/s, %d shards%n",
				SEED, DURATION, EVENTS_PER_SECOND, SHARDS);
		this.previousClientLevel = this.clientLog.getLevel();
		this.previousTomcatLevel = this.tomcatLog.getLevel();
		if (!VERBOSE) {
			// hundreds of expected reconnect warnings, and Tomcat's about writes to
			// dropped sockets, otherwise
			this.clientLog.setLevel(Level.ERROR);
			this.tomcatLog.setLevel(java.util.logging.Level.SEVERE);
		}
		this.simulator = ClientHarness.simulator()
			.heartbeatInterval(HEARTBEAT)
			.heartbeatTimeoutFactor(2.5)
			.shards(SHARDS)
			.guilds(4)
			.replayBufferSize(2000)
			.resumeWindow(DURATION.plusMinutes(10))
			.sessionStartLimit(1_000_000, 1_000_000, Duration.ofHours(24))
			.sendRateLimit(100_000, Duration.ofSeconds(60))
			.build()
			.start();
		this.harness = new ClientHarness(this.simulator,
				(options) -> options.reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(300))
					.invalidSessionDelay(Duration.ofMillis(2), Duration.ofMillis(15))
					.helloTimeout(Duration.ofSeconds(3))
					.readyTimeout(Duration.ofSeconds(5))
					.closeTimeout(Duration.ofSeconds(2)),
				this.ledger, null, quickClosingWebSocketClient());
		this.harness.recorder.keepDispatches = false;
		this.traffic = new SoakTraffic(this.simulator, new Random(SEED ^ 0x7AFF1CL), SHARDS, EVENTS_PER_SECOND,
				this.trafficGate);
		this.trafficThread = new Thread(this.traffic, "soak-traffic");
		this.trafficThread.setDaemon(true);
		this.harness.start();
		awaitStable("start");
		this.trafficThread.start();
		this.warm = runFaults();
		settle();
	}

	@AfterAll
	void stopEverything() throws InterruptedException {
		if (this.traffic != null) {
			this.traffic.stop();
			this.trafficThread.join(5000);
		}
		if (this.harness != null) {
			System.out.println(summary());
			this.harness.close();
		}
		this.clientLog.setLevel(this.previousClientLevel);
		this.tomcatLog.setLevel(this.previousTomcatLevel);
	}

	@Test
	void everyFaultHadItsDocumentedOutcome() {
		assertThat(this.faults.total()).as("faults injected").isPositive();
		assertThat(totalReconnects()).as("reconnects").isGreaterThanOrEqualTo(DURATION.toSeconds() * 2);
		checkNoViolations();
	}

	/**
	 * Per session: delivered 1..k once each and in order (checked as it ran); complete
	 * when it has to be.
	 */
	@Test
	void everySessionWasDeliveredInOrderAndCompletelyWhereItMustBe() {
		Set<String> finals = new HashSet<>();
		for (int shard = 0; shard < SHARDS; shard++) {
			SimulatedSession session = this.simulator.session(shard).orElseThrow();
			finals.add(session.id());
			awaitUntil(() -> this.ledger.deliveredUpTo(session.id()) == session.lastSequence(),
					"the final session of shard " + shard + " to be delivered completely: " + session);
		}
		Set<String> known = new HashSet<>();
		for (SimulatedSession session : this.simulator.sessions()) {
			known.add(session.id());
			long delivered = this.ledger.deliveredUpTo(session.id());
			long last = session.lastSequence();
			if (delivered > last) {
				violation("%s: delivered up to %d, beyond its last sequence", session, delivered);
			}
			else if ((finals.contains(session.id()) || this.faults.endedOnPurpose(session.id())) && delivered != last) {
				violation("%s (%s): delivered only 1..%d of 1..%d", session,
						finals.contains(session.id()) ? "current" : "ended by the server", delivered, last);
			}
		}
		for (String id : this.ledger.sessions()) {
			if (!known.contains(id)) {
				violation("the listener got READY for session %s that the simulator never created", id);
			}
		}
		long abandoned = this.ledger.abandoned(this.simulator);
		if (abandoned > this.burstsAfterSessionEnd + this.echoRaceSessions.size()) {
			// A session is legitimately left behind only when a burst fault hit the
			// IDENTIFY after a session ended (READY written but not read); every other
			// fault must resume or end the session on purpose.
			violation(
					"%d sessions were left incomplete without being ended, but only %d bursts followed a session end "
							+ "(and %d sessions ended on the simulator's 1001 echo race)",
					abandoned, this.burstsAfterSessionEnd, this.echoRaceSessions.size());
		}
		checkNoViolations();
	}

	@Test
	void heartbeatsOnTheFinalConnectionsKeepTheHelloInterval() {
		for (int shard = 0; shard < SHARDS; shard++) {
			SimulatedConnection connection = currentConnection(shard);
			assertThat(connection).as("connection of shard %d", shard).isNotNull();
			Instant from = max(this.quietFrom, connection.openedAt().plus(HEARTBEAT));
			awaitUntil(() -> beatsSince(connection, from).size() >= HEARTBEATS_CHECKED,
					HEARTBEATS_CHECKED + " heartbeats on the final connection of shard " + shard);
			List<Instant> beats = beatsSince(connection, from);
			List<Long> gaps = new ArrayList<>();
			for (int i = 1; i < beats.size(); i++) {
				gaps.add(Duration.between(beats.get(i - 1), beats.get(i)).toMillis());
			}
			double mean = gaps.stream().mapToLong(Long::longValue).average().orElseThrow();
			assertThat(mean).as("mean heartbeat gap (ms) on shard %d, gaps %s", shard, gaps)
				.isBetween(HEARTBEAT.toMillis() * 0.8, HEARTBEAT.toMillis() * 1.2);
			assertThat(gaps).as("heartbeat gaps (ms) on shard %d", shard)
				.allSatisfy((gap) -> assertThat(gap).isLessThan(2 * HEARTBEAT.toMillis()));
		}
	}

	/**
	 * One socket per shard, per-connection objects, threads and heap back near their
	 * level after warm-up, and the simulator seldom had to close a connection for missing
	 * heartbeats.
	 */
	@Test
	void resourcesComeBackNearTheirLevelAfterWarmUp() {
		forgetClosedConnections();
		long connections = this.simulator.latestConnection().map(SimulatedConnection::id).orElse(0);
		assertThat(this.heartbeatTimeoutCloses).as("connections the simulator closed for missing heartbeats")
			// a stalled heartbeat would close many; a loaded CI machine may stall a 250
			// ms heartbeat once or twice
			.isLessThanOrEqualTo(Math.max(2, connections / 200));
		awaitUntil(() -> this.simulator.openConnections().size() <= SHARDS,
				"at most one open connection per shard, open: " + this.simulator.openConnections());
		Measurement end;
		try {
			end = await().atMost(Duration.ofSeconds(30))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(200))
				.until(SoakResources::measure, (m) -> m.threads() <= this.warm.threads() + 4
						&& m.objects().values().stream().allMatch((count) -> count <= SHARDS + 2));
		}
		catch (ConditionTimeoutException ex) {
			end = SoakResources.measure();
			fail("Resources did not come back: after warm-up " + this.warm + ", now " + end + ", threads "
					+ SoakResources.clientThreads());
		}
		long allowance = (48L << 20) + this.ledger.abandoned(this.simulator) * (1L << 20);
		System.out.printf("SoakTest: end: %s (after warm-up %s); peak client threads %d%n", end, this.warm,
				this.peakClientThreads);
		assertThat(end.heapBytes()).as("heap after GC (bytes) vs %d after warm-up", this.warm.heapBytes())
			.isLessThanOrEqualTo(this.warm.heapBytes() + allowance);
		assertThat(this.peakClientThreads).as("peak client threads").isLessThanOrEqualTo(this.warm.threads() + 40);
	}

	@Test
	@Order(Integer.MAX_VALUE) // stops the client the other tests look at
	void stoppingLeavesNoClientThread() throws InterruptedException {
		this.traffic.stop();
		this.trafficThread.join(5000);
		System.out.println(summary());
		this.harness.close();
		this.harness = null;
		// Tomcat's WebSocketClient-AsyncIO pool is shared by the whole JVM and outlives
		// any one client.
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(SoakResources.clientThreads())
				.filteredOn((name) -> !name.startsWith("WebSocketClient-AsyncIO"))
				.as("client threads after stop")
				.isEmpty());
	}

	/**
	 * Tomcat's client, as the manager makes it, but quicker to drop a socket whose peer
	 * never answered the close frame (a zombie): Tomcat does that after
	 * {@code SESSION_CLOSE_TIMEOUT} (the manager sets 5 s), checked every
	 * {@code processPeriod} (10 s by default). The resource check waits for those sockets
	 * to go; with Tomcat's timings a short run would mostly wait for them.
	 */
	private static WebSocketClient quickClosingWebSocketClient() {
		WsWebSocketContainer container = (WsWebSocketContainer) ContainerProvider.getWebSocketContainer();
		container.setProcessPeriod(1);
		StandardWebSocketClient client = new StandardWebSocketClient(container);
		client.setUserProperties(Map.of("org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT", 10_000L,
				"org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT", 1_000L));
		return client;
	}

	// ---- the run

	private Measurement runFaults() {
		Instant start = Instant.now();
		Instant deadline = start.plus(DURATION);
		Instant warmUpEnd = start.plus(DURATION.dividedBy(5));
		Measurement warmedUp = null;
		Instant nextMaintenance = start;
		while (Instant.now().isBefore(deadline)) {
			awaitStable("before a fault");
			if (Instant.now().isAfter(nextMaintenance)) {
				forgetClosedConnections();
				this.peakClientThreads = Math.max(this.peakClientThreads, SoakResources.clientThreads().size());
				nextMaintenance = Instant.now().plusSeconds(2);
			}
			if (warmedUp == null && Instant.now().isAfter(warmUpEnd)) {
				warmedUp = SoakResources.measure();
				System.out.printf("SoakTest: after warm-up: %s, %d dispatches delivered, %d faults%n", warmedUp,
						this.ledger.delivered.get(), this.faults.total());
			}
			injectOne();
			checkNoViolations();
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20 + this.random.nextInt(150))); // pacing
		}
		System.out.printf("SoakTest: faults stopped after %s: %d faults, %d dispatches delivered%n",
				Duration.between(start, Instant.now()).withNanos(0), this.faults.total(), this.ledger.delivered.get());
		return (warmedUp != null) ? warmedUp : SoakResources.measure();
	}

	/**
	 * Injects one fault on a READY shard, maybe a second one in the handshake after it.
	 */
	private void injectOne() {
		int shard = this.random.nextInt(SHARDS);
		Fault fault = this.faults.pick(false);
		SimulatedSession session = this.simulator.session(shard).orElse(null);
		SimulatedConnection connection = (session != null) ? session.connection().orElse(null) : null;
		if (connection == null) {
			return; // the shard lost its connection by itself since it was seen READY;
					// the next round waits for it
		}
		Map<String, Long> reasonsBefore = reconnectReasons();
		long decodeFailuresBefore = decodeFailures();
		String detail = this.faults.apply(fault, connection, session);
		if (!fault.reconnects) {
			checkConnectionSurvives(fault, detail, shard, connection);
			return;
		}
		awaitUntil(() -> currentConnection(shard) != connection,
				"shard " + shard + " to leave connection " + connection.id() + " after " + detail);
		boolean burst = this.random.nextDouble() < BURST_PROBABILITY && injectBurst(fault, connection);
		awaitStable("after " + detail);
		checkSessionOutcome(fault, detail, shard, connection, session, burst);
		if (!burst) {
			checkReconnectReason(fault, detail, shard, reasonsBefore, decodeFailuresBefore);
		}
	}

	/**
	 * The connection is busy (traffic flows), so neither withheld ACKs nor split payloads
	 * may reset it.
	 */
	private void checkConnectionSurvives(Fault fault, String detail, int shard, SimulatedConnection connection) {
		Duration observe = HEARTBEAT.multipliedBy((fault == Fault.WITHHOLD_ACKS) ? 3 : 2);
		try {
			poll().during(observe)
				.atMost(observe.plusSeconds(5))
				.until(() -> currentConnection(shard) == connection && connection.isOpen());
		}
		catch (ConditionTimeoutException ex) {
			violation("%s on shard %d (connection %d) reset the connection (reconnect reasons now %s)", detail, shard,
					connection.id(), reconnectReasons());
		}
	}

	/** A second fault on the newest connection, during its handshake. */
	private boolean injectBurst(Fault first, SimulatedConnection after) {
		LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(this.random.nextInt(40)));
		Fault second = this.faults.pick(true);
		Optional<SimulatedConnection> target = this.simulator.openConnections()
			.stream()
			.filter((c) -> c.id() > after.id())
			.max(Comparator.comparingInt(SimulatedConnection::id));
		if (target.isEmpty()) {
			return false;
		}
		this.faults.apply(second, target.get(), null);
		this.bursts++;
		if (first.endsSession) {
			this.burstsAfterSessionEnd++;
		}
		return true;
	}

	private void checkSessionOutcome(Fault fault, String detail, int shard, SimulatedConnection connection,
			SimulatedSession session, boolean burst) {
		SimulatedSession now = this.simulator.session(shard).orElseThrow();
		if (fault.endsSession) {
			if (now == session || !session.isInvalidated()) {
				violation("%s on shard %d: expected a new session, still on %s", detail, shard, now);
			}
		}
		else if (now != session && detail.equals("close 1001") && session.isInvalidated()
				&& connection.clientCloseCode().orElse(0) == 1001) {
			// Simulator race, not the client's doing: the client's echo of the server's
			// 1001 close frame can be read before SimulatedConnection.serverClose records
			// that the server closed first, and a client-initiated 1001 ends the session
			// there. The session then legitimately lost the events sequenced meanwhile.
			this.echoRaceSessions.add(session.id());
		}
		else if (now != session) {
			violation("%s on shard %d (connection %d, %s): expected RESUME of %s but the shard started %s", detail,
					shard, connection.id(), burst ? "followed by a burst fault" : "no burst", session.id(), now.id());
		}
	}

	private void checkReconnectReason(Fault fault, String detail, int shard, Map<String, Long> reasonsBefore,
			long decodeFailuresBefore) {
		String reason = fault.expectedReconnectReason(detail);
		Map<String, Long> reasonsAfter = reconnectReasons();
		if (reason != null && reasonsAfter.getOrDefault(reason, 0L) <= reasonsBefore.getOrDefault(reason, 0L)) {
			violation("%s on shard %d: expected reconnect reason '%s'; reasons went from %s to %s", detail, shard,
					reason, reasonsBefore, reasonsAfter);
		}
		long decodeFailuresAfter = decodeFailures();
		if (fault.breaksDecoding() ? decodeFailuresAfter == decodeFailuresBefore
				: decodeFailuresAfter != decodeFailuresBefore) {
			violation("%s on shard %d: decode failures went from %d to %d", detail, shard, decodeFailuresBefore,
					decodeFailuresAfter);
		}
		if (fault.breaksDecoding()) {
			this.decodeFaultsOnReadyShards++;
			// More than one means the broken connection kept decoding (and reporting)
			// until it was closed.
			this.extraDecodeFailures += decodeFailuresAfter - decodeFailuresBefore - 1;
		}
	}

	/**
	 * No more faults: undoes the ones that outlive their connection, lets every shard
	 * settle, then stops traffic.
	 */
	private void settle() {
		this.simulator.openConnections().forEach((c) -> c.withholdAcks(false));
		awaitStable("after the last fault");
		this.quietFrom = Instant.now();
		this.traffic.stop();
		awaitStable("after traffic stopped");
		checkNoViolations();
	}

	// ---- helpers

	/**
	 * Every shard READY on a connection that the simulator has attached to the shard's
	 * newest live session.
	 */
	private boolean isStable() {
		for (int shard = 0; shard < SHARDS; shard++) {
			GatewayShard client = this.harness.manager.shard(shard);
			if (client == null || client.state() != ShardState.READY) {
				return false;
			}
			Optional<SimulatedSession> session = this.simulator.session(shard);
			if (session.isEmpty() || !session.get().id().equals(this.ledger.currentSession(shard))) {
				return false;
			}
			SimulatedConnection connection = session.get().connection().orElse(null);
			if (connection == null || !connection.isOpen() || this.faults.isSilenced(connection)) {
				return false;
			}
		}
		return true;
	}

	private void awaitStable(String when) {
		awaitUntil(this::isStable, "every shard READY " + when);
	}

	private void awaitUntil(BooleanSupplier condition, String what) {
		try {
			poll().atMost(RECOVERY).until(condition::getAsBoolean);
		}
		catch (ConditionTimeoutException ex) {
			fail("Timed out after " + RECOVERY.toSeconds() + " s waiting for " + what + "\n" + diagnostics());
		}
	}

	private static ConditionFactory poll() {
		return await().pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
	}

	private SimulatedConnection currentConnection(int shard) {
		return this.simulator.session(shard).flatMap(SimulatedSession::connection).orElse(null);
	}

	private static List<Instant> beatsSince(SimulatedConnection connection, Instant from) {
		return connection.heartbeats()
			.stream()
			.map(ReceivedPayload::receivedAt)
			.filter((at) -> !at.isBefore(from))
			.toList();
	}

	/**
	 * Drops closed connections from the simulator's history (each keeps ~200 KB of socket
	 * and zlib buffers: thousands of reconnects would look like a leak), counting those
	 * it closed for missing heartbeats.
	 */
	private void forgetClosedConnections() {
		for (SimulatedConnection connection : this.simulator.forgetClosedConnections()) {
			if (connection.serverCloseReason().filter("Heartbeat timed out"::equals).isPresent()) {
				this.heartbeatTimeoutCloses++;
			}
		}
	}

	private void violation(String format, Object... args) {
		this.violations.add(String.format(format, args));
	}

	private void checkNoViolations() {
		List<String> all = new ArrayList<>(this.violations);
		all.addAll(this.ledger.violations);
		if (!all.isEmpty()) {
			fail(all.size() + " violation(s):\n  " + String.join("\n  ", all.subList(0, Math.min(all.size(), 20)))
					+ "\n" + diagnostics());
		}
	}

	private String diagnostics() {
		StringBuilder out = new StringBuilder("seed ").append(SEED).append("; shards:");
		for (int shard = 0; shard < SHARDS; shard++) {
			GatewayShard client = this.harness.manager.shard(shard);
			out.append("\n  client ")
				.append((client != null) ? client.snapshot() : "none")
				.append("\n  simulator ")
				.append(this.simulator.session(shard).map(Object::toString).orElse("no live session"))
				.append(" on ")
				.append(currentConnection(shard))
				.append("; listener at session ")
				.append(this.ledger.currentSession(shard));
		}
		out.append("\nopen connections: ").append(this.simulator.openConnections());
		out.append("\nreconnect reasons: ").append(reconnectReasons());
		out.append("\nrecent faults:\n  ").append(String.join("\n  ", this.faults.recent()));
		return out.toString();
	}

	private Map<String, Long> reconnectReasons() {
		Map<String, Long> reasons = new TreeMap<>();
		this.harness.recorder.reconnectReasons.forEach((reason, count) -> reasons.put(reason, count.get()));
		return reasons;
	}

	private long totalReconnects() {
		return reconnectReasons().values().stream().mapToLong(Long::longValue).sum();
	}

	private long decodeFailures() {
		return this.harness.recorder.decodeFailures.values().stream().mapToLong(AtomicLong::get).sum();
	}

	private String summary() {
		ClientHarness.Recorder recorder = this.harness.recorder;
		return String.format("SoakTest summary: seed=%d duration=%s dispatches delivered=%d (traffic events %d), "
				+ "faults=%d %s, bursts=%d; resumes=%d sent/%d succeeded, identifies=%d, sessions=%d "
				+ "(ended on purpose %d, abandoned %d, simulator 1001-echo races %d), reconnects=%d %s, connections=%d, decode failures=%s "
				+ "(%d beyond one per decode fault on a READY shard, of %d), sequence anomalies=%d, heartbeats received=%d "
				+ "(heartbeat timeouts %d); fault details %s", SEED, DURATION, this.ledger.delivered.get(),
				this.traffic.events.get(), this.faults.total(), this.faults.byKind(), this.bursts,
				recorder.resumes.get(), recorder.resumedReplays.size(), recorder.identifies.get(),
				this.simulator.sessions().size(), this.faults.endedOnPurposeCount(),
				this.ledger.abandoned(this.simulator), this.echoRaceSessions.size(), totalReconnects(),
				new TreeMap<>(reconnectReasons()),
				this.simulator.latestConnection().map(SimulatedConnection::id).orElse(0),
				new TreeMap<>(recorder.decodeFailures), this.extraDecodeFailures, this.decodeFaultsOnReadyShards,
				recorder.sequenceAnomalies.get(), this.simulator.heartbeats().size(), this.heartbeatTimeoutCloses,
				this.faults.byDetail());
	}

	private static <T extends Comparable<T>> T max(T a, T b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

}
