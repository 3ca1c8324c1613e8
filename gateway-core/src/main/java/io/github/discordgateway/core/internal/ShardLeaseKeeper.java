package io.github.discordgateway.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;

import io.github.discordgateway.core.ShardLeaseManager;

/**
 * Holds one shard's lease for its {@link ShardSession}: asks for the lease before the
 * shard may connect (and before it takes its saved session), keeps the shard in STANDBY
 * while another instance holds it, renews it every third of the TTL while the shard runs,
 * and stops the shard the moment the lease is lost, or shortly before it could expire
 * unnoticed when renewals keep failing (a deadline a tenth of the TTL before the expiry
 * that the last successful call guarantees, counted from the moment that call was sent).
 * <p>
 * Every lease call runs on the I/O executor and is abandoned after a third of the TTL;
 * the scheduler only times the next call. One call at a time: each step schedules the
 * next.
 */
final class ShardLeaseKeeper {

	private static final Logger logger = LoggerFactory.getLogger(ShardLeaseKeeper.class);

	private final ShardSession shard;

	private final int shardTotal;

	private final ShardLeaseManager leases;

	private final TaskScheduler scheduler;

	private final Executor ioExecutor;

	private final Duration renewInterval;

	private final Duration safetyMargin;

	private final Object lock = new Object();

	// Guarded by lock
	private boolean stopped;

	private boolean held;

	/**
	 * Counts the times the lease was taken, so that a late answer of an earlier term is
	 * ignored.
	 */
	private long term;

	private ScheduledFuture<?> next;

	private ScheduledFuture<?> deadline;

	private String lastHolder;

	private int failures;

	public ShardLeaseKeeper(ShardSession shard, int shardTotal, ShardLeaseManager leases, TaskScheduler scheduler,
			Executor ioExecutor) {
		this.shard = shard;
		this.shardTotal = shardTotal;
		this.leases = leases;
		this.scheduler = scheduler;
		this.ioExecutor = ioExecutor;
		this.renewInterval = leases.ttl().dividedBy(3);
		this.safetyMargin = leases.ttl().dividedBy(10);
	}

	/**
	 * Asks for the lease at once; the shard starts when it gets it and stands by
	 * otherwise.
	 */
	public void start() {
		acquire();
	}

	/**
	 * Stops asking and renewing; the lease, if held, stays until {@link #release()} or
	 * expiry.
	 */
	public void stop() {
		synchronized (this.lock) {
			this.stopped = true;
			cancel(this.next);
			cancel(this.deadline);
		}
	}

	/**
	 * Gives the lease up if this instance holds it (call it after the shard saved its
	 * session), so that a standby takes over at its next poll. Waits at most a third of
	 * the TTL.
	 */
	public void release() {
		synchronized (this.lock) {
			if (!this.held) {
				return;
			}
			this.held = false;
		}
		try {
			call(() -> {
				this.leases.release(this.shard.id(), this.shardTotal);
				return null;
			}).get(this.renewInterval.toMillis(), TimeUnit.MILLISECONDS);
			logger.debug("Shard {}: released its lease", this.shard.id());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn(
					"Shard {}: could not release its lease ({}); a standby takes over when it expires in at most {} ms",
					this.shard.id(), describe(ex), this.leases.ttl().toMillis());
		}
	}

	private void acquire() {
		synchronized (this.lock) {
			if (this.stopped) {
				return;
			}
		}
		long sentAt = System.nanoTime();
		call(() -> this.leases.acquire(this.shard.id(), this.shardTotal)).whenComplete((holder, failure) -> {
			boolean mine = failure == null && this.leases.instanceId().equals(holder);
			if (failure != null) {
				noteFailure("ask for", failure);
			}
			// Under the lock, so that a stop() that returned never sees the shard start
			// afterwards.
			synchronized (this.lock) {
				if (mine) {
					// Even when stopping: release() gives it back.
					this.held = true;
				}
				if (this.stopped) {
					return;
				}
				if (mine) {
					this.failures = 0;
					long currentTerm = ++this.term;
					this.deadline = scheduleLocked(untilDeadline(sentAt), () -> onDeadline(currentTerm));
					this.next = scheduleLocked(this.renewInterval, () -> renew(currentTerm));
					logger.info("Shard {}: holds its lease as instance {}; starting", this.shard.id(), holder);
					this.lastHolder = holder;
					this.shard.takeOver(holder);
					return;
				}
				if (holder != null && !holder.equals(this.lastHolder)) {
					logger.info("Shard {}: instance {} holds its lease; standing by", this.shard.id(), holder);
				}
				this.lastHolder = holder;
				this.shard.standBy(holder);
				this.next = scheduleLocked(this.leases.pollInterval(), this::acquire);
			}
		});
	}

	private void renew(long renewTerm) {
		long sentAt = System.nanoTime();
		call(() -> this.leases.renew(this.shard.id(), this.shardTotal)).whenComplete((renewed, failure) -> {
			synchronized (this.lock) {
				if (this.stopped || !this.held || this.term != renewTerm) {
					return;
				}
				if (failure == null && !Boolean.TRUE.equals(renewed)) {
					loseLocked("its lease was taken or expired");
					return;
				}
				if (failure == null) {
					this.failures = 0;
					cancel(this.deadline);
					this.deadline = scheduleLocked(untilDeadline(sentAt), () -> onDeadline(renewTerm));
				}
				this.next = scheduleLocked(this.renewInterval, () -> renew(renewTerm));
			}
			if (failure != null) {
				noteFailure("renew", failure);
			}
		});
	}

	private void onDeadline(long deadlineTerm) {
		synchronized (this.lock) {
			if (this.stopped || !this.held || this.term != deadlineTerm) {
				return;
			}
			loseLocked("its lease could not be renewed before it expires");
		}
	}

	private void loseLocked(String why) {
		this.held = false;
		this.term++;
		cancel(this.next);
		cancel(this.deadline);
		logger.warn("Shard {}: {}; stopping the shard here and standing by", this.shard.id(), why);
		this.shard.leaseLost(null);
		this.next = scheduleLocked(this.leases.pollInterval(), this::acquire);
	}

	private Duration untilDeadline(long sentAt) {
		long remaining = sentAt + this.leases.ttl().toNanos() - this.safetyMargin.toNanos() - System.nanoTime();
		return Duration.ofNanos(Math.max(0, remaining));
	}

	private <T> CompletableFuture<T> call(Supplier<T> operation) {
		try {
			return CompletableFuture.supplyAsync(operation, this.ioExecutor)
				.orTimeout(this.renewInterval.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private void noteFailure(String action, Throwable failure) {
		int count;
		synchronized (this.lock) {
			count = ++this.failures;
		}
		if (count == 1 || count % 20 == 0) {
			logger.warn("Shard {}: could not {} its lease ({} attempt(s) failed): {}", this.shard.id(), action, count,
					describe(failure));
		}
	}

	private ScheduledFuture<?> scheduleLocked(Duration delay, Runnable step) {
		try {
			return this.scheduler.schedule(step, Instant.now().plus(delay));
		}
		catch (RejectedExecutionException ex) {
			// The scheduler is shut down: the manager is stopping.
			return null;
		}
	}

	private static void cancel(ScheduledFuture<?> future) {
		if (future != null) {
			future.cancel(false);
		}
	}

	private static String describe(Throwable failure) {
		Throwable cause = (failure.getCause() != null && !(failure instanceof TimeoutException)) ? failure.getCause()
				: failure;
		if (cause instanceof TimeoutException) {
			return "no answer in time";
		}
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

}
