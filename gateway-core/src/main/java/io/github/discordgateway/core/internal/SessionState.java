package io.github.discordgateway.core.internal;

import java.net.URI;

import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.ShardState;

/**
 * What the parts of one shard's session share: the state, the current connection and the
 * session to resume, all guarded by {@link #lock}, the session's only lock (the command
 * outbox uses it too). {@link ShardSession} (the application's side),
 * {@link SessionHandshake} (what arrives on a connection) and {@link SessionRecovery}
 * (what ends one) each hold it.
 *
 * <p>
 * Every reaction to a connection names the connection, and a reaction of a connection
 * that is no longer {@link #connection current} is dropped ({@link #ifCurrent}), so a
 * late close or message of an old socket can never disturb a new one. Dispatches and
 * lifecycle callbacks are handed to the {@link DeliveryQueue}, which may block, outside
 * the lock; callers that hold the lock use {@link #deliverLater}. The one exception is
 * the restored-session callback, queued under the lock before the first connection opens
 * so that it precedes the session's dispatches.
 */
final class SessionState {

	final Object lock = new Object();

	private final int shardId;

	private final ShardContext context;

	private final ShardStatus status;

	private final DeliveryQueue delivery;

	final ReceivedSequence sequence;

	/**
	 * Written under the lock; volatile so that the reading thread can drop a replaced
	 * connection's payloads without taking the lock (each reaction checks again under
	 * it).
	 */
	volatile GatewayConnection connection;

	/** Guarded by the lock. */
	String sessionId;

	/** Guarded by the lock. */
	URI resumeUrl;

	/** Dispatches replayed by the RESUME in progress; guarded by the lock. */
	long replayed;

	private volatile ShardState state = ShardState.IDLE;

	SessionState(int shardId, ShardContext context, ShardStatus status, DeliveryQueue delivery) {
		this.shardId = shardId;
		this.context = context;
		this.status = status;
		this.delivery = delivery;
		this.sequence = new ReceivedSequence(shardId, context.observer(), context.scheduler().getClock());
	}

	ShardState state() {
		return this.state;
	}

	/** Changes the state and reports it; under the lock. */
	void transition(ShardState next) {
		ShardState previous = this.state;
		if (previous == next) {
			return;
		}
		this.state = next;
		this.status.changed(previous, next);
		this.context.observer().stateChanged(this.shardId, previous, next);
	}

	/** Forgets the session: the next connection identifies. Under the lock. */
	void clearSession() {
		this.sessionId = null;
		this.resumeUrl = null;
		this.sequence.reset(0);
	}

	/**
	 * Runs a reaction to a connection's event under the lock, unless the connection was
	 * replaced meanwhile: an old socket's late events never touch the current one.
	 */
	void ifCurrent(GatewayConnection conn, Runnable reaction) {
		synchronized (this.lock) {
			if (conn == this.connection) {
				reaction.run();
			}
		}
	}

	/** Neither stopping nor ended: what is delivered still reaches the listeners. */
	boolean isRunning() {
		return !this.state.isTerminal() && this.state != ShardState.STOPPING;
	}

	void deliver(GatewayDispatch dispatch) {
		this.delivery.enqueue(dispatch, this::isRunning);
	}

	void deliver(Runnable callback) {
		this.delivery.enqueue(callback, this::isRunning);
	}

	/**
	 * Queues a lifecycle callback without ever blocking the caller (which may hold the
	 * lock).
	 */
	void deliverLater(Runnable callback) {
		this.context.ioExecutor().execute(() -> deliver(callback));
	}

}
