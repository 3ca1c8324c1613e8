package io.github.discordgateway.core.internal;

import java.time.Duration;

import io.github.discordgateway.core.GatewayOptions;

/**
 * How soon a shard reconnects after losing its connection, and how many unreadable
 * payloads in a row it takes before a resume is given up. Everything counts since the
 * session was last live (READY or RESUMED). Guarded by the session's lock.
 */
final class ReconnectPacing {

	/**
	 * Unreadable payloads in a row (without READY or RESUMED between them) after which a
	 * resume is given up.
	 */
	static final int MAX_DECODE_FAILURES_BEFORE_NEW_SESSION = 3;

	private final Backoff backoff;

	private final InvalidSessionBackoff invalidSessionBackoff;

	private int reconnectRequests;

	private int decodeFailures;

	ReconnectPacing(GatewayOptions options) {
		this.backoff = new Backoff(options.reconnectBackoffInitial(), options.reconnectBackoffMax());
		this.invalidSessionBackoff = new InvalidSessionBackoff(options.invalidSessionDelayMin(),
				options.invalidSessionDelayMax());
	}

	/**
	 * After a failure (timeout, zombie, close, failed connect): the reconnect backoff.
	 */
	Duration afterFailure() {
		return this.backoff.next();
	}

	/**
	 * After opcode 7: the first request since the session was live is honoured at once; a
	 * gateway that keeps asking before READY gets the reconnect backoff, not a tight
	 * loop.
	 */
	Duration afterReconnectRequest() {
		return (++this.reconnectRequests == 1) ? Duration.ZERO : this.backoff.next();
	}

	/** After opcode 9: the invalid-session delay. */
	Duration afterInvalidSession() {
		return this.invalidSessionBackoff.next();
	}

	/**
	 * Counts an unreadable payload.
	 * @return whether there were {@value #MAX_DECODE_FAILURES_BEFORE_NEW_SESSION} or more
	 * in a row
	 */
	boolean unreadablePayload() {
		return ++this.decodeFailures >= MAX_DECODE_FAILURES_BEFORE_NEW_SESSION;
	}

	int unreadablePayloadsInARow() {
		return this.decodeFailures;
	}

	/** The application (re)starts the shard: the next delay starts small again. */
	void resetBackoff() {
		this.backoff.reset();
	}

	/** The session is live again: the backoffs and counts start over. */
	void live() {
		this.backoff.reset();
		this.invalidSessionBackoff.reset();
		this.reconnectRequests = 0;
		this.decodeFailures = 0;
	}

}
