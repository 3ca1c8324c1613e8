package io.github.discordgateway.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.consumer.GatewayEventConsumer;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.test.EmbeddedGatewaySimulatorInitializer;

/**
 * The sample bot with the worker profile: no simulator, no gateway connection, and its
 * listeners (BotActivityLog) see the events forwarded to Kafka, each once.
 */
@SpringBootTest(properties = { "discord.gateway.consumer.source=kafka", "sample.summary-interval=300ms",
		"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}" })
@ActiveProfiles("worker")
@EmbeddedKafka(partitions = 2, topics = "discord-gateway-events",
		brokerProperties = "group.initial.rebalance.delay.ms=0")
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class SampleWorkerProfileTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Autowired
	private ConfigurableApplicationContext context;

	@Autowired
	private EmbeddedKafkaBroker broker;

	@Test
	void consumesForwardedEventsInsteadOfConnecting(CapturedOutput output) {
		assertThat(this.context.getBeanProvider(GatewayShardManager.class).getIfAvailable()).isNull();
		assertThat(this.context.containsBean(EmbeddedGatewaySimulatorInitializer.BEAN_NAME)).isFalse();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString()),
				new StringSerializer(), new ByteArraySerializer())) {
			for (int seq = 1; seq <= 10; seq++) {
				GatewayEnvelope envelope = new GatewayEnvelope(0, 1, "session", seq, "MESSAGE_CREATE", "5000",
						Instant.now(),
						("{\"id\":\"" + seq + "\",\"channel_id\":\"7\",\"guild_id\":\"5000\",\"content\":\"hi " + seq
								+ "\",\"author\":{\"id\":\"1\",\"username\":\"ada\"}}")
							.getBytes(StandardCharsets.UTF_8));
				producer
					.send(new ProducerRecord<>("discord-gateway-events", envelope.partitionKey(), envelope.toJson()));
				if (seq == 10) {
					// A replay after a resume: dropped by the worker.
					producer.send(
							new ProducerRecord<>("discord-gateway-events", envelope.partitionKey(), envelope.toJson()));
				}
			}
		}
		GatewayEventConsumer consumer = this.context.getBean(GatewayEventConsumer.class);
		await().atMost(TIMEOUT).until(() -> consumer.statistics().duplicates() == 1);
		int before = output.getOut().length();
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(output.getOut().substring(before)).contains("(10 since start)"));
		assertThat(output.getOut()).contains("Message from ada in channel 7: hi 10").doesNotContain("(11 since start)");
	}

}
