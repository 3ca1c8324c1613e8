package io.github.discordgateway.consumer.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.util.backoff.FixedBackOff;

import io.github.discordgateway.consumer.DeadLetter;
import io.github.discordgateway.consumer.DeadLetters;
import io.github.discordgateway.consumer.EnvelopeHandler;
import io.github.discordgateway.consumer.GatewayEventConsumer;

/**
 * Consumes a Kafka topic as a member of a consumer group with a Spring Kafka listener
 * container: each thread owns whole partitions and handles their records one at a time,
 * so a guild's events (one key, one partition) keep their order. The offset of a record
 * is committed after the {@link EnvelopeHandler} returned ({@code AckMode.RECORD},
 * asynchronously); when it throws (a dead letter could not be written, or the consumer
 * stopped mid-delivery) the record is read again after a second. Duplicates are
 * recognized per partition by {@link PartitionDuplicateGuard}. Dead letters go to a topic
 * with the same key and value and the headers {@code discord-error},
 * {@code discord-attempts}, {@code discord-group} and {@code discord-source}
 * ({@code topic-partition@offset}), plus the record's own headers.
 */
public class KafkaEventConsumer extends GatewayEventConsumer {

	private static final Logger logger = LoggerFactory.getLogger(KafkaEventConsumer.class);

	private static final long RETRY_INTERVAL_MILLIS = 1000;

	/**
	 * A consumer whose last heartbeat to the group coordinator is older than this is cut
	 * off.
	 */
	private static final Duration HEARTBEAT_SILENCE = Duration.ofSeconds(10);

	private final KafkaSettings settings;

	private final KafkaOperations<String, byte[]> deadLetterTemplate;

	private final ConcurrentMessageListenerContainer<String, byte[]> container;

	private final PartitionDuplicateGuard duplicates = new PartitionDuplicateGuard();

	private final Set<Thread> delivering = ConcurrentHashMap.newKeySet();

	/**
	 * @param consumerFactory creates the consumers (String keys, byte[] values, no auto
	 * commit)
	 * @param deadLetterTemplate writes dead letters
	 * @param settings topic, group, dead-letter topic, concurrency and timeouts
	 * @param handler handles each envelope
	 */
	public KafkaEventConsumer(ConsumerFactory<String, byte[]> consumerFactory,
			KafkaOperations<String, byte[]> deadLetterTemplate, KafkaSettings settings, EnvelopeHandler handler) {
		super(settings.group(), handler, settings.shutdownTimeout());
		this.settings = settings;
		this.deadLetterTemplate = Objects.requireNonNull(deadLetterTemplate, "deadLetterTemplate");
		ContainerProperties properties = new ContainerProperties(settings.topic());
		properties.setGroupId(settings.group());
		properties.setAckMode(ContainerProperties.AckMode.RECORD);
		// A synchronous commit per record caps a worker at one broker round trip per
		// event; an asynchronous one is only later (a commit that fails means a
		// redelivery, which the duplicate guard drops), and a revocation still commits
		// synchronously.
		properties.setSyncCommits(false);
		properties.setMessageListener((MessageListener<String, byte[]>) this::onRecord);
		properties.setShutdownTimeout(settings.shutdownTimeout().toMillis());
		properties.setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {

			@Override
			public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
				KafkaEventConsumer.this.duplicates.forget(partitions);
			}

			@Override
			public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
				KafkaEventConsumer.this.duplicates.forget(partitions);
			}

		});
		this.container = new ConcurrentMessageListenerContainer<>(consumerFactory, properties);
		this.container.setConcurrency(settings.concurrency());
		this.container.setBeanName("discordGatewayConsumer");
		DefaultErrorHandler errors = new DefaultErrorHandler(
				new FixedBackOff(RETRY_INTERVAL_MILLIS, FixedBackOff.UNLIMITED_ATTEMPTS));
		errors.setRetryListeners((record, failure, attempt) -> statistics().countRedeliveries(1));
		this.container.setCommonErrorHandler(errors);
	}

	@Override
	public String source() {
		return "kafka";
	}

	@Override
	public String origin() {
		return this.settings.topic();
	}

	/** The partitions this worker owns right now. */
	public Collection<TopicPartition> assignedPartitions() {
		Collection<TopicPartition> assigned = this.container.getAssignedPartitions();
		return (assigned != null) ? assigned : List.of();
	}

	private void onRecord(ConsumerRecord<String, byte[]> record) {
		Thread current = Thread.currentThread();
		this.delivering.add(current);
		try {
			byte[] value = (record.value() != null) ? record.value() : new byte[0];
			handler().handle(value,
					this.duplicates.forPartition(new TopicPartition(record.topic(), record.partition())),
					deadLetters(record));
		}
		finally {
			this.delivering.remove(current);
		}
	}

	private DeadLetters deadLetters(ConsumerRecord<String, byte[]> record) {
		return (letter) -> publish(letter, record);
	}

	private void publish(DeadLetter letter, ConsumerRecord<String, byte[]> record) {
		ProducerRecord<String, byte[]> dead = new ProducerRecord<>(this.settings.deadLetterTopic(), record.key(),
				letter.value());
		for (Header header : record.headers()) {
			dead.headers().add(header);
		}
		dead.headers().add("discord-error", bytes(letter.error()));
		dead.headers().add("discord-attempts", bytes(Integer.toString(letter.attempts())));
		dead.headers().add("discord-group", bytes(group()));
		dead.headers().add("discord-source", bytes(record.topic() + "-" + record.partition() + "@" + record.offset()));
		try {
			this.deadLetterTemplate.send(dead).get(this.settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
			brokerAnswered();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while writing a dead letter", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			brokerFailed(ex);
			throw new IllegalStateException("Could not write a dead letter to " + this.settings.deadLetterTopic() + ": "
					+ ((ex.getCause() != null) ? ex.getCause() : ex), ex);
		}
	}

	/**
	 * The sum of the {@code records-lag} of the partitions this worker owns, or
	 * {@code -1}.
	 */
	@Override
	public long lag() {
		double lag = -1;
		for (Map<MetricName, ? extends Metric> metrics : this.container.metrics().values()) {
			for (Map.Entry<MetricName, ? extends Metric> metric : metrics.entrySet()) {
				if ("records-lag".equals(metric.getKey().name()) && metric.getKey().tags().containsKey("partition")
						&& metric.getValue().metricValue() instanceof Double value && !value.isNaN()) {
					lag = Math.max(lag, 0) + value;
				}
			}
		}
		return (long) lag;
	}

	/**
	 * Since when the group coordinator has heard no heartbeat of this worker's consumers
	 * (beyond {@value #HEARTBEAT_SILENCE_SECONDS} s), or since when a dead letter could
	 * not be written.
	 */
	@Override
	public Instant brokerUnreachableSince() {
		Instant failing = super.brokerUnreachableSince();
		for (Map<MetricName, ? extends Metric> metrics : this.container.metrics().values()) {
			for (Map.Entry<MetricName, ? extends Metric> metric : metrics.entrySet()) {
				if ("last-heartbeat-seconds-ago".equals(metric.getKey().name())
						&& metric.getValue().metricValue() instanceof Double seconds
						&& seconds > HEARTBEAT_SILENCE.toSeconds()) {
					Instant silentSince = Instant.now().minusMillis((long) (seconds * 1000));
					if (failing == null || silentSince.isBefore(failing)) {
						failing = silentSince;
					}
				}
			}
		}
		return failing;
	}

	@Override
	public void start() {
		this.container.start();
		logger.info("Consuming Kafka topic {} in group {} with {} thread(s)", this.settings.topic(), group(),
				this.settings.concurrency());
	}

	/**
	 * Stops the container; an envelope still in delivery after the shutdown timeout is
	 * interrupted and its record stays uncommitted.
	 */
	@Override
	public void stop() {
		CountDownLatch stopped = new CountDownLatch(1);
		this.container.stop(stopped::countDown);
		try {
			if (!stopped.await(shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn(
						"The consumer did not stop within {} ms; interrupting a delivery in progress (its record stays uncommitted)",
						shutdownTimeout().toMillis());
				this.delivering.forEach(Thread::interrupt);
				stopped.await(shutdownTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.container.isRunning();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
