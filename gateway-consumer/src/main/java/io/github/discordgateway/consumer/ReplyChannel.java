package io.github.discordgateway.consumer;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Carries the answers to a worker's commands (the {@code GUILD_MEMBERS_CHUNK} events of
 * its member requests) to that worker, whichever worker of the group consumed them: a
 * Redis stream per worker, or a Kafka topic keyed (and partitioned) by worker. The
 * messages are event envelopes exactly as consumed.
 */
public interface ReplyChannel extends AutoCloseable {

	/**
	 * Writes an event envelope to a worker's replies.
	 * @param workerId the worker that sent the command (the prefix of its nonce)
	 * @param envelope the event envelope's JSON, as consumed
	 * @return completes once the broker confirmed the write
	 */
	CompletableFuture<Void> send(String workerId, byte[] envelope);

	/**
	 * Starts reading this worker's replies on a thread of its own.
	 * @param workerId this worker
	 * @param replies receives each reply envelope's JSON
	 * @return completes once every reply sent from then on will be read (Kafka: the
	 * reader is positioned at the end of its partition)
	 */
	CompletableFuture<Void> open(String workerId, Consumer<byte[]> replies);

	/**
	 * Why the replies could not be read lately: the last failure of the reader (a missing
	 * Kafka reply topic, an unreachable broker), or {@code null} when it had none. A
	 * member request that times out before the replies were ever readable names it.
	 */
	default String lastReadFailure() {
		return null;
	}

	/** Stops reading and releases what {@link #open} took (Redis: deletes the stream). */
	@Override
	void close();

}
