package io.github.discordgateway.consumer.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;

import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.consumer.DuplicateGuard;

/**
 * Recognizes duplicates across every consumer of a group through one Redis key per
 * {@code (session, seq)}: {@code <prefix>:<group>:<session>:<seq>}. A claim sets the key
 * to the consumer's name for {@code claimTtl} (the pending entry's min-idle time, after
 * which another consumer may take the entry over); completion sets it to {@code done} for
 * {@code windowTtl}, the time within which a replay or redelivery is recognized. One
 * round trip each: a Lua script for the claim, a {@code SET} for the completion. Not
 * thread-safe: one per consumer thread, on that thread's connection.
 */
final class RedisDuplicateGuard implements DuplicateGuard {

	private static final byte[] CLAIM = """
			local v = redis.call('GET', KEYS[1])
			if not v then
				redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
				return 0
			end
			if v == 'done' then
				return 1
			end
			if v == ARGV[1] then
				redis.call('PEXPIRE', KEYS[1], ARGV[2])
				return 0
			end
			return 2
			""".getBytes(StandardCharsets.UTF_8);

	private static final byte[] RELEASE = """
			if redis.call('GET', KEYS[1]) == ARGV[1] then
				return redis.call('DEL', KEYS[1])
			end
			return 0
			""".getBytes(StandardCharsets.UTF_8);

	private static final byte[] DONE = "done".getBytes(StandardCharsets.US_ASCII);

	private final RedisConnection connection;

	private final String keyPrefix;

	private final byte[] owner;

	private final byte[] claimTtlMillis;

	private final Expiration window;

	RedisDuplicateGuard(RedisConnection connection, String keyPrefix, String group, String consumerName,
			Duration claimTtl, Duration windowTtl) {
		this.connection = connection;
		this.keyPrefix = keyPrefix + ":" + group + ":";
		this.owner = consumerName.getBytes(StandardCharsets.UTF_8);
		this.claimTtlMillis = Long.toString(Math.max(1, claimTtl.toMillis())).getBytes(StandardCharsets.US_ASCII);
		this.window = Expiration.from(windowTtl);
	}

	@Override
	public Claim claim(GatewayEnvelope envelope) {
		Long answer = this.connection.scriptingCommands()
			.eval(CLAIM, ReturnType.INTEGER, 1, key(envelope), this.owner, this.claimTtlMillis);
		return switch ((answer != null) ? answer.intValue() : -1) {
			case 0 -> Claim.FIRST;
			case 1 -> Claim.DUPLICATE;
			case 2 -> Claim.IN_FLIGHT;
			default -> throw new IllegalStateException("Unexpected answer of the duplicate check: " + answer);
		};
	}

	@Override
	public void completed(GatewayEnvelope envelope) {
		this.connection.stringCommands().set(key(envelope), DONE, this.window, SetOption.upsert());
	}

	@Override
	public void released(GatewayEnvelope envelope) {
		this.connection.scriptingCommands().eval(RELEASE, ReturnType.INTEGER, 1, key(envelope), this.owner);
	}

	private byte[] key(GatewayEnvelope envelope) {
		return (this.keyPrefix + envelope.sessionId() + ":" + envelope.sequence()).getBytes(StandardCharsets.UTF_8);
	}

}
