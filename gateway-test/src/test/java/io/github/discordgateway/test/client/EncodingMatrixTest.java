package io.github.discordgateway.test.client;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.discordgateway.core.GatewayCompression;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.event.Snowflake;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.ReceivedPayload;
import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;
import io.github.discordgateway.test.internal.JsonSupport;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The main flows over every wire format the gateway offers: {@code json}/{@code etf} ×
 * {@code none}/{@code zlib-stream}/{@code zstd-stream}. JSON without compression uses
 * text messages, everything else binary ones. Listeners must see the same events whatever
 * the format.
 */
class EncodingMatrixTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	static Stream<Arguments> matrix() {
		return Stream.of(GatewayEncoding.values())
			.flatMap((encoding) -> Stream.of(GatewayCompression.values())
				.map((compression) -> Arguments.of(encoding, compression)));
	}

	@ParameterizedTest(name = "{0} + {1}")
	@MethodSource("matrix")
	void identifiesAndDeliversTheSameEventsAsJson(GatewayEncoding encoding, GatewayCompression compression) {
		GatewaySimulator simulator = ClientHarness.simulator().guilds(2).largeGuildCreate(512 * 1024).build().start();
		try (ClientHarness harness = new ClientHarness(simulator,
				(options) -> options.encoding(encoding).compression(compression).largeThreshold(100))
			.start()) {
			await().atMost(WAIT).until(() -> harness.recorder.count("GUILD_CREATE") == 2);
			SimulatedConnection connection = simulator.latestConnection().orElseThrow();
			assertThat(connection.query()).containsEntry("v", "10").containsEntry("encoding", encoding.queryValue());
			if (compression.queryValue() != null) {
				assertThat(connection.query()).containsEntry("compress", compression.queryValue());
			}
			else {
				assertThat(connection.query()).doesNotContainKey("compress");
			}

			// what the client sent was decodable in its encoding (ETF: binary frames with
			// binary keys)
			ReceivedPayload identify = simulator.identifies().get(0);
			assertThat(identify.d().path("token").asString()).isEqualTo(ClientHarness.TOKEN);
			assertThat(identify.d().path("large_threshold").asInt()).isEqualTo(100);
			assertThat(identify.d().path("shard").toString()).isEqualTo("[0,1]");
			assertThat(identify.d().path("properties").path("browser").asString()).isEqualTo("discord-gateway-spring");

			// one event model: the delivered trees equal the JSON fixtures, snowflakes
			// included
			simulator.dispatchFixture("MESSAGE_CREATE");
			simulator.dispatchFixture("INTERACTION_CREATE");
			await().atMost(WAIT).until(() -> harness.recorder.count("INTERACTION_CREATE") == 1);
			for (String type : List.of("MESSAGE_CREATE", "INTERACTION_CREATE")) {
				JsonNode expected = JsonSupport.fixture(type.toLowerCase(java.util.Locale.ROOT)).get("d");
				JsonNode delivered = dispatch(harness, type).data();
				assertThat(delivered).as(type).isEqualTo(expected);
				assertThat(Snowflake.parse(delivered.path("id")))
					.isEqualTo(Long.parseUnsignedLong(expected.path("id").asString()));
			}
			JsonNode ready = dispatch(harness, "READY").data();
			assertThat(ready.path("shard").toString()).isEqualTo("[0,1]");
			assertThat(Snowflake.parse(ready.path("user").path("id"))).isPositive();
			assertThat(dispatch(harness, "GUILD_CREATE").data().path("members").size()).isGreaterThan(100);

			// heartbeats carry the last sequence in the connection's encoding
			long sequence = simulator.session(0).orElseThrow().lastSequence();
			connection.requestHeartbeat();
			await().atMost(WAIT)
				.until(() -> !connection.heartbeats().isEmpty() && connection.heartbeats()
					.get(connection.heartbeats().size() - 1)
					.sequence()
					.orElse(-1) == sequence);
			assertThat(harness.recorder.decodeFailures).isEmpty();
			assertDeliveredExactlyOnceInOrder(harness);
		}
	}

	@ParameterizedTest(name = "{0} + {1}")
	@MethodSource("matrix")
	void resumesAfterADropAndAfterCorruptInput(GatewayEncoding encoding, GatewayCompression compression) {
		GatewaySimulator simulator = ClientHarness.simulator().build().start();
		try (ClientHarness harness = new ClientHarness(simulator,
				(options) -> options.encoding(encoding).compression(compression))
			.start()) {
			await().atMost(WAIT).until(harness::isReady);
			SimulatedSession session = simulator.session(0).orElseThrow();
			dispatchMessages(session, 0, 5);
			await().atMost(WAIT).until(() -> harness.recorder.count("MESSAGE_CREATE") == 5);

			// a server close: resume on the resume URL with the same query, missed events
			// replayed once
			simulator.latestConnection().orElseThrow().close(4000, "unknown error");
			dispatchMessages(session, 5, 5);
			await().atMost(WAIT).until(() -> harness.recorder.resumedReplays.size() == 1);
			SimulatedConnection resumed = simulator.latestConnection().orElseThrow();
			assertThat(resumed.path()).isEqualTo("/resume");
			assertThat(resumed.query()).containsEntry("encoding", encoding.queryValue());
			assertThat(simulator.resumes().get(0).d().path("session_id").asString()).isEqualTo(session.id());

			// an undecodable payload in the connection's encoding resets the connection,
			// which resumes
			resumed.sendPayload("{\"op\":0,\"d\":{\"unterminated\":");
			await().atMost(WAIT).until(() -> harness.recorder.resumedReplays.size() == 2);
			String payloadKind = (encoding == GatewayEncoding.ETF) ? "etf" : "json";
			assertThat(harness.recorder.decodeFailures(payloadKind)).isEqualTo(1);

			// corrupt transport data: broken compressed bytes, or the wrong kind of frame
			SimulatedConnection third = simulator.latestConnection().orElseThrow();
			String transportKind;
			if (compression != GatewayCompression.NONE) {
				third.sendCorruptCompressed();
				transportKind = "decompression";
			}
			else if (encoding == GatewayEncoding.ETF) {
				third.sendRawText("{\"op\":11,\"d\":null}");
				transportKind = "frame-type";
			}
			else {
				third.sendRaw(new byte[] { (byte) 131, 97, 1 });
				transportKind = "frame-type";
			}
			dispatchMessages(session, 10, 5);
			await().atMost(WAIT).until(() -> harness.recorder.count("MESSAGE_CREATE") == 15);
			// at least once: messages that reach the abandoned connection before it
			// closes may be counted too
			// (the known core issue described in DecodeFailureCountTest)
			assertThat(harness.recorder.decodeFailures(transportKind)).isGreaterThanOrEqualTo(1);
			assertThat(simulator.identifies()).hasSize(1);
			assertThat(simulator.resumes()).hasSize(3);
			assertDeliveredExactlyOnceInOrder(harness);
		}
	}

	private static GatewayDispatch dispatch(ClientHarness harness, String type) {
		return harness.recorder.dispatches.stream()
			.filter((dispatch) -> dispatch.type().equals(type))
			.findFirst()
			.orElseThrow();
	}

	private static void dispatchMessages(SimulatedSession session, int from, int count) {
		for (int i = from; i < from + count; i++) {
			session.dispatch("MESSAGE_CREATE",
					"{\"id\":\"" + (1238496297346485656L + i) + "\",\"channel_id\":\"1\",\"content\":\"m" + i + "\"}");
		}
	}

	private static void assertDeliveredExactlyOnceInOrder(ClientHarness harness) {
		await().atMost(WAIT).untilAsserted(() -> {
			long last = harness.recorder.dispatches.isEmpty() ? 0
					: harness.simulator.session(0).orElseThrow().lastSequence();
			List<Long> sequences = harness.recorder.dispatches.stream().map(GatewayDispatch::sequence).toList();
			assertThat(sequences).isEqualTo(LongStream.rangeClosed(1, last).boxed().toList());
		});
	}

}
