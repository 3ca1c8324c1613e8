package io.github.discordgateway.consumer.kafka;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.springframework.kafka.core.KafkaOperations;

import io.github.discordgateway.broker.GatewayCommandEnvelope;
import io.github.discordgateway.consumer.CommandPublisher;

/**
 * Writes command envelopes to a Kafka topic, keyed by
 * {@link CommandPublisher#routingKey}.
 */
public class KafkaCommandPublisher implements CommandPublisher {

	private final KafkaOperations<String, byte[]> template;

	private final String topic;

	public KafkaCommandPublisher(KafkaOperations<String, byte[]> template, String topic) {
		this.template = Objects.requireNonNull(template, "template");
		this.topic = Objects.requireNonNull(topic, "topic");
	}

	@Override
	public CompletableFuture<Void> publish(GatewayCommandEnvelope command) {
		return this.template.send(this.topic, CommandPublisher.routingKey(command), command.toJson())
			.thenApply((result) -> null);
	}

}
