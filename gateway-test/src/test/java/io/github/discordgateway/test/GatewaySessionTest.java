package io.github.discordgateway.test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GatewaySessionTest {

	private GatewaySimulator sim;

	@AfterEach
	void stop() {
		if (sim != null) {
			sim.close();
		}
	}

	@Test
	void helloComesFirstWithTheConfiguredIntervalAndATrace() {
		sim = GatewaySimulator.builder().heartbeatInterval(Duration.ofMillis(45000)).build().start();
		try (TestGatewayClient client = TestGatewayClient.connect(sim)) {
			JsonNode hello = client.awaitOp(10);

			assertThat(client.payloads.get(0)).isEqualTo(hello);
			assertThat(hello.get("d").get("heartbeat_interval").asLong()).isEqualTo(45000);
			assertThat(hello.get("d").get("_trace").isArray()).isTrue();
			assertThat(hello.get("s").isNull()).isTrue();
			assertThat(hello.get("t").isNull()).isTrue();
			assertThat(client.textMessages).hasSize(1); // JSON without compression
														// travels as text
			SimulatedConnection connection = sim.latestConnection().orElseThrow();
			assertThat(connection.path()).isEqualTo("/");
			assertThat(connection.query()).containsEntry("v", "10").containsEntry("encoding", "json");
			assertThat(connection.host()).isEqualTo("127.0.0.1:" + sim.port());
		}
	}

	@Test
	void identifyGetsReadyWithSequenceOneThenOneGuildCreatePerGuild() {
		sim = GatewaySimulator.builder().token("tok").guilds(3).build().start();
		try (TestGatewayClient client = TestGatewayClient.connect(sim)) {
			client.awaitOp(10);
			client.identify("tok");

			await().atMost(TestGatewayClient.TIMEOUT).until(() -> client.dispatches().size() == 4);
			List<JsonNode> dispatches = client.dispatches();
			JsonNode ready = dispatches.get(0);
			assertThat(ready.get("t").asString()).isEqualTo("READY");
			assertThat(ready.get("s").asLong()).isEqualTo(1);
			JsonNode d = ready.get("d");
			assertThat(d.get("session_id").asString()).matches("[0-9a-f]{32}");
			assertThat(d.get("resume_gateway_url").asString()).isEqualTo(sim.gatewayUrl());
			assertThat(d.get("v").asInt()).isEqualTo(10);
			assertThat(d.get("user").get("id").asString()).isEqualTo("1238496297346485656");
			assertThat(d.get("application").get("id").asString()).isEqualTo("1238496297346485656");
			assertThat(d.has("shard")).as("no shard echo when none was sent").isFalse();
			assertThat(d.get("guilds")).hasSize(3);
			assertThat(d.get("guilds").findValuesAsString("id")).containsExactlyElementsOf(sim.guildIds());
			assertThat(d.get("guilds").get(0).get("unavailable").asBoolean()).isTrue();

			for (int i = 1; i <= 3; i++) {
				JsonNode guildCreate = dispatches.get(i);
				assertThat(guildCreate.get("t").asString()).isEqualTo("GUILD_CREATE");
				assertThat(guildCreate.get("s").asLong()).isEqualTo(i + 1);
				assertThat(guildCreate.get("d").get("id").asString()).isEqualTo(sim.guildIds().get(i - 1));
				assertThat(guildCreate.get("d").get("channels")).hasSize(20);
				assertThat(guildCreate.get("d").get("members")).hasSize(50);
			}
			// distinct guilds get distinct channel ids
			assertThat(dispatches.get(1).get("d").get("channels").get(0).get("id"))
				.isNotEqualTo(dispatches.get(2).get("d").get("channels").get(0).get("id"));

			SimulatedSession session = sim.session(0).orElseThrow();
			assertThat(session.id()).isEqualTo(d.get("session_id").asString());
			assertThat(session.lastSequence()).isEqualTo(4);
			assertThat(session.connection()).contains(sim.latestConnection().orElseThrow());
			assertThat(sim.identifies()).hasSize(1);
			assertThat(sim.identifies().get(0).toString()).doesNotContain("tok\"");
		}
	}

	@Test
	void heartbeatIsAckedAndRecordedWithItsSequence() {
		sim = GatewaySimulator.builder().token("tok").build().start();
		try (TestGatewayClient client = TestGatewayClient.connect(sim)) {
			client.awaitOp(10);
			Instant before = Instant.now();
			client.heartbeat(null);
			client.awaitOp(11);
			client.identify("tok");
			client.awaitDispatch("GUILD_CREATE");
			client.heartbeat(2L);

			await().atMost(TestGatewayClient.TIMEOUT)
				.until(() -> client.payloads.stream().filter(p -> p.get("op").asInt() == 11).count() == 2);
			List<ReceivedPayload> beats = sim.latestConnection().orElseThrow().heartbeats();
			assertThat(beats).hasSize(2);
			assertThat(beats.get(0).sequence()).isEmpty();
			assertThat(beats.get(1).sequence()).hasValue(2);
			assertThat(beats.get(0).receivedAt()).isAfterOrEqualTo(before.minusMillis(1));
			assertThat(beats.get(1).receivedAt()).isAfterOrEqualTo(beats.get(0).receivedAt());
		}
	}

	@Test
	void connectionWithoutHeartbeatsIsClosedAfterOneAndAHalfIntervalsButSessionSurvives() {
		sim = GatewaySimulator.builder().token("tok").heartbeatInterval(Duration.ofMillis(300)).build().start();
		try (TestGatewayClient client = TestGatewayClient.connect(sim)) {
			client.awaitOp(10);
			client.identify("tok");
			client.awaitDispatch("READY");

			assertThat(client.awaitClose()).isEqualTo(4000);
			SimulatedConnection connection = sim.latestConnection().orElseThrow();
			assertThat(connection.serverCloseCode()).hasValue(4000);
			Duration lived = Duration.between(connection.openedAt(), Instant.now());
			assertThat(lived).isGreaterThanOrEqualTo(Duration.ofMillis(450));
			assertThat(sim.sessions().get(0).isInvalidated()).isFalse();
		}
	}

	@Test
	void heartbeatingKeepsTheConnectionOpen() {
		sim = GatewaySimulator.builder().token("tok").heartbeatInterval(Duration.ofMillis(400)).build().start();
		try (TestGatewayClient client = TestGatewayClient.connect(sim)) {
			client.awaitOp(10);
			for (int i = 0; i < 6; i++) {
				client.heartbeat(null);
				int acks = i + 1;
				await().atMost(TestGatewayClient.TIMEOUT)
					.until(() -> client.payloads.stream().filter(p -> p.get("op").asInt() == 11).count() == acks);
				// Beat every 150 ms, so that the connection outlives two whole 400 ms
				// intervals only by heartbeating.
				Instant nextBeat = sim.latestConnection().orElseThrow().openedAt().plusMillis(150L * (i + 1));
				await().atMost(TestGatewayClient.TIMEOUT).until(() -> Instant.now().isAfter(nextBeat));
			}
			SimulatedConnection connection = sim.latestConnection().orElseThrow();
			assertThat(Duration.between(connection.openedAt(), Instant.now())).isGreaterThan(Duration.ofMillis(800));
			assertThat(connection.isOpen()).isTrue();
			assertThat(client.closeCode).isNotDone();
		}
	}

}
