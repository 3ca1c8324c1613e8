package io.github.discordgateway.autoconfigure.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.forwarding.DispatchForwarder;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;

/**
 * The Kafka broker crashes mid-flood and comes back: the shard stops reading once its
 * in-flight window and delivery queue are full, heartbeats go on, health turns
 * OUT_OF_SERVICE, and after the broker's restart (same port, same log directory) every
 * sequence is in the topic, once per session after dropping the copies a retried write
 * may leave. The broker runs in a child JVM ({@link KafkaBrokerProcess}) because the
 * embedded one cannot be restarted.
 */
class KafkaBrokerOutageIntegrationTests {

	private static final String TOKEN = "kafka-outage-token-NzkyNzE1NDU0MTk2MDg4ODQy";

	private static final String EVENTS = "outage-events";

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Test
	void aCrashedBrokerHoldsTheShardBackWithHeartbeatsGoingOnAndLosesNothing() throws Exception {
		try (KafkaBrokerProcess broker = KafkaBrokerProcess.start();
				GatewaySimulator simulator = GatewaySimulator.builder()
					.token(TOKEN)
					.shards(1)
					.guilds(6)
					.heartbeatInterval(Duration.ofSeconds(1))
					.identifyWindow(Duration.ZERO)
					.replayBufferSize(100_000)
					.build()
					.start()) {
			// The gateway starts while the broker starts: its first writes wait.
			try (ConfigurableApplicationContext context = gateway(simulator, broker)) {
				broker.awaitReady();
				broker.createTopic(EVENTS, 3);
				await().atMost(WAIT).until(() -> simulator.session(0).map(SimulatedSession::isConnected).orElse(false));
				DispatchForwarder forwarder = context.getBean(DispatchForwarder.class);
				DiscordGatewayForwardingHealthIndicator health = context
					.getBean(DiscordGatewayForwardingHealthIndicator.class);
				GatewayShard shard = context.getBean(GatewayShardManager.class).shards().get(0);
				ForwardedFlood flood = new ForwardedFlood(simulator);
				flood.dispatch(50, 0);
				await().atMost(WAIT).until(() -> shard.snapshot().sequence() >= 51 && forwarder.unconfirmed() == 0);
				await().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.UP));

				broker.kill();
				flood.dispatch(400, 0);
				// 8 unconfirmed, 16 queued: the reader waits and the rest stays in the
				// socket.
				await().atMost(WAIT)
					.until(() -> shard.snapshot().deliveryBacklog() >= 16 && forwarder.unconfirmed() == 8);
				assertThat(shard.snapshot().sequence())
					.isLessThan(simulator.session(0).orElseThrow().lastSequence() - 300);
				await().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.OUT_OF_SERVICE));
				Health outOfService = health.health();
				assertThat(outOfService.getDetails()).containsEntry("unconfirmed", 8).containsKey("reason");
				SimulatedConnection connection = simulator.session(0).orElseThrow().connection().orElseThrow();
				int heartbeats = connection.heartbeats().size();
				await().atMost(WAIT).until(() -> connection.heartbeats().size() >= heartbeats + 2);
				assertThat(connection.isOpen()).isTrue();

				broker.restart();
				await().atMost(WAIT)
					.until(() -> forwarder.unconfirmed() == 0
							&& shard.snapshot().sequence() == simulator.session(0).orElseThrow().lastSequence());
				flood.assertForwarded(firstCopies(read(broker)), GatewayEnvelope::partitionKey);
				await().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.UP));
				assertThat(simulator.session(0).orElseThrow().resumeCount()).as("the session never broke").isZero();
			}
		}
	}

	private static ConfigurableApplicationContext gateway(GatewaySimulator simulator, KafkaBrokerProcess broker) {
		return new SpringApplicationBuilder(ForwardingApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.run("--discord.gateway.token=" + TOKEN, "--discord.gateway.api-base-url=" + simulator.apiBaseUrl(),
					"--discord.gateway.identify-interval=0s", "--discord.gateway.shards.total=1",
					"--discord.gateway.forwarding.target=kafka", "--discord.gateway.forwarding.kafka.topic=" + EVENTS,
					"--discord.gateway.forwarding.commands-enabled=false",
					"--discord.gateway.forwarding.max-in-flight=8", "--discord.gateway.dispatch-queue-capacity=16",
					"--discord.gateway.forwarding.unhealthy-after=500ms",
					"--discord.gateway.forwarding.retry-backoff-max=500ms",
					"--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
					// The producer gives up on a write after 3 s, so the forwarder's own
					// retry (in order, possibly a second copy) is exercised too.
					"--spring.kafka.producer.properties.request.timeout.ms=1500",
					"--spring.kafka.producer.properties.delivery.timeout.ms=3000",
					"--spring.kafka.producer.properties.max.block.ms=3000",
					"--spring.kafka.producer.properties.reconnect.backoff.max.ms=500", "--spring.jmx.enabled=false");
	}

	/** Every record of the topic, read until a poll brings nothing more. */
	private static List<GatewayEnvelope> read(KafkaBrokerProcess broker) {
		List<GatewayEnvelope> envelopes = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "outage-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
						"earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(EVENTS));
			await().atMost(WAIT).until(() -> {
				int before = envelopes.size();
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					envelopes.add(GatewayEnvelope.fromJson(record.value()));
				}
				return !envelopes.isEmpty() && envelopes.size() == before && consumer.assignment().size() == 3;
			});
		}
		return envelopes;
	}

	/** The first copy of each (session, seq): what a worker handles after dedup. */
	private static List<GatewayEnvelope> firstCopies(List<GatewayEnvelope> envelopes) {
		Set<String> seen = new HashSet<>();
		return envelopes.stream()
			.filter((envelope) -> seen.add(envelope.sessionId() + ":" + envelope.sequence()))
			.toList();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ForwardingApplication {

	}

}
