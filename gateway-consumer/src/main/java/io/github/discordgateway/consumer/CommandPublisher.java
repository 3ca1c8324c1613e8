package io.github.discordgateway.consumer;

import java.util.concurrent.CompletableFuture;

import io.github.discordgateway.broker.GatewayCommandEnvelope;

/** Writes command envelopes to the broker the gateway service reads its commands from. */
@FunctionalInterface
public interface CommandPublisher {

	/**
	 * Writes one command envelope.
	 * @return completes once the broker confirmed the write
	 */
	CompletableFuture<Void> publish(GatewayCommandEnvelope command);

	/**
	 * The routing key of a command: the target shard id, else the guild id, else
	 * {@code all} (the Kafka record key; a Redis entry carries the envelope only).
	 */
	static String routingKey(GatewayCommandEnvelope command) {
		if (command.shardId() != null) {
			return Integer.toString(command.shardId());
		}
		return (command.guildId() != null) ? command.guildId() : "all";
	}

}
