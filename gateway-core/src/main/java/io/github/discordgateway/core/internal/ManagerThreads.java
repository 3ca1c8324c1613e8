package io.github.discordgateway.core.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The threads a {@link ShardRuntime} runs on between start and stop: connection work on
 * daemon threads of its own; timers and listener callbacks on the scheduler and executor
 * it was given, or else on daemon threads of its own too. Only what it created is shut
 * down.
 */
final class ManagerThreads {

	private static final Logger logger = LoggerFactory.getLogger(ShardRuntime.class);

	private final TaskScheduler suppliedScheduler;

	private final Executor suppliedDeliveryExecutor;

	private final Duration closeTimeout;

	private volatile ExecutorService io;

	private volatile ExecutorService ownDeliveryExecutor;

	private volatile ThreadPoolTaskScheduler ownScheduler;

	ManagerThreads(TaskScheduler scheduler, Executor deliveryExecutor, Duration closeTimeout) {
		this.suppliedScheduler = scheduler;
		this.suppliedDeliveryExecutor = deliveryExecutor;
		this.closeTimeout = closeTimeout;
	}

	/** Creates the threads; the runtime calls it under its lifecycle lock. */
	void start() {
		this.io = Executors.newCachedThreadPool(daemonThreads("gateway-io-"));
		if (this.suppliedDeliveryExecutor == null) {
			this.ownDeliveryExecutor = Executors.newCachedThreadPool(daemonThreads("gateway-delivery-"));
		}
		if (this.suppliedScheduler == null) {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setPoolSize(2);
			scheduler.setThreadNamePrefix("gateway-heartbeat-");
			scheduler.setDaemon(true);
			scheduler.setRemoveOnCancelPolicy(true);
			scheduler.initialize();
			this.ownScheduler = scheduler;
		}
	}

	/** Runs heartbeats and timers. */
	TaskScheduler scheduler() {
		return (this.suppliedScheduler != null) ? this.suppliedScheduler : this.ownScheduler;
	}

	/** Runs connects, closes and other blocking connection work. */
	ExecutorService io() {
		return this.io;
	}

	/** Runs listener callbacks. */
	Executor delivery() {
		return (this.suppliedDeliveryExecutor != null) ? this.suppliedDeliveryExecutor : this.ownDeliveryExecutor;
	}

	/**
	 * Stops the threads it created; the runtime calls it under its lifecycle lock once
	 * every shard closed.
	 */
	void stop() {
		this.io.shutdownNow();
		ExecutorService delivery = this.ownDeliveryExecutor;
		if (delivery != null) {
			// Let callbacks already queued (such as the final disconnect) run, within
			// the close timeout.
			delivery.shutdown();
			awaitTermination(delivery);
			this.ownDeliveryExecutor = null;
		}
		ThreadPoolTaskScheduler scheduler = this.ownScheduler;
		if (scheduler != null) {
			scheduler.shutdown();
			this.ownScheduler = null;
		}
	}

	private void awaitTermination(ExecutorService executor) {
		try {
			if (!executor.awaitTermination(this.closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Listeners did not finish within {} ms of shutdown", this.closeTimeout.toMillis());
				executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			executor.shutdownNow();
		}
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger counter = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
