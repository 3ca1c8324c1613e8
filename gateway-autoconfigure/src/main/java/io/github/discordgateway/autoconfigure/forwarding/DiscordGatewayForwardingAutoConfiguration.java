package io.github.discordgateway.autoconfigure.forwarding;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.stream.StreamMessageListenerContainer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.util.ClassUtils;

import io.github.discordgateway.autoconfigure.ConditionalOnDiscordGateway;
import io.github.discordgateway.autoconfigure.DiscordGatewayAutoConfiguration;
import io.github.discordgateway.autoconfigure.DiscordGatewayProperties;
import io.github.discordgateway.autoconfigure.forwarding.DiscordGatewayForwardingProperties.Target;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.event.ApplicationEventGatewayListener;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.forwarding.DispatchForwarder;
import io.github.discordgateway.forwarding.EnvelopeWriter;
import io.github.discordgateway.forwarding.ForwardingObserver;
import io.github.discordgateway.forwarding.GatewayCommandRouter;
import io.github.discordgateway.forwarding.kafka.KafkaCommandListener;
import io.github.discordgateway.forwarding.kafka.KafkaEnvelopeWriter;
import io.github.discordgateway.forwarding.redis.RedisStreamCommandListener;
import io.github.discordgateway.forwarding.redis.RedisStreamEnvelopeWriter;

/**
 * Forwards every dispatch to the broker {@code discord.gateway.forwarding.target} names,
 * through a {@link DispatchForwarder} that becomes the shard manager's
 * {@link GatewayListener} (it still publishes every dispatch as a Spring event in this
 * process first), and sends the commands workers publish back through this instance's
 * shards. Kafka uses Boot's producer and consumer factories ({@code spring.kafka.*}) with
 * byte-array values, {@code acks=all} and idempotence enforced; Redis Streams use Boot's
 * Lettuce connection factory ({@code spring.data.redis.*}).
 * <p>
 * A target whose client library is missing stops the start with a message naming the
 * property and the dependency. An application {@link GatewayListener} bean replaces the
 * forwarder.
 */
@AutoConfiguration(before = DiscordGatewayAutoConfiguration.class,
		afterName = { "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration" })
@ConditionalOnClass({ GatewayShardManager.class, DispatchForwarder.class })
@ConditionalOnDiscordGateway
@EnableConfigurationProperties({ DiscordGatewayForwardingProperties.class, DiscordGatewayProperties.class })
public final class DiscordGatewayForwardingAutoConfiguration {

	static final String TARGET_PROPERTY = ForwardingTargetCondition.PROPERTY;

	/** Checks at startup that the configured target's client library is there. */
	@Bean
	static ForwardingClientCheck discordGatewayForwardingClientCheck(Environment environment,
			ResourceLoader resourceLoader) {
		return new ForwardingClientCheck(ForwardingTargetCondition.configured(Binder.get(environment)),
				resourceLoader.getClassLoader());
	}

	static DispatchForwarder forwarder(EnvelopeWriter writer, DiscordGatewayForwardingProperties properties,
			DiscordGatewayProperties gatewayProperties, ObjectProvider<GatewayShardManager> shardManager,
			ApplicationEventPublisher publisher, ObjectProvider<ForwardingObserver> observer) {
		return DispatchForwarder.builder(writer, () -> shardTotal(shardManager))
			.localListener(new ApplicationEventGatewayListener(publisher))
			.forwardedTypes(forwardedTypes(properties.getEventTypes(), properties.getExcludeEventTypes()))
			.observer(observer.getIfAvailable(() -> ForwardingObserver.NONE))
			.maxInFlight(properties.getMaxInFlight())
			.retryBackoff(properties.getRetryBackoff(), properties.getRetryBackoffMax())
			.closeTimeout(gatewayProperties.getCloseTimeout())
			.build();
	}

	/** Checks the settings before anything connects. */
	static void validate(DiscordGatewayForwardingProperties properties) {
		if (properties.getMaxInFlight() < 1) {
			throw new InvalidConfigurationPropertyValueException(
					DiscordGatewayForwardingProperties.PREFIX + ".max-in-flight", properties.getMaxInFlight(),
					"must be at least 1 but was " + properties.getMaxInFlight());
		}
		requirePositive("retry-backoff", properties.getRetryBackoff());
		requirePositive("retry-backoff-max", properties.getRetryBackoffMax());
		requirePositive("unhealthy-after", properties.getUnhealthyAfter());
	}

	private static int shardTotal(ObjectProvider<GatewayShardManager> shardManager) {
		Integer total = shardManager.getObject().shardTotal();
		// Dispatches only arrive once the manager knows the total
		return (total != null) ? total : 1;
	}

	private static void requirePositive(String name, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(DiscordGatewayForwardingProperties.PREFIX + "." + name,
					value, "must be positive but was " + value);
		}
	}

	static Predicate<String> forwardedTypes(Set<String> included, Set<String> excluded) {
		Set<String> include = Set.copyOf(included);
		Set<String> exclude = Set.copyOf(excluded);
		return (type) -> (include.isEmpty() || include.contains(type)) && !exclude.contains(type);
	}

	static String commandGroup(DiscordGatewayForwardingProperties forwarding, DiscordGatewayProperties gateway) {
		if (forwarding.getCommandGroup() != null && !forwarding.getCommandGroup().isBlank()) {
			return forwarding.getCommandGroup();
		}
		Integer index = gateway.getShards().getInstanceIndex();
		return "discord-gateway-instance-" + ((index != null) ? index : 0);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(KafkaTemplate.class)
	@Conditional(ForwardingTargetCondition.Kafka.class)
	static final class KafkaForwardingConfiguration {

		@Bean
		@ConditionalOnMissingBean(GatewayListener.class)
		DispatchForwarder discordGatewayDispatchForwarder(ProducerFactory<?, ?> producerFactory,
				DiscordGatewayForwardingProperties properties, DiscordGatewayProperties gatewayProperties,
				ObjectProvider<GatewayShardManager> shardManager, ApplicationEventPublisher publisher,
				ObjectProvider<ForwardingObserver> observer) {
			validate(properties);
			Map<String, Object> overrides = Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
					ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class, ProducerConfig.ACKS_CONFIG,
					"all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
			@SuppressWarnings("unchecked")
			ProducerFactory<String, byte[]> envelopes = (ProducerFactory<String, byte[]>) producerFactory
				.copyWithConfigurationOverride(overrides);
			KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(envelopes);
			return forwarder(new KafkaEnvelopeWriter(template, properties.getKafka().getTopic()), properties,
					gatewayProperties, shardManager, publisher, observer);
		}

		@Bean
		@ConditionalOnProperty(prefix = DiscordGatewayForwardingProperties.PREFIX, name = "commands-enabled",
				matchIfMissing = true)
		KafkaMessageListenerContainer<String, byte[]> discordGatewayKafkaCommandContainer(
				ConsumerFactory<?, ?> consumerFactory, GatewayShardManager shardManager,
				DiscordGatewayForwardingProperties properties, DiscordGatewayProperties gatewayProperties) {
			Map<String, Object> configs = new HashMap<>(consumerFactory.getConfigurationProperties());
			configs.put(ConsumerConfig.GROUP_ID_CONFIG, commandGroup(properties, gatewayProperties));
			configs.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
			configs.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
			configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
			configs.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
			ContainerProperties container = new ContainerProperties(properties.getKafka().getCommandTopic());
			container.setMessageListener(new KafkaCommandListener(new GatewayCommandRouter(shardManager)));
			container.setAckMode(ContainerProperties.AckMode.RECORD);
			return new KafkaMessageListenerContainer<>(new DefaultKafkaConsumerFactory<String, byte[]>(configs),
					container);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ReactiveRedisConnectionFactory.class, StreamMessageListenerContainer.class })
	@Conditional(ForwardingTargetCondition.RedisStream.class)
	static final class RedisStreamForwardingConfiguration {

		@Bean
		@ConditionalOnMissingBean(GatewayListener.class)
		DispatchForwarder discordGatewayDispatchForwarder(
				ObjectProvider<ReactiveRedisConnectionFactory> connectionFactory,
				DiscordGatewayForwardingProperties properties, DiscordGatewayProperties gatewayProperties,
				ObjectProvider<GatewayShardManager> shardManager, ApplicationEventPublisher publisher,
				ObjectProvider<ForwardingObserver> observer) {
			validate(properties);
			ReactiveRedisConnectionFactory factory = connectionFactory.getIfAvailable();
			if (factory == null) {
				throw new InvalidConfigurationPropertyValueException(TARGET_PROPERTY, "redis-stream",
						"\"redis-stream\" needs a reactive Redis connection factory (Lettuce) but there is none. "
								+ "Use spring-boot-starter-data-redis (Lettuce) and configure spring.data.redis.*.");
			}
			if (properties.getRedis().getMaxLength() < 1) {
				throw new InvalidConfigurationPropertyValueException(
						DiscordGatewayForwardingProperties.PREFIX + ".redis.max-length",
						properties.getRedis().getMaxLength(),
						"must be at least 1 but was " + properties.getRedis().getMaxLength());
			}
			return forwarder(
					new RedisStreamEnvelopeWriter(factory, properties.getRedis().getStream(),
							properties.getRedis().getMaxLength()),
					properties, gatewayProperties, shardManager, publisher, observer);
		}

		@Bean
		@ConditionalOnProperty(prefix = DiscordGatewayForwardingProperties.PREFIX, name = "commands-enabled",
				matchIfMissing = true)
		RedisStreamCommandListener discordGatewayRedisStreamCommandListener(RedisConnectionFactory connectionFactory,
				GatewayShardManager shardManager, DiscordGatewayForwardingProperties properties,
				DiscordGatewayProperties gatewayProperties) {
			DiscordGatewayForwardingProperties.Redis redis = properties.getRedis();
			return new RedisStreamCommandListener(connectionFactory, redis.getCommandStream(),
					commandGroup(properties, gatewayProperties), consumerName(), redis.getCommandPollTimeout(),
					new GatewayCommandRouter(shardManager));
		}

		private static String consumerName() {
			try {
				return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
			}
			catch (UnknownHostException ex) {
				return "gateway-" + ProcessHandle.current().pid();
			}
		}

	}

	/**
	 * Fails the start when the configured target's client library is not on the
	 * classpath.
	 */
	static final class ForwardingClientCheck {

		ForwardingClientCheck(Target target, ClassLoader classLoader) {
			if (target == Target.KAFKA
					&& !ClassUtils.isPresent("org.springframework.kafka.core.KafkaTemplate", classLoader)) {
				throw new InvalidConfigurationPropertyValueException(TARGET_PROPERTY, "kafka",
						"\"kafka\" needs spring-kafka (org.springframework.kafka:spring-kafka) on the classpath. "
								+ "Add org.springframework.boot:spring-boot-starter-kafka and configure spring.kafka.*, or choose "
								+ "another target.");
			}
			if (target == Target.REDIS_STREAM && !ClassUtils
				.isPresent("org.springframework.data.redis.connection.ReactiveRedisConnectionFactory", classLoader)) {
				throw new InvalidConfigurationPropertyValueException(TARGET_PROPERTY, "redis-stream",
						"\"redis-stream\" needs Spring Data Redis (org.springframework.data:spring-data-redis) with "
								+ "Lettuce on the classpath. Add org.springframework.boot:spring-boot-starter-data-redis and configure spring.data.redis.*, "
								+ "or choose another target.");
			}
		}

	}

}
