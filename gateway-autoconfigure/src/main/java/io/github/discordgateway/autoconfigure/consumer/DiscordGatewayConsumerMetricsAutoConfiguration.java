package io.github.discordgateway.autoconfigure.consumer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.github.discordgateway.autoconfigure.DiscordGatewayProperties;
import io.github.discordgateway.autoconfigure.metrics.MicrometerGatewayObserver;
import io.github.discordgateway.consumer.GatewayEventConsumer;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A worker's meters, when the application has a {@link MeterRegistry}: the same
 * {@link MicrometerGatewayObserver} as in-process, so
 * {@code discord.gateway.dispatches{shard,type}} counts the events handed to the
 * listeners (after duplicates were dropped), and the consumer's own meters
 * ({@link GatewayConsumerMeters}).
 */
@AutoConfiguration(before = DiscordGatewayConsumerAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, GatewayEventConsumer.class })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = DiscordGatewayConsumerProperties.PREFIX, name = "source")
@EnableConfigurationProperties(DiscordGatewayProperties.class)
public final class DiscordGatewayConsumerMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MicrometerGatewayObserver discordGatewayMetricsObserver(MeterRegistry meterRegistry,
			DiscordGatewayProperties properties) {
		return new MicrometerGatewayObserver(meterRegistry, properties.getMetrics().isShardTag());
	}

	@Bean
	@ConditionalOnMissingBean
	GatewayConsumerMeters discordGatewayConsumerMeters(ObjectProvider<GatewayEventConsumer> consumers) {
		return new GatewayConsumerMeters(consumers);
	}

}
