package io.github.discordgateway.autoconfigure.forwarding;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import io.github.discordgateway.forwarding.DispatchForwarder;

/**
 * Contributes the {@code discordGatewayForwarding} health indicator
 * ({@link DiscordGatewayForwardingHealthIndicator}) when dispatches are forwarded to a
 * broker. Turn it off with
 * {@code management.health.discordgatewayforwarding.enabled=false}.
 */
@AutoConfiguration(after = DiscordGatewayForwardingAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, DispatchForwarder.class })
@ConditionalOnBean(DispatchForwarder.class)
@EnableConfigurationProperties(DiscordGatewayForwardingProperties.class)
public final class DiscordGatewayForwardingHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnEnabledHealthIndicator("discordgatewayforwarding")
	@ConditionalOnMissingBean(name = "discordGatewayForwardingHealthIndicator")
	DiscordGatewayForwardingHealthIndicator discordGatewayForwardingHealthIndicator(DispatchForwarder forwarder,
			DiscordGatewayForwardingProperties properties) {
		return new DiscordGatewayForwardingHealthIndicator(forwarder, properties.getUnhealthyAfter());
	}

}
