package io.github.discordgateway.test;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class FaultInjectionTest {

	private GatewaySimulator sim;

	private TestGatewayClient client;

	private SimulatedConnection connection;

	@BeforeEach
	void start() {
		sim = GatewaySimulator.builder().token("tok").guilds(2).build().start();
		client = TestGatewayClient.connect(sim);
		client.awaitOp(10);
		client.identify("tok");
		await().atMost(TestGatewayClient.TIMEOUT).until(() -> client.dispatches().size() == 3);
		connection = sim.latestConnection().orElseThrow();
	}

	@AfterEach
	void stop() {
		client.close();
		sim.close();
	}

	@Test
	void reconnectAndHeartbeatRequestAreSentOnDemand() {
		connection.sendReconnect();
		assertThat(client.awaitOp(7).get("d").isNull()).isTrue();
		connection.requestHeartbeat();
		assertThat(client.awaitOp(1).get("d").isNull()).isTrue();
		assertThat(connection.isOpen()).isTrue();
	}

	@Test
	void invalidSessionTrueKeepsTheSessionForAResumeOnTheSameSocket() {
		String sessionId = client.awaitDispatch("READY").get("d").get("session_id").asString();
		connection.sendInvalidSession(true);
		assertThat(client.awaitOp(9).get("d").asBoolean()).isTrue();
		sim.dispatch("MESSAGE_CREATE", "{}"); // buffered: nobody carries the session now
		assertThat(client.dispatches()).hasSize(3);

		client.resume("tok", sessionId, 3);
		client.awaitDispatch("RESUMED");
		assertThat(client.dispatches()).extracting(p -> p.get("t").asString())
			.containsExactly("READY", "GUILD_CREATE", "GUILD_CREATE", "MESSAGE_CREATE", "RESUMED");
	}

	@Test
	void invalidSessionFalseEndsTheSession() {
		connection.sendInvalidSession(false);
		assertThat(client.awaitOp(9).get("d").asBoolean()).isFalse();
		assertThat(sim.sessions().get(0).isInvalidated()).isTrue();
	}

	@Test
	void withheldAcksAreNotSentButHeartbeatsStillRecorded() {
		connection.withholdAcks(true);
		client.heartbeat(3L);
		await().atMost(TestGatewayClient.TIMEOUT).until(() -> connection.heartbeats().size() == 1);
		connection.withholdAcks(false);
		client.heartbeat(3L);
		client.awaitOp(11);
		assertThat(client.payloads.stream().filter(p -> p.get("op").asInt() == 11)).hasSize(1);
	}

	@Test
	void silentConnectionSwallowsEverythingButSessionKeepsBuffering() {
		connection.goSilent();
		client.heartbeat(3L);
		sim.dispatch("MESSAGE_CREATE", "{}");
		// The heartbeat was read and swallowed, and the dispatch sequenced for a later
		// RESUME.
		await().atMost(TestGatewayClient.TIMEOUT)
			.until(() -> connection.ignoredFrames() >= 1 && sim.sessions().get(0).lastSequence() == 4);

		assertThat(client.payloads).noneMatch(p -> p.get("op").asInt() == 11);
		assertThat(client.dispatches()).hasSize(3);
		assertThat(connection.isOpen()).isTrue();
		assertThat(connection.heartbeats()).isEmpty();
		assertThat(sim.sessions().get(0).lastSequence()).isEqualTo(4);
	}

	@Test
	void serverCloseWithResumableCodeKeepsTheSessionAndSessionEndingCodeEndsIt() {
		connection.close(4000, "Unknown error");
		assertThat(client.awaitClose()).isEqualTo(4000);
		assertThat(sim.sessions().get(0).isInvalidated()).isFalse();

		try (TestGatewayClient other = TestGatewayClient.connect(sim)) {
			other.awaitOp(10);
			other.identify("tok");
			// default identify window is 5 s: the second session start is refused
			assertThat(other.awaitOp(9).get("d").asBoolean()).isFalse();
		}
		assertThatThrownBy(() -> connection.close(1006, "x")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void sessionEndingCloseCodeInvalidatesTheSession() {
		connection.close(4009, "Session timed out");
		assertThat(client.awaitClose()).isEqualTo(4009);
		assertThat(sim.sessions().get(0).isInvalidated()).isTrue();
	}

	@Test
	void oversizedDispatchAndRawMessagesReachTheClient() {
		long seq = connection.sendOversized(2 << 20);
		JsonNode chunk = client.awaitDispatch("GUILD_MEMBERS_CHUNK");
		assertThat(chunk.get("s").asLong()).isEqualTo(seq).isEqualTo(4);
		assertThat(TestGatewayClient.MAPPER.writeValueAsBytes(chunk.get("d")).length).isGreaterThanOrEqualTo(2 << 20);

		connection.sendRawText("{\"op\":42,\"d\":null,\"s\":null,\"t\":null}");
		client.awaitOp(42);
		connection.sendPayload("{\"op\":0,\"t\":\"BRAND_NEW_EVENT\",\"s\":99,\"d\":{}}");
		client.awaitDispatch("BRAND_NEW_EVENT");
	}

	@Test
	void requestGuildMembersIsAnsweredWithAChunk() {
		String guildId = sim.guildIds().get(1);
		client.send("{\"op\":8,\"d\":{\"guild_id\":\"" + guildId
				+ "\",\"user_ids\":[\"1238496297346485656\",\"1\"],\"nonce\":\"n1\"}}");
		JsonNode chunk = client.awaitDispatch("GUILD_MEMBERS_CHUNK").get("d");
		assertThat(chunk.get("guild_id").asString()).isEqualTo(guildId);
		assertThat(chunk.get("members")).hasSize(1);
		assertThat(chunk.get("not_found").get(0).asString()).isEqualTo("1");
		assertThat(chunk.get("nonce").asString()).isEqualTo("n1");
	}

	@Test
	void trafficDeliversRealisticDispatchesWithoutSequenceGaps() {
		sim.startTraffic(200);
		await().atMost(TestGatewayClient.TIMEOUT).until(() -> client.dispatches().size() >= 60);
		sim.stopTraffic();
		long generated = sim.trafficEventsDispatched();
		await().atMost(TestGatewayClient.TIMEOUT).until(() -> client.dispatches().size() == 3 + generated);

		List<JsonNode> dispatches = client.dispatches();
		for (int i = 0; i < dispatches.size(); i++) {
			assertThat(dispatches.get(i).get("s").asLong()).isEqualTo(i + 1);
		}
		List<JsonNode> traffic = dispatches.subList(3, dispatches.size());
		assertThat(traffic).extracting(p -> p.get("t").asString())
			.contains("MESSAGE_CREATE")
			.allMatch(t -> List
				.of("MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE", "TYPING_START", "MESSAGE_REACTION_ADD",
						"PRESENCE_UPDATE", "GUILD_MEMBER_UPDATE")
				.contains(t));
		assertThat(traffic).allMatch(p -> sim.guildIds().contains(p.get("d").get("guild_id").asString()));
		List<String> messageIds = traffic.stream()
			.filter(p -> p.get("t").asString().equals("MESSAGE_CREATE"))
			.map(p -> p.get("d").get("id").asString())
			.toList();
		assertThat(messageIds).doesNotHaveDuplicates();
	}

	@Test
	void fixtureDispatchUsesTheBundledPayload() {
		assertThat(sim.dispatchFixture("INTERACTION_CREATE")).isEqualTo(1);
		JsonNode interaction = client.awaitDispatch("INTERACTION_CREATE");
		assertThat(interaction.get("s").asLong()).isEqualTo(4);
		assertThat(interaction.get("d").get("guild_id").asString()).isEqualTo(sim.guildIds().get(0));
		assertThatThrownBy(() -> sim.dispatchFixture("NOT_A_FIXTURE")).isInstanceOf(IllegalArgumentException.class);
	}

}
