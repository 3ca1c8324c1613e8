package io.github.discordgateway.test;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.discordgateway.test.internal.JsonSupport;
import io.github.discordgateway.test.internal.WebSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HELLO and the heartbeat side of one connection: sends HELLO (at once or after the
 * simulator's HELLO delay), ACKs heartbeats unless told to withhold them, and closes with
 * 4000 when no heartbeat arrived for {@code interval × factor}. Thread-safe.
 */
final class ConnectionHeartbeats {

	private static final Logger log = LoggerFactory.getLogger(ConnectionHeartbeats.class);

	private final SimulatedConnection connection;

	private final WebSocketChannel channel;

	private final SimulatorConfig config;

	private final ScheduledExecutorService scheduler;

	private volatile boolean withholdAcks;

	private volatile long lastBeatNanos;

	private volatile ScheduledFuture<?> monitor;

	private volatile ScheduledFuture<?> helloTask;

	ConnectionHeartbeats(SimulatedConnection connection, WebSocketChannel channel, SimulatorConfig config,
			ScheduledExecutorService scheduler) {
		this.connection = connection;
		this.channel = channel;
		this.config = config;
		this.scheduler = scheduler;
	}

	void start(Duration helloDelay) {
		long delayMs = helloDelay.toMillis();
		if (delayMs > 0) {
			this.helloTask = this.scheduler.schedule(this::sendHello, delayMs, TimeUnit.MILLISECONDS);
		}
		else {
			sendHello();
		}
	}

	private void sendHello() {
		long interval = this.config.heartbeatInterval.toMillis();
		this.connection.sendJson(JsonSupport.envelope(10, "{\"heartbeat_interval\":" + interval
				+ ",\"_trace\":[\"[\\\"gateway-simulator-" + this.connection.id() + "\\\",{\\\"micros\\\":0.0}]\"]}"));
		this.lastBeatNanos = System.nanoTime();
		if (this.config.heartbeatTimeoutFactor > 0 && this.connection.isOpen()) {
			long timeoutNanos = (long) (interval * 1_000_000L * this.config.heartbeatTimeoutFactor);
			long period = Math.max(10, Math.min(1000, interval / 10));
			this.monitor = this.scheduler.scheduleAtFixedRate(() -> {
				if (!this.channel.isSilent() && !this.channel.isCloseSent()
						&& System.nanoTime() - this.lastBeatNanos > timeoutNanos) {
					log.debug("Connection {} missed heartbeats; closing with 4000", this.connection.id());
					this.connection.serverClose(4000, "Heartbeat timed out");
				}
			}, period, period, TimeUnit.MILLISECONDS);
		}
	}

	/** A valid heartbeat (op 1) arrived. */
	void received() {
		this.lastBeatNanos = System.nanoTime();
		if (!this.withholdAcks) {
			this.connection.sendJson(JsonSupport.envelope(11, "null"));
		}
	}

	void withholdAcks(boolean withhold) {
		this.withholdAcks = withhold;
	}

	/** Stops HELLO (if still pending) and the heartbeat check. */
	void stop() {
		ScheduledFuture<?> check = this.monitor;
		if (check != null) {
			check.cancel(false);
		}
		ScheduledFuture<?> hello = this.helloTask;
		if (hello != null) {
			hello.cancel(false);
		}
	}

}
