package io.github.discordgateway.autoconfigure.consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;

import io.github.discordgateway.autoconfigure.DiscordGatewayAutoConfiguration;

/**
 * Makes the application a worker when {@code discord.gateway.consumer.source} is set:
 * instead of connecting to Discord ({@link DiscordGatewayAutoConfiguration} backs off,
 * and no token is needed), it consumes the events a gateway service forwards to Kafka or
 * a Redis stream and publishes them as the same Spring events as in-process, through the
 * application's {@code GatewayListener} (an {@code ApplicationEventGatewayListener}
 * unless it defines its own). Commands go back through the broker with a
 * {@code GatewayCommandSender} bean. The broker connection comes from Spring Boot's own
 * Kafka or Redis auto-configuration ({@code spring.kafka.*},
 * {@code spring.data.redis.*}).
 * <p>
 * A missing group, a missing client library or a missing connection factory stops the
 * start with a message naming the property and the dependency.
 */
@AutoConfiguration(before = DiscordGatewayAutoConfiguration.class, after = TaskSchedulingAutoConfiguration.class,
		afterName = { "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnProperty(prefix = DiscordGatewayConsumerProperties.PREFIX, name = "source")
@EnableConfigurationProperties(DiscordGatewayConsumerProperties.class)
@Import({ CommonConsumerConfiguration.class, KafkaConsumerConfiguration.class, RedisStreamConsumerConfiguration.class })
public final class DiscordGatewayConsumerAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(DiscordGatewayConsumerAutoConfiguration.class);

	@Bean
	static ConsumerRequirements discordGatewayConsumerRequirements(DiscordGatewayConsumerProperties properties,
			ResourceLoader resourceLoader) {
		ConsumerRequirements requirements = ConsumerRequirements.check(properties, resourceLoader.getClassLoader());
		logger.info(
				"Worker mode: consuming gateway events from {} in group {}; this process opens no gateway connection",
				ConsumerRequirements.sourceName(properties.getSource()), properties.getGroup());
		return requirements;
	}

}
