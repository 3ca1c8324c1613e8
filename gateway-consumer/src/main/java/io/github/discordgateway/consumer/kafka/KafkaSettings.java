package io.github.discordgateway.consumer.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link KafkaEventConsumer} reads.
 *
 * @param topic the topic the gateway forwards to
 * @param group the consumer group
 * @param deadLetterTopic where envelopes that cannot be handled go
 * @param concurrency consumer threads of this worker (each owns whole partitions, so a
 * guild's events are always handled one at a time, in order)
 * @param sendTimeout how long a dead letter may take to be confirmed
 * @param shutdownTimeout how long stopping waits for the envelope in progress
 */
public record KafkaSettings(String topic, String group, String deadLetterTopic, int concurrency, Duration sendTimeout,
		Duration shutdownTimeout) {

	public KafkaSettings {
		Objects.requireNonNull(topic, "topic");
		Objects.requireNonNull(group, "group");
		Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
		Objects.requireNonNull(sendTimeout, "sendTimeout");
		Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
		if (concurrency < 1) {
			throw new IllegalArgumentException("concurrency must be at least 1 but was " + concurrency);
		}
	}

}
