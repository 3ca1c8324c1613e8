package io.github.discordgateway.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.scheduling.TaskScheduler;

/**
 * Spaces IDENTIFYs inside one process: each bucket hands out one slot at a time, in
 * order, and the next one no earlier than an interval after the previous IDENTIFY was
 * written (a released slot passes on at once). Waiting costs no thread: a due slot is a
 * scheduled task, and slots are handed out on the scheduler.
 */
public final class InProcessIdentifyCoordinator implements IdentifyCoordinator {

	private final TaskScheduler scheduler;

	private final Duration interval;

	private final Map<Integer, Bucket> buckets = new HashMap<>();

	/**
	 * @param scheduler completes the waits
	 * @param interval minimum spacing, counted from the moment an IDENTIFY was written,
	 * to the next IDENTIFY of the same bucket
	 */
	public InProcessIdentifyCoordinator(TaskScheduler scheduler, Duration interval) {
		this.scheduler = scheduler;
		this.interval = interval;
	}

	@Override
	public CompletableFuture<IdentifySlot> acquire(int shardId, int maxConcurrency) {
		int key = Math.floorMod(shardId, Math.max(1, maxConcurrency));
		CompletableFuture<IdentifySlot> granted = new CompletableFuture<>();
		Bucket bucket;
		synchronized (this.buckets) {
			bucket = this.buckets.computeIfAbsent(key, (ignored) -> new Bucket());
			bucket.waiters.add(granted);
		}
		granted.whenComplete((slot, failure) -> {
			if (failure != null) {
				pump(bucket);
			}
		});
		pump(bucket);
		return granted;
	}

	/**
	 * Hands the bucket's slot to the first waiter if it is free and due, or schedules the
	 * next look.
	 */
	private void pump(Bucket bucket) {
		CompletableFuture<IdentifySlot> next;
		Slot slot;
		synchronized (this.buckets) {
			if (bucket.holder != null) {
				return;
			}
			bucket.waiters.removeIf(CompletableFuture::isDone);
			next = bucket.waiters.peek();
			if (next == null) {
				return;
			}
			Instant now = Instant.now();
			if (bucket.nextFree != null && now.isBefore(bucket.nextFree)) {
				if (bucket.timer == null) {
					// The timer may fire a little before nextFree by the wall clock: it
					// looks again.
					bucket.timer = schedule(() -> {
						synchronized (this.buckets) {
							bucket.timer = null;
						}
						pump(bucket);
					}, bucket.nextFree);
				}
				return;
			}
			bucket.waiters.poll();
			slot = new Slot(bucket);
			bucket.holder = slot;
		}
		// Completed on the scheduler, never inline: the caller may hold its shard's lock
		// while it
		// reports a slot, and the next shard's continuation takes that shard's lock.
		schedule(() -> {
			if (!next.complete(slot)) {
				slot.release();
			}
		}, Instant.now());
	}

	/**
	 * Schedules on the scheduler; once it is shut down (the application stops) nothing is
	 * handed out any more.
	 */
	private ScheduledFuture<?> schedule(Runnable task, Instant at) {
		try {
			return this.scheduler.schedule(task, at);
		}
		catch (RejectedExecutionException ex) {
			return null;
		}
	}

	private final class Slot implements IdentifySlot {

		private final Bucket bucket;

		private final AtomicBoolean done = new AtomicBoolean();

		Slot(Bucket bucket) {
			this.bucket = bucket;
		}

		@Override
		public void identifySent(Instant writtenAt) {
			if (this.done.compareAndSet(false, true)) {
				synchronized (InProcessIdentifyCoordinator.this.buckets) {
					Instant free = writtenAt.plus(InProcessIdentifyCoordinator.this.interval);
					if (this.bucket.nextFree == null || free.isAfter(this.bucket.nextFree)) {
						this.bucket.nextFree = free;
					}
					this.bucket.holder = null;
				}
				pump(this.bucket);
			}
		}

		@Override
		public void release() {
			if (this.done.compareAndSet(false, true)) {
				synchronized (InProcessIdentifyCoordinator.this.buckets) {
					this.bucket.holder = null;
				}
				pump(this.bucket);
			}
		}

	}

	/**
	 * One concurrency bucket: its waiters in order, the slot out, and when the next may
	 * go.
	 */
	private static final class Bucket {

		final ArrayDeque<CompletableFuture<IdentifySlot>> waiters = new ArrayDeque<>();

		Slot holder;

		Instant nextFree;

		ScheduledFuture<?> timer;

	}

}
