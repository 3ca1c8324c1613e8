package io.github.discordgateway.autoconfigure.health;

import java.time.Duration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import io.github.discordgateway.autoconfigure.DiscordGatewayAutoConfiguration;
import io.github.discordgateway.autoconfigure.DiscordGatewayProperties;
import io.github.discordgateway.core.manager.GatewayShardManager;

/**
 * Contributes the {@code discordGateway} health indicator
 * ({@link DiscordGatewayHealthIndicator}) when Spring Boot's health support is present
 * and the application runs a {@link GatewayShardManager}. Turn it off with
 * {@code management.health.discordgateway.enabled=false}, or define a bean named
 * {@code discordGatewayHealthIndicator} (or {@code discordGatewayHealthContributor}) to
 * replace it.
 */
@AutoConfiguration(after = DiscordGatewayAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, GatewayShardManager.class })
@ConditionalOnBean(GatewayShardManager.class)
@EnableConfigurationProperties(DiscordGatewayProperties.class)
public final class DiscordGatewayHealthContributorAutoConfiguration {

	// The conditions that need spring-boot-health classes sit on the method, so that they
	// are only
	// read once the class-level @ConditionalOnClass has matched.
	@Bean
	@ConditionalOnEnabledHealthIndicator("discordgateway")
	@ConditionalOnMissingBean(name = { "discordGatewayHealthIndicator", "discordGatewayHealthContributor" })
	DiscordGatewayHealthIndicator discordGatewayHealthIndicator(GatewayShardManager shardManager,
			DiscordGatewayProperties properties) {
		Duration downAfter = properties.getHealth().getDownAfter();
		if (downAfter == null || downAfter.isNegative() || downAfter.isZero()) {
			throw new InvalidConfigurationPropertyValueException(DiscordGatewayProperties.PREFIX + ".health.down-after",
					downAfter, "must be positive but was " + downAfter);
		}
		return new DiscordGatewayHealthIndicator(shardManager, downAfter);
	}

}
