package io.github.discordgateway.forwarding.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.stream.StreamMessageListenerContainer;
import org.springframework.data.redis.stream.StreamMessageListenerContainer.StreamMessageListenerContainerOptions;
import org.springframework.data.redis.stream.StreamMessageListenerContainer.StreamReadRequest;

import io.github.discordgateway.broker.EnvelopeFormatException;
import io.github.discordgateway.broker.GatewayCommandEnvelope;
import io.github.discordgateway.forwarding.GatewayCommandRouter;

/**
 * Hands the command envelopes of a Redis stream (field {@value #ENVELOPE_FIELD} of each
 * entry) to a {@link GatewayCommandRouter}. Every gateway instance reads the stream in a
 * consumer group of its own (created at the stream's end if missing) and acts on the
 * commands for its shards; an entry is acknowledged ({@code XACK}) once the shards took
 * the command. Entries that are not command envelopes are logged and acknowledged, never
 * retried forever.
 */
public final class RedisStreamCommandListener implements SmartLifecycle {

	/** The entry field holding the command envelope's JSON. */
	public static final String ENVELOPE_FIELD = "envelope";

	private static final Logger logger = LoggerFactory.getLogger(RedisStreamCommandListener.class);

	private final StringRedisTemplate redis;

	private final String stream;

	private final String group;

	private final String consumer;

	private final GatewayCommandRouter router;

	private final StreamMessageListenerContainer<String, MapRecord<String, String, String>> container;

	private final Duration pollTimeout;

	private boolean registered;

	private volatile boolean running;

	/**
	 * @param connectionFactory Boot's connection factory ({@code spring.data.redis.*})
	 * @param stream the command stream
	 * @param group this gateway instance's consumer group
	 * @param consumer this process's consumer name within the group
	 * @param pollTimeout how long one read blocks waiting for commands
	 */
	public RedisStreamCommandListener(RedisConnectionFactory connectionFactory, String stream, String group,
			String consumer, Duration pollTimeout, GatewayCommandRouter router) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.stream = stream;
		this.group = group;
		this.consumer = consumer;
		this.router = router;
		this.container = StreamMessageListenerContainer.create(connectionFactory,
				StreamMessageListenerContainerOptions.builder().pollTimeout(pollTimeout).build());
		this.pollTimeout = pollTimeout;
	}

	@Override
	public void start() {
		try {
			createGroup();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not create the consumer group {} of stream {} yet ({}); retrying while reading",
					this.group, this.stream, ex.getMessage());
		}
		// Keep reading through failures (Redis down, group deleted): a cancelled read
		// would stop commands for good.
		// The container keeps the registration across stop and start.
		if (!this.registered) {
			this.registered = true;
			this.container
				.register(StreamReadRequest.builder(StreamOffset.create(this.stream, ReadOffset.lastConsumed()))
					.consumer(Consumer.from(this.group, this.consumer))
					.autoAcknowledge(false)
					.cancelOnError((failure) -> false)
					.errorHandler(this::onReadFailure)
					.build(), this::onEntry);
		}
		this.running = true;
		this.container.start();
		logger.info("Reading gateway commands from stream {} as {} in group {}", this.stream, this.consumer,
				this.group);
	}

	private void createGroup() {
		try {
			this.redis.execute((RedisCallback<String>) (connection) -> connection.streamCommands()
				.xGroupCreate(this.stream.getBytes(StandardCharsets.UTF_8), this.group, ReadOffset.latest(), true));
		}
		catch (RedisSystemException ex) {
			String message = ex.getMostSpecificCause().getMessage();
			if (message == null || !message.contains("BUSYGROUP")) {
				throw ex;
			}
		}
	}

	private void onEntry(MapRecord<String, String, String> entry) {
		String json = entry.getValue().get(ENVELOPE_FIELD);
		try {
			if (json == null) {
				throw new EnvelopeFormatException("the entry has no \"" + ENVELOPE_FIELD + "\" field");
			}
			this.router.route(GatewayCommandEnvelope.fromJson(json.getBytes(StandardCharsets.UTF_8)));
		}
		catch (EnvelopeFormatException ex) {
			logger.error("Skipping entry {} of stream {}: not a command envelope ({})", entry.getId(), this.stream,
					ex.getMessage());
		}
		this.redis.opsForStream().acknowledge(this.stream, this.group, entry.getId());
	}

	private void onReadFailure(Throwable failure) {
		if (!this.running) {
			logger.debug("Reading commands from stream {} stopped: {}", this.stream, failure.getMessage());
			return;
		}
		logger.warn("Reading commands from stream {} failed ({}); retrying", this.stream, failure.getMessage());
		try {
			createGroup();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not create the consumer group {}: {}", this.group, ex.getMessage());
		}
		// Runs on the polling thread: pause it, so that a Redis that is down is not asked
		// in a tight loop.
		LockSupport.parkNanos(this.pollTimeout.toNanos());
	}

	@Override
	public void stop() {
		this.running = false;
		this.container.stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
