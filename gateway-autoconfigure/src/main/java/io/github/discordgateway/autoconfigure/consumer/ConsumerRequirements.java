package io.github.discordgateway.autoconfigure.consumer;

import java.time.Duration;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;

import io.github.discordgateway.autoconfigure.consumer.DiscordGatewayConsumerProperties.Source;

/**
 * The worker's properties, checked before any consumer bean is created: a missing group,
 * a missing client library or an impossible value stops the start with a message naming
 * the property.
 */
final class ConsumerRequirements {

	private static final String PREFIX = DiscordGatewayConsumerProperties.PREFIX;

	private final DiscordGatewayConsumerProperties properties;

	private ConsumerRequirements(DiscordGatewayConsumerProperties properties) {
		this.properties = properties;
	}

	static ConsumerRequirements check(DiscordGatewayConsumerProperties properties, ClassLoader classLoader) {
		Source source = properties.getSource();
		if (source == null) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".source", null,
					"is empty. Set it to kafka or redis-stream, or remove it to connect to the gateway in this process.");
		}
		requireClass("io.github.discordgateway.consumer.EnvelopeHandler", classLoader, source,
				"io.github.discordgateway:gateway-consumer");
		if (source == Source.KAFKA) {
			requireClass("org.springframework.kafka.core.KafkaTemplate", classLoader, source,
					"Spring Kafka (org.springframework.boot:spring-boot-starter-kafka)");
		}
		else {
			requireClass("org.springframework.data.redis.connection.RedisConnectionFactory", classLoader, source,
					"Spring Data Redis (org.springframework.boot:spring-boot-starter-data-redis)");
		}
		String group = properties.getGroup();
		if (group == null || group.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".group", group, "is required when " + PREFIX
					+ ".source is set. Give every worker of the application the same group, for example its spring.application.name.");
		}
		if (properties.getMaxAttempts() < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".max-attempts", properties.getMaxAttempts(),
					"must be at least 1 but was " + properties.getMaxAttempts());
		}
		requirePositive(PREFIX + ".initial-backoff", properties.getInitialBackoff(), true);
		requirePositive(PREFIX + ".max-backoff", properties.getMaxBackoff(), true);
		if (properties.getMaxBackoff().compareTo(properties.getInitialBackoff()) < 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".max-backoff", properties.getMaxBackoff(),
					"must not be below " + PREFIX + ".initial-backoff (" + properties.getInitialBackoff() + ")");
		}
		requirePositive(PREFIX + ".shutdown-timeout", properties.getShutdownTimeout(), false);
		requirePositive(PREFIX + ".down-after", properties.getDownAfter(), false);
		if (source == Source.KAFKA && properties.getKafka().getConcurrency() < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".kafka.concurrency",
					properties.getKafka().getConcurrency(),
					"must be at least 1 but was " + properties.getKafka().getConcurrency());
		}
		if (source == Source.REDIS_STREAM) {
			DiscordGatewayConsumerProperties.Redis redis = properties.getRedis();
			if (redis.getBatchSize() < 1) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".redis.batch-size", redis.getBatchSize(),
						"must be at least 1 but was " + redis.getBatchSize());
			}
			requirePositive(PREFIX + ".redis.min-idle", redis.getMinIdle(), false);
			requirePositive(PREFIX + ".redis.claim-interval", redis.getClaimInterval(), false);
			requirePositive(PREFIX + ".redis.dedup-window", redis.getDedupWindow(), false);
		}
		return new ConsumerRequirements(properties);
	}

	DiscordGatewayConsumerProperties properties() {
		return this.properties;
	}

	private static void requireClass(String className, ClassLoader classLoader, Source source, String dependency) {
		if (!ClassUtils.isPresent(className, classLoader)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".source", sourceName(source),
					"\"" + sourceName(source) + "\" needs " + dependency + " on the classpath. Add " + dependency
							+ ", or remove " + PREFIX + ".source to connect to the gateway in this process.");
		}
	}

	private static void requirePositive(String property, Duration value, boolean zeroAllowed) {
		if (value == null || value.isNegative() || (!zeroAllowed && value.isZero())) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					"must be " + (zeroAllowed ? "zero or positive" : "positive") + " but was " + value);
		}
	}

	static String sourceName(Source source) {
		return source.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
