package io.github.discordgateway.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * When the gateway is enabled but has no token, nothing connects: this makes that visible
 * instead of silent. A WARN at startup names where the token was looked for
 * ({@link MissingDiscordGatewayToken}), and with Spring Boot's health support the
 * {@code discordGateway} health component is UNKNOWN with the detail
 * {@code disabled: no token configured}. Set {@code discord.gateway.enabled=false} to run
 * without the gateway on purpose.
 */
@AutoConfiguration(after = DiscordGatewayAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@Conditional(OnMissingDiscordGatewayTokenCondition.class)
public final class DiscordGatewayMissingTokenAutoConfiguration {

	@Bean
	MissingDiscordGatewayToken discordGatewayMissingToken(ConfigurableEnvironment environment) {
		return MissingDiscordGatewayToken.of(environment);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnEnabledHealthIndicator("discordgateway")
		@ConditionalOnMissingBean(name = { "discordGatewayHealthIndicator", "discordGatewayHealthContributor" })
		HealthIndicator discordGatewayHealthIndicator(MissingDiscordGatewayToken missingToken) {
			Health health = Health.unknown()
				.withDetail("disabled", "no token configured")
				.withDetail("checked", missingToken.getChecked())
				.build();
			return () -> health;
		}

	}

}
