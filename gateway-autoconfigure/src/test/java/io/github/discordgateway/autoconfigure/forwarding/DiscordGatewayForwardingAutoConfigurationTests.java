package io.github.discordgateway.autoconfigure.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;

import io.github.discordgateway.autoconfigure.DiscordGatewayAutoConfiguration;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.event.ApplicationEventGatewayListener;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.forwarding.DispatchForwarder;
import io.github.discordgateway.forwarding.ForwardingObserver;
import io.github.discordgateway.forwarding.redis.RedisStreamCommandListener;
import io.github.discordgateway.test.redis.RedisServerExtension;
import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

/**
 * Which forwarder {@code discord.gateway.forwarding.*} configures, and how wrong settings
 * fail.
 */
@ExtendWith(RedisServerExtension.class)
class DiscordGatewayForwardingAutoConfigurationTests {

	/**
	 * A gateway that never answers, with a long backoff: the manager starts but stays
	 * quiet.
	 */
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, DataRedisAutoConfiguration.class,
				DataRedisReactiveAutoConfiguration.class, DiscordGatewayForwardingAutoConfiguration.class,
				DiscordGatewayForwardingHealthContributorAutoConfiguration.class,
				DiscordGatewayForwardingMetricsAutoConfiguration.class, DiscordGatewayAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("discord.gateway.token=forwarding-autoconfig-token", "discord.gateway.url=ws://127.0.0.1:1",
				"discord.gateway.shards.total=1", "discord.gateway.reconnect.initial-backoff=30s",
				"discord.gateway.reconnect.max-backoff=60s");

	@Test
	void nothingIsForwardedByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(DispatchForwarder.class);
			assertThat(context.getBean(GatewayListener.class)).isInstanceOf(ApplicationEventGatewayListener.class);
			assertThat(context).doesNotHaveBean(DiscordGatewayForwardingHealthIndicator.class);
		});
		this.runner.withPropertyValues("discord.gateway.forwarding.target=none")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DispatchForwarder.class));
	}

	@Test
	void kafkaTargetMakesTheForwarderTheShardManagersListener() {
		this.runner
			.withPropertyValues("discord.gateway.forwarding.target=kafka", "spring.kafka.bootstrap-servers=127.0.0.1:1",
					"discord.gateway.forwarding.commands-enabled=false")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(DispatchForwarder.class);
				assertThat(context.getBean(GatewayListener.class)).isSameAs(context.getBean(DispatchForwarder.class));
				assertThat(context).doesNotHaveBean(KafkaMessageListenerContainer.class);
				assertThat(context.getBean(DispatchForwarder.class).status().target()).isEqualTo("kafka");
				assertThat(context.getBean(DispatchForwarder.class).status().destination())
					.isEqualTo("topic discord-gateway-events");
				assertThat(context).hasSingleBean(DiscordGatewayForwardingHealthIndicator.class);
				assertThat(context.getBean(ForwardingObserver.class)).isInstanceOf(MicrometerForwardingObserver.class);
				assertThat(context.getBean(MeterRegistry.class)
					.find(MicrometerForwardingObserver.FORWARDED)
					.tag("target", "kafka")
					.counter()).isNotNull();
			});
	}

	@Test
	void redisStreamTargetReadsCommandsInTheInstancesGroup(RedisServer redis) {
		this.runner
			.withPropertyValues("discord.gateway.forwarding.target=REDIS_STREAM", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + redis.port(), "discord.gateway.shards.instance-index=0",
					"discord.gateway.shards.instance-count=1",
					"discord.gateway.forwarding.redis.command-stream=" + RedisServer.uniquePrefix("commands"))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(DispatchForwarder.class);
				assertThat(context.getBean(DispatchForwarder.class).status().destination())
					.isEqualTo("stream discord:gateway:events");
				assertThat(context).hasSingleBean(RedisStreamCommandListener.class);
				assertThat(context.getBean(RedisStreamCommandListener.class).isRunning()).isTrue();
			});
	}

	@Test
	void anApplicationListenerReplacesTheForwarder(RedisServer redis) {
		this.runner
			.withPropertyValues("discord.gateway.forwarding.target=redis-stream",
					"spring.data.redis.port=" + redis.port(), "discord.gateway.forwarding.commands-enabled=false")
			.withUserConfiguration(OwnListener.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(DispatchForwarder.class);
				assertThat(context.getBean(GatewayShardManager.class)).isNotNull();
			});
	}

	@Test
	void kafkaTargetWithoutSpringKafkaFailsNamingThePropertyAndTheDependency() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.kafka"))
			.withPropertyValues("discord.gateway.forwarding.target=kafka")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("discord.gateway.forwarding.target")
				.hasMessageContaining("spring-kafka"));
	}

	@Test
	void redisStreamTargetWithoutSpringDataRedisFailsNamingThePropertyAndTheDependency() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues("discord.gateway.forwarding.target=redis-stream")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("discord.gateway.forwarding.target")
				.hasMessageContaining("spring-data-redis"));
	}

	@Test
	void anUnknownTargetFailsNamingTheProperty() {
		this.runner.withPropertyValues("discord.gateway.forwarding.target=rabbitmq")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("discord.gateway.forwarding.target")
				.hasStackTraceContaining("rabbitmq"));
	}

	@Test
	void invalidSettingsFailNamingTheProperty(RedisServer redis) {
		this.runner
			.withPropertyValues("discord.gateway.forwarding.target=redis-stream",
					"spring.data.redis.port=" + redis.port(), "discord.gateway.forwarding.max-in-flight=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("discord.gateway.forwarding.max-in-flight"));
	}

	@Test
	void eventTypeFilterIncludesAndExcludes() {
		var onlyMessages = DiscordGatewayForwardingAutoConfiguration.forwardedTypes(Set.of("MESSAGE_CREATE"), Set.of());
		assertThat(onlyMessages.test("MESSAGE_CREATE")).isTrue();
		assertThat(onlyMessages.test("PRESENCE_UPDATE")).isFalse();
		var allButPresences = DiscordGatewayForwardingAutoConfiguration.forwardedTypes(Set.of(),
				Set.of("PRESENCE_UPDATE"));
		assertThat(allButPresences.test("MESSAGE_CREATE")).isTrue();
		assertThat(allButPresences.test("PRESENCE_UPDATE")).isFalse();
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnListener {

		@Bean
		GatewayListener ownListener() {
			return (dispatch) -> {
			};
		}

	}

}
