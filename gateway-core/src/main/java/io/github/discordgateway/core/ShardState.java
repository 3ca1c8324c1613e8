package io.github.discordgateway.core;

/**
 * The lifecycle of one shard. A shard moves
 * {@code IDLE → CONNECTING → HANDSHAKING → IDENTIFYING|RESUMING → READY}, falls back to
 * {@code RECONNECTING} whenever its connection ends, and ends in {@code STOPPED} (closed
 * by the application) or {@code FAILED} (a fatal condition that a retry with the same
 * configuration would hit again, such as a rejected token or disallowed intents). With a
 * {@link ShardLeaseManager} a shard whose lease another instance holds waits in
 * {@code STANDBY} and starts from there once it gets the lease; a shard that loses its
 * lease goes back to {@code STANDBY}.
 */
public enum ShardState {

	/** Created and not started. */
	IDLE,

	/**
	 * A hot standby: another live instance of the fleet holds the shard's lease and runs
	 * it (see {@link ShardSnapshot#owner()}); this one takes over when that lease expires
	 * or is released.
	 */
	STANDBY,

	/** Looking up a saved session, finding the gateway URL and opening the WebSocket. */
	CONNECTING,

	/** WebSocket open, waiting for HELLO. */
	HANDSHAKING,

	/** Waiting for an identify slot, or IDENTIFY sent and READY not yet received. */
	IDENTIFYING,

	/** RESUME sent; replayed events arrive until RESUMED. */
	RESUMING,

	/** The session is established (READY or RESUMED received) and live. */
	READY,

	/** The connection ended; waiting (with backoff) before the next connection. */
	RECONNECTING,

	/** Closing because the application is stopping. */
	STOPPING,

	/** Stopped by the application. */
	STOPPED,

	/** Stopped for a fatal reason; it will not reconnect on its own. */
	FAILED;

	/** Whether the shard holds a live, established session. */
	public boolean isConnected() {
		return this == READY;
	}

	/** Whether this is a final state. */
	public boolean isTerminal() {
		return this == STOPPED || this == FAILED;
	}

}
