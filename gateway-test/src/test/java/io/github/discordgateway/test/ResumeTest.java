package io.github.discordgateway.test;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ResumeTest {

	private GatewaySimulator sim;

	@AfterEach
	void stop() {
		if (sim != null) {
			sim.close();
		}
	}

	/** Identifies and returns the session id; READY is s=1, the one GUILD_CREATE s=2. */
	private String identify(TestGatewayClient client) {
		client.awaitOp(10);
		client.identify("tok");
		String sessionId = client.awaitDispatch("READY").get("d").get("session_id").asString();
		client.awaitDispatch("GUILD_CREATE");
		return sessionId;
	}

	@Test
	void resumeReplaysEverythingAfterSeqInOrderIncludingEventsSentWhileDisconnectedThenResumed() {
		sim = GatewaySimulator.builder().token("tok").resumeGatewayUrl("ws://127.0.0.1:{port}/resume").build().start();
		String sessionId;
		try (TestGatewayClient first = TestGatewayClient.connect(sim)) {
			sessionId = identify(first);
			assertThat(first.awaitDispatch("READY").get("d").get("resume_gateway_url").asString())
				.isEqualTo(sim.gatewayUrl() + "/resume");
			for (int i = 0; i < 3; i++) {
				sim.dispatch("MESSAGE_CREATE", "{\"id\":\"" + (100 + i) + "\",\"content\":\"live " + i + "\"}");
			}
			await().atMost(TestGatewayClient.TIMEOUT).until(() -> first.dispatches().size() == 5);
			first.closeWith(4900); // closing to resume: the session survives
			first.awaitClose();
		}
		SimulatedSession session = sim.sessions().get(0);
		await().atMost(TestGatewayClient.TIMEOUT).until(() -> !session.isConnected());
		// sequenced and buffered while nobody is connected
		assertThat(sim.dispatch("MESSAGE_CREATE",
				"{\"id\":\"200\",\"content\":\"while away\",\"guild_id\":\"" + sim.guildIds().get(0) + "\"}"))
			.isEqualTo(1);
		assertThat(session.lastSequence()).isEqualTo(6);

		try (TestGatewayClient second = TestGatewayClient.connect(sim.resumeGatewayUrl() + "?v=10&encoding=json",
				false)) {
			second.awaitOp(10);
			second.resume("tok", sessionId, 4); // pretend the client only saw up to s=4
			JsonNode resumed = second.awaitDispatch("RESUMED");

			List<JsonNode> dispatches = second.dispatches();
			assertThat(dispatches).extracting(p -> p.get("s").asLong()).containsExactly(5L, 6L, 7L);
			assertThat(dispatches.get(0).get("d").get("content").asString()).isEqualTo("live 2");
			assertThat(dispatches.get(1).get("d").get("content").asString()).isEqualTo("while away");
			assertThat(resumed.get("s").asLong()).isEqualTo(7);
			assertThat(second.dispatches()).noneMatch(p -> p.get("t").asString().equals("READY"));

			sim.dispatch("TYPING_START", "{\"guild_id\":\"" + sim.guildIds().get(0) + "\"}");
			assertThat(second.awaitDispatch("TYPING_START").get("s").asLong()).isEqualTo(8);
		}
		SimulatedConnection resumeConnection = sim.connections().get(1);
		assertThat(resumeConnection.path()).isEqualTo("/resume");
		assertThat(resumeConnection.session()).contains(session);
		assertThat(session.resumeCount()).isEqualTo(1);
		assertThat(sim.resumes()).hasSize(1);
		assertThat(sim.resumes().get(0).sequence()).hasValue(4);
		assertThat(sim.identifies()).hasSize(1);
	}

	@Test
	void resumeOfUnknownSessionGetsInvalidSessionFalse() {
		sim = GatewaySimulator.builder().token("tok").build().start();
		try (TestGatewayClient client = TestGatewayClient.connect(sim)) {
			client.awaitOp(10);
			client.resume("tok", "0123456789abcdef0123456789abcdef", 10);

			JsonNode invalid = client.awaitOp(9);
			assertThat(invalid.get("d").asBoolean()).isFalse();
			// the connection stays usable for a fresh IDENTIFY
			client.identify("tok");
			assertThat(client.awaitDispatch("READY").get("s").asLong()).isEqualTo(1);
		}
	}

	@Test
	void clientClose1000EndsTheSession() {
		sim = GatewaySimulator.builder().token("tok").build().start();
		String sessionId;
		try (TestGatewayClient first = TestGatewayClient.connect(sim)) {
			sessionId = identify(first);
			first.closeWith(1000);
			first.awaitClose();
		}
		await().atMost(TestGatewayClient.TIMEOUT).until(() -> sim.sessions().get(0).isInvalidated());
		assertThat(sim.dispatch("MESSAGE_CREATE", "{}")).isZero();
		try (TestGatewayClient second = TestGatewayClient.connect(sim)) {
			second.awaitOp(10);
			second.resume("tok", sessionId, 2);
			assertThat(second.awaitOp(9).get("d").asBoolean()).isFalse();
		}
	}

	@Test
	void droppedTcpKeepsTheSessionResumableUntilTheResumeWindowPasses() {
		sim = GatewaySimulator.builder().token("tok").resumeWindow(Duration.ofSeconds(1)).build().start();
		String sessionId;
		try (TestGatewayClient first = TestGatewayClient.connect(sim)) {
			sessionId = identify(first);
			sim.latestConnection().orElseThrow().dropTcp();
			assertThat(first.awaitClose()).isEqualTo(1006);
		}
		SimulatedSession session = sim.sessions().get(0);
		await().atMost(TestGatewayClient.TIMEOUT).until(() -> !session.isConnected());
		assertThat(session.isInvalidated()).isFalse();
		await().atMost(TestGatewayClient.TIMEOUT).until(session::isInvalidated);
		try (TestGatewayClient second = TestGatewayClient.connect(sim)) {
			second.awaitOp(10);
			second.resume("tok", sessionId, 2);
			assertThat(second.awaitOp(9).get("d").asBoolean()).isFalse();
		}
	}

	@Test
	void resumeWithSeqOutsideTheBufferIsClosedWith4007() {
		sim = GatewaySimulator.builder().token("tok").replayBufferSize(3).build().start();
		String sessionId;
		try (TestGatewayClient first = TestGatewayClient.connect(sim)) {
			sessionId = identify(first);
			for (int i = 0; i < 5; i++) {
				sim.dispatch("MESSAGE_CREATE", "{}");
			}
			await().atMost(TestGatewayClient.TIMEOUT).until(() -> first.dispatches().size() == 7);
			first.closeWith(4000);
			first.awaitClose();
		}
		try (TestGatewayClient second = TestGatewayClient.connect(sim)) {
			second.awaitOp(10);
			second.resume("tok", sessionId, 2); // buffer holds s=5..7 only: s=3,4 were
												// lost
			assertThat(second.awaitClose()).isEqualTo(4007);
		}
		assertThat(sim.sessions().get(0).isInvalidated()).isTrue();
	}

	@Test
	void resumeWithWrongTokenIs4004() {
		sim = GatewaySimulator.builder().token("tok").build().start();
		try (TestGatewayClient client = TestGatewayClient.connect(sim)) {
			client.awaitOp(10);
			client.resume("other", "0123456789abcdef0123456789abcdef", 1);
			assertThat(client.awaitClose()).isEqualTo(4004);
		}
	}

	@Test
	void closingTheOldSocketWith1000AfterResumingElsewhereKeepsTheSession() {
		sim = GatewaySimulator.builder().token("tok").build().start();
		try (TestGatewayClient old = TestGatewayClient.connect(sim)) {
			String sessionId = identify(old);
			sim.latestConnection().orElseThrow().sendReconnect();
			old.awaitOp(7);
			try (TestGatewayClient fresh = TestGatewayClient.connect(sim)) {
				fresh.awaitOp(10);
				fresh.resume("tok", sessionId, 2);
				fresh.awaitDispatch("RESUMED");
				old.closeWith(1000);
				old.awaitClose();
				await().atMost(TestGatewayClient.TIMEOUT).until(() -> !sim.connections().get(0).isOpen());

				SimulatedSession session = sim.sessions().get(0);
				assertThat(session.isInvalidated()).isFalse();
				assertThat(session.connection()).contains(sim.connections().get(1));
				sim.dispatch("MESSAGE_CREATE", "{}");
				assertThat(fresh.awaitDispatch("MESSAGE_CREATE").get("s").asLong()).isEqualTo(4);
			}
		}
	}

}
