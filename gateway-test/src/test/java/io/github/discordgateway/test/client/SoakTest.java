package io.github.discordgateway.test.client;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;

import javax.management.ObjectName;

import ch.qos.logback.classic.Level;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.ReceivedPayload;
import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Bounded soak: two shards against the simulator while a traffic thread streams
 * dispatches and a fault loop injects random faults at a high rate (resumable and
 * session-ending close codes, op 7, op 9 true/false, dropped TCP, zombie connections,
 * withheld ACKs, corrupt zlib data, invalid JSON, payloads split across messages and
 * frames).
 *
 * <p>
 * Checked while it runs: every dispatch of a session reaches the listener exactly once
 * and in order (the delivered stream of a shard is split at READY, whose
 * {@code session_id} names the session, and each piece must be {@code 1, 2, 3, ...});
 * after every fault taken on a READY shard the outcome is the documented one (a resumable
 * fault resumes the same session with the expected reconnect reason, a session-ending one
 * starts a new session, a busy connection with withheld ACKs or split payloads is not
 * reset). Checked at the end: the current session and every session ended on purpose were
 * delivered completely ({@code 1..last}); heartbeats on the final connections arrive at
 * the HELLO interval; thread count, heap after GC and live connection objects are back
 * near their after-warm-up values; at most one open socket per shard; and stopping leaves
 * no client thread.
 *
 * <p>
 * Every so often the test drops closed connections from the simulator's history (see
 * {@link #forgetClosedHistory()}), or the simulator's own bookkeeping would dominate the
 * heap measurement.
 *
 * <p>
 * {@code -Dsoak.duration=PT30M} (default {@code PT20S} of faults, enough for a few
 * hundred faults in every build), {@code -Dsoak.seed=...} (fault and traffic choices;
 * timing still varies), {@code -Dsoak.rate=...} (events/s, default 150),
 * {@code -Dsoak.verbose=true} (keep the client's per-reconnect WARN logs).
 */
class SoakTest {

	private static final Duration DURATION = Duration.parse(System.getProperty("soak.duration", "PT20S"));

	private static final long SEED = Long.getLong("soak.seed", 0x5EED_50A4L);

	private static final double EVENTS_PER_SECOND = Double.parseDouble(System.getProperty("soak.rate", "150"));

	private static final boolean VERBOSE = Boolean.getBoolean("soak.verbose");

	private static final int SHARDS = 2;

	private static final Duration HEARTBEAT = Duration.ofMillis(250);

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

	private static final Set<String> CLIENT_THREAD_PREFIXES = Set.of("gateway-", "discord-gateway-", "WebSocketClient-",
			"SimpleAsyncTaskExecutor");

	/**
	 * Objects that exist once per client connection; their count must not grow with the
	 * number of reconnects.
	 */
	private static final List<String> PER_CONNECTION_CLASSES = List.of(
			"io.github.discordgateway.core.internal.GatewayConnection",
			"io.github.discordgateway.core.internal.Heartbeater", "org.apache.tomcat.websocket.WsSession",
			"org.apache.tomcat.websocket.WsFrameClient");

	enum Fault {

		CLOSE_RESUMABLE(3, true, false), CLOSE_SESSION_ENDING(1.5, true, true), RECONNECT_REQUEST(2, true, false),
		INVALID_SESSION_RESUMABLE(1.5, true, false), INVALID_SESSION_NOT_RESUMABLE(1, true, true),
		DROP_TCP(2, true, false), ZOMBIE(1.5, true, false), CORRUPT_COMPRESSED(1.5, true, false),
		INVALID_JSON(0.5, true, false), WITHHOLD_ACKS(1, false, false), SPLIT_PAYLOADS(1, false, false);

		final double weight;

		final boolean reconnects;

		final boolean endsSession;

		Fault(double weight, boolean reconnects, boolean endsSession) {
			this.weight = weight;
			this.reconnects = reconnects;
			this.endsSession = endsSession;
		}

		boolean allowedInBurst() {
			return this.reconnects && !this.endsSession;
		}

	}

	private static final int[] RESUMABLE_CODES = { 4000, 4001, 4002, 4008, 1011, 1001 }; // 1001
																							// last,
																							// see
																							// apply

	private static final int[] SESSION_ENDING_CODES = { 4007, 4009 };

	private final Random random = new Random(SEED);

	/**
	 * Traffic takes it shared for each dispatch; a session-ending fault takes it
	 * exclusively (see apply).
	 */
	private final ReentrantReadWriteLock trafficGate = new ReentrantReadWriteLock();

	private final SequenceLedger ledger = new SequenceLedger();

	private final Map<Fault, AtomicLong> faults = new EnumMap<>(Fault.class);

	private final Map<String, AtomicLong> faultDetails = new TreeMap<>();

	private final Deque<String> recentFaults = new ArrayDeque<>();

	private final List<String> violations = new CopyOnWriteArrayList<>();

	/**
	 * Sessions the fault loop ended while the client was READY on them: they must have
	 * been delivered completely.
	 */
	private final Set<String> endedOnPurpose = new HashSet<>();

	/**
	 * Connections made zombies: still open, but a fault sent to them would never arrive.
	 */
	private final Set<Integer> silenced = ConcurrentHashMap.newKeySet();

	/**
	 * Sessions the simulator ended on the client's echo of its own 1001 close (see
	 * injectOne).
	 */
	private final Set<String> echoRaceSessions = new HashSet<>();

	private long bursts;

	private long decodeFaultsOnReadyShards;

	private long extraDecodeFailures;

	private long burstsAfterSessionEnd;

	private long heartbeatTimeoutCloses;

	private int peakClientThreads;

	private GatewaySimulator simulator;

	private ClientHarness harness;

	@Test
	@Timeout(value = 6, unit = TimeUnit.HOURS) // bounded by DURATION; every wait below
												// has its own limit
	void deliversEverySequenceOnceAndInOrderThroughHundredsOfRandomFaults() throws Exception {
		System.out.printf("SoakTest: seed=%d (-Dsoak.seed), duration=%s (-Dsoak.duration), %.0f events/s, %d shards%n",
				SEED, DURATION, EVENTS_PER_SECOND, SHARDS);
		ch.qos.logback.classic.Logger clientLog = (ch.qos.logback.classic.Logger) LoggerFactory
			.getLogger("io.github.discordgateway.core");
		Level previousLevel = clientLog.getLevel();
		java.util.logging.Logger tomcatLog = java.util.logging.Logger.getLogger("org.apache.tomcat.websocket");
		java.util.logging.Level previousTomcatLevel = tomcatLog.getLevel();
		if (!VERBOSE) {
			// hundreds of expected reconnect warnings, and Tomcat's about writes to
			// dropped sockets, otherwise
			clientLog.setLevel(Level.ERROR);
			tomcatLog.setLevel(java.util.logging.Level.SEVERE);
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
				this.ledger);
		this.harness.recorder.keepDispatches = false;
		Traffic traffic = new Traffic(this.simulator, new Random(SEED ^ 0x7AFF1CL));
		Thread trafficThread = new Thread(traffic, "soak-traffic");
		trafficThread.setDaemon(true);
		try {
			this.harness.start();
			awaitStable("start");
			trafficThread.start();
			Measurement warm = runFaults(traffic);
			settleAndCheck(traffic, warm);
		}
		finally {
			traffic.stop();
			trafficThread.join(5000);
			this.harness.close();
			clientLog.setLevel(previousLevel);
			tomcatLog.setLevel(previousTomcatLevel);
		}
		// Tomcat's WebSocketClient-AsyncIO pool is shared by the whole JVM and outlives
		// any one client.
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(
					() -> assertThat(clientThreads()).filteredOn((name) -> !name.startsWith("WebSocketClient-AsyncIO"))
						.as("client threads after stop")
						.isEmpty());
	}

	// ---- the fault loop

	private Measurement runFaults(Traffic traffic) {
		Instant start = Instant.now();
		Instant deadline = start.plus(DURATION);
		Instant warmUpEnd = start.plus(max(Duration.ofSeconds(10), DURATION.dividedBy(5)));
		Measurement warm = null;
		Instant nextMaintenance = start;
		while (Instant.now().isBefore(deadline)) {
			awaitStable("before a fault");
			if (Instant.now().isAfter(nextMaintenance)) {
				forgetClosedHistory();
				this.peakClientThreads = Math.max(this.peakClientThreads, clientThreads().size());
				nextMaintenance = Instant.now().plusSeconds(2);
			}
			if (warm == null && Instant.now().isAfter(warmUpEnd)) {
				warm = measure();
				System.out.printf("SoakTest: after warm-up: %s, %d dispatches delivered, %d faults%n", warm,
						this.ledger.delivered.get(), totalFaults());
			}
			injectOne();
			checkNoViolations();
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20 + this.random.nextInt(150))); // pacing
		}
		System.out.printf("SoakTest: faults stopped after %s: %d faults, %d dispatches delivered%n",
				Duration.between(start, Instant.now()).withNanos(0), totalFaults(), this.ledger.delivered.get());
		return (warm != null) ? warm : measure();
	}

	private void injectOne() {
		int shard = this.random.nextInt(SHARDS);
		Fault fault = pick(false);
		SimulatedSession session = this.simulator.session(shard).orElse(null);
		SimulatedConnection connection = (session != null) ? session.connection().orElse(null) : null;
		if (connection == null) {
			return; // the shard lost its connection by itself since it was seen READY;
					// the next round waits for it
		}
		Map<String, Long> reasonsBefore = reconnectReasons();
		long decodeFailuresBefore = decodeFailures();
		String detail = apply(fault, connection, session);
		if (!fault.reconnects) {
			// The connection is busy (traffic flows), so neither withheld ACKs nor split
			// payloads may reset it.
			Duration observe = HEARTBEAT.multipliedBy((fault == Fault.WITHHOLD_ACKS) ? 3 : 2);
			try {
				poll().during(observe)
					.atMost(observe.plusSeconds(5))
					.until(() -> currentConnection(shard) == connection && connection.isOpen());
			}
			catch (ConditionTimeoutException ex) {
				violation("%s on shard %d (connection %d) reset the connection (reconnect reasons now %s)", detail,
						shard, connection.id(), reconnectReasons());
			}
			return;
		}
		awaitUntil(() -> currentConnection(shard) != connection,
				"shard " + shard + " to leave connection " + connection.id() + " after " + detail);
		boolean burst = this.random.nextDouble() < BURST_PROBABILITY;
		if (burst) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(this.random.nextInt(40)));
			Fault second = pick(true);
			Optional<SimulatedConnection> target = this.simulator.openConnections()
				.stream()
				.filter((c) -> c.id() > connection.id())
				.max(Comparator.comparingInt(SimulatedConnection::id));
			if (target.isPresent()) {
				apply(second, target.get(), null);
				this.bursts++;
				if (fault.endsSession) {
					this.burstsAfterSessionEnd++;
				}
			}
			else {
				burst = false;
			}
		}
		awaitStable("after " + detail);
		SimulatedSession now = this.simulator.session(shard).orElseThrow();
		if (fault.endsSession) {
			if (now == session || !session.isInvalidated()) {
				violation("%s on shard %d: expected a new session, still on %s", detail, shard, now);
			}
		}
		else if (now != session && detail.equals("close 1001") && session.isInvalidated()
				&& connection.clientCloseCode().orElse(0) == 1001) {
			// Simulator race, not the client's doing: the client's echo of the server's
			// 1001 close frame can be read
			// before SimulatedConnection.serverClose records that the server closed
			// first, and a client-initiated
			// 1001 ends the session there. The session then legitimately lost the events
			// sequenced meanwhile.
			this.echoRaceSessions.add(session.id());
		}
		else if (now != session) {
			violation("%s on shard %d (connection %d, %s): expected RESUME of %s but the shard started %s", detail,
					shard, connection.id(), burst ? "followed by a burst fault" : "no burst", session.id(), now.id());
		}
		if (!burst) {
			String reason = expectedReconnectReason(fault, detail);
			Map<String, Long> reasonsAfter = reconnectReasons();
			if (reason != null && reasonsAfter.getOrDefault(reason, 0L) <= reasonsBefore.getOrDefault(reason, 0L)) {
				violation("%s on shard %d: expected reconnect reason '%s'; reasons went from %s to %s", detail, shard,
						reason, reasonsBefore, reasonsAfter);
			}
			boolean decodeFault = fault == Fault.CORRUPT_COMPRESSED || fault == Fault.INVALID_JSON;
			long decodeFailuresAfter = decodeFailures();
			if (decodeFault ? decodeFailuresAfter == decodeFailuresBefore
					: decodeFailuresAfter != decodeFailuresBefore) {
				violation("%s on shard %d: decode failures went from %d to %d", detail, shard, decodeFailuresBefore,
						decodeFailuresAfter);
			}
			if (decodeFault) {
				this.decodeFaultsOnReadyShards++;
				// More than one means the broken connection kept decoding (and reporting)
				// until it was closed.
				this.extraDecodeFailures += decodeFailuresAfter - decodeFailuresBefore - 1;
			}
		}
	}

	private static String expectedReconnectReason(Fault fault, String detail) {
		return switch (fault) {
			case CLOSE_RESUMABLE, CLOSE_SESSION_ENDING -> "close-" + detail.substring(detail.lastIndexOf(' ') + 1);
			case RECONNECT_REQUEST -> "reconnect-request";
			case INVALID_SESSION_RESUMABLE, INVALID_SESSION_NOT_RESUMABLE -> "invalid-session";
			case ZOMBIE -> "zombie";
			case CORRUPT_COMPRESSED, INVALID_JSON -> "decode-error";
			default -> null; // a dropped socket is reported as a transport error or as
								// 1006, depending on timing
		};
	}

	/**
	 * Injects a fault into a connection. {@code session} is the session the connection
	 * carries while the shard is READY, or {@code null} for a burst fault that hits a
	 * connection during its handshake.
	 */
	private String apply(Fault fault, SimulatedConnection connection, SimulatedSession session) {
		String detail = switch (fault) {
			case CLOSE_RESUMABLE -> {
				// Not 1001 in a burst: the simulator's 1001 echo race (see injectOne) is
				// only told apart after a
				// fault on a READY shard.
				int code = RESUMABLE_CODES[this.random.nextInt(RESUMABLE_CODES.length - ((session == null) ? 1 : 0))];
				connection.close(code, "soak fault");
				yield "close " + code;
			}
			case CLOSE_SESSION_ENDING -> {
				int code = SESSION_ENDING_CODES[this.random.nextInt(SESSION_ENDING_CODES.length)];
				endSession(session, () -> connection.close(code, "soak fault"));
				yield "close " + code;
			}
			case RECONNECT_REQUEST -> {
				connection.sendReconnect();
				yield "op 7";
			}
			case INVALID_SESSION_RESUMABLE -> {
				connection.sendInvalidSession(true);
				yield "op 9 true";
			}
			case INVALID_SESSION_NOT_RESUMABLE -> {
				endSession(session, () -> connection.sendInvalidSession(false));
				yield "op 9 false";
			}
			case DROP_TCP -> {
				connection.dropTcp();
				yield "drop tcp";
			}
			case ZOMBIE -> {
				this.silenced.add(connection.id());
				connection.goSilent();
				yield "zombie";
			}
			case CORRUPT_COMPRESSED -> {
				connection.sendCorruptCompressed();
				yield "corrupt zlib";
			}
			case INVALID_JSON -> {
				connection.sendPayload("{\"op\":0,\"s\":null,\"t\":\"SOAK\",\"d\":{\"unterminated\":");
				yield "invalid json";
			}
			case WITHHOLD_ACKS -> {
				connection.withholdAcks(true);
				yield "withhold acks";
			}
			case SPLIT_PAYLOADS -> {
				int parts = 2 + this.random.nextInt(5);
				int frames = 1 + this.random.nextInt(3);
				connection.setFraming(parts, frames);
				connection.sendPayloadSplit("{\"op\":1,\"d\":null}", parts); // a
																				// heartbeat
																				// request,
																				// in
																				// pieces
				yield "split " + parts + "x" + frames;
			}
		};
		this.faults.computeIfAbsent(fault, (f) -> new AtomicLong()).incrementAndGet();
		String key = (session == null) ? "burst " + detail : detail;
		this.faultDetails.computeIfAbsent(key.replaceAll("split .*", "split"), (k) -> new AtomicLong())
			.incrementAndGet();
		this.recentFaults.addLast(LocalTime.now() + " " + key + " on connection " + connection.id() + ((session != null)
				? " (session " + session.id().substring(0, 8) + ", s=" + session.lastSequence() + ")" : ""));
		if (this.recentFaults.size() > 40) {
			this.recentFaults.removeFirst();
		}
		return detail;
	}

	/**
	 * Ends a session with no dispatch in flight, so that everything it sequenced was
	 * written to the client before the close frame or op 9 (the simulator writes its
	 * close frame before it ends the session). If the session really ended right there,
	 * the client must have received all of it.
	 */
	private void endSession(SimulatedSession session, Runnable fault) {
		this.trafficGate.writeLock().lock();
		try {
			fault.run();
			if (session != null && session.isInvalidated()) {
				this.endedOnPurpose.add(session.id());
			}
		}
		finally {
			this.trafficGate.writeLock().unlock();
		}
	}

	private Fault pick(boolean burst) {
		double total = 0;
		for (Fault fault : Fault.values()) {
			total += (!burst || fault.allowedInBurst()) ? fault.weight : 0;
		}
		double r = this.random.nextDouble() * total;
		for (Fault fault : Fault.values()) {
			if (!burst || fault.allowedInBurst()) {
				r -= fault.weight;
				if (r < 0) {
					return fault;
				}
			}
		}
		return Fault.DROP_TCP;
	}

	// ---- the end

	private void settleAndCheck(Traffic traffic, Measurement warm) {
		Instant settling = Instant.now();
		// No more faults: undo the ones that outlive their connection, let every shard
		// settle, then stop traffic.
		this.simulator.openConnections().forEach((c) -> c.withholdAcks(false));
		awaitStable("after the last fault");
		Instant quietFrom = Instant.now();
		traffic.stop();
		awaitStable("after traffic stopped");
		for (int shard = 0; shard < SHARDS; shard++) {
			SimulatedSession session = this.simulator.session(shard).orElseThrow();
			awaitUntil(() -> this.ledger.deliveredUpTo(session.id()) == session.lastSequence(),
					"the final session of shard " + shard + " to be delivered completely: " + session);
		}
		checkNoViolations();
		checkEverySession();

		// Heartbeats on each final connection: at the HELLO interval, none missing.
		for (int shard = 0; shard < SHARDS; shard++) {
			SimulatedConnection connection = currentConnection(shard);
			assertThat(connection).as("connection of shard %d", shard).isNotNull();
			Instant from = max(quietFrom, connection.openedAt().plus(HEARTBEAT));
			int wanted = 12;
			awaitUntil(() -> beatsSince(connection, from).size() >= wanted,
					wanted + " heartbeats on the final connection of shard " + shard);
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
		forgetClosedHistory();
		long connections = this.simulator.latestConnection().map(SimulatedConnection::id).orElse(0);
		assertThat(this.heartbeatTimeoutCloses).as("connections the simulator closed for missing heartbeats")
			// a stalled heartbeat would close many; a loaded CI machine may stall a 250
			// ms heartbeat once or twice
			.isLessThanOrEqualTo(Math.max(2, connections / 200));

		// Resources: one socket per shard, per-connection objects and threads back near
		// their level after warm-up.
		awaitUntil(() -> this.simulator.openConnections().size() <= SHARDS,
				"at most one open connection per shard, " + "open: " + this.simulator.openConnections());
		Measurement end;
		try {
			end = await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofSeconds(1))
				.until(this::measure, (m) -> m.threads <= warm.threads + 4
						&& m.objects.values().stream().allMatch((count) -> count <= SHARDS + 2));
		}
		catch (ConditionTimeoutException ex) {
			end = measure();
			fail("Resources did not come back: after warm-up " + warm + ", now " + end + ", threads "
					+ clientThreads());
		}
		long allowance = (48L << 20) + this.ledger.abandoned(this.simulator) * (1L << 20);
		System.out.printf("SoakTest: end (%d s after the last fault): %s (after warm-up %s); peak client threads %d%n",
				Duration.between(settling, Instant.now()).toSeconds(), end, warm, this.peakClientThreads);
		assertThat(end.heapBytes).as("heap after GC (bytes) vs %d after warm-up", warm.heapBytes)
			.isLessThanOrEqualTo(warm.heapBytes + allowance);
		assertThat(this.peakClientThreads).as("peak client threads").isLessThanOrEqualTo(warm.threads + 40);

		System.out.println(summary(traffic));
		assertThat(totalReconnects()).as("reconnects").isGreaterThanOrEqualTo(DURATION.toSeconds() * 2);
	}

	/**
	 * Per session: delivered 1..k once each and in order (checked as it ran); complete
	 * when it has to be.
	 */
	private void checkEverySession() {
		Set<String> finals = new HashSet<>();
		for (int shard = 0; shard < SHARDS; shard++) {
			finals.add(this.simulator.session(shard).orElseThrow().id());
		}
		Set<String> known = new HashSet<>();
		for (SimulatedSession session : this.simulator.sessions()) {
			known.add(session.id());
			long delivered = this.ledger.deliveredUpTo(session.id());
			long last = session.lastSequence();
			if (delivered > last) {
				violation("%s: delivered up to %d, beyond its last sequence", session, delivered);
			}
			else if ((finals.contains(session.id()) || this.endedOnPurpose.contains(session.id()))
					&& delivered != last) {
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
			// IDENTIFY after a session ended
			// (READY written but not read); every other fault must resume or end the
			// session on purpose.
			violation(
					"%d sessions were left incomplete without being ended, but only %d bursts followed a session end "
							+ "(and %d sessions ended on the simulator's 1001 echo race)",
					abandoned, this.burstsAfterSessionEnd, this.echoRaceSessions.size());
		}
		checkNoViolations();
	}

	private String summary(Traffic traffic) {
		ClientHarness.Recorder recorder = this.harness.recorder;
		Map<String, Long> byKind = new LinkedHashMap<>();
		this.faults.forEach((fault, count) -> byKind.put(fault.name().toLowerCase().replace('_', '-'), count.get()));
		Map<String, Long> byDetail = new LinkedHashMap<>();
		this.faultDetails.forEach((detail, count) -> byDetail.put(detail, count.get()));
		return String.format("SoakTest summary: seed=%d duration=%s dispatches delivered=%d (traffic events %d), "
				+ "faults=%d %s, bursts=%d; resumes=%d sent/%d succeeded, identifies=%d, sessions=%d "
				+ "(ended on purpose %d, abandoned %d, simulator 1001-echo races %d), reconnects=%d %s, connections=%d, decode failures=%s "
				+ "(%d beyond one per decode fault on a READY shard, of %d), sequence anomalies=%d, heartbeats received=%d "
				+ "(heartbeat timeouts %d); fault details %s", SEED, DURATION, this.ledger.delivered.get(),
				traffic.events.get(), totalFaults(), byKind, this.bursts, recorder.resumes.get(),
				recorder.resumedReplays.size(), recorder.identifies.get(), this.simulator.sessions().size(),
				this.endedOnPurpose.size(), this.ledger.abandoned(this.simulator), this.echoRaceSessions.size(),
				totalReconnects(), new TreeMap<>(reconnectReasons()),
				this.simulator.latestConnection().map(SimulatedConnection::id).orElse(0),
				new TreeMap<>(recorder.decodeFailures), this.extraDecodeFailures, this.decodeFaultsOnReadyShards,
				recorder.sequenceAnomalies.get(), this.simulator.heartbeats().size(), this.heartbeatTimeoutCloses,
				byDetail);
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
			if (connection == null || !connection.isOpen() || this.silenced.contains(connection.id())) {
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
		out.append("\nrecent faults:\n  ").append(String.join("\n  ", this.recentFaults));
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

	private long totalFaults() {
		return this.faults.values().stream().mapToLong(AtomicLong::get).sum();
	}

	/**
	 * The simulator keeps every connection for inspection, each with ~200 KB of socket
	 * and zlib buffers, and an ended session keeps its last connection: thousands of
	 * reconnects would look like a leak (and a long soak would run out of heap). Counts
	 * what matters about closed connections, then drops them from the simulator's
	 * history.
	 */
	@SuppressWarnings("unchecked")
	private void forgetClosedHistory() {
		try {
			Field connectionsField = GatewaySimulator.class.getDeclaredField("connections");
			connectionsField.setAccessible(true);
			List<SimulatedConnection> connections = (List<SimulatedConnection>) connectionsField.get(this.simulator);
			List<SimulatedConnection> closed = connections.stream()
				.filter((c) -> !c.isOpen() && c != this.simulator.latestConnection().orElse(null))
				.toList();
			for (SimulatedConnection connection : closed) {
				if (connection.serverCloseReason().filter("Heartbeat timed out"::equals).isPresent()) {
					this.heartbeatTimeoutCloses++;
				}
			}
			connections.removeAll(closed);
			Field lastConnection = SimulatedSession.class.getDeclaredField("lastConnection");
			lastConnection.setAccessible(true);
			for (SimulatedSession session : this.simulator.sessions()) {
				if (session.isInvalidated()) {
					synchronized (session) {
						lastConnection.set(session, null);
					}
				}
			}
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			System.out.println("SoakTest: cannot trim the simulator's history (" + ex + "); heap checks may be off");
		}
	}

	private Measurement measure() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long heap = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			heap = Math.min(heap, memory.getHeapMemoryUsage().getUsed());
		}
		return new Measurement(heap, clientThreads().size(), liveObjects());
	}

	/** Live instances per class from a class histogram (which runs a full GC first). */
	private static Map<String, Long> liveObjects() {
		Map<String, Long> counts = new TreeMap<>();
		PER_CONNECTION_CLASSES.forEach((name) -> counts.put(name.substring(name.lastIndexOf('.') + 1), 0L));
		try {
			String histogram = (String) ManagementFactory.getPlatformMBeanServer()
				.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
						new Object[] { null }, new String[] { String[].class.getName() });
			for (String line : histogram.split("\n")) {
				String[] columns = line.trim().split("\\s+");
				if (columns.length >= 4 && PER_CONNECTION_CLASSES.contains(columns[3])) {
					counts.put(columns[3].substring(columns[3].lastIndexOf('.') + 1), Long.parseLong(columns[1]));
				}
			}
		}
		catch (Exception ex) {
			System.out.println("SoakTest: no class histogram (" + ex + ")");
		}
		return counts;
	}

	private static List<String> clientThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> !name.startsWith("gateway-sim-"))
			.filter((name) -> CLIENT_THREAD_PREFIXES.stream().anyMatch(name::startsWith))
			.sorted()
			.toList();
	}

	private static <T extends Comparable<T>> T max(T a, T b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	record Measurement(long heapBytes, int threads, Map<String, Long> objects) {

		@Override
		public String toString() {
			return String.format("heap %.1f MB, %d client threads, live %s", this.heapBytes / 1048576.0, this.threads,
					this.objects);
		}

	}

	/**
	 * Splits each shard's delivered stream at READY (whose {@code session_id} names the
	 * session) and checks that each session's dispatches arrive as 1, 2, 3, ... Keeps one
	 * number per session, not the dispatches.
	 */
	static final class SequenceLedger implements GatewayListener {

		final AtomicLong delivered = new AtomicLong();

		final List<String> violations = new CopyOnWriteArrayList<>();

		/** Session id to the last sequence delivered for it. */
		private final Map<String, Long> lastBySession = new ConcurrentHashMap<>();

		private final Map<Integer, String> currentByShard = new ConcurrentHashMap<>();

		@Override
		public void onDispatch(GatewayDispatch dispatch) {
			this.delivered.incrementAndGet();
			int shard = dispatch.shardId();
			if ("READY".equals(dispatch.type())) {
				String session = dispatch.data().path("session_id").asString("");
				if (this.lastBySession.putIfAbsent(session, dispatch.sequence()) != null) {
					violation("shard %d: second READY for session %s (s=%d)", shard, session, dispatch.sequence());
				}
				if (dispatch.sequence() != 1) {
					violation("shard %d: READY of session %s has s=%d", shard, session, dispatch.sequence());
				}
				this.currentByShard.put(shard, session);
				return;
			}
			String session = this.currentByShard.get(shard);
			if (session == null) {
				violation("shard %d: %s before any READY", shard, dispatch);
				return;
			}
			long last = this.lastBySession.get(session);
			if (dispatch.sequence() != last + 1) {
				violation("shard %d session %s: after s=%d got %s (%s)", shard, session, last, dispatch,
						(dispatch.sequence() <= last) ? "duplicate or out of order" : "gap");
			}
			this.lastBySession.put(session, Math.max(last, dispatch.sequence()));
		}

		private void violation(String format, Object... args) {
			if (this.violations.size() < 100) {
				this.violations.add(String.format(format, args));
			}
		}

		String currentSession(int shard) {
			return this.currentByShard.get(shard);
		}

		long deliveredUpTo(String session) {
			return this.lastBySession.getOrDefault(session, 0L);
		}

		Set<String> sessions() {
			return this.lastBySession.keySet();
		}

		/**
		 * Sessions whose client moved on before receiving all of them (the current
		 * sessions excluded).
		 */
		long abandoned(GatewaySimulator simulator) {
			Set<String> current = new HashSet<>(this.currentByShard.values());
			return simulator.sessions()
				.stream()
				.filter((s) -> !current.contains(s.id()))
				.filter((s) -> deliveredUpTo(s.id()) < s.lastSequence())
				.count();
		}

	}

	/**
	 * Streams guild dispatches to both shards from its own thread, also while they are
	 * disconnected.
	 */
	final class Traffic implements Runnable {

		private static final String[] TYPES = { "MESSAGE_CREATE", "MESSAGE_CREATE", "MESSAGE_CREATE", "TYPING_START",
				"TYPING_START", "MESSAGE_REACTION_ADD", "PRESENCE_UPDATE" };

		final AtomicLong events = new AtomicLong();

		private final GatewaySimulator simulator;

		private final Random random;

		private final List<List<String>> guildsByShard = new ArrayList<>();

		private volatile boolean running = true;

		Traffic(GatewaySimulator simulator, Random random) {
			this.simulator = simulator;
			this.random = random;
			for (int shard = 0; shard < SHARDS; shard++) {
				this.guildsByShard.add(new ArrayList<>());
			}
			for (String guild : simulator.guildIds()) {
				this.guildsByShard.get((int) Long.remainderUnsigned(Long.parseUnsignedLong(guild) >>> 22, SHARDS))
					.add(guild);
			}
			assertThat(this.guildsByShard).as("guilds per shard")
				.allSatisfy((guilds) -> assertThat(guilds).isNotEmpty());
		}

		@Override
		public void run() {
			double budget = 0;
			long last = System.nanoTime();
			while (this.running) {
				long now = System.nanoTime();
				budget = Math.min(budget + (now - last) / 1e9 * EVENTS_PER_SECOND, EVENTS_PER_SECOND);
				last = now;
				while (budget >= 1 && this.running) {
					budget--;
					dispatchOne();
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // pacing the
																			// load
			}
		}

		void stop() {
			this.running = false;
			SoakTest.this.trafficGate.writeLock().lock(); // waits for a dispatch in
															// progress
			SoakTest.this.trafficGate.writeLock().unlock();
		}

		private void dispatchOne() {
			List<String> guilds = this.guildsByShard.get(this.random.nextInt(SHARDS));
			String guild = guilds.get(this.random.nextInt(guilds.size()));
			long n = this.events.get();
			String channel = Long.toString(900_000_000_000_000_000L + this.random.nextInt(8));
			String user = Long.toString(800_000_000_000_000_000L + this.random.nextInt(50));
			String type = TYPES[this.random.nextInt(TYPES.length)];
			String data = switch (type) {
				case "MESSAGE_CREATE" ->
					"{\"id\":\"" + (1_000_000_000_000_000_000L + n) + "\",\"type\":0,\"channel_id\":\"" + channel
							+ "\",\"guild_id\":\"" + guild + "\",\"author\":{\"id\":\"" + user
							+ "\",\"username\":\"soak\",\"discriminator\":\"0\",\"global_name\":null,\"avatar\":null},"
							+ "\"content\":\"" + content(n) + "\",\"timestamp\":\"" + Instant.now()
							+ "\",\"tts\":false,\"mention_everyone\":false,\"mentions\":[],\"mention_roles\":[],"
							+ "\"attachments\":[],\"embeds\":[],\"pinned\":false}";
				case "TYPING_START" -> "{\"channel_id\":\"" + channel + "\",\"guild_id\":\"" + guild
						+ "\",\"user_id\":\"" + user + "\",\"timestamp\":" + Instant.now().getEpochSecond() + "}";
				case "MESSAGE_REACTION_ADD" -> "{\"user_id\":\"" + user + "\",\"channel_id\":\"" + channel
						+ "\",\"message_id\":\"" + (1_000_000_000_000_000_000L + n / 2) + "\",\"guild_id\":\"" + guild
						+ "\",\"emoji\":{\"id\":null,\"name\":\"\uD83D\uDD25\"},\"burst\":false,\"type\":0}";
				default -> "{\"user\":{\"id\":\"" + user + "\"},\"guild_id\":\"" + guild
						+ "\",\"status\":\"online\",\"activities\":[],\"client_status\":{\"desktop\":\"online\"}}";
			};
			SoakTest.this.trafficGate.readLock().lock();
			try {
				if (this.running) {
					this.simulator.dispatch(type, data);
					this.events.incrementAndGet();
				}
			}
			finally {
				SoakTest.this.trafficGate.readLock().unlock();
			}
		}

		/**
		 * Mostly short text; now and then a message of tens of KB that spans several
		 * frames.
		 */
		private String content(long n) {
			StringBuilder text = new StringBuilder("soak message ").append(n);
			int extra = (this.random.nextInt(50) == 0) ? 8_000 + this.random.nextInt(40_000) : this.random.nextInt(200);
			for (int i = 0; i < extra; i++) {
				text.append((char) ('a' + this.random.nextInt(26)));
			}
			return text.toString();
		}

	}

}
