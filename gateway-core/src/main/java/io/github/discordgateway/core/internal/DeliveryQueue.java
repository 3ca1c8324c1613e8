package io.github.discordgateway.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.discordgateway.core.AcknowledgingGatewayListener;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayObserver;

/**
 * Delivers one shard's dispatches and lifecycle callbacks to the listener, one at a time
 * and in order, on a shared executor. The socket reader only enqueues; when the bounded
 * queue is full the reader waits for room (backpressure through TCP) rather than dropping
 * anything, and the shard knows that it is waiting so that the silence is not mistaken
 * for a dead connection.
 */
final class DeliveryQueue {

	private static final Logger logger = LoggerFactory.getLogger(DeliveryQueue.class);

	/** Items delivered per executor task before yielding the thread to other shards. */
	private static final int BATCH = 256;

	/**
	 * A drain that starts this soon after the previous one ended finds a busy shard.
	 * Handing every event of a busy shard to a freshly woken pool thread costs more than
	 * decoding it.
	 */
	private static final long BUSY_GAP_NANOS = 200_000;

	/**
	 * How long a busy shard's drain waits for the next item before giving its thread
	 * back. It parks while it waits, and the producer unparks it when it queues an item:
	 * a wait costs no CPU, unlike the yield loop it replaces, which kept a core busy for
	 * the whole of a busy period whenever the listener was faster than the socket.
	 */
	private static final long LINGER_NANOS = 200_000;

	private final int shardId;

	// linked, not array-backed: an idle shard should not carry a capacity-sized array
	private final LinkedBlockingQueue<Item> queue;

	private final Executor executor;

	private final GatewayListener listener;

	private final GatewayObserver observer;

	private final AtomicBoolean draining = new AtomicBoolean();

	// Non-null when the listener finishes with dispatches after its call returns
	private final AcknowledgingGatewayListener acknowledging;

	private final DeliveryAcknowledgements acknowledgements;

	private volatile boolean producerWaiting;

	private volatile boolean discardingDispatches;

	/**
	 * The drain thread while it lingers (parked) for the next item, otherwise
	 * {@code null}.
	 */
	private volatile Thread lingering;

	/**
	 * When the last drain ended; only drains touch it, and the draining flag orders them.
	 */
	private long lastDrainEnded;

	DeliveryQueue(int shardId, int capacity, Executor executor, GatewayListener listener, GatewayObserver observer) {
		this.shardId = shardId;
		this.queue = new LinkedBlockingQueue<>(capacity);
		this.executor = executor;
		this.listener = listener;
		this.observer = observer;
		this.acknowledging = (listener instanceof AcknowledgingGatewayListener async) ? async : null;
		this.acknowledgements = new DeliveryAcknowledgements(shardId,
				(this.acknowledging != null) ? this.acknowledging.maxInFlight() : 1);
	}

	/**
	 * Queues a dispatch, waiting while the queue is full.
	 * @param keepWaiting asked while waiting; when it turns false the dispatch is dropped
	 * @return whether the dispatch was queued
	 */
	boolean enqueue(GatewayDispatch dispatch, BooleanSupplier keepWaiting) {
		if (this.discardingDispatches) {
			return false;
		}
		return enqueue(new Item(dispatch, null), keepWaiting);
	}

	/**
	 * Queues a lifecycle callback, in order with the dispatches, waiting while the queue
	 * is full.
	 * @param keepWaiting asked while waiting; when it turns false the callback is dropped
	 * @return whether the callback was queued
	 */
	boolean enqueue(Runnable callback, BooleanSupplier keepWaiting) {
		return enqueue(new Item(null, callback), keepWaiting);
	}

	private boolean enqueue(Item item, BooleanSupplier keepWaiting) {
		if (!this.queue.offer(item)) {
			this.producerWaiting = true;
			try {
				while (!this.queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
					if (!keepWaiting.getAsBoolean()) {
						return false;
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
			finally {
				this.producerWaiting = false;
			}
		}
		Thread waiting = this.lingering;
		if (waiting != null) {
			LockSupport.unpark(waiting); // the drain is running and waits for this item:
											// no new task
		}
		else {
			scheduleDrain();
		}
		return true;
	}

	/**
	 * Takes every dispatch not delivered yet out of the queue (and refuses new ones),
	 * then waits, at most the timeout, for the one being delivered to return. Afterwards
	 * {@link #lastDeliveredSequence()} is final: used when a session is handed over, so
	 * that what was taken out is replayed to the next process, or {@linkplain #restore
	 * given back} if the handover failed.
	 * @return the dispatches taken out, in order
	 */
	List<GatewayDispatch> withholdPendingDispatches(Duration timeout) {
		this.discardingDispatches = true;
		List<GatewayDispatch> withheld = new ArrayList<>();
		this.queue.removeIf((item) -> item.dispatch() != null && withheld.add(item.dispatch()));
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.draining.get() && System.nanoTime() < deadline) {
			LockSupport.parkNanos(1_000_000);
		}
		this.acknowledgements.awaitInFlight(deadline);
		return withheld;
	}

	/**
	 * Queues withheld dispatches again, after what is queued (lifecycle callbacks only,
	 * while dispatches were withheld), and waits, at most the timeout, until everything
	 * was delivered.
	 */
	void restore(List<GatewayDispatch> withheld, Duration timeout) {
		this.discardingDispatches = false;
		for (GatewayDispatch dispatch : withheld) {
			if (!this.queue.offer(new Item(dispatch, null))) {
				logger.warn("Shard {}: could not queue a withheld dispatch again; the queue is full", this.shardId);
			}
		}
		scheduleDrain();
		long deadline = System.nanoTime() + timeout.toNanos();
		while ((!this.queue.isEmpty() || this.draining.get()) && System.nanoTime() < deadline) {
			LockSupport.parkNanos(1_000_000);
		}
		this.acknowledgements.awaitInFlight(deadline);
	}

	/** Continues the sequence of a session resumed from another process. */
	void resumeFrom(long deliveredSequence) {
		this.acknowledgements.resumeFrom(deliveredSequence);
	}

	/** Whether the producer is blocked on a full queue right now. */
	boolean isProducerWaiting() {
		return this.producerWaiting;
	}

	/**
	 * The sequence number of the last dispatch the listener returned from (and, for an
	 * {@link AcknowledgingGatewayListener}, finished with, in order).
	 */
	long lastDeliveredSequence() {
		return this.acknowledgements.lastDeliveredSequence();
	}

	int size() {
		return this.queue.size();
	}

	private void scheduleDrain() {
		if (this.draining.compareAndSet(false, true)) {
			try {
				this.executor.execute(this::drain);
			}
			catch (RejectedExecutionException ex) {
				this.draining.set(false);
				logger.warn("Shard {}: delivery executor rejected work; {} items stay queued", this.shardId,
						this.queue.size());
			}
		}
	}

	private void drain() {
		boolean busy = System.nanoTime() - this.lastDrainEnded < BUSY_GAP_NANOS;
		int delivered = 0;
		while (delivered < BATCH) {
			Item item = this.queue.poll();
			if (item == null) {
				if (busy && awaitItem()) {
					continue;
				}
				break;
			}
			deliver(item);
			delivered++;
		}
		this.lastDrainEnded = System.nanoTime();
		this.draining.set(false);
		if (!this.queue.isEmpty()) {
			scheduleDrain();
		}
	}

	/** Parks until an item arrives (the producer unparks) or the linger time is over. */
	private boolean awaitItem() {
		long deadline = System.nanoTime() + LINGER_NANOS;
		this.lingering = Thread.currentThread();
		try {
			while (this.queue.isEmpty()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				LockSupport.parkNanos(this, left);
			}
			return true;
		}
		finally {
			this.lingering = null;
		}
	}

	private void deliver(Item item) {
		GatewayDispatch dispatch = item.dispatch();
		if (dispatch != null) {
			if (this.acknowledging != null && !this.acknowledgements.awaitRoom(() -> !this.discardingDispatches)) {
				return; // being handed over: not delivered, so the next process receives
						// it again
			}
			long start = System.nanoTime();
			CompletionStage<?> completion = null;
			try {
				if (this.acknowledging != null) {
					completion = this.acknowledging.deliver(dispatch);
				}
				else {
					this.listener.onDispatch(dispatch);
				}
			}
			catch (Throwable ex) {
				logger.error("Shard {}: a listener failed on {} (s={}); the shard carries on", this.shardId,
						dispatch.type(), dispatch.sequence(), ex);
			}
			this.acknowledgements.delivered(dispatch.sequence(), completion);
			this.observer.dispatchDelivered(this.shardId, dispatch.type(), System.nanoTime() - start);
		}
		else {
			try {
				item.callback().run();
			}
			catch (Throwable ex) {
				logger.error("Shard {}: a lifecycle listener failed; the shard carries on", this.shardId, ex);
			}
		}
	}

	/** A dispatch for the listener, or else a lifecycle callback. */
	private record Item(GatewayDispatch dispatch, Runnable callback) {
	}

}
