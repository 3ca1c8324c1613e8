package io.github.discordgateway.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.github.discordgateway.autoconfigure.ConditionalOnDiscordGateway;
import io.github.discordgateway.autoconfigure.DiscordGatewayAutoConfiguration;
import io.github.discordgateway.autoconfigure.DiscordGatewayProperties;
import io.github.discordgateway.core.manager.GatewayShardManager;

/**
 * Records gateway metrics with Micrometer when the application has a
 * {@link MeterRegistry} (for example through {@code spring-boot-starter-actuator}): a
 * {@link MicrometerGatewayObserver} that the {@link GatewayShardManager} reports to, and
 * the {@link DeliveryQueueMetrics} gauges that read the manager's shards. Define a bean
 * of either type to replace the one configured here.
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
			DiscordGatewayProperties properties) {
		return new MicrometerGatewayObserver(meterRegistry, properties.getMetrics().isShardTag());
	}

	@Bean
	@ConditionalOnBean(GatewayShardManager.class)
	@ConditionalOnMissingBean
	DeliveryQueueMetrics discordGatewayDeliveryQueueMetrics(MicrometerGatewayObserver observer,
			GatewayShardManager shardManager) {
		return new DeliveryQueueMetrics(observer, shardManager::shards);
	}

}
