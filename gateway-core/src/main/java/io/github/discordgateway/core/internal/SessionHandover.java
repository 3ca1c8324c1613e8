package io.github.discordgateway.core.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.GatewaySessionStore;
import io.github.discordgateway.core.ShardDisconnect;
import io.github.discordgateway.core.StoredSession;

/**
 * Hands one shard's session over between processes through the
 * {@link GatewaySessionStore}: takes the session a previous process saved, checkpoints
 * the running session, and on stop saves it at the last delivered sequence while holding
 * back what the listeners have not received (so the next process receives it again).
 * Knows which session the listeners are in, so that a save never pairs a session with
 * another session's sequence. Does nothing without a store.
 */
final class SessionHandover {

	/**
	 * Checkpoints of a running session are written at most this often (one per heartbeat
	 * otherwise).
	 */
	static final Duration MIN_CHECKPOINT_SPACING = Duration.ofSeconds(1);

	/**
	 * How long a start waits for the session store before it identifies instead. Stores
	 * should bound their own calls well below this (the Redis one does); this only keeps
	 * a store that hangs from keeping the shard from ever starting.
	 */
	static final Duration SESSION_LOOKUP_TIMEOUT = Duration.ofSeconds(10);

	/** A failing checkpoint store is logged at most this often. */
	private static final long CHECKPOINT_WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	private static final Logger logger = LoggerFactory.getLogger(SessionHandover.class);

	private final int shardId;

	private final ShardContext context;

	private final GatewayOptions options;

	private final GatewaySessionStore store;

	private final DeliveryQueue delivery;

	private final SessionSealer sealer;

	private final Clock clock;

	// The session whose dispatches the listener received last; written by the delivery
	// thread (after the delivered sequence is reset), so a reader that sees it sees its
	// sequence.
	private volatile String deliveredSessionId;

	private final AtomicBoolean checkpointing = new AtomicBoolean();

	private volatile long lastCheckpointNanos = System.nanoTime() - MIN_CHECKPOINT_SPACING.toNanos();

	private final AtomicLong checkpointFailures = new AtomicLong();

	private volatile long lastCheckpointWarnNanos = System.nanoTime() - CHECKPOINT_WARN_INTERVAL_NANOS;

	SessionHandover(int shardId, ShardContext context, DeliveryQueue delivery) {
		this.shardId = shardId;
		this.context = context;
		this.options = context.options();
		this.store = context.sessionStore();
		this.delivery = delivery;
		this.sealer = new SessionSealer(this.options.token());
		this.clock = context.scheduler().getClock();
	}

	boolean hasStore() {
		return this.store != null;
	}

	/**
	 * Takes the session a previous process saved, on the I/O executor so that a slow
	 * store neither blocks the caller nor delays the other shards.
	 * @return completes with the saved session, or {@code null} if there is none that
	 * fits or the store did not answer in time
	 */
	CompletableFuture<StoredSession> takeSavedSession() {
		// A lookup that times out may still fail later: the observer hears of it once.
		AtomicBoolean failureObserved = new AtomicBoolean();
		CompletableFuture<StoredSession> lookup;
		try {
			lookup = CompletableFuture.supplyAsync(() -> readSavedSession(failureObserved), this.context.ioExecutor())
				.orTimeout(SESSION_LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			lookup = CompletableFuture.completedFuture(null);
		}
		return lookup.handle((saved, failure) -> {
			if (failure != null) {
				logger.warn("Shard {}: the session store did not answer within {} s; identifying", this.shardId,
						SESSION_LOOKUP_TIMEOUT.toSeconds());
				observeTakeFailed(failureObserved);
				return null;
			}
			return saved;
		});
	}

	private void observeTakeFailed(AtomicBoolean failureObserved) {
		if (failureObserved.compareAndSet(false, true)) {
			this.context.observer().sessionStoreFailed(this.shardId, "take");
		}
	}

	private StoredSession readSavedSession(AtomicBoolean failureObserved) {
		try {
			StoredSession saved = this.store.take(this.shardId, this.context.shardTotal()).orElse(null);
			if (saved != null && !this.sealer.isIntact(saved)) {
				logger.warn("Shard {}: ignoring the stored session: its integrity check does not match (changed in the "
						+ "store, or saved with another bot token or version); identifying", this.shardId);
				this.context.observer().sessionStoreFailed(this.shardId, "rejected");
				return null;
			}
			if (saved != null && (saved.encoding() != this.options.encoding()
					|| saved.compression() != this.options.compression())) {
				logger.info("Shard {}: the saved session used {}/{}; identifying with {}/{} instead", this.shardId,
						saved.encoding(), saved.compression(), this.options.encoding(), this.options.compression());
				return null;
			}
			return saved;
		}
		catch (RuntimeException ex) {
			logger.warn("Shard {}: could not read a saved session ({}); identifying", this.shardId, ex.getMessage());
			observeTakeFailed(failureObserved);
			return null;
		}
	}

	/** The shard resumes a saved session: its listeners continue at its sequence. */
	void restore(StoredSession saved) {
		this.delivery.resumeFrom(saved.sequence());
		this.deliveredSessionId = saved.sessionId();
		logger.info("Shard {}: resuming the session saved {} s ago at sequence {}", this.shardId,
				Duration.between(saved.savedAt(), this.clock.instant()).toSeconds(), saved.sequence());
	}

	/**
	 * Queued before a new session's READY: from then on the delivered sequence is the new
	 * session's (reset first, then the session named, so that a reader never pairs the
	 * new id with an old sequence).
	 */
	Runnable newSessionMarker(String session) {
		return () -> {
			this.delivery.resumeFrom(0);
			this.deliveredSessionId = session;
		};
	}

	/**
	 * Closes a stopping shard's connection: resumable when its session was handed over to
	 * the next process ({@link #handOver}), with 1000 when there is no store, no session
	 * or the save failed. Waits at most the close timeout for the close handshake.
	 * @param closing the connection, or {@code null} if there is none
	 * @param session the session's id, or {@code null} if there is none
	 * @param url the session's resume URL
	 * @return the disconnect the listeners are told
	 */
	ShardDisconnect closeForStop(GatewayConnection closing, String session, URI url) {
		boolean handedOver = hasStore() && session != null && handOver(session, url);
		int code = handedOver ? ShardSession.RESUMABLE_CLOSE_CODE : 1000;
		if (closing != null) {
			closing.closeAndWait(code, handedOver ? "handing the session over" : "shutting down");
		}
		return new ShardDisconnect(code,
				handedOver ? "stopped; session saved for the next start" : "stopped by the application", null, false);
	}

	/**
	 * Saves the session for the next process while the shard stops: holds back the
	 * dispatches not delivered yet and saves at the last delivered sequence; if that
	 * fails, delivers the held-back dispatches here.
	 * @return whether the session was saved (and may be closed resumable)
	 */
	private boolean handOver(String session, URI url) {
		List<GatewayDispatch> withheld = this.delivery.withholdPendingDispatches(this.options.closeTimeout());
		boolean saved = awaitCheckpointLock() && save(session, url, true);
		this.checkpointing.set(false);
		if (!saved) {
			// Nobody will resume the session: what was received is delivered here rather
			// than lost.
			this.delivery.restore(withheld, this.options.closeTimeout());
		}
		return saved;
	}

	/**
	 * Takes the checkpoint lock, so that no checkpoint in flight overwrites the final
	 * save.
	 */
	private boolean awaitCheckpointLock() {
		long deadline = System.nanoTime() + this.options.closeTimeout().toNanos();
		while (!this.checkpointing.compareAndSet(false, true)) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			LockSupport.parkNanos(1_000_000);
		}
		return true;
	}

	/**
	 * Checkpoints the running session in the store, so that a process that dies without a
	 * graceful shutdown leaves a session the next start resumes. Runs off the caller's
	 * thread, at most one at a time and at most once per {@link #MIN_CHECKPOINT_SPACING}.
	 * @param point the running session (read once, when a checkpoint is due)
	 * @param ready whether the shard is still READY when the checkpoint is written
	 */
	void checkpoint(Supplier<ResumePoint> point, BooleanSupplier ready) {
		if (this.store == null || System.nanoTime() - this.lastCheckpointNanos < MIN_CHECKPOINT_SPACING.toNanos()
				|| !this.checkpointing.compareAndSet(false, true)) {
			return;
		}
		ResumePoint current = point.get();
		this.lastCheckpointNanos = System.nanoTime();
		try {
			this.context.ioExecutor().execute(() -> {
				try {
					if (current.sessionId() != null && ready.getAsBoolean()) {
						save(current.sessionId(), current.url(), false);
					}
				}
				finally {
					this.checkpointing.set(false);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.checkpointing.set(false);
		}
	}

	/**
	 * Saves the session at the sequence of the last dispatch the listeners returned from,
	 * if that dispatch belongs to this session (after a re-IDENTIFY it may still be the
	 * old session's).
	 */
	private boolean save(String session, URI url, boolean last) {
		String deliveredSession = this.deliveredSessionId;
		long delivered = this.delivery.lastDeliveredSequence();
		if (!session.equals(deliveredSession)) {
			// The session's READY has not reached the listeners yet: nothing of it worth
			// resuming.
			return false;
		}
		try {
			this.store.save(this.sealer.seal(new StoredSession(this.shardId, this.context.shardTotal(), session, url,
					delivered, this.options.encoding(), this.options.compression(), this.clock.instant())));
			if (last) {
				logger.info("Shard {}: saved the session at sequence {} for the next start", this.shardId, delivered);
			}
			return true;
		}
		catch (RuntimeException ex) {
			if (last) {
				logger.warn("Shard {}: could not save the session ({}); delivering what was received and closing it",
						this.shardId, ex.getMessage());
				this.context.observer().sessionStoreFailed(this.shardId, "save");
			}
			else {
				this.checkpointFailures.incrementAndGet();
				this.context.observer().sessionStoreFailed(this.shardId, "checkpoint");
				long now = System.nanoTime();
				if (now - this.lastCheckpointWarnNanos >= CHECKPOINT_WARN_INTERVAL_NANOS) {
					this.lastCheckpointWarnNanos = now;
					logger.warn("Shard {}: could not checkpoint the session ({} failure(s) so far): {}", this.shardId,
							this.checkpointFailures.get(), ex.getMessage());
				}
			}
			return false;
		}
	}

	/** The running session and the URL to resume it on. */
	record ResumePoint(String sessionId, URI url) {
	}

}
