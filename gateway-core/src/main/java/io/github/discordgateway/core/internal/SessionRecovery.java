package io.github.discordgateway.core.internal;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.discordgateway.core.GatewayCloseCode.Recovery;
import io.github.discordgateway.core.ShardDisconnect;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.TokenRejectedException;

/**
 * Connecting, and everything that ends a connection: op 7, op 9, a zombie connection, a
 * timeout, an unreadable payload or a close by the gateway. For each it decides whether
 * to resume, identify again or stop, and when to reconnect:
 * <ul>
 * <li>the client's own reasons close the connection resumable ({@link #retire}) and go
 * RECONNECTING; op 9 with {@code d=false}, and repeated unreadable payloads, forget the
 * session first;</li>
 * <li>a close by the gateway goes RECONNECTING to resume or identify as the close code
 * says ({@link CloseDecision}), or FAILED for a fatal code.</li>
 * </ul>
 * {@link #connect()}, {@link #retire}, {@link #publishDisconnect} and {@link #detach()}
 * are called under the lock; every other method takes the lock itself and ignores a
 * connection that is no longer current.
 */
final class SessionRecovery {

	// ShardSession's logger: everything a shard's session does is configured and found
	// under one name
	private static final Logger logger = LoggerFactory.getLogger(ShardSession.class);

	private final int id;

	private final ShardSession owner;

	private final SessionState session;

	private final ShardContext context;

	private final ReconnectPacing pacing;

	private final SessionTimers timers;

	private final IdentifyAdmission admission;

	private final ShardStatus status;

	private final HandshakePayloads payloads;

	private final CommandOutbox outbox;

	SessionRecovery(ShardSession owner, SessionState session, ShardContext context, ReconnectPacing pacing,
			SessionTimers timers, IdentifyAdmission admission, ShardStatus status, HandshakePayloads payloads,
			CommandOutbox outbox) {
		this.id = owner.id();
		this.owner = owner;
		this.session = session;
		this.context = context;
		this.pacing = pacing;
		this.timers = timers;
		this.admission = admission;
		this.status = status;
		this.payloads = payloads;
		this.outbox = outbox;
	}

	/**
	 * Opens a new connection, to the session's resume URL when there is a session to
	 * resume. Under the lock.
	 */
	void connect() {
		this.timers.cancelReconnect();
		this.session.transition(ShardState.CONNECTING);
		GatewayConnection conn = new GatewayConnection(this.owner, this.context);
		this.session.connection = conn;
		boolean toResumeUrl = this.session.sessionId != null && this.session.resumeUrl != null;
		CompletableFuture<URI> base = toResumeUrl ? CompletableFuture.completedFuture(this.session.resumeUrl)
				: this.context.gatewayUrls().resolve();
		base.thenCompose((url) -> {
			URI uri = this.payloads.connectUri(url);
			synchronized (this.session.lock) {
				if (conn == this.session.connection) {
					this.status.connectingTo(uri);
				}
			}
			return conn.open(uri);
		}).whenComplete((socket, failure) -> {
			if (failure != null) {
				onConnectFailed(conn, toResumeUrl, Failures.unwrap(failure));
			}
		});
	}

	private void onConnectFailed(GatewayConnection conn, boolean toResumeUrl, Throwable failure) {
		this.session.ifCurrent(conn, () -> {
			this.session.connection = null;
			conn.release();
			if (this.session.state() == ShardState.STOPPING) {
				this.session.transition(ShardState.STOPPED);
				return;
			}
			if (failure instanceof TokenRejectedException) {
				fail(new ShardDisconnect(4004, failure.getMessage(), Recovery.FATAL, false));
				return;
			}
			if (toResumeUrl) {
				// The resume host is gone; the main gateway may still resume the session
				this.session.resumeUrl = null;
			}
			else {
				this.context.gatewayUrls().invalidate();
			}
			Duration delay = this.pacing.afterFailure();
			logger.warn("Shard {}: could not connect ({}); retrying in {} ms", this.id, Failures.describe(failure),
					delay.toMillis());
			this.context.observer().reconnecting(this.id, "connect-failed");
			scheduleReconnect(delay);
		});
	}

	void onReconnectRequest(GatewayConnection conn) {
		this.session.ifCurrent(conn, () -> {
			Duration delay = this.pacing.afterReconnectRequest();
			logger.info("Shard {}: the gateway asked to reconnect (opcode 7); reconnecting in {} ms", this.id,
					delay.toMillis());
			retire(conn, "reconnect-request", delay);
		});
	}

	void onInvalidSession(GatewayConnection conn, boolean resumable) {
		this.session.ifCurrent(conn, () -> {
			if (!resumable) {
				this.session.clearSession();
			}
			Duration delay = this.pacing.afterInvalidSession();
			logger.info("Shard {}: INVALID_SESSION ({}); {} in {} ms", this.id,
					resumable ? "resumable" : "not resumable",
					(this.session.sessionId != null) ? "resuming" : "identifying again", delay.toMillis());
			retire(conn, "invalid-session", delay);
		});
	}

	void onDecodeError(GatewayConnection conn, PayloadDecodeException ex) {
		this.session.ifCurrent(conn, () -> {
			this.context.observer().decodeFailed(this.id, ex.kind());
			logger.warn("Shard {}: {}; resetting the connection", this.id, ex.getMessage());
			if (this.pacing.unreadablePayload() && this.session.sessionId != null) {
				// The gateway keeps replaying what we cannot read: start over, not loop
				logger.warn("Shard {}: {} unreadable payloads in a row; starting a new session instead of resuming",
						this.id, this.pacing.unreadablePayloadsInARow());
				this.session.clearSession();
			}
			retire(conn, "decode-error", this.pacing.afterFailure());
		});
	}

	void onZombie(GatewayConnection conn) {
		this.session.ifCurrent(conn, () -> {
			logger.warn("Shard {}: no heartbeat ACK and nothing else received for a whole heartbeat interval; "
					+ "the connection is a zombie, reconnecting", this.id);
			retire(conn, "zombie", this.pacing.afterFailure());
		});
	}

	void onHandshakeTimeout(GatewayConnection conn, String reason) {
		this.session.ifCurrent(conn, () -> {
			logger.warn("Shard {}: {} while {}; reconnecting", this.id, reason.replace('-', ' '), this.session.state());
			retire(conn, reason, this.pacing.afterFailure());
		});
	}

	/** The current connection ended without this client asking for it. */
	void onConnectionLost(GatewayConnection conn, int code, String reason) {
		this.session.ifCurrent(conn, () -> {
			this.session.connection = null;
			cancelTimers();
			conn.release();
			if (this.session.state() == ShardState.STOPPING) {
				return;
			}
			CloseDecision decision = CloseDecision.of(code, reason);
			if (decision.recovery() == Recovery.FATAL) {
				fail(decision.disconnect(false));
				return;
			}
			if (decision.recovery() == Recovery.IDENTIFY) {
				this.session.clearSession();
			}
			Duration delay = this.pacing.afterFailure();
			logger.warn("Shard {}: connection closed with {}: {}; {} in {} ms", this.id, code, decision.description(),
					(this.session.sessionId != null) ? "resuming" : "identifying", delay.toMillis());
			this.status.reconnecting();
			this.context.observer().reconnecting(this.id, "close-" + code);
			publishDisconnect(decision.disconnect(true));
			scheduleReconnect(delay);
		});
	}

	/**
	 * Ends a connection on this client's initiative, keeping the session resumable, and
	 * reconnects after the delay. Under the lock.
	 */
	void retire(GatewayConnection conn, String reason, Duration delay) {
		this.session.connection = null;
		cancelTimers();
		this.status.reconnecting();
		this.context.observer().reconnecting(this.id, reason);
		this.context.ioExecutor().execute(() -> conn.close(ShardSession.RESUMABLE_CLOSE_CODE, reason));
		Recovery recovery = (this.session.sessionId != null) ? Recovery.RESUME : Recovery.IDENTIFY;
		publishDisconnect(new ShardDisconnect(ShardSession.RESUMABLE_CLOSE_CODE, reason, recovery, true));
		scheduleReconnect(delay);
	}

	private void fail(ShardDisconnect disconnect) {
		this.session.clearSession();
		this.context.ioExecutor()
			.execute(() -> this.outbox.failAll("failed before the command was sent: " + disconnect.reason()));
		this.session.transition(ShardState.FAILED);
		logger.error("Shard {}: stopped and will not reconnect: {} (close code {}). Fix the configuration and restart.",
				this.id, disconnect.reason(), disconnect.closeCode());
		publishDisconnect(disconnect);
	}

	private void scheduleReconnect(Duration delay) {
		this.session.transition(ShardState.RECONNECTING);
		this.timers.reconnect(delay, () -> {
			synchronized (this.session.lock) {
				if (this.session.state() == ShardState.RECONNECTING) {
					connect();
				}
			}
		});
	}

	/** Records the disconnect for the snapshot and tells the listener. Under the lock. */
	void publishDisconnect(ShardDisconnect disconnect) {
		this.status.disconnected(disconnect);
		this.session.deliverLater(() -> this.context.listener().onShardDisconnected(this.id, disconnect));
	}

	/**
	 * Stops every timer and lets go of the current connection, which the caller closes.
	 * Under the lock.
	 */
	GatewayConnection detach() {
		cancelTimers();
		this.timers.cancelReconnect();
		GatewayConnection detached = this.session.connection;
		this.session.connection = null;
		return detached;
	}

	private void cancelTimers() {
		this.timers.cancelHandshakeTimeout();
		this.admission.cancel();
	}

}
