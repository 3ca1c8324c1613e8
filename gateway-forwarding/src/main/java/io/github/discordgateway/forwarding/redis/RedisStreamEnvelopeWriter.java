package io.github.discordgateway.forwarding.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;

import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.forwarding.EnvelopeWriter;

/**
 * Appends envelopes to a Redis stream with
 * {@code XADD <stream> MAXLEN ~ <max-length> * type <t>
 * shard <id> seq <s> envelope <json>}. The approximate cap keeps the stream's memory
 * bounded; a consumer group that falls further behind than the cap loses the entries
 * trimmed before it read them. Writes are pipelined on one connection and confirmed by
 * Redis's reply.
 */
public final class RedisStreamEnvelopeWriter implements EnvelopeWriter {

	/** The entry field holding the event type. */
	public static final String TYPE_FIELD = "type";

	/** The entry field holding the shard id. */
	public static final String SHARD_FIELD = "shard";

	/** The entry field holding the sequence number. */
	public static final String SEQUENCE_FIELD = "seq";

	/** The entry field holding the envelope's JSON. */
	public static final String ENVELOPE_FIELD = "envelope";

	private static final ByteBuffer TYPE = bytes(TYPE_FIELD);

	private static final ByteBuffer SHARD = bytes(SHARD_FIELD);

	private static final ByteBuffer SEQUENCE = bytes(SEQUENCE_FIELD);

	private static final ByteBuffer ENVELOPE = bytes(ENVELOPE_FIELD);

	private final ReactiveRedisConnectionFactory connectionFactory;

	// Opened on the first write, so that a Redis that is down at startup delays
	// forwarding (the
	// writes are retried) instead of failing the start
	private volatile ReactiveRedisConnection connection;

	private final String stream;

	private final ByteBuffer streamKey;

	private final XAddOptions options;

	/**
	 * @param connectionFactory Boot's connection factory ({@code spring.data.redis.*})
	 * @param stream the stream key
	 * @param maxLength the approximate cap on the stream's length
	 */
	public RedisStreamEnvelopeWriter(ReactiveRedisConnectionFactory connectionFactory, String stream, long maxLength) {
		this.connectionFactory = connectionFactory;
		this.stream = stream;
		this.streamKey = bytes(stream);
		this.options = XAddOptions.maxlen(maxLength).approximateTrimming(true);
	}

	@Override
	public CompletableFuture<?> write(GatewayEnvelope envelope, byte[] json) {
		Map<ByteBuffer, ByteBuffer> body = new LinkedHashMap<>(8);
		body.put(TYPE.duplicate(), bytes(envelope.type()));
		body.put(SHARD.duplicate(), bytes(Integer.toString(envelope.shardId())));
		body.put(SEQUENCE.duplicate(), bytes(Long.toString(envelope.sequence())));
		body.put(ENVELOPE.duplicate(), ByteBuffer.wrap(json));
		ReactiveRedisConnection redis;
		try {
			redis = connection();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return redis.streamCommands()
			.xAdd(StreamRecords.rawBuffer(body).withStreamKey(this.streamKey.duplicate()), this.options)
			.toFuture();
	}

	private ReactiveRedisConnection connection() {
		ReactiveRedisConnection current = this.connection;
		if (current == null) {
			synchronized (this) {
				current = this.connection;
				if (current == null) {
					current = this.connectionFactory.getReactiveConnection();
					this.connection = current;
				}
			}
		}
		return current;
	}

	private static ByteBuffer bytes(String text) {
		return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public String target() {
		return "redis-stream";
	}

	@Override
	public String destination() {
		return "stream " + this.stream;
	}

	@Override
	public void close() {
		ReactiveRedisConnection current = this.connection;
		if (current != null) {
			current.close();
		}
	}

}
