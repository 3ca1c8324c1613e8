package io.github.discordgateway.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

import org.springframework.scheduling.TaskScheduler;

/**
 * Spaces IDENTIFYs: at most one per concurrency bucket ({@code shard_id % max_concurrency}) per
 * identify interval (5 s at Discord). Resumes never come here.
 */
public final class IdentifyQueue {

	private final TaskScheduler scheduler;

	private final Duration interval;

	private final Map<Integer, Instant> nextSlot = new HashMap<>();

	private volatile int maxConcurrency = 1;

	public IdentifyQueue(TaskScheduler scheduler, Duration interval) {
		this.scheduler = scheduler;
		this.interval = interval;
	}

	/** Sets the bucket count from discovery's {@code session_start_limit.max_concurrency}. */
	public void maxConcurrency(int maxConcurrency) {
		this.maxConcurrency = Math.max(1, maxConcurrency);
	}

	/**
	 * Runs {@code identify} in the shard's next free slot (at once if the bucket is free).
	 * @return a handle that cancels the identify if it has not run yet
	 */
	ScheduledFuture<?> schedule(int shardId, Runnable identify) {
		int bucket = shardId % this.maxConcurrency;
		Instant now = Instant.now();
		Instant slot;
		synchronized (this.nextSlot) {
			slot = this.nextSlot.getOrDefault(bucket, now);
			if (slot.isBefore(now)) {
				slot = now;
			}
			this.nextSlot.put(bucket, slot.plus(this.interval));
		}
		return this.scheduler.schedule(identify, slot);
	}

}
