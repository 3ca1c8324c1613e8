package io.github.discordgateway.core.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import io.github.discordgateway.core.GatewayCloseCode.Recovery;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.ShardDisconnect;
import io.github.discordgateway.core.ShardSnapshot;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.StoredSession;
import io.github.discordgateway.core.internal.payload.GatewayPayload;

/**
 * The session state machine of one shard ({@link ShardState}). It owns at most one
 * {@link GatewayConnection} at a time; this class is the application's side of it:
 * <ul>
 * <li>{@link #start()}: CONNECTING, resuming a session saved by the previous process;
 * </li>
 * <li>{@link #stop()}: STOPPING, STOPPED, handing the session over to the next process
 * when there is a session store;</li>
 * <li>{@link #reconnect(boolean)} and {@link #send} (commands wait in the outbox until
 * the session is READY);</li>
 * <li>with shard leases, STANDBY while another instance runs the shard ({@link #standBy},
 * {@link #takeOver}, {@link #leaseLost}).</li>
 * </ul>
 * What arrives on a connection, up to READY or RESUMED, is {@link SessionHandshake}'s;
 * what ends a connection, and the decision to resume, identify again or stop, is
 * {@link SessionRecovery}'s. The state they share, its one lock and the threading rules
 * are in {@link SessionState}. What the reactions use lives in small classes of its own:
 * the reconnect delays ({@link ReconnectPacing}), IDENTIFY's budget and slot
 * ({@link IdentifyAdmission}), the timers ({@link SessionTimers}), the snapshot's
 * bookkeeping ({@link ShardStatus}), the command outbox ({@link CommandOutbox}), the
 * session's handover between processes ({@link SessionHandover}) and the IDENTIFY/RESUME
 * payloads ({@link HandshakePayloads}).
 *
 * <p>
 * Threads: payloads arrive on the socket's reading thread, timers fire on the scheduler
 * (whose clock is the session's), and {@link #start()}/{@link #stop()} come from the
 * application.
 */
final class ShardSession implements GatewayShard {

	/**
	 * Close code for "closing to resume": not 1000/1001, so Discord keeps the session.
	 */
	public static final int RESUMABLE_CLOSE_CODE = 4900;

	private static final Logger logger = LoggerFactory.getLogger(ShardSession.class);

	private final int id;

	private final ShardContext context;

	private final DeliveryQueue delivery;

	private final SessionState session;

	private final ReconnectPacing pacing;

	private final SessionHandover handover;

	private final CommandOutbox outbox;

	private final IdentifyAdmission admission;

	private final ShardStatus status;

	private final SessionRecovery recovery;

	private final SessionHandshake handshake;

	public ShardSession(int id, ShardContext context) {
		this.id = id;
		this.context = context;
		this.delivery = new DeliveryQueue(id, context.options().dispatchQueueCapacity(), context.deliveryExecutor(),
				context.listener(), context.observer());
		this.status = new ShardStatus(id, context);
		this.session = new SessionState(id, context, this.status, this.delivery);
		this.pacing = new ReconnectPacing(context.options());
		this.handover = new SessionHandover(id, context, this.delivery);
		this.outbox = new CommandOutbox(id, this.session.lock, context.scheduler(),
				() -> (this.session.state() == ShardState.READY) ? this.session.connection : null);
		this.admission = new IdentifyAdmission(id, context);
		SessionTimers timers = new SessionTimers(id, context.scheduler());
		HandshakePayloads payloads = new HandshakePayloads(id, context);
		this.recovery = new SessionRecovery(this, this.session, context, this.pacing, timers, this.admission,
				this.status, payloads, this.outbox);
		this.handshake = new SessionHandshake(id, this.session, context, this.recovery, payloads, this.admission,
				timers, this.pacing, this.status, this.handover, this.outbox);
	}

	@Override
	public int id() {
		return this.id;
	}

	@Override
	public ShardState state() {
		return this.session.state();
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
		return this.session.sequence.last();
	}

	boolean isDeliveryBackedUp() {
		return this.delivery.isProducerWaiting();
	}

	@Override
	public ShardSnapshot snapshot() {
		synchronized (this.session.lock) {
			return this.status.snapshot(this.session.state(), this.session.sessionId != null, this.session.sequence,
					this.session.connection, this.delivery.size());
		}
	}

	/**
	 * Connects. A session saved by the previous process is resumed; otherwise the shard
	 * identifies when the identify coordinator grants it a slot. With a session store the
	 * saved session is looked up on the I/O executor, so a slow store neither blocks the
	 * caller nor delays the other shards; the shard is CONNECTING meanwhile.
	 */
	public void start() {
		synchronized (this.session.lock) {
			ShardState state = this.session.state();
			if (state != ShardState.IDLE && state != ShardState.STANDBY && !state.isTerminal()) {
				return;
			}
			this.pacing.resetBackoff();
			if (!this.handover.hasStore()) {
				this.recovery.connect();
				return;
			}
			this.session.transition(ShardState.CONNECTING);
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
		synchronized (this.session.lock) {
			this.status.owner(holder);
			if (this.session.state() == ShardState.IDLE || this.session.state() == ShardState.STANDBY) {
				this.session.transition(ShardState.STANDBY);
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
		synchronized (this.session.lock) {
			this.status.owner(holder);
			if (this.session.state() == ShardState.STOPPING || this.session.state() == ShardState.STOPPED) {
				return;
			}
			dropping = this.recovery.detach();
			this.session.clearSession();
			if (this.session.state() != ShardState.IDLE && this.session.state() != ShardState.STANDBY) {
				logger.warn("Shard {}: lost its lease{}; stopping it here", this.id,
						(holder != null) ? " to instance " + holder : "");
				this.recovery.publishDisconnect(new ShardDisconnect(RESUMABLE_CLOSE_CODE,
						"lease lost; another instance runs the shard", Recovery.RESUME, false));
			}
			this.session.transition(ShardState.STANDBY);
		}
		if (dropping != null) {
			this.context.ioExecutor().execute(() -> dropping.close(RESUMABLE_CLOSE_CODE, "lease lost"));
		}
		this.outbox.failAll("lost its lease before the command was sent");
	}

	private void connectWith(StoredSession saved) {
		synchronized (this.session.lock) {
			if (this.session.state() != ShardState.CONNECTING || this.session.connection != null) {
				// Stopped, lost its lease or reconnected on request meanwhile
				return;
			}
			if (saved != null) {
				this.session.sessionId = saved.sessionId();
				this.session.resumeUrl = ResumeUrlPolicy.trusted(saved.resumeGatewayUrl(),
						this.context.gatewayUrls().known(), "the stored session's resume URL", this.id);
				this.session.sequence.reset(saved.sequence());
				this.handover.restore(saved);
				this.session.deliver(() -> this.context.listener()
					.onShardSessionRestored(this.id, saved.sessionId(), saved.sequence()));
			}
			this.recovery.connect();
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
		String sessionId;
		URI url;
		synchronized (this.session.lock) {
			if (this.session.state().isTerminal() || this.session.state() == ShardState.IDLE
					|| this.session.state() == ShardState.STANDBY) {
				this.session.transition(ShardState.STOPPED);
				return;
			}
			this.session.transition(ShardState.STOPPING);
			closing = this.recovery.detach();
			sessionId = this.session.sessionId;
			url = this.session.resumeUrl;
		}
		this.admission.forget();
		ShardDisconnect stopped = this.handover.closeForStop(closing, sessionId, url);
		this.outbox.failAll("stopped before the command was sent");
		synchronized (this.session.lock) {
			this.session.sessionId = null;
			this.session.resumeUrl = null;
			this.status.disconnected(stopped);
			this.session.transition(ShardState.STOPPED);
		}
		// Queued directly (never blocking: the shard is stopped) so that it is
		// delivered before the manager shuts the delivery executor down.
		this.session.deliver(() -> this.context.listener().onShardDisconnected(this.id, stopped));
	}

	/**
	 * Checkpoints the running session in the session store (see
	 * {@link SessionHandover#checkpoint}); called after every heartbeat.
	 */
	void checkpoint() {
		if (this.session.state() == ShardState.READY) {
			this.handover.checkpoint(this::resumePoint, () -> this.session.state() == ShardState.READY);
		}
	}

	private SessionHandover.ResumePoint resumePoint() {
		synchronized (this.session.lock) {
			return new SessionHandover.ResumePoint(this.session.sessionId, this.session.resumeUrl);
		}
	}

	@Override
	public void reconnect(boolean resume) {
		synchronized (this.session.lock) {
			ShardState state = this.session.state();
			if (state == ShardState.STOPPING || state == ShardState.STOPPED || state == ShardState.IDLE
					|| state == ShardState.STANDBY) {
				return;
			}
			if (!resume) {
				this.session.clearSession();
			}
			if (this.session.connection != null) {
				this.recovery.retire(this.session.connection, "requested", Duration.ZERO);
			}
			else {
				this.pacing.resetBackoff();
				this.recovery.connect();
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
		return this.outbox.submit(opcode, this.context.codec().encode(opcode, data), this.session.state());
	}

	// ---- the connection's events, handled by the handshake and the recovery

	void onOpen(GatewayConnection conn) {
		this.handshake.onOpen(conn);
	}

	void onPayload(GatewayConnection conn, GatewayPayload payload) {
		this.handshake.onPayload(conn, payload);
	}

	void onDecodeError(GatewayConnection conn, PayloadDecodeException ex) {
		this.recovery.onDecodeError(conn, ex);
	}

	void onZombie(GatewayConnection conn) {
		this.recovery.onZombie(conn);
	}

	void onConnectionLost(GatewayConnection conn, int code, String reason) {
		this.recovery.onConnectionLost(conn, code, reason);
	}

	@Override
	public String toString() {
		return "ShardSession[id=" + this.id + ", state=" + this.session.state() + "]";
	}

}
