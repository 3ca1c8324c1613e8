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
import java.util.function.BooleanSupplier;

import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;
import io.github.discordgateway.test.client.SoakFaults.Fault;
import io.github.discordgateway.test.client.SoakResources.Measurement;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The fault loop of {@link SoakTest}: injects one fault at a time on a READY shard (now
 * and then a second one in the handshake that follows) and checks its outcome as soon as
 * the shard is READY again. What went wrong is collected as violations, which stop the
 * run with diagnostics.
 */
final class SoakRun {

	static final int SHARDS = 2;

	static final Duration HEARTBEAT = Duration.ofMillis(250);

	/**
	 * Longest a shard may take to be READY again after a fault (backoff is at most 300
	 * ms).
	 */
	static final Duration RECOVERY = Duration.ofSeconds(30);

	/**
	 * Probability that a reconnecting fault is followed at once by a second one, during
	 * the next handshake.
	 */
	private static final double BURST_PROBABILITY = 0.2;

	private final long seed;

	private final Random random;

	private final GatewaySimulator simulator;

	private final ClientHarness harness;

	private final SoakSequenceLedger ledger;

	private final SoakFaults faults;

	private final List<String> violations = new CopyOnWriteArrayList<>();

	/**
	 * Sessions the simulator ended on the client's echo of its own 1001 close (see
	 * {@link #injectOne()}).
	 */
	final Set<String> echoRaceSessions = new HashSet<>();

	private long bursts;

	private long decodeFaultsOnReadyShards;

	private long extraDecodeFailures;

	/** Bursts that hit the IDENTIFY after a session ended. */
	long burstsAfterSessionEnd;

	/** Connections the simulator closed for missing heartbeats. */
	long heartbeatTimeoutCloses;

	int peakClientThreads;

	SoakRun(long seed, Random random, GatewaySimulator simulator, ClientHarness harness, SoakSequenceLedger ledger,
			SoakFaults faults) {
		this.seed = seed;
		this.random = random;
		this.simulator = simulator;
		this.harness = harness;
		this.ledger = ledger;
		this.faults = faults;
	}

	/**
	 * Injects faults for the given time, one at a time on a READY shard, and measures the
	 * resources once a fifth of it has passed.
	 * @return the resources after warm-up
	 */
	Measurement runFaults(Duration duration) {
		Instant start = Instant.now();
		Instant deadline = start.plus(duration);
		Instant warmUpEnd = start.plus(duration.dividedBy(5));
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

	void awaitStable(String when) {
		awaitUntil(this::isStable, "every shard READY " + when);
	}

	void awaitUntil(BooleanSupplier condition, String what) {
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

	SimulatedConnection currentConnection(int shard) {
		return this.simulator.session(shard).flatMap(SimulatedSession::connection).orElse(null);
	}

	/**
	 * Drops closed connections from the simulator's history (each keeps ~200 KB of socket
	 * and zlib buffers: thousands of reconnects would look like a leak), counting those
	 * it closed for missing heartbeats.
	 */
	void forgetClosedConnections() {
		for (SimulatedConnection connection : this.simulator.forgetClosedConnections()) {
			if (connection.serverCloseReason().filter("Heartbeat timed out"::equals).isPresent()) {
				this.heartbeatTimeoutCloses++;
			}
		}
	}

	void violation(String format, Object... args) {
		this.violations.add(String.format(format, args));
	}

	void checkNoViolations() {
		List<String> all = new ArrayList<>(this.violations);
		all.addAll(this.ledger.violations);
		if (!all.isEmpty()) {
			fail(all.size() + " violation(s):\n  " + String.join("\n  ", all.subList(0, Math.min(all.size(), 20)))
					+ "\n" + diagnostics());
		}
	}

	private String diagnostics() {
		StringBuilder out = new StringBuilder("seed ").append(this.seed).append("; shards:");
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

	long totalReconnects() {
		return reconnectReasons().values().stream().mapToLong(Long::longValue).sum();
	}

	private long decodeFailures() {
		return this.harness.recorder.decodeFailures.values().stream().mapToLong(AtomicLong::get).sum();
	}

	String summary(long seed, Duration duration, long trafficEvents) {
		ClientHarness.Recorder recorder = this.harness.recorder;
		return String.format("SoakTest summary: seed=%d duration=%s dispatches delivered=%d (traffic events %d), "
				+ "faults=%d %s, bursts=%d; resumes=%d sent/%d succeeded, identifies=%d, sessions=%d "
				+ "(ended on purpose %d, abandoned %d, simulator 1001-echo races %d), reconnects=%d %s, connections=%d, decode failures=%s "
				+ "(%d beyond one per decode fault on a READY shard, of %d), sequence anomalies=%d, heartbeats received=%d "
				+ "(heartbeat timeouts %d); fault details %s", seed, duration, this.ledger.delivered.get(),
				trafficEvents, this.faults.total(), this.faults.byKind(), this.bursts, recorder.resumes.get(),
				recorder.resumedReplays.size(), recorder.identifies.get(), this.simulator.sessions().size(),
				this.faults.endedOnPurposeCount(), this.ledger.abandoned(this.simulator), this.echoRaceSessions.size(),
				totalReconnects(), new TreeMap<>(reconnectReasons()),
				this.simulator.latestConnection().map(SimulatedConnection::id).orElse(0),
				new TreeMap<>(recorder.decodeFailures), this.extraDecodeFailures, this.decodeFaultsOnReadyShards,
				recorder.sequenceAnomalies.get(), this.simulator.heartbeats().size(), this.heartbeatTimeoutCloses,
				this.faults.byDetail());
	}

}
