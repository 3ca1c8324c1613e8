package io.github.discordgateway.core.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the n-th consecutive failure waits a random time
 * in {@code [0, min(max, initial × 2^n))}. Not thread-safe; guarded by its owner.
 */
final class Backoff {

	private final long initialMillis;

	private final long maxMillis;

	private int failures;

	Backoff(Duration initial, Duration max) {
		this.initialMillis = initial.toMillis();
		this.maxMillis = max.toMillis();
	}

	/** The delay before the next attempt; each call counts one more failure. */
	Duration next() {
		long ceiling = this.initialMillis << Math.min(this.failures, 30);
		if (ceiling <= 0 || ceiling > this.maxMillis) {
			ceiling = this.maxMillis;
		}
		this.failures++;
		return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
	}

	/** How many attempts failed since the last reset. */
	int failures() {
		return this.failures;
	}

	/** A success: the next delay starts small again. */
	void reset() {
		this.failures = 0;
	}

}
