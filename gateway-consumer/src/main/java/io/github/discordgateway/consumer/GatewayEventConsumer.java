package io.github.discordgateway.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.springframework.context.SmartLifecycle;

/**
 * Reads the envelopes a gateway service forwarded to a broker, as one member of a
 * consumer group, and hands each to an {@link EnvelopeHandler}; it acknowledges an
 * envelope only after the handler returned. A {@link SmartLifecycle}: it starts consuming
 * after the application context is refreshed and stops first on shutdown, waiting up to a
 * shutdown timeout for the envelope in progress before interrupting it (which leaves it
 * unacknowledged, for redelivery).
 */
public abstract class GatewayEventConsumer implements SmartLifecycle {

	private final String group;

	private final EnvelopeHandler handler;

	private final Duration shutdownTimeout;

	private volatile Instant brokerFailingSince;

	private volatile String lastBrokerFailure;

	protected GatewayEventConsumer(String group, EnvelopeHandler handler, Duration shutdownTimeout) {
		this.group = Objects.requireNonNull(group, "group");
		this.handler = Objects.requireNonNull(handler, "handler");
		this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
	}

	/** The source's name as configured: {@code kafka} or {@code redis-stream}. */
	public abstract String source();

	/** Where the envelopes are read from: the topic or stream. */
	public abstract String origin();

	/**
	 * Envelopes of the group not yet read, as the broker last reported it, or {@code -1}
	 * while unknown.
	 */
	public abstract long lag();

	/** The consumer group this consumer belongs to. */
	public String group() {
		return this.group;
	}

	/** The running totals: delivered, duplicates, redeliveries, dead letters. */
	public ConsumerStatistics statistics() {
		return this.handler.statistics();
	}

	/**
	 * Since when every attempt to reach the broker failed, or {@code null} while it
	 * answers.
	 */
	public Instant brokerUnreachableSince() {
		return this.brokerFailingSince;
	}

	/** The last broker failure (class and message), or {@code null}. */
	public String lastBrokerFailure() {
		return this.lastBrokerFailure;
	}

	protected EnvelopeHandler handler() {
		return this.handler;
	}

	protected Duration shutdownTimeout() {
		return this.shutdownTimeout;
	}

	/** The broker answered. */
	protected void brokerAnswered() {
		this.brokerFailingSince = null;
	}

	/** A broker call failed. */
	protected void brokerFailed(Throwable failure) {
		if (this.brokerFailingSince == null) {
			this.brokerFailingSince = Instant.now();
		}
		this.lastBrokerFailure = EnvelopeHandler.describe(failure);
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + source() + " " + origin() + ", group " + this.group + "]";
	}

}
