package io.github.discordgateway.autoconfigure.consumer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.github.discordgateway.consumer.EnvelopeHandler;
import io.github.discordgateway.consumer.redis.RedisStreamCommandPublisher;
import io.github.discordgateway.consumer.redis.RedisStreamEventConsumer;
import io.github.discordgateway.consumer.redis.RedisStreamReplyChannel;
import io.github.discordgateway.consumer.redis.RedisStreamSettings;

/**
 * {@code discord.gateway.consumer.source=redis-stream}: a
 * {@link RedisStreamEventConsumer}, a {@link RedisStreamCommandPublisher} and a
 * {@link RedisStreamReplyChannel} on the application's {@link RedisConnectionFactory}
 * (Spring Boot's {@code spring.data.redis.*}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ RedisConnectionFactory.class, EnvelopeHandler.class })
@Conditional(ConsumerSourceCondition.RedisStream.class)
class RedisStreamConsumerConfiguration {

	@Bean
	RedisStreamEventConsumer discordGatewayConsumer(ConsumerRequirements requirements,
			ObjectProvider<RedisConnectionFactory> connectionFactory, EnvelopeHandler handler) {
		DiscordGatewayConsumerProperties properties = requirements.properties();
		DiscordGatewayConsumerProperties.Redis redis = properties.getRedis();
		return new RedisStreamEventConsumer(requireConnectionFactory(connectionFactory),
				new RedisStreamSettings(redis.getStream(), properties.getGroup(), redis.getConsumerName(),
						redis.getDeadLetterStream(), redis.getBatchSize(), redis.getMinIdle(), redis.getClaimInterval(),
						redis.getDedupKeyPrefix(), redis.getDedupWindow(), properties.getShutdownTimeout()),
				handler);
	}

	@Bean
	RedisStreamCommandPublisher discordGatewayCommandPublisher(ConsumerRequirements requirements,
			ObjectProvider<RedisConnectionFactory> connectionFactory) {
		return new RedisStreamCommandPublisher(requireConnectionFactory(connectionFactory),
				requirements.properties().getRedis().getCommandStream());
	}

	@Bean
	RedisStreamReplyChannel discordGatewayReplyChannel(ConsumerRequirements requirements,
			ObjectProvider<RedisConnectionFactory> connectionFactory) {
		return new RedisStreamReplyChannel(requireConnectionFactory(connectionFactory),
				requirements.properties().getRedis().getReplyStreamPrefix());
	}

	private static RedisConnectionFactory requireConnectionFactory(ObjectProvider<RedisConnectionFactory> provider) {
		RedisConnectionFactory connectionFactory = provider.getIfUnique();
		if (connectionFactory == null) {
			throw new InvalidConfigurationPropertyValueException(ConsumerSourceCondition.SOURCE, "redis-stream",
					"\"redis-stream\" needs a RedisConnectionFactory bean. "
							+ "Add org.springframework.boot:spring-boot-starter-data-redis and configure spring.data.redis.*.");
		}
		return connectionFactory;
	}

}
