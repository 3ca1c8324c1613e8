package io.github.discordgateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.forwarding.DispatchForwarder;
import io.github.discordgateway.test.GatewaySimulator;

/**
 * The packaged service's own wiring: it refuses to run without a token, forwards by
 * default, and its Kafka producer settings are ones Kafka accepts.
 */
class GatewayServiceApplicationTests {

	@Test
	void refusesToStartWithoutAToken() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of("discord.gateway.token", " ")));
		assertThatThrownBy(() -> GatewayServiceApplication.gatewayServiceTokenCheck(environment))
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.hasMessageContaining("discord.gateway.token");
		environment.getPropertySources()
			.addFirst(new MapPropertySource("token", Map.of("discord.gateway.token", "service-token")));
		assertThat(GatewayServiceApplication.gatewayServiceTokenCheck(environment)).isNotNull();
	}

	@Test
	void itsKafkaProducerSettingsMakeAProducer() {
		YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
		yaml.setResources(new ClassPathResource("application.yml"));
		Map<String, Object> producer = new HashMap<>();
		String prefix = "spring.kafka.producer.properties.";
		yaml.getObject().forEach((name, value) -> {
			if (name.toString().startsWith(prefix)) {
				producer.put(name.toString().substring(prefix.length()), value.toString());
			}
		});
		assertThat(producer).containsKeys("max.block.ms", "delivery.timeout.ms");
		// What the forwarder enforces, and a bootstrap server nobody listens on: a
		// producer is built without connecting, and refuses contradictory timeouts.
		producer.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1", ProducerConfig.ACKS_CONFIG,
				"all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
		new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer()).close(Duration.ZERO);
	}

	@Test
	void forwardsToARedisStreamByDefaultThroughItsOwnListener() {
		try (GatewaySimulator simulator = GatewaySimulator.builder().token("service-token").build().start()) {
			SpringApplication application = new SpringApplication(GatewayServiceApplication.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			// No Redis is listening on port 1: the shard connects, the writes wait,
			// nothing fails the start.
			try (ConfigurableApplicationContext context = application.run("--discord.gateway.token=service-token",
					"--discord.gateway.api-base-url=" + simulator.apiBaseUrl(), "--spring.data.redis.port=1",
					"--discord.gateway.forwarding.commands-enabled=false", "--discord.gateway.close-timeout=500ms",
					"--spring.jmx.enabled=false")) {
				DispatchForwarder forwarder = context.getBean(DispatchForwarder.class);
				assertThat(context.getBean(GatewayListener.class)).isSameAs(forwarder);
				assertThat(forwarder.status().target()).isEqualTo("redis-stream");
				GatewayShardManager manager = context.getBean(GatewayShardManager.class);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> !manager.shards().isEmpty() && manager.shards().get(0).state() == ShardState.READY);
				await().atMost(Duration.ofSeconds(30)).until(() -> forwarder.status().unconfirmed() > 0);
			}
		}
	}

}
