package io.github.discordgateway.core.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongBinaryOperator;

/**
 * The wait after INVALID_SESSION (op 9). Discord asks for a random 1–5 s; a gateway that
 * refuses again and again without a READY in between (an identify storm, a budget it will
 * not grant) gets that wait doubled each time, up to {@link #MAX}, so a refusing gateway
 * sees a handful of IDENTIFYs a minute instead of one every few seconds. Reset by READY
 * or RESUMED. Not thread-safe; guarded by its owner.
 */
final class InvalidSessionBackoff {

	/** The longest wait between two attempts. */
	static final Duration MAX = Duration.ofSeconds(60);

	private final long minMillis;

	private final long maxMillis;

	private final LongBinaryOperator random;

	private int refusals;

	InvalidSessionBackoff(Duration min, Duration max) {
		this(min, max, (from, to) -> (to > from) ? ThreadLocalRandom.current().nextLong(from, to + 1) : from);
	}

	/**
	 * @param random picks a number in {@code [from, to]}
	 */
	InvalidSessionBackoff(Duration min, Duration max, LongBinaryOperator random) {
		this.minMillis = min.toMillis();
		this.maxMillis = max.toMillis();
		this.random = random;
	}

	/**
	 * The wait before the next attempt: random in {@code [min, max] × 2^refusals}, at
	 * most {@link #MAX}.
	 */
	Duration next() {
		long base = this.random.applyAsLong(this.minMillis, this.maxMillis);
		int doublings = Math.min(this.refusals, 20);
		this.refusals++;
		return Duration.ofMillis(Math.min(Math.max(MAX.toMillis(), this.maxMillis), base << doublings));
	}

	/** A session started: the next refusal waits the plain 1–5 s again. */
	void reset() {
		this.refusals = 0;
	}

}
