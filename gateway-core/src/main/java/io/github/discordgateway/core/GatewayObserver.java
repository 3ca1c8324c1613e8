package io.github.discordgateway.core;

import java.time.Duration;

/**
 * Hooks for metrics. Called inline on the thread where the thing happens (often the
 * socket reading thread): implementations must be fast and must not block or throw.
 * Telemetry only: nothing that controls the gateway depends on an observer (identify
 * spacing and budget go through {@link IdentifySlot}).
 */
public interface GatewayObserver {

	/** An observer that ignores everything. */
	GatewayObserver NONE = new GatewayObserver() {
	};

	/**
	 * A payload was received and decoded.
	 * @param wireBytes bytes as received on the socket (compressed when transport
	 * compression is on)
	 * @param decodedBytes bytes after decompression
	 */
	default void payloadReceived(int shardId, long wireBytes, long decodedBytes) {
	}

	/** A payload with the given opcode was sent. */
	default void payloadSent(int shardId, int opcode) {
	}

	/** A heartbeat was acknowledged after the given round trip. */
	default void heartbeatAcknowledged(int shardId, Duration latency) {
	}

	/**
	 * Received data could not be turned into a payload.
	 * @param kind a short, bounded category such as {@code decompression}, {@code json},
	 * {@code too-large}
	 */
	default void decodeFailed(int shardId, String kind) {
	}

	/** The shard sent IDENTIFY (a new session) or RESUME. */
	default void sessionStarted(int shardId, boolean resumed) {
	}

	/**
	 * The shard is about to reconnect.
	 * @param reason a short, bounded category such as {@code close-4000}, {@code zombie},
	 * {@code reconnect-request}
	 */
	default void reconnecting(int shardId, String reason) {
	}

	/** The shard moved from one state to another. */
	default void stateChanged(int shardId, ShardState from, ShardState to) {
	}

	/** A dispatch was handed to the listener, which returned after the given time. */
	default void dispatchDelivered(int shardId, String type, long nanos) {
	}

	/**
	 * A dispatch arrived out of sequence: a gap ({@code actual > expected}) or a repeat.
	 */
	default void sequenceAnomaly(int shardId, long expected, long actual) {
	}

	/**
	 * The {@link GatewaySessionStore} failed the shard; the shard went on without it
	 * (identified instead of resuming, or kept running without a fresh checkpoint).
	 * @param operation a short, bounded category: {@code take} (reading the saved session
	 * at start failed or timed out), {@code rejected} (the saved session failed its
	 * integrity check), {@code checkpoint} (a save while running) or {@code save} (the
	 * save on stop)
	 */
	default void sessionStoreFailed(int shardId, String operation) {
	}

}
