package io.github.discordgateway.forwarding.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.kafka.core.KafkaOperations;

import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.forwarding.EnvelopeWriter;

/**
 * Writes envelopes to a Kafka topic: the record key is
 * {@link GatewayEnvelope#partitionKey()} (the guild, so one guild's events stay in one
 * partition, in order), the value the envelope's JSON, and the headers
 * {@value #TYPE_HEADER}, {@value #SHARD_HEADER} and {@value #SEQUENCE_HEADER} (UTF-8
 * strings) let consumers route without parsing the value. A write is confirmed when the
 * producer's send completes, so the producer should run with {@code acks=all} and
 * idempotence.
 */
public final class KafkaEnvelopeWriter implements EnvelopeWriter {

	/** The event type header. */
	public static final String TYPE_HEADER = "discord-type";

	/** The shard id header. */
	public static final String SHARD_HEADER = "discord-shard";

	/** The sequence number header. */
	public static final String SEQUENCE_HEADER = "discord-seq";

	private final KafkaOperations<String, byte[]> kafka;

	private final String topic;

	/**
	 * @param kafka a template whose producer factory only this writer uses
	 * @param topic the events topic
	 */
	public KafkaEnvelopeWriter(KafkaOperations<String, byte[]> kafka, String topic) {
		this.kafka = kafka;
		this.topic = topic;
	}

	@Override
	public CompletableFuture<?> write(GatewayEnvelope envelope, byte[] json) {
		List<Header> headers = List.of(header(TYPE_HEADER, envelope.type()),
				header(SHARD_HEADER, Integer.toString(envelope.shardId())),
				header(SEQUENCE_HEADER, Long.toString(envelope.sequence())));
		return this.kafka.send(new ProducerRecord<>(this.topic, null, envelope.partitionKey(), json, headers));
	}

	private static Header header(String name, String value) {
		return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
	}

	/** Closes the producer; the template's producer factory belongs to this writer. */
	@Override
	public void close() {
		this.kafka.getProducerFactory().reset();
	}

	@Override
	public String target() {
		return "kafka";
	}

	@Override
	public String destination() {
		return "topic " + this.topic;
	}

}
