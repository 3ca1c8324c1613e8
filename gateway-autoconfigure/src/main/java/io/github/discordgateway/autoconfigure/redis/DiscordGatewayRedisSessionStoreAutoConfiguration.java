package io.github.discordgateway.autoconfigure.redis;

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
import io.github.discordgateway.core.GatewaySessionStore;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.redis.RedisGatewaySessionStore;

/**
 * Keeps shard sessions in Redis (a {@link RedisGatewaySessionStore} from
 * {@code gateway-redis}) when {@code discord.gateway.session-store=redis}, so that any
 * instance of a fleet resumes the sessions of one that was redeployed. Keys use the same
 * prefix as the identify slots ({@code discord.gateway.identify.redis.key-prefix}) and
 * expire after {@code discord.gateway.session-store-ttl}. Without a
 * RedisConnectionFactory, {@link DiscordGatewayAutoConfiguration} stops the start with a
 * message naming the property. Its commands time out after
 * {@code discord.gateway.identify.redis.command-timeout}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		before = DiscordGatewayAutoConfiguration.class)
@ConditionalOnClass({ GatewayShardManager.class, RedisGatewaySessionStore.class, StringRedisTemplate.class })
@ConditionalOnDiscordGateway
@ConditionalOnProperty(prefix = DiscordGatewayProperties.PREFIX, name = "session-store", havingValue = "redis")
@EnableConfigurationProperties(DiscordGatewayProperties.class)
public final class DiscordGatewayRedisSessionStoreAutoConfiguration {

	@Bean
	@ConditionalOnBean(RedisConnectionFactory.class)
	@ConditionalOnMissingBean(GatewaySessionStore.class)
	RedisGatewaySessionStore discordGatewayRedisSessionStore(RedisConnectionFactory connectionFactory,
			DiscordGatewayProperties properties) {
		return new RedisGatewaySessionStore(
				DiscordGatewayRedisAutoConfiguration.timeLimitedTemplate(connectionFactory, properties),
				properties.getIdentify().getRedis().getKeyPrefix().strip(), properties.getSessionStoreTtl());
	}

}
