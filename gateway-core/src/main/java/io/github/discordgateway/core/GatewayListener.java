package io.github.discordgateway.core;

/**
 * Receives what a shard delivers to the application. Calls for one shard happen one at a
 * time, in order (dispatches in sequence order), on a delivery thread: never on the
 * thread that reads the socket, so a slow listener delays neither reading nor heartbeats.
 * An exception thrown here is logged with the event type and sequence and does not affect
 * the shard.
 */
public interface GatewayListener {

	/**
	 * A dispatch (opcode 0), including READY, RESUMED and types this library does not
	 * know.
	 */
	void onDispatch(GatewayDispatch dispatch);

	/**
	 * The shard's session is established after IDENTIFY (called after the READY
	 * dispatch).
	 */
	default void onShardReady(int shardId, String sessionId) {
	}

	/**
	 * The shard took over a session saved by an earlier process and is about to resume
	 * it: the dispatches that follow, until the next READY, belong to that session.
	 * @param sequence the sequence the session was saved at
	 */
	default void onShardSessionRestored(int shardId, String sessionId, long sequence) {
	}

	/**
	 * The shard resumed its session (called after the RESUMED dispatch).
	 * @param replayedEvents how many missed dispatches the gateway replayed
	 */
	default void onShardResumed(int shardId, long replayedEvents) {
	}

	/** The shard's connection ended. */
	default void onShardDisconnected(int shardId, ShardDisconnect disconnect) {
	}

}
