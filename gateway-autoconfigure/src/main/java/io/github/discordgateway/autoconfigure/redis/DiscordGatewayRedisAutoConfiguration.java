package io.github.discordgateway.autoconfigure.redis;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.discordgateway.autoconfigure.ConditionalOnDiscordGateway;
import io.github.discordgateway.autoconfigure.DiscordGatewayAutoConfiguration;
import io.github.discordgateway.autoconfigure.DiscordGatewayProperties;
import io.github.discordgateway.autoconfigure.InvalidGatewayPropertyException;
import io.github.discordgateway.core.GatewayShardManager;
import io.github.discordgateway.core.IdentifyCoordinator;

/**
 * Shares the identify slots of every instance of the bot through Redis when
 * {@code discord.gateway.identify.coordinator=redis}: a {@link RedisIdentifyCoordinator} on the
 * application's {@link RedisConnectionFactory} (Spring Boot's {@code spring.data.redis.*}), handed to
 * the {@link GatewayShardManager} by {@link DiscordGatewayAutoConfiguration}. Backs off when the
 * application defines its own {@link IdentifyCoordinator}. Without Spring Data Redis or a
 * connection factory, {@link DiscordGatewayAutoConfiguration} stops the start with a message naming
 * the property.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		before = DiscordGatewayAutoConfiguration.class)
@ConditionalOnClass({ GatewayShardManager.class, StringRedisTemplate.class })
@ConditionalOnDiscordGateway
@ConditionalOnProperty(prefix = DiscordGatewayProperties.PREFIX + ".identify", name = "coordinator", havingValue = "redis")
@EnableConfigurationProperties(DiscordGatewayProperties.class)
public final class DiscordGatewayRedisAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(DiscordGatewayRedisAutoConfiguration.class);

	static final String KEY_PREFIX_PROPERTY = DiscordGatewayProperties.PREFIX + ".identify.redis.key-prefix";

	@Bean
	@ConditionalOnBean(RedisConnectionFactory.class)
	@ConditionalOnMissingBean(IdentifyCoordinator.class)
	RedisIdentifyCoordinator discordGatewayRedisIdentifyCoordinator(RedisConnectionFactory connectionFactory,
			DiscordGatewayProperties properties) {
		String keyPrefix = properties.getIdentify().getRedis().getKeyPrefix();
		if (keyPrefix == null || keyPrefix.isBlank()) {
			throw new InvalidGatewayPropertyException(KEY_PREFIX_PROPERTY, "must not be empty",
					"Use the same prefix on every instance of the bot, for example the default 'discord-gateway'.");
		}
		Duration interval = properties.getIdentifyInterval();
		if (interval == null || interval.isNegative()) {
			throw new InvalidGatewayPropertyException(DiscordGatewayProperties.PREFIX + ".identify-interval",
					"must not be negative but was " + interval);
		}
		RedisIdentifyCoordinator coordinator = new RedisIdentifyCoordinator(new StringRedisTemplate(connectionFactory),
				keyPrefix.strip(), interval);
		logger.info("Identify slots are shared through Redis: keys {}, one IDENTIFY per bucket every {} ms (instance {})",
				keyPrefix.strip() + ":identify:<max_concurrency>:<bucket>", interval.toMillis(),
				coordinator.instanceId());
		return coordinator;
	}

}
