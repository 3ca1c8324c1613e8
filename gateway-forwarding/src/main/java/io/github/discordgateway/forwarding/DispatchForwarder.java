package io.github.discordgateway.forwarding;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.core.AcknowledgingGatewayListener;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.ShardDisconnect;

/**
 * Forwards every dispatch to a broker as a {@link GatewayEnvelope} and counts it as
 * delivered (for the session's delivered sequence, checkpoints and handover) only once
 * the broker confirmed it. Each shard's envelopes are written in sequence order; a failed
 * write is retried with a growing pause, in order, until it succeeds (see
 * {@link ForwardingLane}). Dispatches the event type filter leaves out count as delivered
 * at once.
 * <p>
 * A local listener (usually the one publishing Spring events) receives every dispatch and
 * lifecycle callback first, so the gateway process can still observe what it forwards.
 * Close the forwarder after the shards stopped: writes not confirmed by then stay
 * undelivered.
 */
public final class DispatchForwarder implements AcknowledgingGatewayListener, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DispatchForwarder.class);

	private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

	private final EnvelopeWriter writer;

	private final GatewayListener local;

	private final IntSupplier shardTotal;

	private final Predicate<String> forwardedTypes;

	private final ForwardingObserver observer;

	private final int maxInFlight;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final Duration closeTimeout;

	private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "gateway-forwarding-retry");
		thread.setDaemon(true);
		return thread;
	});

	private final Map<Integer, ForwardingLane> lanes = new ConcurrentHashMap<>();

	private DispatchForwarder(Builder builder) {
		this.writer = builder.writer;
		this.local = builder.local;
		this.shardTotal = builder.shardTotal;
		this.forwardedTypes = builder.forwardedTypes;
		this.observer = builder.observer;
		this.maxInFlight = builder.maxInFlight;
		this.initialBackoff = builder.initialBackoff;
		this.maxBackoff = builder.maxBackoff;
		this.closeTimeout = builder.closeTimeout;
	}

	/**
	 * @param writer where the envelopes go
	 * @param shardTotal the bot's shard total, asked for every envelope (the shard
	 * manager's, known once it started)
	 */
	public static Builder builder(EnvelopeWriter writer, IntSupplier shardTotal) {
		return new Builder(writer, shardTotal);
	}

	@Override
	public CompletionStage<?> deliver(GatewayDispatch dispatch) {
		try {
			this.local.onDispatch(dispatch);
		}
		catch (RuntimeException ex) {
			logger.error("Shard {}: the local listener failed on {} (s={}); forwarding it anyway", dispatch.shardId(),
					dispatch.type(), dispatch.sequence(), ex);
		}
		ForwardingLane lane = lane(dispatch.shardId());
		if ("READY".equals(dispatch.type())) {
			// READY starts the session its own and the following dispatches belong to
			lane.sessionId = dispatch.data().path("session_id").asString(null);
		}
		if (!this.forwardedTypes.test(dispatch.type())) {
			this.observer.skipped();
			return DONE;
		}
		if (lane.sessionId == null) {
			logger.warn(
					"Shard {}: {} (s={}) arrived before any session was known; forwarding it with session \"unknown\"",
					dispatch.shardId(), dispatch.type(), dispatch.sequence());
			lane.sessionId = "unknown";
		}
		byte[] data = dispatch.dataJson();
		GatewayEnvelope envelope = new GatewayEnvelope(dispatch.shardId(), this.shardTotal.getAsInt(), lane.sessionId,
				dispatch.sequence(), dispatch.type(), GuildIds.find(dispatch.type(), data), Instant.now(), data);
		return lane.forward(envelope);
	}

	@Override
	public int maxInFlight() {
		return this.maxInFlight;
	}

	@Override
	public void onShardReady(int shardId, String sessionId) {
		this.local.onShardReady(shardId, sessionId);
	}

	@Override
	public void onShardSessionRestored(int shardId, String sessionId, long sequence) {
		lane(shardId).sessionId = sessionId;
		this.local.onShardSessionRestored(shardId, sessionId, sequence);
	}

	@Override
	public void onShardResumed(int shardId, long replayedEvents) {
		this.local.onShardResumed(shardId, replayedEvents);
	}

	@Override
	public void onShardDisconnected(int shardId, ShardDisconnect disconnect) {
		this.local.onShardDisconnected(shardId, disconnect);
	}

	/** What the forwarder waits for, summed over the shards. */
	public ForwardingStatus status() {
		int unconfirmed = 0;
		long oldest = -1;
		String lastFailure = null;
		for (ForwardingLane lane : this.lanes.values()) {
			unconfirmed += lane.unconfirmed();
			long since = lane.oldestUnconfirmedSince();
			if (since != -1 && (oldest == -1 || since - oldest < 0)) {
				oldest = since;
			}
			String failure = lane.lastFailure();
			lastFailure = (failure != null) ? failure : lastFailure;
		}
		Duration waited = (oldest != -1) ? Duration.ofNanos(System.nanoTime() - oldest) : Duration.ZERO;
		return new ForwardingStatus(this.writer.target(), this.writer.destination(), unconfirmed, waited, lastFailure);
	}

	/** Envelopes handed to the broker or waiting for a retry, not confirmed yet. */
	public int unconfirmed() {
		return this.lanes.values().stream().mapToInt(ForwardingLane::unconfirmed).sum();
	}

	/**
	 * Gives the writes in flight a moment to be confirmed (at most the close timeout),
	 * then stops retrying and closes the writer; what is not confirmed stays undelivered
	 * (a handed-over session replays it).
	 */
	@Override
	public void close() {
		long deadline = System.nanoTime() + this.closeTimeout.toNanos();
		while (unconfirmed() > 0 && System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
		this.retries.shutdownNow();
		this.writer.close();
		int left = unconfirmed();
		if (left > 0) {
			logger.warn("Stopped forwarding to {} {} with {} envelopes unconfirmed", this.writer.target(),
					this.writer.destination(), left);
		}
	}

	private ForwardingLane lane(int shardId) {
		return this.lanes.computeIfAbsent(shardId, (id) -> new ForwardingLane(id, this.writer, this.observer,
				this.retries, this.initialBackoff, this.maxBackoff));
	}

	/** Builds a {@link DispatchForwarder}. */
	public static final class Builder {

		private final EnvelopeWriter writer;

		private final IntSupplier shardTotal;

		private GatewayListener local = (dispatch) -> {
		};

		private Predicate<String> forwardedTypes = (type) -> true;

		private ForwardingObserver observer = ForwardingObserver.NONE;

		private int maxInFlight = 1024;

		private Duration initialBackoff = Duration.ofMillis(100);

		private Duration maxBackoff = Duration.ofSeconds(5);

		private Duration closeTimeout = Duration.ofSeconds(5);

		private Builder(EnvelopeWriter writer, IntSupplier shardTotal) {
			this.writer = Objects.requireNonNull(writer, "writer");
			this.shardTotal = Objects.requireNonNull(shardTotal, "shardTotal");
		}

		/** Receives every dispatch and lifecycle callback before it is forwarded. */
		public Builder localListener(GatewayListener local) {
			this.local = Objects.requireNonNull(local, "local");
			return this;
		}

		/**
		 * Which event types ({@code t}) to forward; the others count as delivered at
		 * once. Default all.
		 */
		public Builder forwardedTypes(Predicate<String> forwardedTypes) {
			this.forwardedTypes = Objects.requireNonNull(forwardedTypes, "forwardedTypes");
			return this;
		}

		public Builder observer(ForwardingObserver observer) {
			this.observer = Objects.requireNonNull(observer, "observer");
			return this;
		}

		/**
		 * Envelopes per shard the broker may not have confirmed yet before the shard
		 * waits. Default 1024.
		 */
		public Builder maxInFlight(int maxInFlight) {
			if (maxInFlight < 1) {
				throw new IllegalArgumentException("maxInFlight must be at least 1");
			}
			this.maxInFlight = maxInFlight;
			return this;
		}

		/**
		 * The pause before the first retry of a failed write, doubling up to {@code max}.
		 */
		public Builder retryBackoff(Duration initial, Duration max) {
			this.initialBackoff = Objects.requireNonNull(initial, "initial");
			this.maxBackoff = Objects.requireNonNull(max, "max");
			return this;
		}

		/**
		 * How long {@link DispatchForwarder#close()} waits for the writes in flight.
		 * Default 5 s.
		 */
		public Builder closeTimeout(Duration closeTimeout) {
			this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
			return this;
		}

		public DispatchForwarder build() {
			return new DispatchForwarder(this);
		}

	}

}
