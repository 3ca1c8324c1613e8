package io.github.discordgateway.test;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Discord's close codes for client mistakes. */
class CloseCodeTest {

	private static final String PROPS = "\"properties\":{\"os\":\"linux\",\"browser\":\"t\",\"device\":\"t\"}";

	private GatewaySimulator sim;

	@BeforeEach
	void start() {
		sim = GatewaySimulator.builder()
			.token("tok")
			.shards(2)
			.shardingRequired(true)
			.allowedPrivilegedIntents(2)
			.sendRateLimit(5, Duration.ofSeconds(60))
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		sim.close();
	}

	static Stream<Arguments> mistakes() {
		return Stream.of(
				Arguments.of("token with Bot prefix", 4004,
						"{\"op\":2,\"d\":{\"token\":\"Bot tok\",\"intents\":1," + PROPS + ",\"shard\":[0,2]}}"),
				Arguments.of("wrong token", 4004,
						"{\"op\":2,\"d\":{\"token\":\"nope\",\"intents\":1," + PROPS + ",\"shard\":[0,2]}}"),
				Arguments.of("presence update before identify", 4003,
						"{\"op\":3,\"d\":{\"since\":null,\"activities\":[],\"status\":\"online\",\"afk\":false}}"),
				Arguments.of("undefined intent bit 17", 4013,
						"{\"op\":2,\"d\":{\"token\":\"tok\",\"intents\":131072," + PROPS + ",\"shard\":[0,2]}}"),
				Arguments.of("missing intents", 4013,
						"{\"op\":2,\"d\":{\"token\":\"tok\"," + PROPS + ",\"shard\":[0,2]}}"),
				Arguments.of("presences intent not allowed", 4014,
						"{\"op\":2,\"d\":{\"token\":\"tok\",\"intents\":257," + PROPS + ",\"shard\":[0,2]}}"),
				Arguments.of("shard id >= count", 4010,
						"{\"op\":2,\"d\":{\"token\":\"tok\",\"intents\":1," + PROPS + ",\"shard\":[2,2]}}"),
				Arguments.of("shard count 0", 4010,
						"{\"op\":2,\"d\":{\"token\":\"tok\",\"intents\":1," + PROPS + ",\"shard\":[0,0]}}"),
				Arguments.of("unsharded while sharding required", 4011,
						"{\"op\":2,\"d\":{\"token\":\"tok\",\"intents\":1," + PROPS + "}}"),
				Arguments.of("missing properties", 4001,
						"{\"op\":2,\"d\":{\"token\":\"tok\",\"intents\":1,\"shard\":[0,2]}}"),
				Arguments.of("undocumented opcode", 4001, "{\"op\":5,\"d\":null}"),
				Arguments.of("not JSON", 4002, "{\"op\":1,"), Arguments.of("payload over 4096 bytes", 4002,
						"{\"op\":1,\"d\":null,\"pad\":\"" + "x".repeat(4100) + "\"}"));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("mistakes")
	void clientMistakeClosesWithDiscordsCode(String description, int expectedCode, String payload) {
		try (TestGatewayClient client = TestGatewayClient.connect(sim)) {
			client.awaitOp(10);
			client.send(payload);

			assertThat(client.awaitClose()).isEqualTo(expectedCode);
			// the simulator records its close code right after writing the close frame
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(sim.latestConnection().orElseThrow().serverCloseCode())
					.hasValue(expectedCode));
			assertThat(sim.sessions()).isEmpty();
		}
	}

	@Test
	void secondIdentifyOnOneConnectionIs4005() {
		try (TestGatewayClient client = TestGatewayClient.connect(sim)) {
			client.awaitOp(10);
			client.identify("tok", 1, "[0,2]");
			client.awaitDispatch("READY");
			client.identify("tok", 1, "[0,2]");

			assertThat(client.awaitClose()).isEqualTo(4005);
			// the simulator invalidates the session just after its close frame is out
			await().atMost(Duration.ofSeconds(5)).until(() -> sim.sessions().get(0).isInvalidated());
		}
	}

	@Test
	void heartbeatBeforeIdentifyIsAllowed() {
		try (TestGatewayClient client = TestGatewayClient.connect(sim)) {
			client.awaitOp(10);
			client.heartbeat(null);
			client.awaitOp(11);
			assertThat(sim.latestConnection().orElseThrow().isOpen()).isTrue();
		}
	}

	@Test
	void moreThanTheSendLimitIs4008() {
		try (TestGatewayClient client = TestGatewayClient.connect(sim)) {
			client.awaitOp(10);
			for (int i = 0; i < 6; i++) {
				client.heartbeat(null);
			}
			assertThat(client.awaitClose()).isEqualTo(4008);
			assertThat(sim.heartbeats()).hasSize(5);
		}
	}

	@Test
	void invalidVersionIs4012AndUnsupportedCompressionIsRefusedClearly() {
		try (TestGatewayClient client = TestGatewayClient.connect(sim.gatewayUrl() + "/?v=8&encoding=json", false)) {
			assertThat(client.awaitClose()).isEqualTo(4012);
			assertThat(client.payloads).isEmpty();
		}
		try (TestGatewayClient client = TestGatewayClient
			.connect(sim.gatewayUrl() + "/?v=10&encoding=json&compress=lz4", false)) {
			assertThat(client.awaitClose()).isEqualTo(1008);
			assertThat(client.closeReason).contains("lz4");
		}
		try (TestGatewayClient client = TestGatewayClient.connect(sim.gatewayUrl() + "/?v=9&encoding=json", false)) {
			client.awaitOp(10);
		}
	}

}
