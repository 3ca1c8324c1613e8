package io.github.discordgateway.autoconfigure.consumer;

import org.springframework.beans.factory.ObjectProvider;

import io.github.discordgateway.consumer.ConsumerStatistics;
import io.github.discordgateway.consumer.GatewayEventConsumer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The meters of a worker's {@link GatewayEventConsumer}, tagged with {@code source} and
 * {@code group}. Their names are a public contract (see {@code docs/forwarding.md}):
 * <ul>
 * <li>{@value #LAG} (gauge): envelopes of the group not yet read, as the broker reports
 * it ({@code -1} while unknown).</li>
 * <li>{@value #REDELIVERIES} (counter): envelopes delivered again (taken over from a dead
 * consumer, or read again after a failure).</li>
 * <li>{@value #DUPLICATES} (counter): envelopes dropped because their
 * {@code (session, seq)} was handled already.</li>
 * <li>{@value #DEAD_LETTERS} (counter): envelopes written to the dead letters.</li>
 * <li>{@value #FAILED_ATTEMPTS} (counter): listener calls that threw (each retry
 * counts).</li>
 * </ul>
 */
public class GatewayConsumerMeters implements MeterBinder {

	/** Envelopes not yet read (gauge). */
	public static final String LAG = "discord.gateway.consumer.lag";

	/** Envelopes delivered again (counter). */
	public static final String REDELIVERIES = "discord.gateway.consumer.redeliveries";

	/** Duplicates dropped (counter). */
	public static final String DUPLICATES = "discord.gateway.consumer.duplicates";

	/** Dead letters written (counter). */
	public static final String DEAD_LETTERS = "discord.gateway.consumer.dead.letters";

	/** Listener calls that threw (counter). */
	public static final String FAILED_ATTEMPTS = "discord.gateway.consumer.failed.attempts";

	private final ObjectProvider<GatewayEventConsumer> consumers;

	GatewayConsumerMeters(ObjectProvider<GatewayEventConsumer> consumers) {
		this.consumers = consumers;
	}

	/** Binds the meters of one consumer. */
	static void bind(GatewayEventConsumer consumer, MeterRegistry registry) {
		Tags tags = Tags.of("source", consumer.source(), "group", consumer.group());
		ConsumerStatistics statistics = consumer.statistics();
		Gauge.builder(LAG, consumer, GatewayEventConsumer::lag)
			.description("Gateway envelopes of the consumer group not yet read")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder(REDELIVERIES, statistics, ConsumerStatistics::redeliveries)
			.description("Gateway envelopes delivered again")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder(DUPLICATES, statistics, ConsumerStatistics::duplicates)
			.description("Gateway envelopes dropped as duplicates of a handled (session, seq)")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder(DEAD_LETTERS, statistics, ConsumerStatistics::deadLetters)
			.description("Gateway envelopes written to the dead letters")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder(FAILED_ATTEMPTS, statistics, ConsumerStatistics::failedAttempts)
			.description("Listener calls that threw on a consumed gateway envelope")
			.tags(tags)
			.register(registry);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.consumers.orderedStream().forEach((consumer) -> bind(consumer, registry));
	}

}
