package io.github.discordgateway.consumer;

import java.time.Duration;

/**
 * How often a failing listener is called for one envelope before it goes to the dead
 * letters, and how long to wait between calls (doubling from {@code initialBackoff} up to
 * {@code maxBackoff}).
 *
 * @param maxAttempts listener calls per envelope, at least 1
 * @param initialBackoff the wait after the first failure
 * @param maxBackoff the longest wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

	public RetryPolicy {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + maxAttempts);
		}
		if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
			throw new IllegalArgumentException(
					"Backoffs must satisfy 0 <= initial <= max but were " + initialBackoff + " and " + maxBackoff);
		}
	}

	/** The wait after the given failed attempt (1-based). */
	public Duration backoff(int attempt) {
		long millis = this.initialBackoff.toMillis() << Math.min(attempt - 1, 20);
		return Duration.ofMillis(Math.min(millis, this.maxBackoff.toMillis()));
	}

}
