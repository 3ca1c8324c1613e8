package io.github.discordgateway.autoconfigure.consumer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

import io.github.discordgateway.consumer.BrokerGatewayCommandSender;
import io.github.discordgateway.consumer.GatewayEventConsumer;

/**
 * Contributes the {@code discordGatewayConsumer} health indicator
 * ({@link DiscordGatewayConsumerHealthIndicator}) on a worker. Turn it off with
 * {@code management.health.discordgatewayconsumer.enabled=false}.
 */
@AutoConfiguration(after = DiscordGatewayConsumerAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ org.springframework.boot.health.contributor.HealthIndicator.class, GatewayEventConsumer.class })
@ConditionalOnBean(GatewayEventConsumer.class)
public final class DiscordGatewayConsumerHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnEnabledHealthIndicator("discordgatewayconsumer")
	@ConditionalOnMissingBean(name = "discordGatewayConsumerHealthIndicator")
	DiscordGatewayConsumerHealthIndicator discordGatewayConsumerHealthIndicator(GatewayEventConsumer consumer,
			ConsumerRequirements requirements, ObjectProvider<BrokerGatewayCommandSender> commandSender) {
		return new DiscordGatewayConsumerHealthIndicator(consumer, requirements.properties().getDownAfter(),
				commandSender.getIfUnique());
	}

}
