package io.github.discordgateway.consumer.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RedisStreamEventConsumer} reads.
 *
 * @param stream the stream the gateway forwards to
 * @param group the consumer group
 * @param consumerName this consumer's name in the group, or {@code null} for a random one
 * per start
 * @param deadLetterStream where envelopes that cannot be handled go
 * @param batchSize entries per {@code XREADGROUP} and per {@code XAUTOCLAIM}
 * @param minIdle how long an entry stays pending with another consumer before this one
 * takes it over; also how long a claim on a {@code (session, seq)} holds
 * @param claimInterval how often to look for such entries (and read the lag)
 * @param dedupKeyPrefix the prefix of the duplicate-check keys
 * @param dedupWindow how long a handled {@code (session, seq)} is remembered
 * @param shutdownTimeout how long stopping waits for the envelope in progress
 */
public record RedisStreamSettings(String stream, String group, String consumerName, String deadLetterStream,
		int batchSize, Duration minIdle, Duration claimInterval, String dedupKeyPrefix, Duration dedupWindow,
		Duration shutdownTimeout) {

	public RedisStreamSettings {
		Objects.requireNonNull(stream, "stream");
		Objects.requireNonNull(group, "group");
		Objects.requireNonNull(deadLetterStream, "deadLetterStream");
		Objects.requireNonNull(minIdle, "minIdle");
		Objects.requireNonNull(claimInterval, "claimInterval");
		Objects.requireNonNull(dedupKeyPrefix, "dedupKeyPrefix");
		Objects.requireNonNull(dedupWindow, "dedupWindow");
		Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
		if (batchSize < 1) {
			throw new IllegalArgumentException("batchSize must be at least 1 but was " + batchSize);
		}
	}

}
