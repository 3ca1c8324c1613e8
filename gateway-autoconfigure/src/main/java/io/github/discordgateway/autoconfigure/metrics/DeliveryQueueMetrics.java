package io.github.discordgateway.autoconfigure.metrics;

import java.util.Collection;
import java.util.Objects;
import java.util.function.Supplier;

import io.github.discordgateway.core.GatewayShard;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the {@value MicrometerGatewayObserver#DELIVERY_QUEUE} gauge: dispatches received
 * and not yet delivered to the listeners, read from the shards' snapshots when sampled.
 * With the shard tag, one gauge per shard that the {@link MicrometerGatewayObserver} has
 * meters for (registered as it creates them); without, one gauge that adds up all shards.
 * <p>
 * A {@link MeterBinder} rather than part of the observer because it reads the shard
 * manager, which itself is built with the observer: Spring Boot binds it once every
 * singleton exists.
 */
public class DeliveryQueueMetrics implements MeterBinder {

	private final MicrometerGatewayObserver observer;

	private final Supplier<? extends Collection<? extends GatewayShard>> shards;

	/**
	 * Creates the binder.
	 * @param observer the observer whose shard tag (and shards) the gauges follow
	 * @param shards the shards of this process, usually
	 * {@code GatewayShardManager::shards}
	 */
	public DeliveryQueueMetrics(MicrometerGatewayObserver observer,
			Supplier<? extends Collection<? extends GatewayShard>> shards) {
		this.observer = Objects.requireNonNull(observer, "observer");
		this.shards = Objects.requireNonNull(shards, "shards");
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (!this.observer.isShardTagged()) {
			register(registry, -1, Tags.empty());
			return;
		}
		this.observer
			.onShardMetered((shardId) -> register(registry, shardId, Tags.of("shard", Integer.toString(shardId))));
	}

	private void register(MeterRegistry registry, int shardId, Tags tags) {
		Gauge.builder(MicrometerGatewayObserver.DELIVERY_QUEUE, this, (metrics) -> metrics.backlog(shardId))
			.strongReference(true)
			.description("Dispatches received and not yet delivered to the listeners")
			.tags(tags)
			.register(registry);
	}

	/** Delivery backlog of one shard, or of all shards for {@code -1}. */
	private double backlog(int shardId) {
		long total = 0;
		for (GatewayShard shard : this.shards.get()) {
			if (shardId < 0 || shard.id() == shardId) {
				total += shard.snapshot().deliveryBacklog();
			}
		}
		return total;
	}

}
