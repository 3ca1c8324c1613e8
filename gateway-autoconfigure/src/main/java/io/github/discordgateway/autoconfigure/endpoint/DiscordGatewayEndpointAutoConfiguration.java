package io.github.discordgateway.autoconfigure.endpoint;

import java.time.Duration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

import io.github.discordgateway.autoconfigure.DiscordGatewayAutoConfiguration;
import io.github.discordgateway.autoconfigure.DiscordGatewayProperties;
import io.github.discordgateway.core.manager.GatewayShardManager;

/**
 * Provides the {@code gateway} actuator endpoint ({@link GatewayEndpoint}) when the
 * application runs a {@link GatewayShardManager} and the endpoint is available (exposed
 * with {@code management.endpoints.web.exposure.include=gateway}, and not turned off with
 * {@code management.endpoint.gateway.access=none}). It is read-only unless
 * {@code management.endpoint.gateway.access=unrestricted}. Define a
 * {@link GatewayEndpoint} bean to replace it.
 */
@AutoConfiguration(after = DiscordGatewayAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
		"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint",
		"io.github.discordgateway.core.manager.GatewayShardManager" })
@EnableConfigurationProperties(DiscordGatewayProperties.class)
public final class DiscordGatewayEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(GatewayShardManager.class)
	@ConditionalOnAvailableEndpoint(GatewayEndpoint.class)
	GatewayEndpoint discordGatewayEndpoint(GatewayShardManager shardManager, DiscordGatewayProperties properties) {
		Duration cooldown = properties.getEndpoint().getWriteCooldown();
		if (cooldown == null || cooldown.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(
					DiscordGatewayProperties.PREFIX + ".endpoint.write-cooldown", cooldown,
					"must not be negative but was " + cooldown);
		}
		return new GatewayEndpoint(shardManager, cooldown);
	}

}
