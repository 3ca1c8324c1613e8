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
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.discordgateway.autoconfigure.ConditionalOnDiscordGateway;
import io.github.discordgateway.autoconfigure.DiscordGatewayAutoConfiguration;
import io.github.discordgateway.autoconfigure.DiscordGatewayProperties;
import io.github.discordgateway.core.IdentifyCoordinator;
import io.github.discordgateway.core.ShardLeaseManager;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.redis.RedisIdentifyCoordinator;
import io.github.discordgateway.redis.RedisShardLeaseManager;
import io.github.discordgateway.redis.TimeLimitedRedisTemplate;

/**
 * Shares the identify slots of every instance of the bot through Redis when
 * {@code discord.gateway.identify.coordinator=redis}: a {@link RedisIdentifyCoordinator}
 * (from {@code gateway-redis}) on the application's {@link RedisConnectionFactory}
 * (Spring Boot's {@code spring.data.redis.*}), handed to the {@link GatewayShardManager}
 * by {@link DiscordGatewayAutoConfiguration}, and, unless
 * {@code discord.gateway.shards.leases.enabled=false}, a {@link RedisShardLeaseManager}
 * so that each shard runs on one instance only while the others stand by. Each backs off
 * when the application defines its own {@link IdentifyCoordinator} or
 * {@link ShardLeaseManager}. Their Redis commands time out after
 * {@code discord.gateway.identify.redis.command-timeout}. Without gateway-redis and
 * Spring Data Redis, or without a connection factory,
 * {@link DiscordGatewayAutoConfiguration} stops the start with a message naming the
 * property.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		before = DiscordGatewayAutoConfiguration.class)
@ConditionalOnClass({ GatewayShardManager.class, RedisIdentifyCoordinator.class, StringRedisTemplate.class })
@ConditionalOnDiscordGateway
@ConditionalOnProperty(prefix = DiscordGatewayProperties.PREFIX + ".identify", name = "coordinator",
		havingValue = "redis")
@EnableConfigurationProperties(DiscordGatewayProperties.class)
public final class DiscordGatewayRedisAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(DiscordGatewayRedisAutoConfiguration.class);

	static final String KEY_PREFIX_PROPERTY = DiscordGatewayProperties.PREFIX + ".identify.redis.key-prefix";

	static final String COMMAND_TIMEOUT_PROPERTY = DiscordGatewayProperties.PREFIX + ".identify.redis.command-timeout";

	static final String LEASES_PREFIX = DiscordGatewayProperties.PREFIX + ".shards.leases";

	@Bean
	@ConditionalOnBean(RedisConnectionFactory.class)
	@ConditionalOnMissingBean(IdentifyCoordinator.class)
	RedisIdentifyCoordinator discordGatewayRedisIdentifyCoordinator(RedisConnectionFactory connectionFactory,
			DiscordGatewayProperties properties) {
		String keyPrefix = properties.getIdentify().getRedis().getKeyPrefix();
		if (keyPrefix == null || keyPrefix.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(KEY_PREFIX_PROPERTY, keyPrefix,
					"must not be empty. Use the same prefix on every instance of the bot, for example the default 'discord-gateway'.");
		}
		Duration interval = properties.getIdentifyInterval();
		if (interval == null || interval.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(DiscordGatewayProperties.PREFIX + ".identify-interval",
					interval, "must not be negative but was " + interval);
		}
		RedisIdentifyCoordinator coordinator = new RedisIdentifyCoordinator(
				timeLimitedTemplate(connectionFactory, properties), keyPrefix.strip(), interval);
		logger.info(
				"Identify slots are shared through Redis: keys {}, one IDENTIFY per bucket every {} ms (instance {})",
				"{" + keyPrefix.strip() + ":identify}:<max_concurrency>:<bucket>", interval.toMillis(),
				coordinator.instanceId());
		return coordinator;
	}

	@Bean
	@ConditionalOnBean(RedisConnectionFactory.class)
	@ConditionalOnMissingBean(ShardLeaseManager.class)
	@ConditionalOnProperty(prefix = LEASES_PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
	RedisShardLeaseManager discordGatewayRedisShardLeaseManager(RedisConnectionFactory connectionFactory,
			DiscordGatewayProperties properties) {
		DiscordGatewayProperties.Leases leases = properties.getShards().getLeases();
		Duration ttl = leases.getTtl();
		if (ttl == null || ttl.toMillis() < 30) {
			throw new InvalidConfigurationPropertyValueException(LEASES_PREFIX + ".ttl", ttl,
					"must be at least 30ms but was " + ttl
							+ ". A standby takes a shard over at most ttl + poll-interval after its instance died; the default is 10s.");
		}
		Duration poll = leases.getPollInterval();
		if (poll == null || poll.isNegative() || poll.isZero()) {
			throw new InvalidConfigurationPropertyValueException(LEASES_PREFIX + ".poll-interval", poll,
					"must be positive but was " + poll);
		}
		TimeLimitedRedisTemplate redis = timeLimitedTemplate(connectionFactory, properties);
		if (redis.timeout().compareTo(ttl.dividedBy(3)) > 0) {
			throw new InvalidConfigurationPropertyValueException(COMMAND_TIMEOUT_PROPERTY, redis.timeout(),
					"must not be longer than a third of " + LEASES_PREFIX + ".ttl (" + ttl.toMillis() + " ms) but was "
							+ redis.timeout().toMillis()
							+ " ms. Leases are renewed every third of their TTL; a renewal must be able to answer in time.");
		}
		RedisShardLeaseManager leaseManager = new RedisShardLeaseManager(redis,
				properties.getIdentify().getRedis().getKeyPrefix().strip(), ttl, poll);
		logger.info("Shards run under leases in Redis (keys {}, ttl {} ms, standby poll {} ms) as instance {}",
				leaseManager.leaseKey(0, 1).replace(":1:0", ":<total>:<shard>"), ttl.toMillis(), poll.toMillis(),
				leaseManager.instanceId());
		return leaseManager;
	}

	/** The application's Redis, with the gateway's own command timeout. */
	static TimeLimitedRedisTemplate timeLimitedTemplate(RedisConnectionFactory connectionFactory,
			DiscordGatewayProperties properties) {
		Duration timeout = properties.getIdentify().getRedis().getCommandTimeout();
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new InvalidConfigurationPropertyValueException(COMMAND_TIMEOUT_PROPERTY, timeout,
					"must be positive but was " + timeout);
		}
		TimeLimitedRedisTemplate template = new TimeLimitedRedisTemplate(connectionFactory, timeout);
		template.afterPropertiesSet();
		return template;
	}

}
