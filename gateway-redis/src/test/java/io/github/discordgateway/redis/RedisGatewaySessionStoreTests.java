package io.github.discordgateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.discordgateway.core.GatewayCompression;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.GatewaySessionStore;
import io.github.discordgateway.core.StoredSession;
import io.github.discordgateway.test.redis.RedisServerExtension;
import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

/**
 * The Redis session store against a real Redis server (a redeploy of a Boot application
 * through it: {@code RedisSessionStoreIntegrationTests} in gateway-autoconfigure).
 */
@ExtendWith(RedisServerExtension.class)
class RedisGatewaySessionStoreTests {

	private static final String TOKEN = "session-store-test-token";

	private LettuceConnectionFactory connectionFactory;

	private String keyPrefix;

	@BeforeEach
	void setUp(RedisServer redis) {
		this.connectionFactory = redis.connectionFactory();
		this.keyPrefix = RedisServer.uniquePrefix("sessions");
	}

	@AfterEach
	void tearDown() {
		this.connectionFactory.destroy();
	}

	@Test
	void exactlyOneOfManyRacingInstancesTakesASession() {
		GatewaySessionStore store = store(Duration.ofMinutes(1));
		store.save(session(2, 4));
		List<CompletableFuture<Optional<StoredSession>>> takes = IntStream.range(0, 8)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> store(Duration.ofMinutes(1)).take(2, 4)))
			.toList();
		long winners = takes.stream().map(CompletableFuture::join).filter(Optional::isPresent).count();
		assertThat(winners).isEqualTo(1);
	}

	@Test
	void sessionsExpireAndAreKeptPerShardTotal() {
		GatewaySessionStore store = store(Duration.ofMillis(300));
		store.save(session(1, 2));
		assertThat(store.take(1, 3)).isEmpty();
		StringRedisTemplate redisTemplate = new StringRedisTemplate(this.connectionFactory);
		String key = this.keyPrefix + ":session:2:1";
		assertThat(redisTemplate.hasKey(key)).isTrue();
		assertThat(redisTemplate.opsForValue().get(key)).doesNotContain(TOKEN);
		await().atMost(Duration.ofSeconds(30)).until(() -> !redisTemplate.hasKey(key));
		assertThat(store.take(1, 2)).isEmpty();
	}

	@Test
	void anUnreadableSessionIsDroppedNotThrown() {
		GatewaySessionStore store = store(Duration.ofMinutes(1));
		new StringRedisTemplate(this.connectionFactory).opsForValue()
			.set(this.keyPrefix + ":session:1:0", "{not json", Duration.ofMinutes(1));
		assertThat(store.take(0, 1)).isEmpty();
		store.save(session(0, 1));
		assertThat(store.take(0, 1)).hasValueSatisfying((taken) -> assertThat(taken.sequence()).isEqualTo(99));
	}

	private GatewaySessionStore store(Duration ttl) {
		return new RedisGatewaySessionStore(new StringRedisTemplate(this.connectionFactory), this.keyPrefix, ttl);
	}

	private static StoredSession session(int shardId, int shardTotal) {
		return new StoredSession(shardId, shardTotal, "0123456789abcdef0123456789abcdef", null, 99,
				GatewayEncoding.JSON, GatewayCompression.ZLIB_STREAM, Instant.now());
	}

}
