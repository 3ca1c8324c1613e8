package io.github.discordgateway.redis;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

import io.github.discordgateway.core.ShardLeaseManager;

/**
 * Shard leases in Redis, for a fleet whose instances share one Redis: the lease of a
 * shard is the key {@code <prefix>:lease:<total>:<shard>}, holding the id of the instance
 * that runs the shard (its host name and a random UUID: no token, nothing secret) and
 * expiring after the TTL unless renewed. Taking it is {@code SET NX PX}; renewing and
 * releasing are compare-and-set scripts on the instance id, so an instance never extends
 * or deletes a lease that expired and went to another one. Redis' own expiry is the
 * clock: instances need no synchronised clocks.
 */
public final class RedisShardLeaseManager implements ShardLeaseManager {

	/** Takes the lease if free; keeps it if already ours; answers the holder. */
	private static final RedisScript<String> ACQUIRE = new DefaultRedisScript<>("""
			if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return ARGV[1] end
			local holder = redis.call('GET', KEYS[1])
			if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
			return holder""", String.class);

	private static final RedisScript<Long> RENEW = new DefaultRedisScript<>(
			"if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end",
			Long.class);

	private static final RedisScript<Long> RELEASE = new DefaultRedisScript<>(
			"if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end",
			Long.class);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final Duration ttl;

	private final Duration pollInterval;

	private final String instanceId;

	/**
	 * Creates the lease manager with an instance id made of the host name and a random
	 * UUID.
	 * @param redis the Redis every instance of the bot shares; its commands should time
	 * out soon (well below a third of the TTL)
	 * @param keyPrefix the bot's key prefix, the same on every instance
	 * @param ttl how long a lease lasts without renewal
	 * @param pollInterval how often a standby asks whether a lease became free
	 */
	public RedisShardLeaseManager(StringRedisTemplate redis, String keyPrefix, Duration ttl, Duration pollInterval) {
		this(redis, keyPrefix, ttl, pollInterval, defaultInstanceId());
	}

	/**
	 * Creates the lease manager.
	 * @param redis the Redis every instance of the bot shares
	 * @param keyPrefix the bot's key prefix, the same on every instance
	 * @param ttl how long a lease lasts without renewal (at least 3 ms)
	 * @param pollInterval how often a standby asks whether a lease became free
	 * @param instanceId this instance's id, different on every instance
	 */
	public RedisShardLeaseManager(StringRedisTemplate redis, String keyPrefix, Duration ttl, Duration pollInterval,
			String instanceId) {
		this.redis = Objects.requireNonNull(redis, "redis");
		if (keyPrefix == null || keyPrefix.isBlank()) {
			throw new IllegalArgumentException("keyPrefix must not be empty");
		}
		if (ttl == null || ttl.toMillis() < 3) {
			throw new IllegalArgumentException("ttl must be at least 3 ms but was " + ttl);
		}
		if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("pollInterval must be positive but was " + pollInterval);
		}
		this.keyPrefix = keyPrefix;
		this.ttl = ttl;
		this.pollInterval = pollInterval;
		this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
	}

	@Override
	public String instanceId() {
		return this.instanceId;
	}

	@Override
	public Duration ttl() {
		return this.ttl;
	}

	@Override
	public Duration pollInterval() {
		return this.pollInterval;
	}

	@Override
	public String acquire(int shardId, int shardTotal) {
		return this.redis.execute(ACQUIRE, List.of(leaseKey(shardId, shardTotal)), this.instanceId, ttlMillis());
	}

	@Override
	public boolean renew(int shardId, int shardTotal) {
		Long renewed = this.redis.execute(RENEW, List.of(leaseKey(shardId, shardTotal)), this.instanceId, ttlMillis());
		return renewed != null && renewed == 1;
	}

	@Override
	public void release(int shardId, int shardTotal) {
		this.redis.execute(RELEASE, List.of(leaseKey(shardId, shardTotal)), this.instanceId);
	}

	/**
	 * The Redis key of a shard's lease.
	 * @param shardId the shard id
	 * @param shardTotal the shard total the fleet runs with
	 * @return the key
	 */
	public String leaseKey(int shardId, int shardTotal) {
		return this.keyPrefix + ":lease:" + shardTotal + ":" + shardId;
	}

	private String ttlMillis() {
		return String.valueOf(this.ttl.toMillis());
	}

	private static String defaultInstanceId() {
		String host = System.getenv("HOSTNAME");
		if (host == null || host.isBlank()) {
			try {
				host = InetAddress.getLocalHost().getHostName();
			}
			catch (UnknownHostException ex) {
				host = "instance";
			}
		}
		return host + "-" + UUID.randomUUID();
	}

	@Override
	public String toString() {
		return "RedisShardLeaseManager[" + this.keyPrefix + ":lease:*, instance=" + this.instanceId + ", ttl="
				+ this.ttl + "]";
	}

}
