package io.github.discordgateway.consumer.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Utils;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;

import io.github.discordgateway.consumer.AbstractReplyChannel;

/**
 * One reply topic for every worker: a reply's key is the worker id and its partition is
 * the key's (murmur2, as Kafka's default partitioner), so a worker reads one partition
 * (assigned, without a consumer group) from the end it found at its start and keeps the
 * records of its own key. The topic's retention bounds what is kept; one partition is
 * plenty for member chunks, more spread the workers' reading.
 */
public class KafkaReplyChannel extends AbstractReplyChannel {

	private static final Duration POLL = Duration.ofSeconds(1);

	private final ConsumerFactory<String, byte[]> consumerFactory;

	private final KafkaOperations<String, byte[]> template;

	private final String topic;

	private volatile org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;

	public KafkaReplyChannel(ConsumerFactory<String, byte[]> consumerFactory, KafkaOperations<String, byte[]> template,
			String topic) {
		super(POLL.multipliedBy(5));
		this.consumerFactory = Objects.requireNonNull(consumerFactory, "consumerFactory");
		this.template = Objects.requireNonNull(template, "template");
		this.topic = Objects.requireNonNull(topic, "topic");
	}

	@Override
	public CompletableFuture<Void> send(String workerId, byte[] envelope) {
		try {
			int partition = partitionOf(workerId, this.template.partitionsFor(this.topic).size());
			return this.template.send(this.topic, partition, workerId, envelope).thenApply((result) -> null);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	protected void read(String workerId, Consumer<byte[]> replies, CompletableFuture<Void> ready) {
		long next = -1;
		while (reading()) {
			try (org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer = this.consumerFactory
				.createConsumer(null, "gateway-replies-", workerId)) {
				this.consumer = consumer;
				if (!reading()) {
					return;
				}
				List<PartitionInfo> partitions = consumer.partitionsFor(this.topic, POLL.multipliedBy(10));
				if (partitions.isEmpty()) {
					throw new IllegalStateException("The reply topic " + this.topic + " has no partitions");
				}
				TopicPartition own = new TopicPartition(this.topic, partitionOf(workerId, partitions.size()));
				consumer.assign(List.of(own));
				if (next < 0) {
					consumer.seekToEnd(List.of(own));
				}
				else {
					consumer.seek(own, next);
				}
				next = consumer.position(own);
				ready.complete(null);
				while (reading()) {
					for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
						if (workerId.equals(record.key()) && record.value() != null) {
							replies.accept(record.value());
						}
						next = record.offset() + 1;
					}
				}
			}
			catch (WakeupException ex) {
				return;
			}
			catch (RuntimeException ex) {
				if (!pauseAfter(ex, this.topic, POLL)) {
					return;
				}
			}
		}
	}

	@Override
	protected void wakeUp() {
		org.apache.kafka.clients.consumer.Consumer<String, byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
	}

	/** The partition of a worker's replies. */
	static int partitionOf(String workerId, int partitions) {
		return Utils.toPositive(Utils.murmur2(workerId.getBytes(StandardCharsets.UTF_8))) % partitions;
	}

}
