package io.github.discordgateway.consumer;

import java.util.concurrent.atomic.LongAdder;

/** Running totals of one consumer, read by its meters and its health. Thread-safe. */
public final class ConsumerStatistics {

	private final LongAdder delivered = new LongAdder();

	private final LongAdder duplicates = new LongAdder();

	private final LongAdder redeliveries = new LongAdder();

	private final LongAdder deadLetters = new LongAdder();

	private final LongAdder failedAttempts = new LongAdder();

	/**
	 * Envelopes handed to the listeners (after duplicates were dropped), whether or not
	 * they failed.
	 */
	public long delivered() {
		return this.delivered.sum();
	}

	/** Envelopes dropped because their {@code (session, seq)} was handled already. */
	public long duplicates() {
		return this.duplicates.sum();
	}

	/**
	 * Envelopes the broker delivered again: claimed from a dead consumer (Redis Streams)
	 * or read again after a failure (Kafka).
	 */
	public long redeliveries() {
		return this.redeliveries.sum();
	}

	/** Envelopes written to the dead letters. */
	public long deadLetters() {
		return this.deadLetters.sum();
	}

	/** Listener calls that threw (each retry counts). */
	public long failedAttempts() {
		return this.failedAttempts.sum();
	}

	void countDelivered() {
		this.delivered.increment();
	}

	void countDuplicate() {
		this.duplicates.increment();
	}

	/** Counts envelopes the broker delivered again. */
	public void countRedeliveries(long count) {
		this.redeliveries.add(count);
	}

	void countDeadLetter() {
		this.deadLetters.increment();
	}

	void countFailedAttempt() {
		this.failedAttempts.increment();
	}

}
