package io.github.discordgateway.forwarding.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListener;

import io.github.discordgateway.broker.EnvelopeFormatException;
import io.github.discordgateway.broker.GatewayCommandEnvelope;
import io.github.discordgateway.forwarding.GatewayCommandRouter;

/**
 * Hands the command envelopes of a Kafka topic to a {@link GatewayCommandRouter}. Every
 * gateway instance reads the whole topic in a consumer group of its own and acts on the
 * commands for its shards; a record's offset is committed once the shards took the
 * command. Records that are not command envelopes are logged and skipped.
 */
public final class KafkaCommandListener implements MessageListener<String, byte[]> {

	private static final Logger logger = LoggerFactory.getLogger(KafkaCommandListener.class);

	private final GatewayCommandRouter router;

	public KafkaCommandListener(GatewayCommandRouter router) {
		this.router = router;
	}

	@Override
	public void onMessage(ConsumerRecord<String, byte[]> record) {
		GatewayCommandEnvelope command;
		try {
			command = GatewayCommandEnvelope.fromJson(record.value());
		}
		catch (EnvelopeFormatException ex) {
			logger.error("Skipping record {}-{}@{}: not a command envelope ({})", record.topic(), record.partition(),
					record.offset(), ex.getMessage());
			return;
		}
		this.router.route(command);
	}

}
