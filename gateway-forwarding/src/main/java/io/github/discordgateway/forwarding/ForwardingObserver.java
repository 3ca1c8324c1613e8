package io.github.discordgateway.forwarding;

/**
 * Observes a {@link DispatchForwarder}, for metrics. Called on delivery and broker
 * threads; keep every method cheap and non-blocking.
 */
public interface ForwardingObserver {

	/** Observes nothing. */
	ForwardingObserver NONE = new ForwardingObserver() {
	};

	/**
	 * The broker confirmed an envelope.
	 * @param bytes the envelope's size
	 * @param confirmNanos from handing the dispatch to the forwarder to the confirmation,
	 * retries included
	 */
	default void forwarded(int bytes, long confirmNanos) {
	}

	/** A write failed; it is retried. */
	default void writeFailed() {
	}

	/** A dispatch was not forwarded because of the event-type filter. */
	default void skipped() {
	}

}
