package io.github.discordgateway.core.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.scheduling.TaskScheduler;

/**
 * Heartbeats of one connection on a {@link TaskScheduler}: the first beat after
 * {@code interval × random[0, 1)}, then one every interval. A beat that comes due while
 * the previous one is unacknowledged and nothing at all was received since means the
 * connection is a zombie. Any received frame counts as proof of life, so a busy
 * connection whose ACK is stuck behind a burst of events is never killed; silence while
 * the shard itself stopped reading (a full delivery queue) is not held against the
 * connection either.
 */
final class Heartbeater {

	private final GatewayConnection connection;

	private final Duration interval;

	private ScheduledFuture<?> task;

	private volatile boolean awaitingAck;

	private volatile long sentAtNanos;

	private volatile Duration latency;

	Heartbeater(GatewayConnection connection, Duration interval) {
		this.connection = connection;
		this.interval = interval;
	}

	synchronized void start(TaskScheduler scheduler) {
		long jitter = (long) (this.interval.toMillis() * ThreadLocalRandom.current().nextDouble());
		this.task = scheduler.scheduleAtFixedRate(this::beat, scheduler.getClock().instant().plusMillis(jitter),
				this.interval);
	}

	synchronized void stop() {
		if (this.task != null) {
			this.task.cancel(false);
		}
	}

	/** The server asked for a heartbeat (opcode 1): beat now, outside the schedule. */
	void beatNow() {
		this.connection.sendHeartbeat();
	}

	/** An ACK (opcode 11) arrived. */
	void acknowledged() {
		if (this.awaitingAck) {
			this.awaitingAck = false;
			this.latency = Duration.ofNanos(System.nanoTime() - this.sentAtNanos);
			this.connection.heartbeatAcknowledged(this.latency);
		}
	}

	/** Round trip of the last acknowledged heartbeat, or {@code null}. */
	Duration latency() {
		return this.latency;
	}

	private void beat() {
		boolean heardSinceLastBeat = this.connection.takeReceivedFlag();
		if (this.awaitingAck && !heardSinceLastBeat && !this.connection.isReaderWaiting()) {
			stop();
			this.connection.zombie();
			return;
		}
		this.awaitingAck = true;
		this.sentAtNanos = System.nanoTime();
		this.connection.sendHeartbeat();
	}

}
