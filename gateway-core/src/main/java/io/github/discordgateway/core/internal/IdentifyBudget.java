package io.github.discordgateway.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.discordgateway.core.SessionStartLimit;

/**
 * The daily session-start budget. Running out makes Discord reset the bot token, so a
 * shard first {@linkplain #reserve reserves} a start before it waits for its identify
 * slot; the start is {@linkplain #spend spent} when the IDENTIFY is written and
 * {@linkplain #refund refunded} when none was sent. Reserved starts count as used, so
 * shards waiting together can never overspend. When nothing is left a shard waits for the
 * window to reset instead of identifying. Thread-safe.
 */
final class IdentifyBudget {

	/**
	 * The budget assumed when Discord was not asked (explicit URL and shard total):
	 * Discord's standard daily limit, counted by this process alone.
	 */
	static final int ASSUMED_DAILY_STARTS = 1000;

	private static final Duration WINDOW = Duration.ofDays(1);

	private static final Logger logger = LoggerFactory.getLogger(IdentifyBudget.class);

	private final Clock clock;

	private final int total;

	private int remaining;

	private int reserved;

	private Instant resetsAt;

	private final Set<Integer> heldBack = new TreeSet<>();

	public IdentifyBudget(int total, int remaining, Duration resetAfter) {
		this(total, remaining, resetAfter, Clock.systemUTC());
	}

	IdentifyBudget(int total, int remaining, Duration resetAfter, Clock clock) {
		this.clock = clock;
		this.total = total;
		this.remaining = remaining;
		this.resetsAt = clock.instant().plus(resetAfter);
	}

	/**
	 * The budget of a gateway URL configured without discovery:
	 * {@value #ASSUMED_DAILY_STARTS} starts a day.
	 */
	public static IdentifyBudget assumed() {
		return new IdentifyBudget(ASSUMED_DAILY_STARTS, ASSUMED_DAILY_STARTS, WINDOW);
	}

	/**
	 * Reserves one start for a shard about to wait for its identify slot.
	 * @return {@link Duration#ZERO} when reserved, otherwise how long to wait for the
	 * window to reset
	 */
	public synchronized Duration reserve(int shardId) {
		Instant now = this.clock.instant();
		if (!now.isBefore(this.resetsAt)) {
			this.remaining = this.total;
			this.resetsAt = now.plus(WINDOW);
		}
		if (this.remaining - this.reserved > 0) {
			this.reserved++;
			this.heldBack.remove(shardId);
			return Duration.ZERO;
		}
		Duration wait = Duration.between(now, this.resetsAt);
		if (this.heldBack.add(shardId)) {
			logger.error(
					"Shard {}: the daily session-start budget is spent ({} left, {} reserved); waiting {} s for it "
							+ "to reset instead of identifying (spending past it makes Discord reset the bot token)",
					shardId, this.remaining, this.reserved, wait.toSeconds());
		}
		return wait;
	}

	/** The reserved start was used: an IDENTIFY was written. */
	public synchronized void spend() {
		if (this.reserved > 0) {
			this.reserved--;
		}
		this.remaining--;
	}

	/** The reserved start was not used. */
	public synchronized void refund() {
		if (this.reserved > 0) {
			this.reserved--;
		}
	}

	/** A shard no longer needs a start (it stopped). */
	public synchronized void forget(int shardId) {
		this.heldBack.remove(shardId);
	}

	public synchronized SessionStartLimit snapshot() {
		return new SessionStartLimit(this.total, this.remaining, this.resetsAt);
	}

	/** The shards waiting for the window to reset, in id order. */
	public synchronized List<Integer> heldBack() {
		return List.copyOf(this.heldBack);
	}

}
