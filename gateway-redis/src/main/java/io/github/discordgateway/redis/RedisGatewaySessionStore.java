package io.github.discordgateway.redis;

import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.discordgateway.core.GatewaySessionStore;
import io.github.discordgateway.core.StoredSession;

/**
 * Keeps shard sessions in Redis for a fleet: {@code <prefix>:session:<total>:<shard>}
 * holds the session as JSON and expires after the TTL (how long Discord keeps a closed
 * session resumable). {@link #take} is a single {@code GETDEL}, so exactly one instance
 * gets a session. No token is stored.
 */
public final class RedisGatewaySessionStore implements GatewaySessionStore {

	private static final Logger logger = LoggerFactory.getLogger(RedisGatewaySessionStore.class);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final Duration ttl;

	/**
	 * Creates the store.
	 * @param redis the Redis every instance of the bot shares
	 * @param keyPrefix the bot's key prefix, the same on every instance
	 * @param ttl how long a saved session is kept (how long Discord keeps it resumable)
	 */
	public RedisGatewaySessionStore(StringRedisTemplate redis, String keyPrefix, Duration ttl) {
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.ttl = ttl;
	}

	@Override
	public void save(StoredSession session) {
		this.redis.opsForValue().set(key(session.shardId(), session.shardTotal()), session.toJson(), this.ttl);
	}

	@Override
	public Optional<StoredSession> take(int shardId, int shardTotal) {
		String json = this.redis.opsForValue().getAndDelete(key(shardId, shardTotal));
		if (json == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(StoredSession.fromJson(json));
		}
		catch (RuntimeException ex) {
			logger.warn("Shard {}: ignoring an unreadable saved session ({})", shardId, ex.getMessage());
			return Optional.empty();
		}
	}

	String key(int shardId, int shardTotal) {
		return this.keyPrefix + ":session:" + shardTotal + ":" + shardId;
	}

	@Override
	public String toString() {
		return "RedisGatewaySessionStore[" + this.keyPrefix + ":session:*]";
	}

}
