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

	/** Whether no IDENTIFY may be sent before {@link #resetsAt()}. */
	public boolean isExhausted() {
		return this.remaining <= 0 && Instant.now().isBefore(this.resetsAt);
	}

}
