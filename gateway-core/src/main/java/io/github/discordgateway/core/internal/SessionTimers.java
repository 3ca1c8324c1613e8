package io.github.discordgateway.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;

/**
 * The two timers of a session: the handshake timeout (HELLO, then READY or RESUMED) and
 * the next reconnect. Scheduling a timer cancels none; the session cancels what it
 * replaces. Guarded by the session's lock.
 */
final class SessionTimers {

	private static final Logger logger = LoggerFactory.getLogger(SessionTimers.class);

	private final int shardId;

	private final TaskScheduler scheduler;

	private final Clock clock;

	private ScheduledFuture<?> handshakeTimeout;

	private ScheduledFuture<?> reconnect;

	SessionTimers(int shardId, TaskScheduler scheduler) {
		this.shardId = shardId;
		this.scheduler = scheduler;
		this.clock = scheduler.getClock();
	}

	void handshakeTimeout(Duration delay, Runnable task) {
		this.handshakeTimeout = schedule(delay, task);
	}

	void cancelHandshakeTimeout() {
		cancel(this.handshakeTimeout);
	}

	void reconnect(Duration delay, Runnable task) {
		this.reconnect = schedule(delay, task);
	}

	void cancelReconnect() {
		cancel(this.reconnect);
	}

	private ScheduledFuture<?> schedule(Duration delay, Runnable task) {
		try {
			return this.scheduler.schedule(task, this.clock.instant().plus(delay));
		}
		catch (RejectedExecutionException ex) {
			// The application is shutting down and its scheduler is gone: nothing is left
			// to wait for.
			logger.debug("Shard {}: not scheduling work, the scheduler is shut down", this.shardId);
			return null;
		}
	}

	private static void cancel(ScheduledFuture<?> future) {
		if (future != null) {
			future.cancel(false);
		}
	}

}
