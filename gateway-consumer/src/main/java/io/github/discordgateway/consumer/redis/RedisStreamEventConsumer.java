package io.github.discordgateway.consumer.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;

import io.github.discordgateway.consumer.DeliveryAbortedException;
import io.github.discordgateway.consumer.DuplicateGuard;
import io.github.discordgateway.consumer.EnvelopeHandler;
import io.github.discordgateway.consumer.GatewayEventConsumer;

/**
 * Consumes a Redis stream as one consumer of a group: {@code XREADGROUP} (blocking up to
 * a second), the {@link EnvelopeHandler}, then one {@code XACK} for the handled entries
 * of each read. Every {@code claimInterval} it takes over the entries other consumers of
 * the group left pending for at least {@code minIdle} ({@code XAUTOCLAIM}: a worker that
 * died or hangs) and handles them as redeliveries, and reads the group's lag
 * ({@code XINFO GROUPS}). It creates the group at the start of the stream ({@code 0})
 * when it does not exist, so a new group reads every retained entry.
 * <p>
 * One thread per consumer: entries are handled in stream order by this consumer, but a
 * group of several consumers (or a takeover) handles them in no defined order across
 * consumers. Duplicates are recognized across the group by {@link RedisDuplicateGuard}.
 * An entry another consumer is still handling stays pending and comes back through the
 * takeover, then as a duplicate.
 */
public class RedisStreamEventConsumer extends GatewayEventConsumer {

	private static final Logger logger = LoggerFactory.getLogger(RedisStreamEventConsumer.class);

	private static final byte[] ENVELOPE_FIELD = "envelope".getBytes(StandardCharsets.US_ASCII);

	private static final Duration BLOCK = Duration.ofSeconds(1);

	private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

	private static final Duration IN_FLIGHT_RECHECK = Duration.ofMillis(20);

	private static final byte[] AUTOCLAIM = """
			return redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], 'COUNT', ARGV[5])
			""".getBytes(StandardCharsets.UTF_8);

	private static final byte[] GROUP_LAG = """
			for _, group in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
				local fields = {}
				for i = 1, #group, 2 do
					fields[group[i]] = group[i + 1]
				end
				if fields['name'] == ARGV[1] then
					local lag = fields['lag']
					if type(lag) ~= 'number' then
						lag = -1
					end
					return { lag, fields['pending'] }
				end
			end
			return { -1, 0 }
			""".getBytes(StandardCharsets.UTF_8);

	private final RedisConnectionFactory connectionFactory;

	private final RedisStreamSettings settings;

	private final String consumerName;

	private final Object lifecycleLock = new Object();

	private volatile Thread worker;

	private volatile boolean running;

	private volatile long lag = -1;

	private volatile long pending;

	private String claimCursor = "0-0";

	/** Entries another consumer is handling, with when this one first found them so. */
	private final Map<RecordId, Waiting> inFlight = new LinkedHashMap<>();

	public RedisStreamEventConsumer(RedisConnectionFactory connectionFactory, RedisStreamSettings settings,
			EnvelopeHandler handler) {
		super(settings.group(), handler, settings.shutdownTimeout());
		this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
		this.settings = settings;
		this.consumerName = (settings.consumerName() != null) ? settings.consumerName()
				: "worker-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Override
	public String source() {
		return "redis-stream";
	}

	@Override
	public String origin() {
		return this.settings.stream();
	}

	@Override
	public long lag() {
		return this.lag;
	}

	/**
	 * Entries of the group read by some consumer and not yet acknowledged, as last
	 * reported.
	 */
	public long pending() {
		return this.pending;
	}

	/** This consumer's name within the group. */
	public String consumerName() {
		return this.consumerName;
	}

	@Override
	public void start() {
		synchronized (this.lifecycleLock) {
			if (this.running) {
				return;
			}
			this.running = true;
			Thread thread = new Thread(this::run, "gateway-consumer-" + this.consumerName);
			thread.setDaemon(true);
			this.worker = thread;
			thread.start();
			logger.info("Consuming Redis stream {} as {} of group {}", this.settings.stream(), this.consumerName,
					group());
		}
	}

	@Override
	public void stop() {
		Thread thread;
		synchronized (this.lifecycleLock) {
			if (!this.running) {
				return;
			}
			this.running = false;
			thread = this.worker;
			this.worker = null;
		}
		try {
			thread.join(shutdownTimeout().toMillis() + BLOCK.toMillis());
			if (thread.isAlive()) {
				logger.warn("The envelope in progress did not finish within {} ms; interrupting it (it stays pending)",
						shutdownTimeout().toMillis());
				thread.interrupt();
				thread.join(BLOCK.toMillis() * 5);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		byte[] stream = this.settings.stream().getBytes(StandardCharsets.UTF_8);
		Instant nextMaintenance = Instant.now();
		while (this.running) {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				createGroup(connection, stream);
				DuplicateGuard guard = new RedisDuplicateGuard(connection, this.settings.dedupKeyPrefix(), group(),
						this.consumerName, this.settings.minIdle(), this.settings.dedupWindow());
				RedisStreamDeadLetters deadLetters = new RedisStreamDeadLetters(connection,
						this.settings.deadLetterStream(), this.settings.stream(), group());
				brokerAnswered();
				while (this.running) {
					if (!Instant.now().isBefore(nextMaintenance)) {
						takeOverIdleEntries(connection, stream, guard, deadLetters);
						readLag(connection, stream);
						nextMaintenance = Instant.now().plus(this.settings.claimInterval());
					}
					retryInFlight(connection, stream, guard, deadLetters);
					List<ByteRecord> records = connection.streamCommands()
						.xReadGroup(Consumer.from(group(), this.consumerName),
								StreamReadOptions.empty()
									.count(this.settings.batchSize())
									.block(this.inFlight.isEmpty() ? BLOCK : IN_FLIGHT_RECHECK),
								StreamOffset.create(stream, ReadOffset.lastConsumed()));
					brokerAnswered();
					if (records != null && !records.isEmpty()) {
						handle(connection, stream, records, guard, deadLetters);
					}
				}
			}
			catch (DeliveryAbortedException ex) {
				logger.info("Stopped while handling an envelope; it stays pending for redelivery");
				return;
			}
			catch (RuntimeException ex) {
				brokerFailed(ex);
				if (!this.running) {
					return;
				}
				logger.warn("Redis stream {}: {}; retrying in {} ms", this.settings.stream(), ex.toString(),
						RETRY_PAUSE.toMillis());
				if (!pause()) {
					return;
				}
			}
		}
	}

	private void createGroup(RedisConnection connection, byte[] stream) {
		try {
			connection.streamCommands().xGroupCreate(stream, group(), ReadOffset.from("0"), true);
			logger.info("Created consumer group {} of {} at the start of the stream", group(), this.settings.stream());
		}
		catch (RuntimeException ex) {
			if (!String.valueOf(ex.getMessage()).contains("BUSYGROUP")
					&& (ex.getCause() == null || !String.valueOf(ex.getCause().getMessage()).contains("BUSYGROUP"))) {
				throw ex;
			}
		}
	}

	/**
	 * Entries another consumer was handling when this one read them (a replay or
	 * redelivery racing the original) are checked again shortly, until that consumer
	 * finished them (then they are duplicates) or for at most the min-idle time (then the
	 * takeover brings them back).
	 */
	private void retryInFlight(RedisConnection connection, byte[] stream, DuplicateGuard guard,
			RedisStreamDeadLetters deadLetters) {
		if (this.inFlight.isEmpty()) {
			return;
		}
		Instant giveUp = Instant.now().minus(this.settings.minIdle());
		List<ByteRecord> again = new ArrayList<>();
		this.inFlight.values().removeIf((waiting) -> waiting.since().isBefore(giveUp));
		this.inFlight.values().forEach((waiting) -> again.add(waiting.record()));
		handle(connection, stream, again, guard, deadLetters);
	}

	/**
	 * Handles a read's entries in order, then acknowledges every one not in flight with
	 * another consumer.
	 */
	private void handle(RedisConnection connection, byte[] stream, List<ByteRecord> records, DuplicateGuard guard,
			RedisStreamDeadLetters deadLetters) {
		List<RecordId> handled = new ArrayList<>(records.size());
		try {
			for (ByteRecord record : records) {
				if (!this.running) {
					break;
				}
				byte[] envelope = field(record.getValue(), ENVELOPE_FIELD);
				EnvelopeHandler.Outcome outcome = (envelope != null)
						? handler().handle(envelope, guard, deadLetters.forEntry(record.getId()))
						: handler().reject(new byte[0], "The stream entry has no \"envelope\" field",
								deadLetters.forEntry(record.getId()));
				if (outcome != EnvelopeHandler.Outcome.IN_FLIGHT) {
					handled.add(record.getId());
					this.inFlight.remove(record.getId());
				}
				else {
					this.inFlight.putIfAbsent(record.getId(), new Waiting(record, Instant.now()));
				}
			}
		}
		finally {
			if (!handled.isEmpty()) {
				connection.streamCommands().xAck(stream, group(), handled.toArray(RecordId[]::new));
			}
		}
	}

	@SuppressWarnings("unchecked")
	private void takeOverIdleEntries(RedisConnection connection, byte[] stream, DuplicateGuard guard,
			RedisStreamDeadLetters deadLetters) {
		List<Object> answer = connection.scriptingCommands()
			.eval(AUTOCLAIM, ReturnType.MULTI, 1, stream, bytes(group()), bytes(this.consumerName),
					bytes(Long.toString(this.settings.minIdle().toMillis())), bytes(this.claimCursor),
					bytes(Integer.toString(this.settings.batchSize())));
		if (answer == null || answer.size() < 2) {
			return;
		}
		this.claimCursor = text(answer.get(0));
		List<ByteRecord> claimed = new ArrayList<>();
		for (Object item : (List<Object>) answer.get(1)) {
			if (!(item instanceof List<?> entry) || entry.size() < 2 || !(entry.get(1) instanceof List<?> flat)) {
				continue; // deleted from the stream meanwhile (trimmed)
			}
			Map<byte[], byte[]> fields = new LinkedHashMap<>();
			for (int i = 0; i + 1 < flat.size(); i += 2) {
				fields.put((byte[]) flat.get(i), (byte[]) flat.get(i + 1));
			}
			claimed.add(ByteRecord.of(org.springframework.data.redis.connection.stream.StreamRecords.newRecord()
				.in(stream)
				.withId(RecordId.of(text(entry.get(0))))
				.ofMap(fields)));
		}
		if (!claimed.isEmpty()) {
			logger.info("Took over {} entries left pending for over {} ms by other consumers of group {}",
					claimed.size(), this.settings.minIdle().toMillis(), group());
			statistics().countRedeliveries(claimed.size());
			handle(connection, stream, claimed, guard, deadLetters);
		}
	}

	@SuppressWarnings("unchecked")
	private void readLag(RedisConnection connection, byte[] stream) {
		List<Object> answer = connection.scriptingCommands()
			.eval(GROUP_LAG, ReturnType.MULTI, 1, stream, bytes(group()));
		if (answer != null && answer.size() == 2) {
			this.lag = ((Number) answer.get(0)).longValue();
			this.pending = ((Number) answer.get(1)).longValue();
		}
	}

	private boolean pause() {
		try {
			Thread.sleep(RETRY_PAUSE.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	static byte[] field(Map<byte[], byte[]> fields, byte[] name) {
		for (Map.Entry<byte[], byte[]> field : fields.entrySet()) {
			if (java.util.Arrays.equals(field.getKey(), name)) {
				return field.getValue();
			}
		}
		return null;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(Object value) {
		return (value instanceof byte[] raw) ? new String(raw, StandardCharsets.UTF_8) : String.valueOf(value);
	}

	/** An entry another consumer is handling, and since when this one waits for it. */
	private record Waiting(ByteRecord record, Instant since) {

	}

}
