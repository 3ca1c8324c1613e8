package io.github.discordgateway.forwarding;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.discordgateway.broker.GatewayEnvelope;

/**
 * One shard's envelopes on their way to the broker, in sequence order. Writes go out
 * without waiting for each other; when one fails the lane stops writing, waits for the
 * writes still open, then, after a growing pause, writes the oldest unconfirmed envelope
 * alone until the broker takes it, and then every later unconfirmed one in order. Nothing
 * is skipped: an envelope's future completes only when the broker confirmed it (a retried
 * write may therefore reach the broker twice; consumers drop duplicates by session and
 * sequence).
 */
final class ForwardingLane {

	private static final Logger logger = LoggerFactory.getLogger(ForwardingLane.class);

	private final int shardId;

	private final EnvelopeWriter writer;

	private final ForwardingObserver observer;

	private final ScheduledExecutorService retries;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	/**
	 * The session the shard's dispatches belong to; read and written by its delivery
	 * thread only.
	 */
	String sessionId;

	// Writes are issued under this lock, so that they reach the writer in order; never
	// taken by
	// the broker's callbacks, which may run inside a write.
	private final Object sendLock = new Object();

	// In sequence order; guarded by itself, as are the fields below
	private final ArrayDeque<Write> unconfirmed = new ArrayDeque<>();

	private int open;

	private boolean recovering;

	private boolean retryScheduled;

	private int failuresInARow;

	private volatile String lastFailure;

	ForwardingLane(int shardId, EnvelopeWriter writer, ForwardingObserver observer, ScheduledExecutorService retries,
			Duration initialBackoff, Duration maxBackoff) {
		this.shardId = shardId;
		this.writer = writer;
		this.observer = observer;
		this.retries = retries;
		this.initialBackoff = initialBackoff;
		this.maxBackoff = maxBackoff;
	}

	/**
	 * Writes the envelope after every earlier one; completes once the broker confirmed
	 * it.
	 */
	CompletableFuture<Void> forward(GatewayEnvelope envelope) {
		Write write = new Write(envelope, envelope.toJson());
		synchronized (this.sendLock) {
			boolean now;
			synchronized (this.unconfirmed) {
				this.unconfirmed.add(write);
				now = !this.recovering;
				if (now) {
					this.open++;
				}
			}
			if (now) {
				send(write);
			}
		}
		return write.confirmed;
	}

	/** Envelopes not confirmed yet. */
	int unconfirmed() {
		synchronized (this.unconfirmed) {
			return this.unconfirmed.size();
		}
	}

	/**
	 * When the oldest unconfirmed envelope was handed over ({@link System#nanoTime()}),
	 * or -1.
	 */
	long oldestUnconfirmedSince() {
		synchronized (this.unconfirmed) {
			Write oldest = this.unconfirmed.peek();
			return (oldest != null) ? oldest.created : -1;
		}
	}

	String lastFailure() {
		return this.lastFailure;
	}

	// Called with sendLock held
	private void send(Write write) {
		write.sent = true;
		CompletableFuture<?> result;
		try {
			result = this.writer.write(write.envelope, write.json);
		}
		catch (RuntimeException ex) {
			result = CompletableFuture.failedFuture(ex);
		}
		result.whenComplete((ignored, failure) -> settled(write, failure));
	}

	private void settled(Write write, Throwable failure) {
		boolean retry = false;
		boolean probeSucceeded = failure == null && write.probe;
		synchronized (this.unconfirmed) {
			this.open--;
			write.probe = false;
			if (failure == null) {
				write.done = true;
				while (!this.unconfirmed.isEmpty() && this.unconfirmed.peek().done) {
					this.unconfirmed.poll();
				}
			}
			else {
				write.sent = false;
				this.recovering = true;
			}
			if (this.recovering && this.open == 0 && !this.retryScheduled && !probeSucceeded) {
				this.retryScheduled = true;
				retry = true;
			}
		}
		if (failure == null) {
			this.observer.forwarded(write.json.length, System.nanoTime() - write.created);
			write.confirmed.complete(null);
			if (probeSucceeded) {
				resume();
			}
		}
		else {
			this.observer.writeFailed();
			boolean first = this.lastFailure == null;
			this.lastFailure = describe(failure);
			if (first) {
				logger.warn("Shard {}: writing to {} {} failed ({}); retrying in order until it succeeds", this.shardId,
						this.writer.target(), this.writer.destination(), this.lastFailure);
			}
		}
		if (retry) {
			scheduleRetry();
		}
	}

	private void scheduleRetry() {
		long delay;
		synchronized (this.unconfirmed) {
			int exponent = Math.min(this.failuresInARow++, 20);
			delay = Math.min(this.maxBackoff.toMillis(), this.initialBackoff.toMillis() << exponent);
		}
		try {
			this.retries.schedule(this::retryOldest, delay, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Shard {}: forwarder stopped; {} envelopes stay unconfirmed", this.shardId, unconfirmed());
		}
	}

	private void retryOldest() {
		synchronized (this.sendLock) {
			Write oldest;
			synchronized (this.unconfirmed) {
				this.retryScheduled = false;
				oldest = this.unconfirmed.peek();
				if (oldest == null) {
					this.recovering = false;
					return;
				}
				this.open++;
				oldest.probe = true;
			}
			send(oldest);
		}
	}

	/**
	 * The oldest envelope went through: write the rest in order and accept new ones
	 * again.
	 */
	private void resume() {
		synchronized (this.sendLock) {
			List<Write> rest = new ArrayList<>();
			int failures;
			synchronized (this.unconfirmed) {
				for (Write write : this.unconfirmed) {
					if (!write.sent && !write.done) {
						rest.add(write);
					}
				}
				this.open += rest.size();
				this.recovering = false;
				failures = this.failuresInARow;
				this.failuresInARow = 0;
			}
			this.lastFailure = null;
			logger.info("Shard {}: writing to {} works again after {} failed attempts; writing {} waiting envelopes",
					this.shardId, this.writer.target(), failures, rest.size());
			rest.forEach(this::send);
		}
	}

	/**
	 * The failure and its root cause ("Failed to construct kafka producer" alone does not
	 * say why).
	 */
	private static String describe(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		String description = cause.getClass().getSimpleName() + ": " + cause.getMessage();
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root != cause)
				? description + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")"
				: description;
	}

	private static final class Write {

		final GatewayEnvelope envelope;

		final byte[] json;

		final long created = System.nanoTime();

		final CompletableFuture<Void> confirmed = new CompletableFuture<>();

		// guarded by the lane's unconfirmed deque (sent also by its sendLock)
		boolean sent;

		boolean done;

		// written alone after failures; once it is confirmed the others follow
		boolean probe;

		Write(GatewayEnvelope envelope, byte[] json) {
			this.envelope = envelope;
			this.json = json;
		}

	}

}
