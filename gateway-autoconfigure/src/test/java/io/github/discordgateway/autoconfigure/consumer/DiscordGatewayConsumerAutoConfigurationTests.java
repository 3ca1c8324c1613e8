package io.github.discordgateway.autoconfigure.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaTemplate;

import io.github.discordgateway.autoconfigure.DiscordGatewayAutoConfiguration;
import io.github.discordgateway.consumer.BrokerGatewayCommandSender;
import io.github.discordgateway.consumer.EnvelopeHandler;
import io.github.discordgateway.consumer.GatewayEventConsumer;
import io.github.discordgateway.consumer.redis.RedisStreamEventConsumer;
import io.github.discordgateway.core.GatewayCommandSender;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.event.ApplicationEventGatewayListener;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.test.redis.RedisServerExtension;
import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

@ExtendWith(RedisServerExtension.class)
class DiscordGatewayConsumerAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DiscordGatewayConsumerAutoConfiguration.class,
				DiscordGatewayAutoConfiguration.class, DataRedisAutoConfiguration.class, KafkaAutoConfiguration.class));

	@Test
	void withoutASourceTheApplicationIsNoWorker() {
		this.runner.withPropertyValues("discord.gateway.token=a-token").run((context) -> {
			assertThat(context).doesNotHaveBean(GatewayEventConsumer.class)
				.doesNotHaveBean(EnvelopeHandler.class)
				.hasSingleBean(GatewayShardManager.class);
		});
	}

	@Test
	void aWorkerConsumesAndNeverConnectsEvenWithAToken(RedisServer redis) {
		this.runner
			.withPropertyValues("discord.gateway.token=a-token", "discord.gateway.consumer.source=redis-stream",
					"discord.gateway.consumer.group=workers",
					"discord.gateway.consumer.redis.stream=" + RedisServer.uniquePrefix("events"),
					"spring.data.redis.port=" + redis.port())
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(GatewayShardManager.class)
					.hasSingleBean(RedisStreamEventConsumer.class)
					.hasSingleBean(GatewayCommandSender.class);
				assertThat(context.getBean(GatewayCommandSender.class)).isInstanceOf(BrokerGatewayCommandSender.class);
				assertThat(context.getBean(GatewayListener.class)).isInstanceOf(ApplicationEventGatewayListener.class);
				assertThat(gatewayConditionMessage(context)).contains("worker mode").doesNotContain("token");
			});
	}

	@Test
	void aSourceWithoutAGroupFailsNamingTheProperty() {
		this.runner.withPropertyValues("discord.gateway.consumer.source=redis-stream")
			.run((context) -> assertFailure(context, "discord.gateway.consumer.group", "is required"));
	}

	@Test
	void kafkaWithoutSpringKafkaFailsNamingTheDependency() {
		this.runner.withClassLoader(new FilteredClassLoader(KafkaTemplate.class))
			.withPropertyValues("discord.gateway.consumer.source=kafka", "discord.gateway.consumer.group=workers")
			.run((context) -> assertFailure(context, "discord.gateway.consumer.source", "Spring Kafka"));
	}

	@Test
	void redisStreamWithoutSpringDataRedisFailsNamingTheDependency() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues("discord.gateway.consumer.source=redis-stream",
					"discord.gateway.consumer.group=workers")
			.run((context) -> assertFailure(context, "discord.gateway.consumer.source", "Spring Data Redis"));
	}

	@Test
	void aSourceWithoutGatewayConsumerFailsNamingTheDependency() {
		this.runner.withClassLoader(new FilteredClassLoader(EnvelopeHandler.class))
			.withPropertyValues("discord.gateway.consumer.source=kafka", "discord.gateway.consumer.group=workers")
			.run((context) -> assertFailure(context, "discord.gateway.consumer.source", "gateway-consumer"));
	}

	@Test
	void kafkaWithoutBootsKafkaAutoConfigurationFailsNamingIt() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DiscordGatewayConsumerAutoConfiguration.class))
			.withPropertyValues("discord.gateway.consumer.source=kafka", "discord.gateway.consumer.group=workers")
			.run((context) -> assertFailure(context, "discord.gateway.consumer.source", "spring-boot-starter-kafka"));
	}

	@Test
	void anImpossibleRetrySettingFailsNamingTheProperty() {
		this.runner
			.withPropertyValues("discord.gateway.consumer.source=kafka", "discord.gateway.consumer.group=workers",
					"discord.gateway.consumer.max-attempts=0")
			.run((context) -> assertFailure(context, "discord.gateway.consumer.max-attempts", "at least 1"));
	}

	private static void assertFailure(AssertableApplicationContext context, String property, String text) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (!(failure instanceof InvalidConfigurationPropertyValueException) && failure.getCause() != null) {
			failure = failure.getCause();
		}
		assertThat(failure).isInstanceOf(InvalidConfigurationPropertyValueException.class);
		InvalidConfigurationPropertyValueException invalid = (InvalidConfigurationPropertyValueException) failure;
		assertThat(invalid.getName()).isEqualTo(property);
		assertThat(invalid.getReason()).contains(text);
	}

	private static String gatewayConditionMessage(AssertableApplicationContext context) {
		StringBuilder messages = new StringBuilder();
		ConditionEvaluationReport.get(context.getBeanFactory())
			.getConditionAndOutcomesBySource()
			.get(DiscordGatewayAutoConfiguration.class.getName())
			.forEach((conditionAndOutcome) -> messages.append(conditionAndOutcome.getOutcome().getMessage())
				.append('\n'));
		return messages.toString();
	}

}
