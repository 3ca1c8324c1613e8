package io.github.discordgateway.test.client;

import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;

import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;

/**
 * The faults a soak injects, drawn at random by weight, and what was injected: counts per
 * kind and detail, the latest faults for diagnostics, the sessions ended on purpose and
 * the connections turned into zombies.
 */
final class SoakFaults {

	enum Fault {

		CLOSE_RESUMABLE(3, true, false), CLOSE_SESSION_ENDING(1.5, true, true), RECONNECT_REQUEST(2, true, false),
		INVALID_SESSION_RESUMABLE(1.5, true, false), INVALID_SESSION_NOT_RESUMABLE(1, true, true),
		DROP_TCP(2, true, false), ZOMBIE(1.5, true, false), CORRUPT_COMPRESSED(1.5, true, false),
		INVALID_JSON(0.5, true, false), WITHHOLD_ACKS(1, false, false), SPLIT_PAYLOADS(1, false, false);

		final double weight;

		/** Whether the client must leave the connection. */
		final boolean reconnects;

		/** Whether the client must start a new session. */
		final boolean endsSession;

		Fault(double weight, boolean reconnects, boolean endsSession) {
			this.weight = weight;
			this.reconnects = reconnects;
			this.endsSession = endsSession;
		}

		boolean allowedInBurst() {
			return this.reconnects && !this.endsSession;
		}

		boolean breaksDecoding() {
			return this == CORRUPT_COMPRESSED || this == INVALID_JSON;
		}

		/**
		 * The reason the client must report when it reconnects after this fault, or
		 * {@code null} when timing decides (a dropped socket is a transport error or
		 * 1006).
		 */
		String expectedReconnectReason(String detail) {
			return switch (this) {
				case CLOSE_RESUMABLE, CLOSE_SESSION_ENDING -> "close-" + detail.substring(detail.lastIndexOf(' ') + 1);
				case RECONNECT_REQUEST -> "reconnect-request";
				case INVALID_SESSION_RESUMABLE, INVALID_SESSION_NOT_RESUMABLE -> "invalid-session";
				case ZOMBIE -> "zombie";
				case CORRUPT_COMPRESSED, INVALID_JSON -> "decode-error";
				default -> null;
			};
		}

	}

	/** 1001 last: a burst never draws it (see {@link #apply}). */
	private static final int[] RESUMABLE_CODES = { 4000, 4001, 4002, 4008, 1011, 1001 };

	private static final int[] SESSION_ENDING_CODES = { 4007, 4009 };

	private final Random random;

	private final ReadWriteLock trafficGate;

	private final Map<Fault, AtomicLong> counts = new EnumMap<>(Fault.class);

	private final Map<String, AtomicLong> details = new TreeMap<>();

	private final Deque<String> recent = new ArrayDeque<>();

	/**
	 * Sessions ended while the client was READY on them: they must have been delivered
	 * completely.
	 */
	private final Set<String> endedOnPurpose = new HashSet<>();

	/**
	 * Connections made zombies: still open, but a fault sent to them would never arrive.
	 */
	private final Set<Integer> silenced = ConcurrentHashMap.newKeySet();

	SoakFaults(Random random, ReadWriteLock trafficGate) {
		this.random = random;
		this.trafficGate = trafficGate;
	}

	/** Draws a fault by weight; a burst draws only resumable reconnecting faults. */
	Fault pick(boolean burst) {
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

	/**
	 * Injects a fault into a connection. {@code session} is the session the connection
	 * carries while the shard is READY, or {@code null} for a burst fault that hits a
	 * connection during its handshake.
	 * @return what was done, e.g. {@code close 4009}
	 */
	String apply(Fault fault, SimulatedConnection connection, SimulatedSession session) {
		String detail = switch (fault) {
			case CLOSE_RESUMABLE -> {
				// Not 1001 in a burst: the simulator's 1001 echo race (see SoakTest) is
				// only told apart after a fault on a READY shard.
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
				// a heartbeat request, in pieces
				connection.sendPayloadSplit("{\"op\":1,\"d\":null}", parts);
				yield "split " + parts + "x" + frames;
			}
		};
		record(fault, detail, connection, session);
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

	private void record(Fault fault, String detail, SimulatedConnection connection, SimulatedSession session) {
		this.counts.computeIfAbsent(fault, (f) -> new AtomicLong()).incrementAndGet();
		String key = (session == null) ? "burst " + detail : detail;
		this.details.computeIfAbsent(key.replaceAll("split .*", "split"), (k) -> new AtomicLong()).incrementAndGet();
		this.recent.addLast(LocalTime.now() + " " + key + " on connection " + connection.id() + ((session != null)
				? " (session " + session.id().substring(0, 8) + ", s=" + session.lastSequence() + ")" : ""));
		if (this.recent.size() > 40) {
			this.recent.removeFirst();
		}
	}

	boolean isSilenced(SimulatedConnection connection) {
		return this.silenced.contains(connection.id());
	}

	boolean endedOnPurpose(String sessionId) {
		return this.endedOnPurpose.contains(sessionId);
	}

	int endedOnPurposeCount() {
		return this.endedOnPurpose.size();
	}

	long total() {
		return this.counts.values().stream().mapToLong(AtomicLong::get).sum();
	}

	Map<String, Long> byKind() {
		Map<String, Long> byKind = new LinkedHashMap<>();
		this.counts.forEach((fault, count) -> byKind.put(fault.name().toLowerCase().replace('_', '-'), count.get()));
		return byKind;
	}

	Map<String, Long> byDetail() {
		Map<String, Long> byDetail = new LinkedHashMap<>();
		this.details.forEach((detail, count) -> byDetail.put(detail, count.get()));
		return byDetail;
	}

	List<String> recent() {
		return List.copyOf(this.recent);
	}

}
