package io.github.discordgateway.core.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import io.github.discordgateway.core.GatewayCloseCode.Recovery;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.IdentifySlot;
import io.github.discordgateway.core.ShardDisconnect;
import io.github.discordgateway.core.ShardSnapshot;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.StoredSession;
import io.github.discordgateway.core.TokenRejectedException;

/**
 * The session state machine of one shard ({@link ShardState}). It owns at most one
 * {@link GatewayConnection} at a time and decides, for everything that can end a
 * connection, whether to resume, identify again or stop:
 * <ul>
 * <li>connect: CONNECTING, then HANDSHAKING once the socket is open (HELLO timeout);</li>
 * <li>HELLO: RESUMING (sends RESUME) with a session, else IDENTIFYING (waits for an
 * identify slot and the daily budget, sends IDENTIFY); READY timeout;</li>
 * <li>READY or RESUMED: READY; the outbox sends waiting commands;</li>
 * <li>op 7, op 9, a zombie connection, a timeout, an unreadable payload: the client
 * closes the connection resumable and goes RECONNECTING (op 9 with {@code d=false}, and
 * repeated unreadable payloads, forget the session first);</li>
 * <li>a close by the gateway: RECONNECTING to resume or identify as the close code says
 * ({@link CloseDecision}), or FAILED for a fatal code;</li>
 * <li>the application: {@link #stop()} (STOPPING, STOPPED), {@link #reconnect(boolean)};
 * with shard leases STANDBY while another instance runs the shard.</li>
 * </ul>
 * What the reactions use lives in small classes of its own: the reconnect delays
 * ({@link ReconnectPacing}), IDENTIFY's budget and slot ({@link IdentifyAdmission}), the
 * timers ({@link SessionTimers}), the snapshot's bookkeeping ({@link ShardStatus}), the
 * command outbox ({@link CommandOutbox}), the session's handover between processes
 * ({@link SessionHandover}) and the IDENTIFY/RESUME payloads ({@link HandshakePayloads}).
 *
 * <p>
 * Threads: payloads arrive on the socket's reading thread, timers fire on the scheduler
 * (whose clock is the session's), and {@link #start()}/{@link #stop()} come from the
 * application. State changes happen under {@code lock}, the only lock of the session (the
 * outbox uses it too); every callback names its connection, and callbacks from a
 * connection that is no longer current are ignored, so a late close or message of an old
 * socket can never disturb a new one. Dispatches are handed to the {@link DeliveryQueue}
 * outside the lock.
 */
public final class ShardSession implements GatewayShard {

	/**
	 * Close code for "closing to resume": not 1000/1001, so Discord keeps the session.
	 */
	public static final int RESUMABLE_CLOSE_CODE = 4900;

	private static final Logger logger = LoggerFactory.getLogger(ShardSession.class);

	private final int id;

	private final ShardContext context;

	private final GatewayOptions options;

	private final DeliveryQueue delivery;

	private final ReconnectPacing pacing;

	private final HandshakePayloads handshake;

	private final SessionHandover handover;

	private final CommandOutbox outbox;

	private final IdentifyAdmission admission;

	private final SessionTimers timers;

	private final ShardStatus status;

	private final ReceivedSequence sequence;

	private final Object lock = new Object();

	// Written under lock; volatile so that the reading thread can drop a replaced
	// connection's payloads without taking the lock (each reaction checks again under it)
	private volatile GatewayConnection connection;

	private String sessionId;

	private URI resumeUrl;

	private volatile ShardState state = ShardState.IDLE;

	private long replayed;

	public ShardSession(int id, ShardContext context) {
		this.id = id;
		this.context = context;
		this.options = context.options();
		this.sequence = new ReceivedSequence(id, context.observer(), context.scheduler().getClock());
		this.delivery = new DeliveryQueue(id, this.options.dispatchQueueCapacity(), context.deliveryExecutor(),
				context.listener(), context.observer());
		this.pacing = new ReconnectPacing(this.options);
		this.handshake = new HandshakePayloads(id, context);
		this.handover = new SessionHandover(id, context, this.delivery);
		this.outbox = new CommandOutbox(id, this.lock, context.scheduler(),
				() -> (this.state == ShardState.READY) ? this.connection : null);
		this.admission = new IdentifyAdmission(id, context);
		this.timers = new SessionTimers(id, context.scheduler());
		this.status = new ShardStatus(id, context);
	}

	@Override
	public int id() {
		return this.id;
	}

	@Override
	public ShardState state() {
		return this.state;
	}

	/**
	 * Since when the shard has had no live session: the moment it last left READY, or its
	 * creation if it never was READY; {@code null} while READY.
	 */
	public Instant unavailableSince() {
		return this.status.unavailableSince();
	}

	/** The last sequence number received. */
	long sequence() {
		return this.sequence.last();
	}

	boolean isDeliveryBackedUp() {
		return this.delivery.isProducerWaiting();
	}

	@Override
	public ShardSnapshot snapshot() {
		synchronized (this.lock) {
			return this.status.snapshot(this.state, this.sessionId != null, this.sequence, this.connection,
					this.delivery.size());
		}
	}

	/**
	 * Connects. A session saved by the previous process is resumed; otherwise the shard
	 * identifies when the identify coordinator grants it a slot. With a session store the
	 * saved session is looked up on the I/O executor, so a slow store neither blocks the
	 * caller nor delays the other shards; the shard is CONNECTING meanwhile.
	 */
	public void start() {
		synchronized (this.lock) {
			if (this.state != ShardState.IDLE && this.state != ShardState.STANDBY && !this.state.isTerminal()) {
				return;
			}
			this.pacing.resetBackoff();
			if (!this.handover.hasStore()) {
				connect();
				return;
			}
			transition(ShardState.CONNECTING);
		}
		this.handover.takeSavedSession().thenAccept(this::connectWith);
	}

	/**
	 * Starts the shard as the holder of its lease.
	 * @param instanceId this instance's id, shown as the shard's owner
	 */
	void takeOver(String instanceId) {
		this.status.owner(instanceId);
		start();
	}

	/**
	 * Waits as a hot standby while another instance holds the shard's lease. Only an idle
	 * or standing-by shard changes state; a running one keeps running (its lease keeper
	 * decides).
	 * @param holder the id of the instance that holds the lease, or {@code null} if it
	 * could not be asked
	 */
	void standBy(String holder) {
		synchronized (this.lock) {
			this.status.owner(holder);
			if (this.state == ShardState.IDLE || this.state == ShardState.STANDBY) {
				transition(ShardState.STANDBY);
			}
		}
	}

	/**
	 * The shard's lease is gone (expired or held by another instance): stops at once,
	 * without saving the session (the new holder resumes it from the store's last
	 * checkpoint) and without reading anything more, and waits as a standby. Dispatches
	 * already received are still delivered.
	 * @param holder the id of the instance that holds the lease now, or {@code null} if
	 * unknown
	 */
	void leaseLost(String holder) {
		GatewayConnection dropping;
		synchronized (this.lock) {
			this.status.owner(holder);
			if (this.state == ShardState.STOPPING || this.state == ShardState.STOPPED) {
				return;
			}
			dropping = detach();
			clearSession();
			if (this.state != ShardState.IDLE && this.state != ShardState.STANDBY) {
				logger.warn("Shard {}: lost its lease{}; stopping it here", this.id,
						(holder != null) ? " to instance " + holder : "");
				publishDisconnect(new ShardDisconnect(RESUMABLE_CLOSE_CODE,
						"lease lost; another instance runs the shard", Recovery.RESUME, false));
			}
			transition(ShardState.STANDBY);
		}
		if (dropping != null) {
			this.context.ioExecutor().execute(() -> dropping.close(RESUMABLE_CLOSE_CODE, "lease lost"));
		}
		this.outbox.failAll("lost its lease before the command was sent");
	}

	private void connectWith(StoredSession saved) {
		synchronized (this.lock) {
			if (this.state != ShardState.CONNECTING || this.connection != null) {
				// Stopped, lost its lease or reconnected on request meanwhile
				return;
			}
			if (saved != null) {
				this.sessionId = saved.sessionId();
				this.resumeUrl = ResumeUrlPolicy.trusted(saved.resumeGatewayUrl(), this.context.gatewayUrls().known(),
						"the stored session's resume URL", this.id);
				this.sequence.reset(saved.sequence());
				this.handover.restore(saved);
				deliver(() -> this.context.listener()
					.onShardSessionRestored(this.id, saved.sessionId(), saved.sequence()));
			}
			connect();
		}
	}

	/**
	 * Stops the shard. Without a session store the connection closes with 1000 and the
	 * session ends. With one, the shard stops reading, holds back the dispatches its
	 * listeners have not received yet, saves the session at the last delivered sequence
	 * and closes with a code that keeps the session resumable, so the next process
	 * resumes it and receives the held-back dispatches again. If the save fails, the
	 * held-back dispatches are delivered here and the session ends (1000). Waits at most
	 * the close timeout for the close handshake. Idempotent.
	 */
	public void stop() {
		GatewayConnection closing;
		String session;
		URI url;
		synchronized (this.lock) {
			if (this.state.isTerminal() || this.state == ShardState.IDLE || this.state == ShardState.STANDBY) {
				transition(ShardState.STOPPED);
				return;
			}
			transition(ShardState.STOPPING);
			closing = detach();
			session = this.sessionId;
			url = this.resumeUrl;
		}
		this.admission.forget();
		ShardDisconnect stopped = this.handover.closeForStop(closing, session, url);
		this.outbox.failAll("stopped before the command was sent");
		synchronized (this.lock) {
			this.sessionId = null;
			this.resumeUrl = null;
			this.status.disconnected(stopped);
			transition(ShardState.STOPPED);
		}
		// Queued directly (never blocking: the shard is stopped) so that it is
		// delivered before the manager shuts the delivery executor down.
		deliver(() -> this.context.listener().onShardDisconnected(this.id, stopped));
	}

	/**
	 * Checkpoints the running session in the session store (see
	 * {@link SessionHandover#checkpoint}); called after every heartbeat.
	 */
	void checkpoint() {
		if (this.state == ShardState.READY) {
			this.handover.checkpoint(this::resumePoint, () -> this.state == ShardState.READY);
		}
	}

	private SessionHandover.ResumePoint resumePoint() {
		synchronized (this.lock) {
			return new SessionHandover.ResumePoint(this.sessionId, this.resumeUrl);
		}
	}

	@Override
	public void reconnect(boolean resume) {
		synchronized (this.lock) {
			if (this.state == ShardState.STOPPING || this.state == ShardState.STOPPED || this.state == ShardState.IDLE
					|| this.state == ShardState.STANDBY) {
				return;
			}
			if (!resume) {
				clearSession();
			}
			if (this.connection != null) {
				retire(this.connection, "requested", Duration.ZERO);
			}
			else {
				this.pacing.resetBackoff();
				connect();
			}
		}
	}

	/**
	 * Queues an application command (presence, voice state, member request, ...). It is
	 * sent once the session is READY, in submission order, within the connection's rate
	 * limit.
	 */
	@Override
	public CompletableFuture<Void> send(int opcode, JsonNode data) {
		return this.outbox.submit(opcode, this.context.codec().encode(opcode, data), this.state);
	}

	// ---- connecting

	private void connect() {
		this.timers.cancelReconnect();
		transition(ShardState.CONNECTING);
		GatewayConnection conn = new GatewayConnection(this, this.context);
		this.connection = conn;
		boolean toResumeUrl = this.sessionId != null && this.resumeUrl != null;
		CompletableFuture<URI> base = toResumeUrl ? CompletableFuture.completedFuture(this.resumeUrl)
				: this.context.gatewayUrls().resolve();
		base.thenCompose((url) -> {
			URI uri = this.handshake.connectUri(url);
			synchronized (this.lock) {
				if (conn == this.connection) {
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
		ifCurrent(conn, () -> {
			this.connection = null;
			conn.release();
			if (this.state == ShardState.STOPPING) {
				transition(ShardState.STOPPED);
				return;
			}
			if (failure instanceof TokenRejectedException) {
				fail(new ShardDisconnect(4004, failure.getMessage(), Recovery.FATAL, false));
				return;
			}
			if (toResumeUrl) {
				// The resume host is gone; the main gateway may still resume the session
				this.resumeUrl = null;
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

	void onOpen(GatewayConnection conn) {
		synchronized (this.lock) {
			if (conn != this.connection) {
				this.context.ioExecutor().execute(() -> conn.close(1000, "superseded"));
				return;
			}
			transition(ShardState.HANDSHAKING);
			this.timers.handshakeTimeout(this.options.helloTimeout(), () -> onHandshakeTimeout(conn, "hello-timeout"));
		}
	}

	// ---- receiving

	void onPayload(GatewayConnection conn, GatewayPayload payload) {
		if (conn != this.connection) {
			return;
		}
		switch (payload.op()) {
			case Opcodes.DISPATCH -> onDispatch(conn, payload);
			case Opcodes.HEARTBEAT_ACK -> conn.onHeartbeatAck();
			case Opcodes.HEARTBEAT -> conn.onHeartbeatRequest();
			case Opcodes.HELLO -> onHello(conn, payload.data());
			case Opcodes.RECONNECT -> onReconnectRequest(conn);
			case Opcodes.INVALID_SESSION -> onInvalidSession(conn, payload.data().asBoolean(false));
			default -> {
				logger.warn("Shard {}: ignoring unknown opcode {}", this.id, payload.op());
				this.context.observer().decodeFailed(this.id, "unknown-opcode");
			}
		}
	}

	private void onHello(GatewayConnection conn, JsonNode data) {
		long interval = data.path("heartbeat_interval").asLong(0);
		ifCurrent(conn, () -> {
			if (this.state != ShardState.HANDSHAKING && this.state != ShardState.CONNECTING) {
				logger.warn("Shard {}: ignoring a second HELLO", this.id);
				return;
			}
			if (interval <= 0) {
				this.context.observer().decodeFailed(this.id, "invalid-hello");
				logger.warn("Shard {}: HELLO without a valid heartbeat_interval; resetting the connection", this.id);
				retire(conn, "invalid-hello", this.pacing.afterFailure());
				return;
			}
			this.timers.cancelHandshakeTimeout();
			conn.startHeartbeat(Duration.ofMillis(interval));
			if (this.sessionId != null) {
				transition(ShardState.RESUMING);
				this.replayed = 0;
				sendResume(conn);
			}
			else {
				Duration budgetWait = this.admission.reserve();
				if (!budgetWait.isZero()) {
					retire(conn, "identify-budget", budgetWait);
					return;
				}
				transition(ShardState.IDENTIFYING);
				this.admission.acquire((slot) -> identify(conn, slot),
						(failure) -> onIdentifySlotFailed(conn, failure));
			}
		});
	}

	private void onIdentifySlotFailed(GatewayConnection conn, Throwable failure) {
		ifCurrent(conn, () -> {
			logger.warn("Shard {}: the identify coordinator failed ({}); reconnecting", this.id,
					Failures.describe(Failures.unwrap(failure)));
			retire(conn, "identify-slot-failed", this.pacing.afterFailure());
		});
	}

	private void identify(GatewayConnection conn, IdentifySlot slot) {
		synchronized (this.lock) {
			if (conn != this.connection || this.state != ShardState.IDENTIFYING) {
				this.admission.decline(slot);
				return;
			}
			this.sequence.reset(0);
			conn.send(Opcodes.IDENTIFY, this.handshake.identify());
			this.admission.spend(slot);
			this.context.observer().sessionStarted(this.id, false);
			logger.info("Shard {}/{}: identifying", this.id, this.context.shardTotal());
			this.timers.handshakeTimeout(this.options.readyTimeout(), () -> onHandshakeTimeout(conn, "ready-timeout"));
		}
	}

	private void sendResume(GatewayConnection conn) {
		long seq = this.sequence.last();
		conn.send(Opcodes.RESUME, this.handshake.resume(this.sessionId, seq));
		this.context.observer().sessionStarted(this.id, true);
		logger.info("Shard {}: resuming session at sequence {}", this.id, seq);
		this.timers.handshakeTimeout(this.options.readyTimeout(), () -> onHandshakeTimeout(conn, "ready-timeout"));
	}

	private void onDispatch(GatewayConnection conn, GatewayPayload payload) {
		if (!this.sequence.advance(payload)) {
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
				deliver(this.handover.newSessionMarker(this.sessionId));
			}
		}
		else if ("RESUMED".equals(type)) {
			lifecycle = onResumed(conn);
		}
		else if (this.state == ShardState.RESUMING) {
			this.replayed++;
		}
		deliver(dispatch);
		if (lifecycle != null) {
			deliver(lifecycle);
			this.outbox.flush();
		}
	}

	private Runnable onReady(GatewayConnection conn, JsonNode data) {
		synchronized (this.lock) {
			if (conn != this.connection) {
				return null;
			}
			String session = data.path("session_id").asString(null);
			this.sessionId = session;
			String resume = data.path("resume_gateway_url").asString(null);
			this.resumeUrl = ResumeUrlPolicy.trusted(ResumeUrlPolicy.parse(resume, this.id), this.status.connectedUri(),
					"READY's resume_gateway_url", this.id);
			live();
			logger.info("Shard {}/{}: READY", this.id, this.context.shardTotal());
			return () -> this.context.listener().onShardReady(this.id, session);
		}
	}

	private Runnable onResumed(GatewayConnection conn) {
		synchronized (this.lock) {
			if (conn != this.connection) {
				return null;
			}
			live();
			long replayedEvents = this.replayed;
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
		transition(ShardState.READY);
	}

	private void deliver(GatewayDispatch dispatch) {
		this.delivery.enqueue(dispatch, this::isRunning);
	}

	private void deliver(Runnable callback) {
		this.delivery.enqueue(callback, this::isRunning);
	}

	private boolean isRunning() {
		return !this.state.isTerminal() && this.state != ShardState.STOPPING;
	}

	private void publishDisconnect(ShardDisconnect disconnect) {
		this.status.disconnected(disconnect);
		deliverLater(() -> this.context.listener().onShardDisconnected(this.id, disconnect));
	}

	/**
	 * Queues a lifecycle callback without ever blocking the caller (which may hold the
	 * lock).
	 */
	private void deliverLater(Runnable callback) {
		this.context.ioExecutor().execute(() -> deliver(callback));
	}

	// ---- losing the connection

	private void onReconnectRequest(GatewayConnection conn) {
		ifCurrent(conn, () -> {
			Duration delay = this.pacing.afterReconnectRequest();
			logger.info("Shard {}: the gateway asked to reconnect (opcode 7); reconnecting in {} ms", this.id,
					delay.toMillis());
			retire(conn, "reconnect-request", delay);
		});
	}

	private void onInvalidSession(GatewayConnection conn, boolean resumable) {
		ifCurrent(conn, () -> {
			if (!resumable) {
				clearSession();
			}
			Duration delay = this.pacing.afterInvalidSession();
			logger.info("Shard {}: INVALID_SESSION ({}); {} in {} ms", this.id,
					resumable ? "resumable" : "not resumable",
					(this.sessionId != null) ? "resuming" : "identifying again", delay.toMillis());
			retire(conn, "invalid-session", delay);
		});
	}

	void onDecodeError(GatewayConnection conn, PayloadDecodeException ex) {
		ifCurrent(conn, () -> {
			this.context.observer().decodeFailed(this.id, ex.kind());
			logger.warn("Shard {}: {}; resetting the connection", this.id, ex.getMessage());
			if (this.pacing.unreadablePayload() && this.sessionId != null) {
				// The gateway keeps replaying what we cannot read: start over, not loop
				logger.warn("Shard {}: {} unreadable payloads in a row; starting a new session instead of resuming",
						this.id, this.pacing.unreadablePayloadsInARow());
				clearSession();
			}
			retire(conn, "decode-error", this.pacing.afterFailure());
		});
	}

	void onZombie(GatewayConnection conn) {
		ifCurrent(conn, () -> {
			logger.warn("Shard {}: no heartbeat ACK and nothing else received for a whole heartbeat interval; "
					+ "the connection is a zombie, reconnecting", this.id);
			retire(conn, "zombie", this.pacing.afterFailure());
		});
	}

	private void onHandshakeTimeout(GatewayConnection conn, String reason) {
		ifCurrent(conn, () -> {
			logger.warn("Shard {}: {} while {}; reconnecting", this.id, reason.replace('-', ' '), this.state);
			retire(conn, reason, this.pacing.afterFailure());
		});
	}

	/** The current connection ended without this client asking for it. */
	void onConnectionLost(GatewayConnection conn, int code, String reason) {
		ifCurrent(conn, () -> {
			this.connection = null;
			cancelTimers();
			conn.release();
			if (this.state == ShardState.STOPPING) {
				return;
			}
			CloseDecision decision = CloseDecision.of(code, reason);
			if (decision.recovery() == Recovery.FATAL) {
				fail(decision.disconnect(false));
				return;
			}
			if (decision.recovery() == Recovery.IDENTIFY) {
				clearSession();
			}
			Duration delay = this.pacing.afterFailure();
			logger.warn("Shard {}: connection closed with {}: {}; {} in {} ms", this.id, code, decision.description(),
					(this.sessionId != null) ? "resuming" : "identifying", delay.toMillis());
			this.status.reconnecting();
			this.context.observer().reconnecting(this.id, "close-" + code);
			publishDisconnect(decision.disconnect(true));
			scheduleReconnect(delay);
		});
	}

	/**
	 * Ends a connection on this client's initiative, keeping the session resumable, and
	 * reconnects.
	 */
	private void retire(GatewayConnection conn, String reason, Duration delay) {
		this.connection = null;
		cancelTimers();
		this.status.reconnecting();
		this.context.observer().reconnecting(this.id, reason);
		this.context.ioExecutor().execute(() -> conn.close(RESUMABLE_CLOSE_CODE, reason));
		Recovery recovery = (this.sessionId != null) ? Recovery.RESUME : Recovery.IDENTIFY;
		publishDisconnect(new ShardDisconnect(RESUMABLE_CLOSE_CODE, reason, recovery, true));
		scheduleReconnect(delay);
	}

	private void fail(ShardDisconnect disconnect) {
		clearSession();
		this.context.ioExecutor()
			.execute(() -> this.outbox.failAll("failed before the command was sent: " + disconnect.reason()));
		transition(ShardState.FAILED);
		logger.error("Shard {}: stopped and will not reconnect: {} (close code {}). Fix the configuration and restart.",
				this.id, disconnect.reason(), disconnect.closeCode());
		publishDisconnect(disconnect);
	}

	private void scheduleReconnect(Duration delay) {
		transition(ShardState.RECONNECTING);
		this.timers.reconnect(delay, () -> {
			synchronized (this.lock) {
				if (this.state == ShardState.RECONNECTING) {
					connect();
				}
			}
		});
	}

	private void clearSession() {
		this.sessionId = null;
		this.resumeUrl = null;
		this.sequence.reset(0);
	}

	// ---- helpers

	/**
	 * Runs a reaction to a connection's event under the lock, unless the connection was
	 * replaced meanwhile: an old socket's late events never touch the current one.
	 */
	private void ifCurrent(GatewayConnection conn, Runnable reaction) {
		synchronized (this.lock) {
			if (conn == this.connection) {
				reaction.run();
			}
		}
	}

	private void transition(ShardState next) {
		ShardState previous = this.state;
		if (previous == next) {
			return;
		}
		this.state = next;
		this.status.changed(previous, next);
		this.context.observer().stateChanged(this.id, previous, next);
	}

	/**
	 * Stops every timer and lets go of the current connection, which the caller closes.
	 */
	private GatewayConnection detach() {
		cancelTimers();
		this.timers.cancelReconnect();
		GatewayConnection detached = this.connection;
		this.connection = null;
		return detached;
	}

	private void cancelTimers() {
		this.timers.cancelHandshakeTimeout();
		this.admission.cancel();
	}

	@Override
	public String toString() {
		return "ShardSession[id=" + this.id + ", state=" + this.state + "]";
	}

}
