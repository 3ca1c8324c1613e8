package io.github.discordgateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.discordgateway.test.redis.RedisServerExtension;
import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

/**
 * Shard leases against a real Redis server: one holder at a time, and renewing and
 * releasing only ever touch the holder's own lease.
 */
@ExtendWith(RedisServerExtension.class)
class RedisShardLeaseManagerTests {

	private static final Duration TTL = Duration.ofSeconds(10);

	private static final Duration POLL = Duration.ofMillis(100);

	private LettuceConnectionFactory connectionFactory;

	private StringRedisTemplate redis;

	private String prefix;

	@BeforeEach
	void setUp(RedisServer server) {
		this.connectionFactory = server.connectionFactory();
		this.redis = new StringRedisTemplate(this.connectionFactory);
		this.redis.afterPropertiesSet();
		this.prefix = RedisServer.uniquePrefix("leases");
	}

	@AfterEach
	void tearDown() {
		this.connectionFactory.destroy();
	}

	@Test
	void oneInstanceHoldsALeaseAndTheOthersSeeWho() {
		RedisShardLeaseManager first = leases("first", TTL);
		RedisShardLeaseManager second = leases("second", TTL);
		assertThat(first.acquire(3, 8)).isEqualTo("first");
		assertThat(second.acquire(3, 8)).isEqualTo("first");
		assertThat(first.acquire(3, 8)).as("the holder keeps it").isEqualTo("first");
		assertThat(second.acquire(4, 8)).as("another shard").isEqualTo("second");
		assertThat(second.acquire(3, 16)).as("another shard total").isEqualTo("second");
		assertThat(this.redis.opsForValue().get(this.prefix + ":lease:8:3")).isEqualTo("first");
	}

	@Test
	void onlyTheHolderRenewsOrReleases() {
		RedisShardLeaseManager first = leases("first", TTL);
		RedisShardLeaseManager second = leases("second", TTL);
		first.acquire(0, 1);
		assertThat(second.renew(0, 1)).isFalse();
		second.release(0, 1);
		assertThat(second.acquire(0, 1)).isEqualTo("first");
		assertThat(first.renew(0, 1)).isTrue();
		first.release(0, 1);
		assertThat(this.redis.hasKey(first.leaseKey(0, 1))).isFalse();
		assertThat(second.acquire(0, 1)).isEqualTo("second");
		assertThat(first.renew(0, 1)).as("a lease that went to another instance").isFalse();
	}

	@Test
	void anExpiredLeaseGoesToTheNextInstanceAndRenewalRestartsTheTtl() {
		RedisShardLeaseManager first = leases("first", Duration.ofMillis(300));
		RedisShardLeaseManager second = leases("second", TTL);
		first.acquire(1, 2);
		this.redis.expire(first.leaseKey(1, 2), Duration.ofSeconds(30));
		assertThat(first.renew(1, 2)).isTrue();
		assertThat(this.redis.getExpire(first.leaseKey(1, 2), TimeUnit.MILLISECONDS)).isBetween(1L, 300L);
		await().atMost(Duration.ofSeconds(30)).until(() -> "second".equals(second.acquire(1, 2)));
		assertThat(first.renew(1, 2)).isFalse();
		assertThat(first.acquire(1, 2)).isEqualTo("second");
	}

	@Test
	void keysAndIdsDescribeTheLeaseWithoutSecrets() {
		RedisShardLeaseManager leases = new RedisShardLeaseManager(this.redis, this.prefix, TTL, POLL);
		assertThat(leases.leaseKey(5, 12)).isEqualTo(this.prefix + ":lease:12:5");
		assertThat(leases.instanceId()).isNotBlank();
		assertThat(new RedisShardLeaseManager(this.redis, this.prefix, TTL, POLL).instanceId())
			.isNotEqualTo(leases.instanceId());
		assertThat(leases.ttl()).isEqualTo(TTL);
		assertThat(leases.pollInterval()).isEqualTo(POLL);
		assertThat(leases).hasToString(
				"RedisShardLeaseManager[" + this.prefix + ":lease:*, instance=" + leases.instanceId() + ", ttl=PT10S]");
	}

	@Test
	void invalidArgumentsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisShardLeaseManager(this.redis, " ", TTL, POLL))
			.withMessageContaining("keyPrefix");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisShardLeaseManager(this.redis, this.prefix, Duration.ofMillis(2), POLL))
			.withMessageContaining("ttl");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisShardLeaseManager(this.redis, this.prefix, TTL, Duration.ZERO))
			.withMessageContaining("pollInterval");
	}

	private RedisShardLeaseManager leases(String instanceId, Duration ttl) {
		return new RedisShardLeaseManager(this.redis, this.prefix, ttl, POLL, instanceId);
	}

}
