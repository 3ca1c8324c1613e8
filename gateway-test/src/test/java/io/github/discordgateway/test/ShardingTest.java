package io.github.discordgateway.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ShardingTest {

	private GatewaySimulator sim;

	@AfterEach
	void stop() {
		if (sim != null) {
			sim.close();
		}
	}

	@Test
	void secondIdentifyInTheSameBucketWithinTheWindowGetsInvalidSessionAndIsCounted() {
		sim = GatewaySimulator.builder().token("tok").shards(2).maxConcurrency(1).build().start();
		try (TestGatewayClient shard0 = TestGatewayClient.connect(sim);
				TestGatewayClient shard1 = TestGatewayClient.connect(sim)) {
			shard0.awaitOp(10);
			shard1.awaitOp(10);
			shard0.identify("tok", 1, "[0,2]");
			shard0.awaitDispatch("READY");
			shard1.identify("tok", 1, "[1,2]"); // bucket 1 % 1 == 0, within 5 s

			assertThat(shard1.awaitOp(9).get("d").asBoolean()).isFalse();
			assertThat(sim.identifyViolations()).isEqualTo(1);
			assertThat(sim.sessions()).hasSize(1);
			assertThat(sim.sessionStartsRemaining()).isEqualTo(999);
		}
	}

	@Test
	void differentBucketsMayIdentifyTogetherAndAWindowLaterTheSameBucketMayAgain() {
		sim = GatewaySimulator.builder()
			.token("tok")
			.shards(2)
			.maxConcurrency(2)
			.identifyWindow(Duration.ofMillis(300))
			.build()
			.start();
		try (TestGatewayClient a = TestGatewayClient.connect(sim);
				TestGatewayClient b = TestGatewayClient.connect(sim)) {
			a.awaitOp(10);
			b.awaitOp(10);
			a.identify("tok", 1, "[0,2]");
			b.identify("tok", 1, "[1,2]");
			a.awaitDispatch("READY");
			b.awaitDispatch("READY");
			assertThat(sim.identifyViolations()).isZero();
		}
		// The simulator judges arrival times: wait until its window has passed since
		// bucket 0's IDENTIFY arrived.
		java.time.Instant bucket0Identified = sim.receivedPayloads()
			.stream()
			.filter(p -> p.op() == 2 && p.d().path("shard").path(0).asInt() == 0)
			.map(ReceivedPayload::receivedAt)
			.max(java.util.Comparator.naturalOrder())
			.orElseThrow();
		org.awaitility.Awaitility.await()
			.atMost(TestGatewayClient.TIMEOUT)
			.until(() -> java.time.Instant.now().isAfter(bucket0Identified.plusMillis(300)));
		try (TestGatewayClient again = TestGatewayClient.connect(sim)) {
			again.awaitOp(10);
			again.identify("tok", 1, "[0,2]");
			again.awaitDispatch("READY");
		}
		assertThat(sim.identifyViolations()).isZero();
		assertThat(sim.sessions()).hasSize(3);
	}

	@Test
	void guildsAndDispatchesAreRoutedByGuildIdToTheirShard() {
		sim = GatewaySimulator.builder().token("tok").guilds(4).shards(2).maxConcurrency(2).build().start();
		List<String> ids = sim.guildIds();
		try (TestGatewayClient shard0 = TestGatewayClient.connect(sim);
				TestGatewayClient shard1 = TestGatewayClient.connect(sim)) {
			shard0.awaitOp(10);
			shard1.awaitOp(10);
			shard0.identify("tok", 1, "[0,2]");
			shard1.identify("tok", 1, "[1,2]");
			JsonNode ready0 = shard0.awaitDispatch("READY").get("d");
			JsonNode ready1 = shard1.awaitDispatch("READY").get("d");

			assertThat(ready0.get("shard")).hasSize(2);
			assertThat(ready0.get("shard").get(0).asInt()).isZero();
			assertThat(ready1.get("shard").get(0).asInt()).isEqualTo(1);
			List<String> onShard0 = ready0.get("guilds").findValuesAsString("id");
			List<String> onShard1 = ready1.get("guilds").findValuesAsString("id");
			assertThat(onShard0).hasSize(2).allMatch(id -> (Long.parseLong(id) >> 22) % 2 == 0);
			assertThat(onShard1).hasSize(2).allMatch(id -> (Long.parseLong(id) >> 22) % 2 == 1);
			List<String> all = new ArrayList<>(onShard0);
			all.addAll(onShard1);
			assertThat(all).containsExactlyInAnyOrderElementsOf(ids);

			String guildOnShard1 = onShard1.get(0);
			assertThat(sim.dispatch("MESSAGE_CREATE", "{\"guild_id\":\"" + guildOnShard1 + "\"}")).isEqualTo(1);
			assertThat(shard1.awaitDispatch("MESSAGE_CREATE").get("d").get("guild_id").asString())
				.isEqualTo(guildOnShard1);
			assertThat(sim.dispatch("MESSAGE_CREATE", "{\"content\":\"a DM\"}")).isEqualTo(1); // DMs:
																								// shard
																								// 0
			assertThat(shard0.awaitDispatch("MESSAGE_CREATE").get("d").get("content").asString()).isEqualTo("a DM");
		}
	}

}
