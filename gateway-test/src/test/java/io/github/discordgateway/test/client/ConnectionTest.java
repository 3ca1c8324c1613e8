package io.github.discordgateway.test.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.github.discordgateway.core.GatewayIntent;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.TokenRejectedException;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.ReceivedPayload;
import io.github.discordgateway.test.SimulatedConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton over real sockets: discovery, HELLO, heartbeats, IDENTIFY, READY,
 * dispatches, stop.
 */
class ConnectionTest {

	@Test
	void identifiesWithTheConfiguredFieldsAndDeliversEveryDispatchInOrder() {
		int intents = GatewayIntent.bitsOf(List.of(GatewayIntent.GUILDS, GatewayIntent.GUILD_MESSAGES));
		try (ClientHarness harness = new ClientHarness(ClientHarness.simulator().guilds(2).build().start(),
				(options) -> options.intents(intents).largeThreshold(100))
			.start()) {
			await().atMost(Duration.ofSeconds(10)).until(() -> harness.recorder.count("GUILD_CREATE") == 2);
			assertThat(harness.simulator.discoveryRequests()).isEqualTo(1);

			ReceivedPayload identify = harness.simulator.identifies().get(0);
			assertThat(identify.d().path("token").asString()).isEqualTo(ClientHarness.TOKEN);
			assertThat(identify.d().path("intents").asInt()).isEqualTo(intents);
			assertThat(identify.d().path("large_threshold").asInt()).isEqualTo(100);
			assertThat(identify.d().path("shard").toString()).isEqualTo("[0,1]");
			assertThat(identify.d().path("properties").path("browser").asString()).isEqualTo("discord-gateway-spring");
			assertThat(identify.d().path("properties").path("device").asString()).isEqualTo("discord-gateway-spring");
			assertThat(identify.d().path("properties").path("os").asString()).isNotBlank();

			SimulatedConnection connection = harness.simulator.latestConnection().orElseThrow();
			assertThat(connection.query()).containsEntry("v", "10")
				.containsEntry("encoding", "json")
				.containsEntry("compress", "zlib-stream");

			for (int i = 0; i < 500; i++) {
				harness.simulator.dispatchFixture("MESSAGE_CREATE");
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> harness.recorder.count("MESSAGE_CREATE") == 500);
			List<Long> sequences = harness.recorder.dispatches.stream().map((dispatch) -> dispatch.sequence()).toList();
			assertThat(sequences).isEqualTo(LongStream.rangeClosed(1, sequences.size()).boxed().toList());
			assertThat(harness.recorder.dispatches.get(0).type()).isEqualTo("READY");
			assertThat(harness.recorder.lifecycle).startsWith("ready:0");
			assertThat(harness.shard().state()).isEqualTo(ShardState.READY);
		}
	}

	@Test
	void heartbeatsCarryTheLastSequenceAndFollowTheInterval() {
		try (ClientHarness harness = new ClientHarness(ClientHarness.simulator().build().start(), (options) -> options)
			.start()) {
			await().atMost(Duration.ofSeconds(10)).until(harness::isReady);
			SimulatedConnection connection = harness.simulator.latestConnection().orElseThrow();
			// the first beat comes within one interval (random jitter), the next ones one
			// interval apart
			await().atMost(Duration.ofSeconds(5)).until(() -> connection.heartbeats().size() >= 4);
			List<ReceivedPayload> beats = connection.heartbeats();
			assertThat(Duration.between(connection.openedAt(), beats.get(0).receivedAt()))
				.isLessThan(Duration.ofMillis(900));
			for (int i = 2; i < beats.size(); i++) {
				Duration gap = Duration.between(beats.get(i - 1).receivedAt(), beats.get(i).receivedAt());
				assertThat(gap).isBetween(Duration.ofMillis(250), Duration.ofMillis(750));
			}
			long sequence = harness.simulator.session(0).orElseThrow().lastSequence();
			await().atMost(Duration.ofSeconds(3)).until(() -> lastBeat(connection).sequence().orElse(-1) == sequence);
			harness.simulator.dispatchFixture("MESSAGE_CREATE");
			await().atMost(Duration.ofSeconds(3))
				.until(() -> lastBeat(connection).sequence().orElse(-1) == sequence + 1);
			assertThat(harness.shard().snapshot().heartbeatLatency()).isNotNull();
		}
	}

	@Test
	void answersAServerHeartbeatRequestAtOnce() {
		try (ClientHarness harness = new ClientHarness(
				ClientHarness.simulator().heartbeatInterval(Duration.ofSeconds(30)).build().start(),
				(options) -> options)
			.start()) {
			await().atMost(Duration.ofSeconds(10)).until(harness::isReady);
			SimulatedConnection connection = harness.simulator.latestConnection().orElseThrow();
			int before = connection.heartbeats().size();
			Instant asked = Instant.now();
			connection.requestHeartbeat();
			await().atMost(Duration.ofSeconds(2)).until(() -> connection.heartbeats().size() > before);
			assertThat(Duration.between(asked, lastBeat(connection).receivedAt())).isLessThan(Duration.ofSeconds(1));
		}
	}

	@Test
	void receivesPayloadsSplitAcrossMessagesAndFramesAndAMultiMegabyteGuildCreate() {
		GatewaySimulator simulator = ClientHarness.simulator()
			.largeGuildCreate(4 * 1024 * 1024)
			.zlibMessageParts(3)
			.framesPerMessage(2)
			.build()
			.start();
		try (ClientHarness harness = new ClientHarness(simulator, (options) -> options).start()) {
			await().atMost(Duration.ofSeconds(20)).until(() -> harness.recorder.count("GUILD_CREATE") == 1);
			var guild = harness.recorder.dispatches.stream()
				.filter((dispatch) -> dispatch.type().equals("GUILD_CREATE"))
				.findFirst()
				.orElseThrow();
			assertThat(guild.data().path("members").size()).isGreaterThan(5000);
			for (int i = 0; i < 50; i++) {
				harness.simulator.dispatchFixture("MESSAGE_CREATE");
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> harness.recorder.count("MESSAGE_CREATE") == 50);
			assertThat(harness.recorder.decodeFailures).isEmpty();
		}
	}

	@Test
	void worksWithoutTransportCompression() {
		try (ClientHarness harness = new ClientHarness(ClientHarness.simulator().framesPerMessage(3).build().start(),
				(options) -> options.compression(io.github.discordgateway.core.GatewayCompression.NONE))
			.start()) {
			await().atMost(Duration.ofSeconds(10)).until(() -> harness.recorder.count("GUILD_CREATE") == 1);
			harness.simulator.dispatchFixture("MESSAGE_CREATE");
			await().atMost(Duration.ofSeconds(5)).until(() -> harness.recorder.count("MESSAGE_CREATE") == 1);
			assertThat(harness.simulator.latestConnection().orElseThrow().query()).doesNotContainKey("compress");
		}
	}

	@Test
	void stopClosesWithNormalClosure() {
		GatewaySimulator simulator = ClientHarness.simulator().build().start();
		ClientHarness harness = new ClientHarness(simulator, (options) -> options).start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(harness::isReady);
			SimulatedConnection connection = simulator.latestConnection().orElseThrow();
			harness.manager.stop();
			await().atMost(Duration.ofSeconds(5)).until(() -> connection.clientCloseCode().isPresent());
			assertThat(connection.clientCloseCode().getAsInt()).isEqualTo(1000);
			assertThat(harness.manager.isRunning()).isFalse();
		}
		finally {
			harness.close();
		}
	}

	@Test
	void rejectedTokenFailsStartWithAClearMessage() {
		try (GatewaySimulator simulator = GatewaySimulator.builder().token("another-token").build().start()) {
			ClientHarness harness = new ClientHarness(simulator, (options) -> options);
			assertThatThrownBy(harness::start).isInstanceOf(TokenRejectedException.class)
				.hasMessageContaining("rejected the bot token")
				.hasMessageNotContaining(ClientHarness.TOKEN);
			assertThat(simulator.connections()).isEmpty();
		}
	}

	@Test
	void retriesDiscoveryAfterServerErrors() {
		GatewaySimulator simulator = ClientHarness.simulator().build().start();
		simulator.failNextDiscoveryRequests(3, 502);
		try (ClientHarness harness = new ClientHarness(simulator, (options) -> options).start()) {
			await().atMost(Duration.ofSeconds(15)).until(harness::isReady);
			assertThat(simulator.discoveryRequests()).isGreaterThanOrEqualTo(4);
		}
	}

	private static ReceivedPayload lastBeat(SimulatedConnection connection) {
		List<ReceivedPayload> beats = connection.heartbeats();
		return beats.get(beats.size() - 1);
	}

}
