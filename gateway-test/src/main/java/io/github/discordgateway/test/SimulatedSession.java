package io.github.discordgateway.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;

import io.github.discordgateway.test.internal.JsonSupport;
import tools.jackson.databind.JsonNode;

/**
 * A gateway session created by a successful IDENTIFY: its id, shard, sequence counter and
 * replay buffer.
 *
 * <p>
 * Every dispatch gets the next sequence number and is kept in a bounded replay buffer,
 * also while the session has no connection, so a later RESUME replays it. A session ends
 * when the client closes with 1000/1001, when the server closes with a session-ending
 * code (4003, 4004, 4005, 4007, 4009, 4010–4014), on {@link #invalidate()}, on
 * {@link SimulatedConnection#sendInvalidSession(boolean) op 9 false}, or when it stayed
 * disconnected longer than the resume window. Thread-safe.
 */
public final class SimulatedSession {

	/** Result of a RESUME attempt. */
	enum ResumeOutcome {

		RESUMED, INVALID_SESSION, INVALID_SEQ

	}

	private record Entry(long seq, byte[] json) {
	}

	private final String id;

	private final int shardId;

	private final int shardCount;

	private final long intents;

	private final Instant createdAt = Instant.now();

	private final int replayCapacity;

	private final long resumeWindowNanos;

	private final ArrayDeque<Entry> replay = new ArrayDeque<>();

	private long sequence;

	private SimulatedConnection connection;

	private SimulatedConnection lastConnection;

	private long disconnectedAtNanos;

	private boolean invalidated;

	private int resumeCount;

	SimulatedSession(String id, int shardId, int shardCount, long intents, int replayCapacity, long resumeWindowNanos) {
		this.id = id;
		this.shardId = shardId;
		this.shardCount = shardCount;
		this.intents = intents;
		this.replayCapacity = replayCapacity;
		this.resumeWindowNanos = resumeWindowNanos;
	}

	/**
	 * The 32-hex-digit session id sent in READY.
	 * @return session id
	 */
	public String id() {
		return id;
	}

	/**
	 * Shard id from IDENTIFY ({@code 0} when no shard was sent).
	 * @return shard id
	 */
	public int shardId() {
		return shardId;
	}

	/**
	 * Shard count from IDENTIFY ({@code 1} when no shard was sent).
	 * @return shard count
	 */
	public int shardCount() {
		return shardCount;
	}

	/**
	 * Intents from IDENTIFY.
	 * @return intents bitfield
	 */
	public long intents() {
		return intents;
	}

	/**
	 * When the session was created.
	 * @return creation time
	 */
	public Instant createdAt() {
		return createdAt;
	}

	/**
	 * Sequence number of the latest dispatch (READY is 1).
	 * @return last {@code s}
	 */
	public synchronized long lastSequence() {
		return sequence;
	}

	/**
	 * How many RESUMEs succeeded on this session.
	 * @return resume count
	 */
	public synchronized int resumeCount() {
		return resumeCount;
	}

	/**
	 * The connection currently carrying the session (dispatches are delivered to it).
	 * @return the connection, or empty while disconnected
	 */
	public synchronized Optional<SimulatedConnection> connection() {
		return Optional.ofNullable(connection);
	}

	/**
	 * Whether a connection currently carries the session.
	 * @return whether connected
	 */
	public synchronized boolean isConnected() {
		return connection != null;
	}

	/**
	 * Whether the session has ended (invalidated, or disconnected for longer than the
	 * resume window).
	 * @return whether it can no longer be resumed or receive dispatches
	 */
	public synchronized boolean isInvalidated() {
		return checkExpiredLocked();
	}

	/**
	 * Ends the session without telling the client (a later RESUME gets op 9
	 * {@code false}; no more dispatches). Use
	 * {@link SimulatedConnection#sendInvalidSession(boolean)} to also notify a connected
	 * client.
	 */
	public synchronized void invalidate() {
		invalidated = true;
		replay.clear();
		connection = null;
	}

	/**
	 * Sends a dispatch to this session only (no guild routing): it gets the next sequence
	 * number, is buffered for replay and is delivered now if a connection carries the
	 * session.
	 * @param type event name, e.g. {@code MESSAGE_CREATE}
	 * @param data the {@code d} object as JSON text
	 * @return the sequence number assigned
	 * @throws IllegalStateException if the session has ended
	 * @throws RuntimeException ({@code JacksonException}) if {@code data} is not valid
	 * JSON
	 */
	public long dispatch(String type, String data) {
		return dispatch(type, JsonSupport.MAPPER.readTree(data));
	}

	/**
	 * Sends a dispatch to this session only; see {@link #dispatch(String, String)}.
	 * @param type event name
	 * @param data the {@code d} value
	 * @return the sequence number assigned
	 * @throws IllegalStateException if the session has ended
	 */
	public long dispatch(String type, JsonNode data) {
		return dispatchRaw(type, JsonSupport.write(data));
	}

	long dispatchRaw(String type, byte[] dJson) {
		synchronized (this) {
			if (checkExpiredLocked()) {
				throw new IllegalStateException("Session " + id + " has ended");
			}
			long seq = ++sequence;
			byte[] json = JsonSupport.dispatch(type, seq, dJson);
			replay.addLast(new Entry(seq, json));
			while (replay.size() > replayCapacity) {
				replay.removeFirst();
			}
			if (connection != null) {
				connection.sendJson(json);
			}
			return seq;
		}
	}

	/** Attaches a freshly identified connection (called with READY about to be sent). */
	synchronized void attach(SimulatedConnection newConnection) {
		connection = newConnection;
		lastConnection = newConnection;
		disconnectedAtNanos = 0;
	}

	/**
	 * Detaches the connection if it is the current one and, if asked, ends the session —
	 * but only when this connection was the last one to carry it (closing an old socket
	 * after a RESUME elsewhere changes nothing).
	 */
	synchronized void detach(SimulatedConnection oldConnection, boolean invalidate) {
		if (oldConnection == null || lastConnection != oldConnection) {
			return;
		}
		if (connection == oldConnection) {
			connection = null;
			disconnectedAtNanos = System.nanoTime();
		}
		if (invalidate) {
			invalidate();
		}
	}

	/**
	 * Forgets the connection an ended session last had (so that it can be collected); a
	 * live session keeps it.
	 */
	synchronized void releaseConnection() {
		if (checkExpiredLocked()) {
			lastConnection = null;
		}
	}

	/**
	 * Performs a RESUME: on success attaches the connection, replays every buffered
	 * dispatch after {@code seq} in order and sends RESUMED, all while holding the
	 * session lock (no live dispatch can interleave).
	 */
	synchronized ResumeOutcome resume(SimulatedConnection newConnection, long seq, Runnable onAttached) {
		if (checkExpiredLocked()) {
			return ResumeOutcome.INVALID_SESSION;
		}
		long oldest = replay.isEmpty() ? sequence + 1 : replay.getFirst().seq();
		if (seq > sequence || seq < oldest - 1) {
			invalidate();
			return ResumeOutcome.INVALID_SEQ;
		}
		connection = newConnection;
		lastConnection = newConnection;
		disconnectedAtNanos = 0;
		resumeCount++;
		onAttached.run();
		for (Entry entry : replay) {
			if (entry.seq() > seq) {
				newConnection.sendJson(entry.json());
			}
		}
		String trace = "{\"_trace\":[\"[\\\"gateway-simulator\\\",{\\\"micros\\\":42}]\"]}";
		dispatchRaw("RESUMED", trace.getBytes(StandardCharsets.UTF_8));
		return ResumeOutcome.RESUMED;
	}

	private boolean checkExpiredLocked() {
		if (!invalidated && connection == null && disconnectedAtNanos != 0
				&& System.nanoTime() - disconnectedAtNanos > resumeWindowNanos) {
			invalidate();
		}
		return invalidated;
	}

	@Override
	public String toString() {
		return "SimulatedSession[id=" + id + ", shard=[" + shardId + ", " + shardCount + "], s=" + lastSequence()
				+ ", invalidated=" + isInvalidated() + "]";
	}

}
