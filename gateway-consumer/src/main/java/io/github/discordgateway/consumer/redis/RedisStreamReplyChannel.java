package io.github.discordgateway.consumer.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;

import io.github.discordgateway.consumer.AbstractReplyChannel;

/**
 * A stream per worker, {@code <prefix>:<worker-id>}, each entry with the field
 * {@code envelope}. Writes cap the stream ({@code MAXLEN ~ 10000}) and set it to expire
 * an hour after the last write, so the stream of a worker that is gone disappears; a
 * worker reads its own from the beginning with {@code XREAD} (no group: it is the only
 * reader) and deletes it when it stops (closing waits at most three seconds for that).
 */
public class RedisStreamReplyChannel extends AbstractReplyChannel {

	static final long MAX_LENGTH = 10_000;

	static final Duration EXPIRY = Duration.ofHours(1);

	private static final Duration BLOCK = Duration.ofSeconds(1);

	private static final byte[] ENVELOPE_FIELD = "envelope".getBytes(StandardCharsets.US_ASCII);

	private final RedisConnectionFactory connectionFactory;

	private final String prefix;

	/**
	 * @param connectionFactory the worker's Redis
	 * @param prefix the prefix of the reply streams' keys
	 */
	public RedisStreamReplyChannel(RedisConnectionFactory connectionFactory, String prefix) {
		super(BLOCK.multipliedBy(3));
		this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
		this.prefix = Objects.requireNonNull(prefix, "prefix");
	}

	@Override
	public CompletableFuture<Void> send(String workerId, byte[] envelope) {
		byte[] stream = key(workerId);
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.streamCommands()
				.xAdd(StreamRecords.newRecord().in(stream).ofMap(Map.of(ENVELOPE_FIELD, envelope)),
						XAddOptions.maxlen(MAX_LENGTH).approximateTrimming(true));
			connection.keyCommands().expire(stream, EXPIRY.toSeconds());
			return CompletableFuture.completedFuture(null);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	protected void read(String workerId, Consumer<byte[]> replies, CompletableFuture<Void> ready) {
		byte[] stream = key(workerId);
		// A new stream per start, read from its beginning: nothing written to it is
		// missed.
		ready.complete(null);
		String last = "0-0";
		while (reading()) {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				while (reading()) {
					List<ByteRecord> records = connection.streamCommands()
						.xRead(StreamReadOptions.empty().count(64).block(BLOCK),
								StreamOffset.create(stream, ReadOffset.from(last)));
					for (ByteRecord record : (records != null) ? records : List.<ByteRecord>of()) {
						last = record.getId().getValue();
						byte[] envelope = RedisStreamEventConsumer.field(record.getValue(), ENVELOPE_FIELD);
						if (envelope != null) {
							replies.accept(envelope);
						}
					}
				}
				// Here, not in close(): with Redis gone this waits for the command
				// timeout, and only this daemon thread waits.
				connection.keyCommands().del(stream);
				return;
			}
			catch (RuntimeException ex) {
				if (!pauseAfter(ex, new String(stream, StandardCharsets.UTF_8), BLOCK)) {
					return;
				}
			}
		}
	}

	private byte[] key(String workerId) {
		return (this.prefix + ":" + workerId).getBytes(StandardCharsets.UTF_8);
	}

}
