package io.github.discordgateway.consumer;

/** Where a consumer puts the envelopes it gives up on: a dead-letter topic or stream. */
@FunctionalInterface
public interface DeadLetters {

	/**
	 * Writes a dead letter and returns once the broker confirmed it.
	 * @throws RuntimeException if it could not be written; the envelope then stays
	 * unacknowledged
	 */
	void publish(DeadLetter letter);

}
