package io.github.discordgateway.core.internal;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.internal.payload.GatewayPayload;

/**
 * The sequence number of the last dispatch a shard received (what heartbeats and RESUME
 * carry) and when it arrived. Drops a dispatch whose sequence was already received and
 * reports gaps. Advanced by the reading thread only; reset and restored under the
 * session's lock.
 */
final class ReceivedSequence {

	private static final Logger logger = LoggerFactory.getLogger(ReceivedSequence.class);

	private final int shardId;

	private final GatewayObserver observer;

	private final Clock clock;

	private volatile long last;

	private volatile Instant lastDispatchAt;

	ReceivedSequence(int shardId, GatewayObserver observer, Clock clock) {
		this.shardId = shardId;
		this.observer = observer;
		this.clock = clock;
	}

	/**
	 * Takes a received dispatch's sequence number.
	 * @return {@code false} if the dispatch was received before and must be dropped
	 */
	boolean advance(GatewayPayload dispatch) {
		long seq = dispatch.sequence();
		if (seq > 0) {
			long previous = this.last;
			if (previous > 0 && seq <= previous) {
				logger.warn("Shard {}: dropping {} with sequence {} already received (last {})", this.shardId,
						dispatch.type(), seq, previous);
				this.observer.sequenceAnomaly(this.shardId, previous + 1, seq);
				return false;
			}
			if (previous > 0 && seq != previous + 1) {
				logger.warn("Shard {}: sequence gap: expected {} but received {} ({})", this.shardId, previous + 1, seq,
						dispatch.type());
				this.observer.sequenceAnomaly(this.shardId, previous + 1, seq);
			}
			this.last = seq;
		}
		this.lastDispatchAt = this.clock.instant();
		return true;
	}

	/** The last sequence received, or {@code 0} if none (a new session). */
	long last() {
		return this.last;
	}

	/** A new session starts from nothing; a restored one from its saved sequence. */
	void reset(long sequence) {
		this.last = sequence;
	}

	Instant lastDispatchAt() {
		return this.lastDispatchAt;
	}

}
