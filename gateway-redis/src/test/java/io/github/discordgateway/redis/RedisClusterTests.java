package io.github.discordgateway.redis;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.discordgateway.core.GatewayCompression;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.IdentifySlot;
import io.github.discordgateway.core.SessionStartLimit;
import io.github.discordgateway.core.StoredSession;
import io.github.discordgateway.test.redis.RedisCluster;
import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three Redis pieces of a fleet on a real Redis Cluster (three masters): the identify
 * coordinator's scripts take a bucket's slot and the fleet's budget together, which a
 * cluster allows only for keys of one hash slot.
 */
class RedisClusterTests {

	private static RedisCluster cluster;

	private static LettuceConnectionFactory connectionFactory;

	@BeforeAll
	static void startCluster() {
		cluster = RedisCluster.start();
		connectionFactory = cluster.connectionFactory();
	}

	@AfterAll
	static void stopCluster() {
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void identifyCoordinatorTakesSlotsAndTheFleetBudgetTogether() throws Exception {
		TimeLimitedRedisTemplate redis = new TimeLimitedRedisTemplate(connectionFactory, Duration.ofSeconds(5));
		try (RedisIdentifyCoordinator coordinator = new RedisIdentifyCoordinator(redis,
				RedisServer.uniquePrefix("cluster"), Duration.ofMillis(500))) {
			coordinator.sessionStartLimitDiscovered(new SessionStartLimit(1000, 2, Instant.now().plusSeconds(60)));
			await().atMost(Duration.ofSeconds(10)).until(() -> redis.hasKey(coordinator.budgetKey()));
			// max_concurrency 4: four buckets, so only the budget holds anyone back.
			IdentifySlot first = coordinator.acquire(0, 4).get(10, TimeUnit.SECONDS);
			IdentifySlot second = coordinator.acquire(1, 4).get(10, TimeUnit.SECONDS);
			assertThat(redis.opsForValue().get(coordinator.budgetKey())).isEqualTo("0");
			// The budget is spent: the third waits for it to reset.
			CompletableFuture<IdentifySlot> third = coordinator.acquire(2, 4);
			await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.shardsHeldBackByBudget().contains(2));
			assertThat(third).isNotDone();
			// An unused slot gives its start back to the budget, in the same script.
			second.release();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> "1".equals(redis.opsForValue().get(coordinator.budgetKey())));
			first.identifySent(Instant.now());
			assertThat(redis.getExpire(coordinator.slotKey(4, 0), TimeUnit.MILLISECONDS)).isPositive();
		}
	}

	@Test
	void leasesAndSessionsLiveOnTheCluster() {
		StringRedisTemplate redis = new TimeLimitedRedisTemplate(connectionFactory, Duration.ofSeconds(5));
		String prefix = RedisServer.uniquePrefix("cluster");
		RedisShardLeaseManager owner = new RedisShardLeaseManager(redis, prefix, Duration.ofSeconds(10),
				Duration.ofMillis(200), "owner");
		RedisShardLeaseManager standby = new RedisShardLeaseManager(redis, prefix, Duration.ofSeconds(10),
				Duration.ofMillis(200), "standby");
		for (int shard = 0; shard < 8; shard++) {
			assertThat(owner.acquire(shard, 8)).isEqualTo("owner");
			assertThat(standby.acquire(shard, 8)).isEqualTo("owner");
			assertThat(owner.renew(shard, 8)).isTrue();
			owner.release(shard, 8);
			assertThat(standby.acquire(shard, 8)).isEqualTo("standby");
		}
		RedisGatewaySessionStore store = new RedisGatewaySessionStore(redis, prefix, Duration.ofMinutes(5));
		StoredSession saved = new StoredSession(3, 8, "session-3", URI.create("wss://resume.example"), 42,
				GatewayEncoding.JSON, GatewayCompression.ZLIB_STREAM, Instant.parse("2026-12-04T12:00:00Z"));
		store.save(saved);
		assertThat(store.take(3, 8)).contains(saved);
		assertThat(store.take(3, 8)).isEmpty();
	}

}
