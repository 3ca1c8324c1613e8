package io.github.discordgateway.core;

import java.time.Instant;

/**
 * The bot's daily session-start budget as this process knows it: Discord's
 * {@code session_start_limit} at discovery, minus the IDENTIFYs sent since.
 *
 * @param total starts allowed per window (1000 for most bots)
 * @param remaining starts left in the current window
 * @param resetsAt when the window resets
 */
public record SessionStartLimit(int total, int remaining, Instant resetsAt) {

	/**
	 * The total and remaining count of a limit Discord did not report (gateway discovery
	 * answered without {@code session_start_limit}): so many starts never run out.
	 */
	public static final int UNREPORTED = Integer.MAX_VALUE;

	/**
	 * Whether Discord reported this limit, so that its counts are worth showing.
	 * @return {@code false} for a limit of {@link #UNREPORTED} starts
	 */
	public boolean isReported() {
		return this.total != UNREPORTED;
	}

	/** Whether no IDENTIFY may be sent before {@link #resetsAt()}. */
	public boolean isExhausted() {
		return this.remaining <= 0 && Instant.now().isBefore(this.resetsAt);
	}

}
