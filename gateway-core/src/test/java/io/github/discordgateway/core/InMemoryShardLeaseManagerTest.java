package io.github.discordgateway.core;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.discordgateway.core.manager.GatewayShardManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class InMemoryShardLeaseManagerTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void oneInstanceHoldsALeaseUntilItReleasesOrLetsItExpire() {
		InMemoryShardLeaseManager leases = new InMemoryShardLeaseManager(Duration.ofMillis(200), Duration.ofMillis(20));
		ShardLeaseManager first = leases.forInstance("first");
		ShardLeaseManager second = leases.forInstance("second");
		assertThat(first.acquire(0, 2)).isEqualTo("first");
		assertThat(first.acquire(0, 2)).isEqualTo("first");
		assertThat(second.acquire(0, 2)).isEqualTo("first");
		assertThat(second.acquire(1, 2)).as("another shard").isEqualTo("second");
		assertThat(second.acquire(0, 3)).as("another shard total").isEqualTo("second");
		assertThat(second.renew(0, 2)).isFalse();
		assertThat(first.renew(0, 2)).isTrue();

		second.release(0, 2);
		assertThat(second.acquire(0, 2)).as("only the holder releases").isEqualTo("first");
		first.release(0, 2);
		assertThat(second.acquire(0, 2)).isEqualTo("second");

		await().atMost(WAIT).until(() -> first.acquire(0, 2).equals("first"));
		assertThat(second.renew(0, 2)).as("expired and taken").isFalse();
	}

	@Test
	void timingsMustBePositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new InMemoryShardLeaseManager(Duration.ZERO, Duration.ofSeconds(1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new InMemoryShardLeaseManager(Duration.ofSeconds(1), Duration.ZERO));
	}

	@Test
	void secondManagerStandsByForTheFirstsShardsAndTakesThemOverWhenItStops() {
		InMemoryShardLeaseManager leases = new InMemoryShardLeaseManager(Duration.ofSeconds(3), Duration.ofMillis(50));
		GatewayShardManager first = manager(leases.forInstance("first"));
		GatewayShardManager second = manager(leases.forInstance("second"));
		try {
			first.start();
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(first.shards()).hasSize(2)
					.allSatisfy((shard) -> assertThat(shard.snapshot().owner()).isEqualTo("first")));
			second.start();
			await().atMost(WAIT).untilAsserted(() -> assertThat(second.shards()).hasSize(2).allSatisfy((shard) -> {
				assertThat(shard.state()).isEqualTo(ShardState.STANDBY);
				assertThat(shard.snapshot().owner()).isEqualTo("first");
			}));
			assertThat(first.shards())
				.allSatisfy((shard) -> assertThat(shard.state()).isNotEqualTo(ShardState.STANDBY));
			assertThat(second.instanceId()).isEqualTo("second");
			assertThat(second.shard(0).send(3, tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()))
				.isCompletedExceptionally();

			first.stop();
			// Released at stop: taken over at the next poll, long before the 3 s lease
			// could expire.
			await().atMost(Duration.ofSeconds(2))
				.untilAsserted(() -> assertThat(second.shards()).allSatisfy((shard) -> {
					assertThat(shard.state()).isNotEqualTo(ShardState.STANDBY);
					assertThat(shard.snapshot().owner()).isEqualTo("second");
				}));
		}
		finally {
			first.stop();
			second.stop();
		}
	}

	/**
	 * A manager whose shards never reach a gateway (nothing listens on port 1): enough to
	 * see who runs them.
	 */
	private static GatewayShardManager manager(ShardLeaseManager leases) {
		GatewayOptions options = GatewayOptions.builder(BotToken.of("MTIz.lease-test.token"))
			.gatewayUrl(URI.create("ws://127.0.0.1:1"))
			.shardTotal(2)
			.shardIds(List.of(0, 1))
			.reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
			.closeTimeout(Duration.ofSeconds(1))
			.build();
		return GatewayShardManager.builder(options, (dispatch) -> {
		}).shardLeaseManager(leases).build();
	}

}
