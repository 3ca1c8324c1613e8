package io.github.discordgateway.autoconfigure.metrics;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.github.discordgateway.autoconfigure.ConditionalOnDiscordGateway;
import io.github.discordgateway.autoconfigure.DiscordGatewayAutoConfiguration;
import io.github.discordgateway.autoconfigure.DiscordGatewayProperties;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.GatewayShardManager;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records gateway metrics with Micrometer when the application has a
 * {@link MeterRegistry} (for example through {@code spring-boot-starter-actuator}).
 * Define a {@link MicrometerGatewayObserver} bean to replace the one configured here.
 */
@AutoConfiguration(after = DiscordGatewayAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnDiscordGateway
@EnableConfigurationProperties(DiscordGatewayProperties.class)
public final class DiscordGatewayMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MicrometerGatewayObserver discordGatewayMetricsObserver(MeterRegistry meterRegistry,
			DiscordGatewayProperties properties, ObjectProvider<GatewayShardManager> shardManager) {
		return new MicrometerGatewayObserver(meterRegistry, properties.getMetrics().isShardTag(),
				new ManagedShards(shardManager));
	}

	/**
	 * The shards of the application's {@link GatewayShardManager}, looked up lazily (the
	 * manager itself depends on the observer) and remembered once found.
	 */
	static final class ManagedShards implements Supplier<List<GatewayShard>> {

		private final ObjectProvider<GatewayShardManager> provider;

		private volatile GatewayShardManager manager;

		ManagedShards(ObjectProvider<GatewayShardManager> provider) {
			this.provider = provider;
		}

		@Override
		public List<GatewayShard> get() {
			GatewayShardManager current = this.manager;
			if (current == null) {
				try {
					current = this.provider.getIfUnique();
				}
				catch (BeansException ex) {
					// Sampled while the context is starting or closing.
					return List.of();
				}
				if (current == null) {
					return List.of();
				}
				this.manager = current;
			}
			return current.shards();
		}

	}

}
