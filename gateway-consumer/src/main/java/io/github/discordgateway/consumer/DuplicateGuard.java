package io.github.discordgateway.consumer;

import io.github.discordgateway.broker.GatewayEnvelope;

/**
 * Recognizes envelopes that were handled already, by {@code (session, seq)}: the replays
 * of a resumed session and the redeliveries of a broker. A consumer claims an envelope
 * before its listeners run and marks it completed after they returned, so an envelope
 * whose worker died before completing it is handled again by the next one that receives
 * it.
 */
public interface DuplicateGuard {

	/** Claims an envelope for handling. */
	Claim claim(GatewayEnvelope envelope);

	/**
	 * The envelope was handled (delivered or dead-lettered): later copies are duplicates.
	 */
	void completed(GatewayEnvelope envelope);

	/**
	 * The envelope was claimed but not handled (the worker stops): a later copy may be
	 * handled.
	 */
	void released(GatewayEnvelope envelope);

	/** What {@link #claim} found. */
	enum Claim {

		/** Nobody handled this envelope: handle it. */
		FIRST,

		/** It was handled already: drop it (and acknowledge it). */
		DUPLICATE,

		/**
		 * Another consumer is handling it right now: leave it unacknowledged; it comes
		 * back later and is then either a duplicate or, if that consumer died, handled
		 * here.
		 */
		IN_FLIGHT

	}

}
