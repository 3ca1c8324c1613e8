package io.github.discordgateway.core.internal;

import java.time.Duration;

/**
 * Discord closes a connection that sends more than 120 payloads in 60 seconds (close
 * 4008). This sliding window keeps application commands below the limit while reserving
 * room for what keeps the session alive: every heartbeat of the window plus
 * IDENTIFY/RESUME. Those "priority" sends are never refused. One instance per connection.
 * Thread-safe.
 */
final class SendRateLimiter {

	static final int LIMIT = 120;

	static final long WINDOW_NANOS = Duration.ofSeconds(60).toNanos();

	private final long[] sentAt = new long[LIMIT];

	private final int commandLimit;

	private int head;

	private int count;

	/**
	 * @param heartbeatInterval the connection's heartbeat interval, which decides the
	 * reserve
	 */
	SendRateLimiter(Duration heartbeatInterval) {
		long beatsPerWindow = (WINDOW_NANOS + heartbeatInterval.toNanos() - 1)
				/ Math.max(1, heartbeatInterval.toNanos());
		int reserve = (int) Math.min(LIMIT / 2, beatsPerWindow + 3);
		this.commandLimit = LIMIT - reserve;
	}

	/** Records a send that must not wait (heartbeat, IDENTIFY, RESUME). */
	synchronized void recordPriority() {
		record(System.nanoTime());
	}

	/**
	 * Takes a slot for an application command if one is free.
	 * @return {@code 0} if the command may be sent now, else the nanoseconds until a slot
	 * frees up
	 */
	synchronized long tryAcquireCommand() {
		long now = System.nanoTime();
		expire(now);
		if (this.count < this.commandLimit) {
			record(now);
			return 0;
		}
		// The window must drop enough old sends to get below the command limit again.
		int index = (this.head + (this.count - this.commandLimit)) % LIMIT;
		return Math.max(1, this.sentAt[index] + WINDOW_NANOS - now);
	}

	int commandLimit() {
		return this.commandLimit;
	}

	private void record(long now) {
		expire(now);
		if (this.count == LIMIT) {
			// Only priority sends get here; forget the oldest rather than refuse a
			// heartbeat.
			this.head = (this.head + 1) % LIMIT;
			this.count--;
		}
		this.sentAt[(this.head + this.count) % LIMIT] = now;
		this.count++;
	}

	private void expire(long now) {
		while (this.count > 0 && now - this.sentAt[this.head] >= WINDOW_NANOS) {
			this.head = (this.head + 1) % LIMIT;
			this.count--;
		}
	}

}
