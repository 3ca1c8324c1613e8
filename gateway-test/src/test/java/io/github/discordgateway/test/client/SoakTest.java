package io.github.discordgateway.test.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import ch.qos.logback.classic.Level;
import jakarta.websocket.ContainerProvider;
import org.apache.tomcat.websocket.WsWebSocketContainer;
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

import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.ReceivedPayload;
import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;
import io.github.discordgateway.test.client.SoakResources.Measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Soak: two shards against the simulator while a traffic thread streams dispatches
 * ({@link SoakTraffic}) and a fault loop ({@link SoakRun}) injects random faults at a
 * high rate ({@link SoakFaults}: resumable and session-ending close codes, op 7, op 9
 * true/false, dropped TCP, zombie connections, withheld ACKs, corrupt zlib data, invalid
 * JSON, payloads split across messages and frames). The run happens once, before the
 * tests; each test checks one property of it.
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
class SoakTest {

	private static final Duration DURATION = Duration.parse(System.getProperty("soak.duration", "PT2S"));

	private static final long SEED = Long.getLong("soak.seed", 0x5EED_50A4L);

	private static final double EVENTS_PER_SECOND = Double.parseDouble(System.getProperty("soak.rate", "150"));

	private static final boolean VERBOSE = Boolean.getBoolean("soak.verbose");

	private static final int SHARDS = SoakRun.SHARDS;

	private static final Duration HEARTBEAT = SoakRun.HEARTBEAT;

	/** Heartbeats whose gaps are checked on each final connection. */
	private static final int HEARTBEATS_CHECKED = 6;

	private final Random random = new Random(SEED);

	/**
	 * Traffic takes it shared for each dispatch; a session-ending fault takes it
	 * exclusively (see {@link SoakFaults}).
	 */
	private final ReentrantReadWriteLock trafficGate = new ReentrantReadWriteLock();

	private final SoakSequenceLedger ledger = new SoakSequenceLedger();

	private final SoakFaults faults = new SoakFaults(this.random, this.trafficGate);

	private final ch.qos.logback.classic.Logger clientLog = (ch.qos.logback.classic.Logger) LoggerFactory
		.getLogger("io.github.discordgateway.core");

	private final java.util.logging.Logger tomcatLog = java.util.logging.Logger
		.getLogger("org.apache.tomcat.websocket");

	private Level previousClientLevel;

	private java.util.logging.Level previousTomcatLevel;

	private GatewaySimulator simulator;

	private ClientHarness harness;

	private SoakRun run;

	private SoakTraffic traffic;

	private Thread trafficThread;

	/** Resources after warm-up. */
	private Measurement warm;

	/** When the last fault had settled and traffic was about to stop. */
	private Instant quietFrom;

	@BeforeAll
	@Timeout(value = 6, unit = TimeUnit.HOURS) // bounded by DURATION; every wait has its
												// own limit
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
		this.run = new SoakRun(SEED, this.random, this.simulator, this.harness, this.ledger, this.faults);
		this.harness.start();
		this.run.awaitStable("start");
		this.trafficThread.start();
		this.warm = this.run.runFaults(DURATION);
		settle();
	}

	@AfterAll
	void stopEverything() throws InterruptedException {
		if (this.traffic != null) {
			this.traffic.stop();
			this.trafficThread.join(5000);
		}
		if (this.harness != null && this.run != null) {
			System.out.println(this.run.summary(SEED, DURATION, this.traffic.events.get()));
			this.harness.close();
		}
		this.clientLog.setLevel(this.previousClientLevel);
		this.tomcatLog.setLevel(this.previousTomcatLevel);
	}

	@Test
	void everyFaultHadItsDocumentedOutcome() {
		assertThat(this.faults.total()).as("faults injected").isPositive();
		assertThat(this.run.totalReconnects()).as("reconnects").isGreaterThanOrEqualTo(DURATION.toSeconds() * 2);
		this.run.checkNoViolations();
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
			this.run.awaitUntil(() -> this.ledger.deliveredUpTo(session.id()) == session.lastSequence(),
					"the final session of shard " + shard + " to be delivered completely: " + session);
		}
		Set<String> known = new HashSet<>();
		for (SimulatedSession session : this.simulator.sessions()) {
			known.add(session.id());
			long delivered = this.ledger.deliveredUpTo(session.id());
			long last = session.lastSequence();
			if (delivered > last) {
				this.run.violation("%s: delivered up to %d, beyond its last sequence", session, delivered);
			}
			else if ((finals.contains(session.id()) || this.faults.endedOnPurpose(session.id())) && delivered != last) {
				this.run.violation("%s (%s): delivered only 1..%d of 1..%d", session,
						finals.contains(session.id()) ? "current" : "ended by the server", delivered, last);
			}
		}
		for (String id : this.ledger.sessions()) {
			if (!known.contains(id)) {
				this.run.violation("the listener got READY for session %s that the simulator never created", id);
			}
		}
		long abandoned = this.ledger.abandoned(this.simulator);
		if (abandoned > this.run.burstsAfterSessionEnd + this.run.echoRaceSessions.size()) {
			// A session is legitimately left behind only when a burst fault hit the
			// IDENTIFY after a session ended (READY written but not read); every other
			// fault must resume or end the session on purpose.
			this.run.violation(
					"%d sessions were left incomplete without being ended, but only %d bursts followed a session end "
							+ "(and %d sessions ended on the simulator's 1001 echo race)",
					abandoned, this.run.burstsAfterSessionEnd, this.run.echoRaceSessions.size());
		}
		this.run.checkNoViolations();
	}

	@Test
	void heartbeatsOnTheFinalConnectionsKeepTheHelloInterval() {
		for (int shard = 0; shard < SHARDS; shard++) {
			SimulatedConnection connection = this.run.currentConnection(shard);
			assertThat(connection).as("connection of shard %d", shard).isNotNull();
			Instant from = max(this.quietFrom, connection.openedAt().plus(HEARTBEAT));
			this.run.awaitUntil(() -> beatsSince(connection, from).size() >= HEARTBEATS_CHECKED,
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
		this.run.forgetClosedConnections();
		long connections = this.simulator.latestConnection().map(SimulatedConnection::id).orElse(0);
		assertThat(this.run.heartbeatTimeoutCloses).as("connections the simulator closed for missing heartbeats")
			// a stalled heartbeat would close many; a loaded CI machine may stall a 250
			// ms heartbeat once or twice
			.isLessThanOrEqualTo(Math.max(2, connections / 200));
		this.run.awaitUntil(() -> this.simulator.openConnections().size() <= SHARDS,
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
				this.run.peakClientThreads);
		assertThat(end.heapBytes()).as("heap after GC (bytes) vs %d after warm-up", this.warm.heapBytes())
			.isLessThanOrEqualTo(this.warm.heapBytes() + allowance);
		assertThat(this.run.peakClientThreads).as("peak client threads").isLessThanOrEqualTo(this.warm.threads() + 40);
	}

	@Test
	@Order(Integer.MAX_VALUE) // stops the client the other tests look at
	void stoppingLeavesNoClientThread() throws InterruptedException {
		this.traffic.stop();
		this.trafficThread.join(5000);
		System.out.println(this.run.summary(SEED, DURATION, this.traffic.events.get()));
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

	// ---- helpers

	/**
	 * No more faults: undoes the ones that outlive their connection, lets every shard
	 * settle, then stops traffic.
	 */
	private void settle() {
		this.simulator.openConnections().forEach((c) -> c.withholdAcks(false));
		this.run.awaitStable("after the last fault");
		this.quietFrom = Instant.now();
		this.traffic.stop();
		this.run.awaitStable("after traffic stopped");
		this.run.checkNoViolations();
	}

	private static List<Instant> beatsSince(SimulatedConnection connection, Instant from) {
		return connection.heartbeats()
			.stream()
			.map(ReceivedPayload::receivedAt)
			.filter((at) -> !at.isBefore(from))
			.toList();
	}

	private static <T extends Comparable<T>> T max(T a, T b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

}