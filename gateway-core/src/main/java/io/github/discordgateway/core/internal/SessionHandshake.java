package io.github.discordgateway.core.internal;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.IdentifySlot;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.internal.payload.GatewayPayload;

/**
 * What arrives on a shard's connection, from the open socket to a live session:
 * <ul>
 * <li>open: HANDSHAKING (HELLO timeout);</li>
 * <li>HELLO: RESUMING (sends RESUME) with a session, else IDENTIFYING (waits for the
 * daily budget and an identify slot, sends IDENTIFY); READY timeout;</li>
 * <li>READY or RESUMED: READY; the outbox sends waiting commands;</li>
 * <li>every dispatch: its sequence is checked and it goes to the listeners in order, the
 * session's lifecycle callbacks around it.</li>
 * </ul>
 * Opcodes that end the connection (7, 9) go to {@link SessionRecovery}. Payloads of a
 * connection that is no longer current are dropped.
 */
final class SessionHandshake {

	// ShardSession's logger: everything a shard's session does is configured and found
	// under one name
	private static final Logger logger = LoggerFactory.getLogger(ShardSession.class);

	private final int id;

	private final SessionState session;

	private final ShardContext context;

	private final SessionRecovery recovery;

	private final HandshakePayloads payloads;

	private final IdentifyAdmission admission;

	private final SessionTimers timers;

	private final ReconnectPacing pacing;

	private final ShardStatus status;

	private final SessionHandover handover;

	private final CommandOutbox outbox;

	SessionHandshake(int id, SessionState session, ShardContext context, SessionRecovery recovery,
			HandshakePayloads payloads, IdentifyAdmission admission, SessionTimers timers, ReconnectPacing pacing,
			ShardStatus status, SessionHandover handover, CommandOutbox outbox) {
		this.id = id;
		this.session = session;
		this.context = context;
		this.recovery = recovery;
		this.payloads = payloads;
		this.admission = admission;
		this.timers = timers;
		this.pacing = pacing;
		this.status = status;
		this.handover = handover;
		this.outbox = outbox;
	}

	void onOpen(GatewayConnection conn) {
		synchronized (this.session.lock) {
			if (conn != this.session.connection) {
				this.context.ioExecutor().execute(() -> conn.close(1000, "superseded"));
				return;
			}
			this.session.transition(ShardState.HANDSHAKING);
			this.timers.handshakeTimeout(this.context.options().helloTimeout(),
					() -> this.recovery.onHandshakeTimeout(conn, "hello-timeout"));
		}
	}

	void onPayload(GatewayConnection conn, GatewayPayload payload) {
		if (conn != this.session.connection) {
			return;
		}
		switch (payload.op()) {
			case Opcodes.DISPATCH -> onDispatch(conn, payload);
			case Opcodes.HEARTBEAT_ACK -> conn.onHeartbeatAck();
			case Opcodes.HEARTBEAT -> conn.onHeartbeatRequest();
			case Opcodes.HELLO -> onHello(conn, payload.data());
			case Opcodes.RECONNECT -> this.recovery.onReconnectRequest(conn);
			case Opcodes.INVALID_SESSION -> this.recovery.onInvalidSession(conn, payload.data().asBoolean(false));
			default -> {
				logger.warn("Shard {}: ignoring unknown opcode {}", this.id, payload.op());
				this.context.observer().decodeFailed(this.id, "unknown-opcode");
			}
		}
	}

	private void onHello(GatewayConnection conn, JsonNode data) {
		long interval = data.path("heartbeat_interval").asLong(0);
		this.session.ifCurrent(conn, () -> {
			ShardState state = this.session.state();
			if (state != ShardState.HANDSHAKING && state != ShardState.CONNECTING) {
				logger.warn("Shard {}: ignoring a second HELLO", this.id);
				return;
			}
			if (interval <= 0) {
				this.context.observer().decodeFailed(this.id, "invalid-hello");
				logger.warn("Shard {}: HELLO without a valid heartbeat_interval; resetting the connection", this.id);
				this.recovery.retire(conn, "invalid-hello", this.pacing.afterFailure());
				return;
			}
			this.timers.cancelHandshakeTimeout();
			conn.startHeartbeat(Duration.ofMillis(interval));
			if (this.session.sessionId != null) {
				this.session.transition(ShardState.RESUMING);
				this.session.replayed = 0;
				sendResume(conn);
			}
			else {
				Duration budgetWait = this.admission.reserve();
				if (!budgetWait.isZero()) {
					this.recovery.retire(conn, "identify-budget", budgetWait);
					return;
				}
				this.session.transition(ShardState.IDENTIFYING);
				this.admission.acquire((slot) -> identify(conn, slot),
						(failure) -> onIdentifySlotFailed(conn, failure));
			}
		});
	}

	private void onIdentifySlotFailed(GatewayConnection conn, Throwable failure) {
		this.session.ifCurrent(conn, () -> {
			logger.warn("Shard {}: the identify coordinator failed ({}); reconnecting", this.id,
					Failures.describe(Failures.unwrap(failure)));
			this.recovery.retire(conn, "identify-slot-failed", this.pacing.afterFailure());
		});
	}

	private void identify(GatewayConnection conn, IdentifySlot slot) {
		synchronized (this.session.lock) {
			if (conn != this.session.connection || this.session.state() != ShardState.IDENTIFYING) {
				this.admission.decline(slot);
				return;
			}
			this.session.sequence.reset(0);
			conn.send(Opcodes.IDENTIFY, this.payloads.identify());
			this.admission.spend(slot);
			this.context.observer().sessionStarted(this.id, false);
			logger.info("Shard {}/{}: identifying", this.id, this.context.shardTotal());
			awaitReady(conn);
		}
	}

	private void sendResume(GatewayConnection conn) {
		long seq = this.session.sequence.last();
		conn.send(Opcodes.RESUME, this.payloads.resume(this.session.sessionId, seq));
		this.context.observer().sessionStarted(this.id, true);
		logger.info("Shard {}: resuming session at sequence {}", this.id, seq);
		awaitReady(conn);
	}

	private void awaitReady(GatewayConnection conn) {
		this.timers.handshakeTimeout(this.context.options().readyTimeout(),
				() -> this.recovery.onHandshakeTimeout(conn, "ready-timeout"));
	}

	private void onDispatch(GatewayConnection conn, GatewayPayload payload) {
		if (!this.session.sequence.advance(payload)) {
			return;
		}
		long seq = payload.sequence();
		String type = payload.type();
		if (type == null) {
			logger.warn("Shard {}: ignoring a dispatch without a type (s={})", this.id, seq);
			this.context.observer().decodeFailed(this.id, "missing-type");
			return;
		}
		// d is decoded by whoever reads it first: READY's by onReady, below, others by a
		// listener
		GatewayDispatch dispatch = new GatewayDispatch(this.id, seq, type, payload);
		Runnable lifecycle = null;
		if ("READY".equals(type)) {
			lifecycle = onReady(conn, dispatch.data());
			if (lifecycle != null) {
				this.session.deliver(this.handover.newSessionMarker(this.session.sessionId));
			}
		}
		else if ("RESUMED".equals(type)) {
			lifecycle = onResumed(conn);
		}
		else if (this.session.state() == ShardState.RESUMING) {
			this.session.replayed++;
		}
		this.session.deliver(dispatch);
		if (lifecycle != null) {
			this.session.deliver(lifecycle);
			this.outbox.flush();
		}
	}

	private Runnable onReady(GatewayConnection conn, JsonNode data) {
		synchronized (this.session.lock) {
			if (conn != this.session.connection) {
				return null;
			}
			String sessionId = data.path("session_id").asString(null);
			this.session.sessionId = sessionId;
			String resume = data.path("resume_gateway_url").asString(null);
			this.session.resumeUrl = ResumeUrlPolicy.trusted(ResumeUrlPolicy.parse(resume, this.id),
					this.status.connectedUri(), "READY's resume_gateway_url", this.id);
			live();
			logger.info("Shard {}/{}: READY", this.id, this.context.shardTotal());
			return () -> this.context.listener().onShardReady(this.id, sessionId);
		}
	}

	private Runnable onResumed(GatewayConnection conn) {
		synchronized (this.session.lock) {
			if (conn != this.session.connection) {
				return null;
			}
			live();
			long replayedEvents = this.session.replayed;
			logger.info("Shard {}: RESUMED after {} replayed events", this.id, replayedEvents);
			return () -> this.context.listener().onShardResumed(this.id, replayedEvents);
		}
	}

	/**
	 * The session is live again (READY or RESUMED): the handshake and backoffs are over.
	 */
	private void live() {
		this.timers.cancelHandshakeTimeout();
		this.pacing.live();
		this.status.live();
		this.session.transition(ShardState.READY);
	}

}
