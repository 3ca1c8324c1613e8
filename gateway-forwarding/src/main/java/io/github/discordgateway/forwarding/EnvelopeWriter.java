package io.github.discordgateway.forwarding;

import java.util.concurrent.CompletableFuture;

import io.github.discordgateway.broker.GatewayEnvelope;

/**
 * Writes envelopes to one broker target. Called in sequence order for each shard (the
 * writes of different shards may overlap), never waiting for the broker: the returned
 * future completes when the broker confirmed the write and fails when it did not.
 */
public interface EnvelopeWriter extends AutoCloseable {

	/**
	 * Starts writing an envelope.
	 * @param envelope the envelope, for keys and headers
	 * @param json its JSON form ({@link GatewayEnvelope#toJson()}), the record's value
	 * @return completes once the broker confirmed the write
	 */
	CompletableFuture<?> write(GatewayEnvelope envelope, byte[] json);

	/**
	 * The target's name as configured ({@code kafka}, {@code redis-stream}), for logs,
	 * health and metrics.
	 */
	String target();

	/** Where the envelopes go (a topic, a stream key), for logs and health. */
	String destination();

	/** Releases the connection; writes not confirmed by then never will be. */
	@Override
	default void close() {
	}

}
