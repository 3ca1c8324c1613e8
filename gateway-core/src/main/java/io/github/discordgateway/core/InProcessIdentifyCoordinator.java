package io.github.discordgateway.core;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import org.springframework.scheduling.TaskScheduler;

/**
 * Spaces IDENTIFYs inside one process: each bucket hands out its slots in order, one per interval
 * (5 s at Discord). Waiting costs no thread: a granted slot is a scheduled task.
 */
public final class InProcessIdentifyCoordinator implements IdentifyCoordinator {

	private final TaskScheduler scheduler;

	private final Duration interval;

	private final Map<Integer, Instant> nextSlot = new HashMap<>();

	/**
	 * @param scheduler completes the waits
	 * @param interval minimum spacing of two identifies in one bucket
	 */
	public InProcessIdentifyCoordinator(TaskScheduler scheduler, Duration interval) {
		this.scheduler = scheduler;
		this.interval = interval;
	}

	@Override
	public CompletableFuture<Void> acquire(int shardId, int maxConcurrency) {
		int bucket = shardId % Math.max(1, maxConcurrency);
		Instant now = Instant.now();
		Instant slot;
		synchronized (this.nextSlot) {
			slot = this.nextSlot.getOrDefault(bucket, now);
			if (slot.isBefore(now)) {
				slot = now;
			}
			this.nextSlot.put(bucket, slot.plus(this.interval));
		}
		CompletableFuture<Void> granted = new CompletableFuture<>();
		if (!slot.isAfter(now)) {
			granted.complete(null);
			return granted;
		}
		ScheduledFuture<?> task = this.scheduler.schedule(() -> granted.complete(null), slot);
		granted.whenComplete((ignored, failure) -> task.cancel(false));
		return granted;
	}

}
