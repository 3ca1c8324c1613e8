package io.github.discordgateway.test.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.github.discordgateway.core.GatewayException;
import io.github.discordgateway.core.GatewayPresence;
import io.github.discordgateway.core.GuildMembersRequest;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.ReceivedPayload;
import io.github.discordgateway.test.SimulatedConnection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Outgoing operations: presence, voice state, member requests, the send rate limit and
 * the size limit.
 */
class CommandsTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final GatewayPresence WATCHING = new GatewayPresence("dnd",
			List.of(new GatewayPresence.Activity("the logs", 3, null, null)), false);

	@Test
	void presenceUpdateSubmittedBeforeReadyIsSentOnceReady() {
		GatewaySimulator simulator = ClientHarness.simulator().build().start();
		simulator.setHelloDelay(Duration.ofMillis(500));
		try (ClientHarness harness = new ClientHarness(simulator, (options) -> options).start()) {
			await().atMost(WAIT).until(() -> harness.shard() != null);
			CompletableFuture<Void> sent = harness.manager.updatePresence(WATCHING);
			await().atMost(WAIT).until(sent::isDone);
			assertThat(sent).isCompleted();
			SimulatedConnection connection = simulator.latestConnection().orElseThrow();
			// sent means written by the client; the simulator records it when its reader
			// gets there
			await().atMost(WAIT).until(() -> !connection.received(3).isEmpty());
			ReceivedPayload presence = connection.received(3).get(0);
			assertThat(presence.d().path("status").asString()).isEqualTo("dnd");
			assertThat(presence.d().path("activities").get(0).path("name").asString()).isEqualTo("the logs");
			List<Integer> ops = connection.received()
				.stream()
				.map(ReceivedPayload::op)
				.filter((op) -> op != 1)
				.toList();
			assertThat(ops).startsWith(2, 3);
		}
	}

	@Test
	void payloadsAboveFourKilobytesAreRefusedBeforeSending() {
		try (ClientHarness harness = ready(ClientHarness.simulator())) {
			JsonNode huge = JsonNodeFactory.instance.objectNode().put("status", "x".repeat(5000));
			assertThatThrownBy(() -> harness.shard().send(3, huge).join())
				.hasCauseInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("4096");
			assertThat(harness.simulator.latestConnection().orElseThrow().received(3)).isEmpty();
			assertThat(harness.simulator.latestConnection().orElseThrow().isOpen()).isTrue();
		}
	}

	@Test
	void commandsNeverExceedTheGatewaysSendLimit() {
		// 10 s heartbeats: 9 of the 120 slots per minute stay reserved for heartbeats and
		// handshakes
		try (ClientHarness harness = ready(ClientHarness.simulator().heartbeatInterval(Duration.ofSeconds(10)))) {
			List<CompletableFuture<Void>> sent = new ArrayList<>();
			for (int i = 0; i < 130; i++) {
				sent.add(harness.manager.updatePresence(0, WATCHING));
			}
			SimulatedConnection connection = harness.simulator.latestConnection().orElseThrow();
			await().atMost(WAIT).until(() -> connection.received(3).size() >= 100);
			// what is still queued waits for the window instead of tripping 4008
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(8)).until(connection::isOpen);
			assertThat(connection.received().size()).isLessThanOrEqualTo(120);
			assertThat(connection.received(3).size()).isLessThanOrEqualTo(111);
			assertThat(sent.stream().filter(CompletableFuture::isDone).count())
				.isEqualTo(connection.received(3).size());
			assertThat(harness.shard().state()).isEqualTo(ShardState.READY);
		}
	}

	@Test
	void memberRequestCollectsTheChunksOfItsAnswer() {
		try (ClientHarness harness = ready(ClientHarness.simulator())) {
			long guildId = Long.parseLong(harness.simulator.guildIds().get(0));
			List<JsonNode> members = harness.manager.requestGuildMembers(GuildMembersRequest.byQuery(guildId, "", 0))
				.join();
			assertThat(members).isNotEmpty();
			assertThat(members.get(0).path("user").path("id").asString()).isNotBlank();
			ReceivedPayload request = harness.simulator.latestConnection().orElseThrow().received(8).get(0);
			assertThat(request.d().path("guild_id").asString()).isEqualTo(Long.toString(guildId));
			assertThat(request.d().path("nonce").asString()).isNotBlank();
		}
	}

	@Test
	void aRateLimitedMemberRequestFailsWithDiscordsRetryAfter() {
		try (ClientHarness harness = ready(ClientHarness.simulator())) {
			// The simulator answers no request for a guild it does not simulate, as
			// Discord.
			CompletableFuture<List<JsonNode>> members = harness.manager
				.requestGuildMembers(GuildMembersRequest.byQuery(1L << 22, "", 0));
			SimulatedConnection connection = harness.simulator.latestConnection().orElseThrow();
			await().atMost(WAIT).until(() -> !connection.received(8).isEmpty());
			String nonce = connection.received(8).get(0).d().path("nonce").asString();
			harness.simulator.dispatch("RATE_LIMITED",
					"{\"opcode\":8,\"retry_after\":2.5,\"meta\":{\"guild_id\":\"4194304\",\"nonce\":\"" + nonce
							+ "\"}}");
			assertThatThrownBy(members::join).hasCauseInstanceOf(GatewayException.class)
				.hasMessageContaining("rate-limited the member request; retry after 2.5 s");
		}
	}

	@Test
	void voiceStateGoesToTheShardOfTheGuild() {
		GatewaySimulator simulator = ClientHarness.simulator().shards(2).guilds(4).build().start();
		try (ClientHarness harness = new ClientHarness(simulator, (options) -> options).start()) {
			await().atMost(WAIT)
				.until(() -> harness.manager.shards().size() == 2
						&& harness.manager.shards().stream().allMatch((shard) -> shard.state() == ShardState.READY));
			for (String guild : simulator.guildIds()) {
				long guildId = Long.parseLong(guild);
				harness.manager.updateVoiceState(guildId, 42L, false, true).join();
				int shardId = (int) ((guildId >> 22) % 2);
				SimulatedConnection connection = simulator.session(shardId).orElseThrow().connection().orElseThrow();
				await().atMost(WAIT)
					.until(() -> connection.received(4)
						.stream()
						.anyMatch((payload) -> payload.d().path("guild_id").asString().equals(guild)));
			}
		}
	}

	private static ClientHarness ready(GatewaySimulator.Builder simulator) {
		ClientHarness harness = new ClientHarness(simulator.build().start(), (options) -> options).start();
		await().atMost(WAIT).until(harness::isReady);
		return harness;
	}

}
