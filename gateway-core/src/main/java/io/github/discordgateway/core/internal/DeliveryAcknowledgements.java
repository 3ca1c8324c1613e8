package io.github.discordgateway.core.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.discordgateway.core.AcknowledgingGatewayListener;

/**
 * The last delivered sequence of one shard, for listeners that finish with a dispatch
 * after their call returns ({@link AcknowledgingGatewayListener}): the sequence advances
 * only over dispatches whose completion arrived, in delivery order, and at most a fixed
 * number of dispatches may wait for theirs. Synchronous deliveries with nothing waiting
 * take a lock-free path.
 */
final class DeliveryAcknowledgements {

	private static final Logger logger = LoggerFactory.getLogger(DeliveryAcknowledgements.class);

	private final int shardId;

	private final int maxInFlight;

	// In delivery order; guarded by itself
	private final ArrayDeque<Delivery> inFlight = new ArrayDeque<>();

	// Written under the lock; read without it by the delivery thread's fast path
	private volatile int inFlightCount;

	private volatile long lastDeliveredSequence;

	DeliveryAcknowledgements(int shardId, int maxInFlight) {
		this.shardId = shardId;
		this.maxInFlight = Math.max(1, maxInFlight);
	}

	long lastDeliveredSequence() {
		return this.lastDeliveredSequence;
	}

	void resumeFrom(long deliveredSequence) {
		synchronized (this.inFlight) {
			this.lastDeliveredSequence = deliveredSequence;
		}
	}

	/**
	 * Waits, while {@code keepWaiting} holds, until another dispatch may be in flight.
	 * @return whether there is room
	 */
	boolean awaitRoom(BooleanSupplier keepWaiting) {
		synchronized (this.inFlight) {
			while (this.inFlightCount >= this.maxInFlight) {
				if (!keepWaiting.getAsBoolean() || Thread.currentThread().isInterrupted()) {
					return false;
				}
				waitOnLock(50);
			}
			return true;
		}
	}

	/**
	 * Waits at most until the deadline ({@link System#nanoTime()}) for every dispatch in
	 * flight.
	 */
	void awaitInFlight(long deadlineNanos) {
		synchronized (this.inFlight) {
			long left;
			while (this.inFlightCount > 0 && (left = deadlineNanos - System.nanoTime()) > 0
					&& !Thread.currentThread().isInterrupted()) {
				waitOnLock(Math.max(1, left / 1_000_000));
			}
		}
	}

	/**
	 * The listener returned from a dispatch.
	 * @param completion completes when the dispatch is done with, or {@code null} when it
	 * is done
	 */
	void delivered(long sequence, CompletionStage<?> completion) {
		if (completion == null && this.inFlightCount == 0) {
			// Only this (the delivery) thread adds; nothing in flight means nothing to
			// wait behind.
			this.lastDeliveredSequence = sequence;
			return;
		}
		Delivery delivery = new Delivery(sequence);
		synchronized (this.inFlight) {
			this.inFlight.add(delivery);
			this.inFlightCount = this.inFlight.size();
		}
		if (completion == null) {
			complete(delivery);
		}
		else {
			completion.whenComplete((result, failure) -> {
				if (failure != null) {
					logger.error("Shard {}: a listener failed on the dispatch with s={}; it counts as delivered",
							this.shardId, sequence, failure);
				}
				complete(delivery);
			});
		}
	}

	private void complete(Delivery delivery) {
		synchronized (this.inFlight) {
			delivery.done = true;
			Delivery head;
			while ((head = this.inFlight.peek()) != null && head.done) {
				this.inFlight.poll();
				this.lastDeliveredSequence = head.sequence;
			}
			this.inFlightCount = this.inFlight.size();
			this.inFlight.notifyAll();
		}
	}

	private void waitOnLock(long millis) {
		try {
			this.inFlight.wait(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static final class Delivery {

		final long sequence;

		boolean done;

		Delivery(long sequence) {
			this.sequence = sequence;
		}

	}

}
