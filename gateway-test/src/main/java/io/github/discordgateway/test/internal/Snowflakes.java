package io.github.discordgateway.test.internal;

import java.util.concurrent.atomic.AtomicLong;

/** Generates unique, time-based Discord snowflakes. */
public final class Snowflakes {

	/** Discord epoch (2015-01-01T00:00:00Z) in Unix milliseconds. */
	public static final long DISCORD_EPOCH = 1420070400000L;

	private static final AtomicLong LAST = new AtomicLong();

	private Snowflakes() {
	}

	/**
	 * A new snowflake for the current time, strictly greater than every earlier one from
	 * this method.
	 * @return the id
	 */
	public static long next() {
		long candidate = ((System.currentTimeMillis() - DISCORD_EPOCH) << 22) | (1L << 17);
		return LAST.updateAndGet(last -> Math.max(last + 1, candidate));
	}

}
