package io.github.discordgateway.core;

import java.time.Instant;

/**
 * The right to send one IDENTIFY, handed out by an {@link IdentifyCoordinator}. Its
 * holder reports exactly once what became of it: {@link #identifySent(Instant)} when the
 * IDENTIFY frame was written (the bucket's next IDENTIFY is spaced from then, and a
 * fleet-wide session-start budget is spent), or {@link #release()} when no IDENTIFY was
 * sent (the connection was lost first, the shard stopped). Later calls are ignored.
 */
public interface IdentifySlot {

	/**
	 * The IDENTIFY was written to the socket.
	 * @param writtenAt when the write completed
	 */
	void identifySent(Instant writtenAt);

	/** No IDENTIFY was sent with this slot: the bucket may hand it on. */
	void release();

}
