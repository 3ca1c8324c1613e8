package io.github.discordgateway.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/**
 * A {@link TaskScheduler} whose time only moves when a test {@linkplain #advance
 * advances} it: due tasks then run on the test's thread, in the order they are due.
 */
final class ManualScheduler implements TaskScheduler {

	private final PriorityQueue<Task> tasks = new PriorityQueue<>();

	private final Clock clock = new ManualClock();

	private Instant now = Instant.parse("2026-12-03T12:00:00Z");

	private long scheduled;

	@Override
	public Clock getClock() {
		return this.clock;
	}

	Instant now() {
		return this.now;
	}

	/** Moves time forward, running every task that comes due on the way. */
	void advance(Duration duration) {
		Instant target = this.now.plus(duration);
		Task next;
		while ((next = this.tasks.peek()) != null && !next.due.isAfter(target)) {
			this.tasks.poll();
			if (next.cancelled) {
				continue;
			}
			this.now = next.due;
			if (next.period != null) {
				next.due = next.due.plus(next.period);
				next.order = this.scheduled++;
				this.tasks.add(next);
			}
			else {
				next.done = true;
			}
			next.task.run();
		}
		this.now = target;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
		return add(task, startTime, null);
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
		return add(task, startTime, period);
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
		return add(task, this.now, period);
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
		throw new UnsupportedOperationException();
	}

	private Task add(Runnable runnable, Instant due, Duration period) {
		Task task = new Task(runnable, due.isBefore(this.now) ? this.now : due, period, this.scheduled++);
		this.tasks.add(task);
		return task;
	}

	private final class ManualClock extends Clock {

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Instant instant() {
			return ManualScheduler.this.now;
		}

	}

	private final class Task implements ScheduledFuture<Object> {

		private final Runnable task;

		private final Duration period;

		private Instant due;

		private long order;

		private volatile boolean cancelled;

		private volatile boolean done;

		Task(Runnable task, Instant due, Duration period, long order) {
			this.task = task;
			this.due = due;
			this.period = period;
			this.order = order;
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(Duration.between(ManualScheduler.this.now, this.due));
		}

		@Override
		public int compareTo(Delayed other) {
			Task that = (Task) other;
			int byDue = this.due.compareTo(that.due);
			return (byDue != 0) ? byDue : Long.compare(this.order, that.order);
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			boolean cancelling = !this.cancelled && !this.done;
			this.cancelled = true;
			return cancelling;
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		@Override
		public boolean isDone() {
			return this.done || this.cancelled;
		}

		@Override
		public Object get() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Object get(long timeout, TimeUnit unit) {
			throw new UnsupportedOperationException();
		}

	}

}
