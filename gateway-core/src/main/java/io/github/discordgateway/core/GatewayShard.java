package io.github.discordgateway.core;

import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;

/**
 * One shard run by a {@link io.github.discordgateway.core.manager.GatewayShardManager}: a
 * gateway session and its connection.
 */
public interface GatewayShard {

	/** The shard id. */
	int id();

	/** The current state. */
	ShardState state();

	/** A consistent snapshot of the shard for health checks, metrics and endpoints. */
	ShardSnapshot snapshot();

	/**
	 * Closes the current connection and reconnects.
	 * @param resume {@code true} to resume the session (if there is one), {@code false}
	 * to start a new one
	 */
	void reconnect(boolean resume);

	/**
	 * Queues a command ({@code {"op": opcode, "d": data}}) for this shard's connection.
	 * Commands wait until the session is READY and are sent in order, within Discord's
	 * limit of 120 payloads per 60 s per connection (room for heartbeats is always kept),
	 * so the gateway never closes the connection for sending too fast. Prefer the typed
	 * operations of {@link io.github.discordgateway.core.manager.GatewayShardManager}.
	 * @return completes when the command was written to the socket; fails at once with an
	 * {@link IllegalArgumentException} if the encoded payload exceeds 4096 bytes, and
	 * with a {@link GatewayException} when the shard is stopped or too many commands are
	 * waiting
	 */
	CompletableFuture<Void> send(int opcode, JsonNode data);

}
