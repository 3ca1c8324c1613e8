package io.github.discordgateway.consumer.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;

import io.github.discordgateway.consumer.ReplyChannel;

/**
 * A stream per worker, {@code <prefix>:<worker-id>}, each entry with the field
 * {@code envelope}. Writes cap the stream ({@code MAXLEN ~ 10000}) and set it to expire
 * an hour after the last write, so the stream of a worker that is gone disappears; a
 * worker reads its own from the beginning with {@code XREAD} (no group: it is the only
 * reader) and deletes it when it stops (closing waits at most three seconds for that).
 */
public class RedisStreamReplyChannel implements ReplyChannel, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RedisStreamReplyChannel.class);

	static final long MAX_LENGTH = 10_000;

	static final Duration EXPIRY = Duration.ofHours(1);

	private static final Duration BLOCK = Duration.ofSeconds(1);

	private static final byte[] ENVELOPE_FIELD = "envelope".getBytes(StandardCharsets.US_ASCII);

	private final RedisConnectionFactory connectionFactory;

	private final String prefix;

	private volatile boolean running;

	private volatile Thread reader;

	/**
	 * @param connectionFactory the worker's Redis
	 * @param prefix the prefix of the reply streams' keys
	 */
	public RedisStreamReplyChannel(RedisConnectionFactory connectionFactory, String prefix) {
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
	public CompletableFuture<Void> open(String workerId, Consumer<byte[]> replies) {
		byte[] stream = key(workerId);
		this.running = true;
		Thread thread = new Thread(() -> read(stream, replies), "gateway-replies-" + workerId);
		thread.setDaemon(true);
		this.reader = thread;
		thread.start();
		// A new stream per start, read from its beginning: nothing written to it is
		// missed.
		return CompletableFuture.completedFuture(null);
	}

	private void read(byte[] stream, Consumer<byte[]> replies) {
		String last = "0-0";
		while (this.running) {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				while (this.running) {
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
				if (!this.running) {
					return;
				}
				logger.warn("Reading the command replies from {}: {}; retrying in {} ms",
						new String(stream, StandardCharsets.UTF_8), ex.toString(), BLOCK.toMillis());
				try {
					Thread.sleep(BLOCK.toMillis());
				}
				catch (InterruptedException interrupted) {
					return;
				}
			}
		}
	}

	/** Nothing: {@link #open} starts reading. */
	@Override
	public void start() {
	}

	/**
	 * Closes the channel with the first beans to stop, while the broker connection is
	 * still there.
	 */
	@Override
	public void stop() {
		close();
	}

	@Override
	public boolean isRunning() {
		return this.reader != null;
	}

	@Override
	public void close() {
		Thread thread = this.reader;
		if (thread == null) {
			return;
		}
		this.running = false;
		this.reader = null;
		try {
			thread.join(BLOCK.toMillis() * 3);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private byte[] key(String workerId) {
		return (this.prefix + ":" + workerId).getBytes(StandardCharsets.UTF_8);
	}

}
