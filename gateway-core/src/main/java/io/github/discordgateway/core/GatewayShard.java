package io.github.discordgateway.core;

/** One shard run by a {@link GatewayShardManager}: a gateway session and its connection. */
public interface GatewayShard {

	/** The shard id. */
	int id();

	/** The current state. */
	ShardState state();

	/** A consistent snapshot of the shard for health checks, metrics and endpoints. */
	ShardSnapshot snapshot();

	/**
	 * Closes the current connection and reconnects.
	 * @param resume {@code true} to resume the session (if there is one), {@code false} to start a new one
	 */
	void reconnect(boolean resume);

}
