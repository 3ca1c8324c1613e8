package io.github.discordgateway.autoconfigure.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.github.discordgateway.broker.GatewayCommandEnvelope;
import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.forwarding.DispatchForwarder;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;

/**
 * Forwarding to Kafka through spring-kafka's embedded KRaft broker: every dispatch in the
 * topic as an envelope keyed by guild with its headers, in order per key, and commands
 * from the command topic sent through the right shard.
 */
class KafkaForwardingIntegrationTests {

	private static final String TOKEN = "kafka-forwarding-token-NzkyNzE1NDU0MTk2MDg4ODQy";

	private static final String EVENTS = "test-discord-events";

	private static final String COMMANDS = "test-discord-commands";

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static EmbeddedKafkaKraftBroker kafka;

	private ConfigurableApplicationContext context;

	@BeforeAll
	static void startKafka() {
		kafka = new EmbeddedKafkaKraftBroker(1, 4, EVENTS, COMMANDS);
		kafka.afterPropertiesSet();
	}

	@AfterAll
	static void stopKafka() {
		kafka.destroy();
	}

	@AfterEach
	void tearDown() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void everyDispatchIsARecordKeyedByGuildInOrderAndCommandsReachTheirShard() {
		try (GatewaySimulator simulator = GatewaySimulator.builder()
			.token(TOKEN)
			.shards(2)
			.guilds(6)
			.identifyWindow(Duration.ZERO)
			.replayBufferSize(100_000)
			.build()
			.start()) {
			this.context = new SpringApplicationBuilder(ForwardingApplication.class).web(WebApplicationType.NONE)
				.bannerMode(Banner.Mode.OFF)
				.run("--discord.gateway.token=" + TOKEN, "--discord.gateway.api-base-url=" + simulator.apiBaseUrl(),
						"--discord.gateway.identify-interval=0s", "--discord.gateway.forwarding.target=kafka",
						"--discord.gateway.forwarding.kafka.topic=" + EVENTS,
						"--discord.gateway.forwarding.kafka.command-topic=" + COMMANDS,
						"--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
						"--spring.kafka.consumer.auto-offset-reset=earliest", "--spring.jmx.enabled=false");
			await().atMost(WAIT)
				.until(() -> simulator.sessions().size() == 2
						&& simulator.sessions().stream().allMatch(SimulatedSession::isConnected));
			ForwardedFlood flood = new ForwardedFlood(simulator);
			flood.dispatch(1000, 0, 1);
			simulator.session(1).orElseThrow().connection().orElseThrow().sendReconnect();
			flood.dispatch(1000, 0, 1);
			DispatchForwarder forwarder = this.context.getBean(DispatchForwarder.class);
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			try (KafkaConsumer<String, byte[]> consumer = consumer()) {
				consumer.subscribe(List.of(EVENTS));
				await().atMost(WAIT).until(() -> {
					consumer.poll(Duration.ofMillis(200)).forEach(records::add);
					return records.size() >= flood.size() && forwarder.unconfirmed() == 0;
				});
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			List<GatewayEnvelope> envelopes = new ArrayList<>();
			for (ConsumerRecord<String, byte[]> record : records) {
				GatewayEnvelope envelope = GatewayEnvelope.fromJson(record.value());
				assertThat(record.key()).isEqualTo(envelope.partitionKey());
				assertThat(header(record, "discord-type")).isEqualTo(envelope.type());
				assertThat(header(record, "discord-shard")).isEqualTo(Integer.toString(envelope.shardId()));
				assertThat(header(record, "discord-seq")).isEqualTo(Long.toString(envelope.sequence()));
				assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(TOKEN)
					.doesNotContain("NzkyNzE1NDU0MTk2MDg4ODQy");
				envelopes.add(envelope);
			}
			// Records are read partition by partition: order holds per key.
			flood.assertForwarded(envelopes, GatewayEnvelope::partitionKey);

			String presence = "{\"since\":null,\"activities\":[],\"status\":\"dnd\",\"afk\":false}";
			GatewayCommandEnvelope command = new GatewayCommandEnvelope(3, 0, null, null, Instant.now(),
					presence.getBytes(StandardCharsets.UTF_8));
			try (KafkaProducer<String, byte[]> producer = producer()) {
				producer.send(new ProducerRecord<>(COMMANDS, "shard-0", command.toJson()));
			}
			SimulatedConnection shard0 = simulator.session(0).orElseThrow().connection().orElseThrow();
			await().atMost(WAIT).until(() -> !shard0.received(3).isEmpty());
			assertThat(shard0.received(3).get(0).d().path("status").asString()).isEqualTo("dnd");
			assertThat(simulator.session(1).orElseThrow().connection().orElseThrow().received(3)).isEmpty();
		}
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	private static KafkaConsumer<String, byte[]> consumer() {
		return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
				ConsumerConfig.GROUP_ID_CONFIG, "test-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer());
	}

	private static KafkaProducer<String, byte[]> producer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()),
				new StringSerializer(), new ByteArraySerializer());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ForwardingApplication {

	}

}
