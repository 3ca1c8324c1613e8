package io.github.discordgateway.consumer;

import java.time.Duration;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayObserver;

/**
 * Handles one envelope read from a broker, the same way for every source: decodes it,
 * drops it if its {@code (session, seq)} was handled already, hands it to the listeners
 * (the same {@link GatewayListener} a shard delivers to in-process, so the same Spring
 * events are published) and retries them a bounded number of times with backoff; an
 * envelope the listeners keep failing on, or one that cannot be decoded, goes to the dead
 * letters with the error. The caller acknowledges the envelope after this method
 * returned, and never when it threw.
 */
public final class EnvelopeHandler {

	private static final Logger logger = LoggerFactory.getLogger(EnvelopeHandler.class);

	private static final int MAX_ERROR_LENGTH = 2000;

	private final GatewayListener listener;

	private final CommandReplies commandReplies;

	private final GatewayObserver observer;

	private final RetryPolicy retry;

	private final ConsumerStatistics statistics = new ConsumerStatistics();

	/**
	 * @param listener the application's listener, usually an
	 * {@code ApplicationEventGatewayListener}
	 * @param commandReplies sees every delivered dispatch once before the listener (and
	 * is not retried), for the member chunks of commands sent back through the broker;
	 * when it throws, the envelope is left unacknowledged; may be {@code null}
	 * @param observer told of every dispatch handed to the listener, as a shard tells it
	 * ({@code discord.gateway.dispatches})
	 * @param retry how often and how patiently the listener is retried
	 */
	public EnvelopeHandler(GatewayListener listener, CommandReplies commandReplies, GatewayObserver observer,
			RetryPolicy retry) {
		this.listener = Objects.requireNonNull(listener, "listener");
		this.commandReplies = commandReplies;
		this.observer = Objects.requireNonNull(observer, "observer");
		this.retry = Objects.requireNonNull(retry, "retry");
	}

	/** The running totals of this handler. */
	public ConsumerStatistics statistics() {
		return this.statistics;
	}

	/**
	 * Handles the bytes of one broker message.
	 * @param value the message value (Kafka) or {@code envelope} field (Redis Streams)
	 * @param guard recognizes duplicates
	 * @param deadLetters where envelopes that cannot be handled go
	 * @return what happened; acknowledge the message unless it is
	 * {@link Outcome#IN_FLIGHT}
	 * @throws DeliveryAbortedException if the consumer was stopped (interrupted) during
	 * the delivery; the thread's interrupt flag is then cleared
	 * @throws RuntimeException if a dead letter or a command's answer could not be
	 * written
	 */
	public Outcome handle(byte[] value, DuplicateGuard guard, DeadLetters deadLetters) {
		GatewayEnvelope envelope;
		GatewayDispatch dispatch;
		try {
			envelope = GatewayEnvelope.fromJson(value);
			dispatch = GatewayDispatch.ofJson(envelope.shardId(), envelope.sequence(), envelope.type(),
					envelope.data());
		}
		catch (IllegalArgumentException ex) {
			return reject(value, describe(ex), deadLetters);
		}
		DuplicateGuard.Claim claim = guard.claim(envelope);
		if (claim == DuplicateGuard.Claim.DUPLICATE) {
			this.statistics.countDuplicate();
			return Outcome.DUPLICATE;
		}
		if (claim == DuplicateGuard.Claim.IN_FLIGHT) {
			return Outcome.IN_FLIGHT;
		}
		try {
			if (this.commandReplies != null) {
				this.commandReplies.consumed(envelope, value, dispatch);
			}
			RuntimeException failure = deliver(dispatch);
			if (failure != null) {
				logger.error("Listeners failed {} times on {} ({} s={}); it goes to the dead letters",
						this.retry.maxAttempts(), envelope.type(), envelope.sessionId(), envelope.sequence(), failure);
				deadLetters.publish(new DeadLetter(value, envelope, describe(failure), this.retry.maxAttempts()));
				this.statistics.countDeadLetter();
			}
			guard.completed(envelope);
			return (failure != null) ? Outcome.DEAD_LETTERED : Outcome.DELIVERED;
		}
		catch (RuntimeException | Error ex) {
			try {
				guard.released(envelope);
			}
			catch (RuntimeException releaseFailure) {
				ex.addSuppressed(releaseFailure);
			}
			throw ex;
		}
	}

	/**
	 * Sends bytes that are no envelope to the dead letters at once, with the reason.
	 * @return {@link Outcome#DEAD_LETTERED}
	 */
	public Outcome reject(byte[] value, String reason, DeadLetters deadLetters) {
		logger.error("An undecodable envelope goes to the dead letters: {}", reason);
		deadLetters.publish(new DeadLetter(value, null, reason, 0));
		this.statistics.countDeadLetter();
		return Outcome.DEAD_LETTERED;
	}

	/**
	 * Delivers with retries; returns the last failure, or {@code null} once the listener
	 * returned.
	 */
	private RuntimeException deliver(GatewayDispatch dispatch) {
		this.statistics.countDelivered();
		for (int attempt = 1;; attempt++) {
			long start = System.nanoTime();
			try {
				this.listener.onDispatch(dispatch);
				this.observer.dispatchDelivered(dispatch.shardId(), dispatch.type(), System.nanoTime() - start);
				return null;
			}
			catch (RuntimeException ex) {
				this.statistics.countFailedAttempt();
				if (Thread.interrupted() || interruption(ex)) {
					// The exception says it; a flag left set would fail the broker calls
					// that follow.
					throw new DeliveryAbortedException("Stopped while the listeners handled " + dispatch, ex);
				}
				if (attempt >= this.retry.maxAttempts()) {
					this.observer.dispatchDelivered(dispatch.shardId(), dispatch.type(), System.nanoTime() - start);
					return ex;
				}
				Duration backoff = this.retry.backoff(attempt);
				logger.warn("Listeners failed on {} (attempt {} of {}): {}; retrying in {} ms", dispatch, attempt,
						this.retry.maxAttempts(), ex.toString(), backoff.toMillis());
				pause(backoff, dispatch, ex);
			}
		}
	}

	private static void pause(Duration backoff, GatewayDispatch dispatch, RuntimeException failure) {
		try {
			Thread.sleep(backoff.toMillis());
		}
		catch (InterruptedException ex) {
			throw new DeliveryAbortedException("Stopped while waiting to retry " + dispatch, failure);
		}
	}

	/**
	 * Whether a listener failed because it was interrupted: Spring wraps an
	 * {@link InterruptedException} thrown by an {@code @EventListener} (which clears the
	 * flag).
	 */
	private static boolean interruption(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InterruptedException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The error as dead letters carry it: class and message, bounded, without a stack
	 * trace.
	 */
	static String describe(Throwable error) {
		String text = error.getClass().getName() + ": " + error.getMessage();
		return (text.length() > MAX_ERROR_LENGTH) ? text.substring(0, MAX_ERROR_LENGTH) + "…" : text;
	}

	/** What {@link #handle} did with an envelope. */
	public enum Outcome {

		/** The listeners handled it. */
		DELIVERED,

		/** It was handled already and was dropped. */
		DUPLICATE,

		/** It went to the dead letters. */
		DEAD_LETTERED,

		/** Another consumer is handling it; leave it unacknowledged. */
		IN_FLIGHT

	}

}
