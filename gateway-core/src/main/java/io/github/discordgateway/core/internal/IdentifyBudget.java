package io.github.discordgateway.core.internal;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.discordgateway.core.SessionStartLimit;

/**
 * The daily session-start budget. Running out makes Discord reset the bot token, so when it is
 * spent an IDENTIFY waits for the window to reset instead of being sent. Thread-safe.
 */
public final class IdentifyBudget {

	private static final Logger logger = LoggerFactory.getLogger(IdentifyBudget.class);

	private int total;

	private int remaining;

	private Instant resetsAt;

	public IdentifyBudget(int total, int remaining, Duration resetAfter) {
		this.total = total;
		this.remaining = remaining;
		this.resetsAt = Instant.now().plus(resetAfter);
	}

	/** A budget that never runs out, for a gateway URL configured without discovery. */
	public static IdentifyBudget unlimited() {
		return new IdentifyBudget(Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ZERO);
	}

	/**
	 * Takes one start.
	 * @return how long the IDENTIFY has to wait for the window to reset ({@link Duration#ZERO} if not)
	 */
	public synchronized Duration take(int shardId) {
		Instant now = Instant.now();
		if (!now.isBefore(this.resetsAt) && this.remaining < this.total) {
			this.remaining = this.total;
			this.resetsAt = now.plus(Duration.ofDays(1));
		}
		if (this.remaining > 0) {
			this.remaining--;
			return Duration.ZERO;
		}
		Duration wait = Duration.between(now, this.resetsAt);
		logger.error("Shard {}: the daily session-start budget is spent; waiting {} s for it to reset instead of "
				+ "identifying (spending past it makes Discord reset the bot token)", shardId, wait.toSeconds());
		return wait;
	}

	public synchronized SessionStartLimit snapshot() {
		return new SessionStartLimit(this.total, this.remaining, this.resetsAt);
	}

}
