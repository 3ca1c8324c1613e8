package io.github.discordgateway.core.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.socket.WebSocketHttpHeaders;

import io.github.discordgateway.core.GatewayCloseCode;
import io.github.discordgateway.core.GatewayCloseCode.Recovery;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayException;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.GatewaySessionStore;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.IdentifySlot;
import io.github.discordgateway.core.ShardDisconnect;
import io.github.discordgateway.core.ShardSnapshot;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.StoredSession;
import io.github.discordgateway.core.TokenRejectedException;
import io.github.discordgateway.core.spi.GatewayCommands;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The session state machine of one shard. It owns at most one {@link GatewayConnection}
 * at a time and decides, for everything that can end a connection, whether to resume,
 * identify again or stop.
 *
 * <p>
 * Threads: payloads arrive on the socket's reading thread, timers fire on the scheduler,
 * and {@link #start()}/{@link #stop()} come from the application. State changes happen
 * under {@code lock}; every callback names its connection, and callbacks from a
 * connection that is no longer current are ignored, so a late close or message of an old
 * socket can never disturb a new one. Dispatches are handed to the {@link DeliveryQueue}
 * outside the lock.
 */
public final class ShardSession implements GatewayShard {

	/**
	 * Close code for "closing to resume": not 1000/1001, so Discord keeps the session.
	 */
	public static final int RESUMABLE_CLOSE_CODE = 4900;

	/** Discord closes the connection (4002) for a payload above this size. */
	static final int MAX_SEND_BYTES = 4096;

	/**
	 * Commands that may wait for READY or for the rate limit before {@link #send} refuses
	 * more.
	 */
	static final int OUTBOX_CAPACITY = 1024;

	/**
	 * Unreadable payloads in a row (without READY or RESUMED between them) after which a
	 * resume is given up.
	 */
	private static final int MAX_DECODE_FAILURES_BEFORE_NEW_SESSION = 3;

	/**
	 * Checkpoints of a running session are written at most this often (one per heartbeat
	 * otherwise).
	 */
	static final Duration MIN_CHECKPOINT_SPACING = Duration.ofSeconds(1);

	/** A failing checkpoint store is logged at most this often. */
	private static final long CHECKPOINT_WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	/**
	 * How long a start waits for the session store before it identifies instead. Stores
	 * should bound their own calls well below this (the Redis one does); this only keeps
	 * a store that hangs from keeping the shard from ever starting.
	 */
	static final Duration SESSION_LOOKUP_TIMEOUT = Duration.ofSeconds(10);

	private static final Logger logger = LoggerFactory.getLogger(ShardSession.class);

	private final int id;

	private final ShardContext context;

	private final GatewayOptions options;

	private final DeliveryQueue delivery;

	private final Backoff backoff;

	private final InvalidSessionBackoff invalidSessionBackoff;

	private final SessionSealer sealer;

	private final Object lock = new Object();

	// Guarded by lock
	private volatile GatewayConnection connection;

	private ScheduledFuture<?> reconnectTask;

	private ScheduledFuture<?> handshakeTimeout;

	private CompletableFuture<IdentifySlot> identifySlot;

	private int reconnectRequestsSinceReady;

	private String sessionId;

	private URI resumeUrl;

	private volatile ShardState state = ShardState.IDLE;

	private Instant stateSince = Instant.now();

	// Since when the shard has had no live session; null while READY
	private volatile Instant unavailableSince = Instant.now();

	private Instant connectedSince;

	private ShardDisconnect lastDisconnect;

	private long reconnects;

	private int decodeFailuresSinceReady;

	private String lastGatewayHost;

	// With shard leases: who holds this shard's lease (see ShardSnapshot#owner)
	private volatile String owner;

	// Application commands waiting for READY or for the rate limit; guarded by itself
	private final ArrayDeque<Command> outbox = new ArrayDeque<>();

	private ScheduledFuture<?> outboxRetry;

	// Written by the reading thread only
	private volatile long sequence;

	private volatile Instant lastDispatchAt;

	private long replayed;

	// The session whose dispatches the listener received last; written by the delivery
	// thread
	// (after the delivered sequence is reset), so a reader that sees it sees its
	// sequence.
	private volatile String deliveredSessionId;

	private final AtomicBoolean checkpointing = new AtomicBoolean();

	private volatile long lastCheckpointNanos = System.nanoTime() - MIN_CHECKPOINT_SPACING.toNanos();

	private final AtomicLong checkpointFailures = new AtomicLong();

	private volatile long lastCheckpointWarnNanos = System.nanoTime() - CHECKPOINT_WARN_INTERVAL_NANOS;

	public ShardSession(int id, ShardContext context) {
		this.id = id;
		this.context = context;
		this.options = context.options();
		this.delivery = new DeliveryQueue(id, this.options.dispatchQueueCapacity(), context.deliveryExecutor(),
				context.listener(), context.observer());
		this.backoff = new Backoff(this.options.reconnectBackoffInitial(), this.options.reconnectBackoffMax());
		this.invalidSessionBackoff = new InvalidSessionBackoff(this.options.invalidSessionDelayMin(),
				this.options.invalidSessionDelayMax());
		this.sealer = new SessionSealer(this.options.token());
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
		return this.unavailableSince;
	}

	/** The last sequence number received. */
	long sequence() {
		return this.sequence;
	}

	/**
	 * The sequence number of the last dispatch the application's listener returned from.
	 */
	public long lastDeliveredSequence() {
		return this.delivery.lastDeliveredSequence();
	}

	/** Dispatches received and not yet delivered. */
	public int deliveryBacklog() {
		return this.delivery.size();
	}

	boolean isDeliveryBackedUp() {
		return this.delivery.isProducerWaiting();
	}

	@Override
	public ShardSnapshot snapshot() {
		synchronized (this.lock) {
			GatewayConnection current = this.connection;
			Heartbeater beats = (current != null) ? current.heartbeater() : null;
			return new ShardSnapshot(this.id, this.context.shardTotal(), this.state, this.stateSince,
					this.sessionId != null, this.sequence, (beats != null) ? beats.latency() : null,
					this.lastGatewayHost, this.options.encoding(), this.options.compression(), this.connectedSince,
					this.lastDispatchAt, this.reconnects, this.lastDisconnect, this.delivery.size(), this.owner);
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
			this.backoff.reset();
			if (this.context.sessionStore() == null) {
				connect();
				return;
			}
			transition(ShardState.CONNECTING);
		}
		CompletableFuture<StoredSession> lookup;
		try {
			lookup = CompletableFuture.supplyAsync(this::takeSavedSession, this.context.ioExecutor())
				.orTimeout(SESSION_LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			lookup = CompletableFuture.completedFuture(null);
		}
		lookup.whenComplete((saved, failure) -> {
			if (failure != null) {
				logger.warn("Shard {}: the session store did not answer within {} s; identifying", this.id,
						SESSION_LOOKUP_TIMEOUT.toSeconds());
			}
			connectWith((failure != null) ? null : saved);
		});
	}

	/**
	 * Starts the shard as the holder of its lease.
	 * @param instanceId this instance's id, shown as the shard's owner
	 */
	void takeOver(String instanceId) {
		this.owner = instanceId;
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
			this.owner = holder;
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
			this.owner = holder;
			if (this.state == ShardState.STOPPING || this.state == ShardState.STOPPED) {
				return;
			}
			cancelTimers();
			cancel(this.reconnectTask);
			dropping = this.connection;
			this.connection = null;
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
		failOutbox("lost its lease before the command was sent");
	}

	private void connectWith(StoredSession saved) {
		synchronized (this.lock) {
			if (this.state != ShardState.CONNECTING || this.connection != null) {
				// Stopped, lost its lease or reconnected on request while the store was
				// asked.
				return;
			}
			if (saved != null) {
				this.sessionId = saved.sessionId();
				this.resumeUrl = trustedResumeUrl(saved.resumeGatewayUrl(), this.context.gatewayUrls().known(),
						"the stored session's resume URL");
				this.sequence = saved.sequence();
				this.delivery.resumeFrom(saved.sequence());
				this.deliveredSessionId = saved.sessionId();
				deliver((Runnable) () -> this.context.listener()
					.onShardSessionRestored(this.id, saved.sessionId(), saved.sequence()));
				logger.info("Shard {}: resuming the session saved {} s ago at sequence {}", this.id,
						Duration.between(saved.savedAt(), Instant.now()).toSeconds(), saved.sequence());
			}
			connect();
		}
	}

	private StoredSession takeSavedSession() {
		GatewaySessionStore store = this.context.sessionStore();
		if (store == null) {
			return null;
		}
		try {
			StoredSession saved = store.take(this.id, this.context.shardTotal()).orElse(null);
			if (saved != null && !this.sealer.isIntact(saved)) {
				logger.warn("Shard {}: ignoring the stored session: its integrity check does not match (changed in the "
						+ "store, or saved with another bot token or version); identifying", this.id);
				return null;
			}
			if (saved != null && (saved.encoding() != this.options.encoding()
					|| saved.compression() != this.options.compression())) {
				logger.info("Shard {}: the saved session used {}/{}; identifying with {}/{} instead", this.id,
						saved.encoding(), saved.compression(), this.options.encoding(), this.options.compression());
				return null;
			}
			return saved;
		}
		catch (RuntimeException ex) {
			logger.warn("Shard {}: could not read a saved session ({}); identifying", this.id, ex.getMessage());
			return null;
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
		String handoverSessionId;
		URI handoverUrl;
		synchronized (this.lock) {
			if (this.state.isTerminal() || this.state == ShardState.IDLE || this.state == ShardState.STANDBY) {
				transition(ShardState.STOPPED);
				return;
			}
			transition(ShardState.STOPPING);
			cancelTimers();
			cancel(this.reconnectTask);
			closing = this.connection;
			this.connection = null;
			handoverSessionId = (this.context.sessionStore() != null) ? this.sessionId : null;
			handoverUrl = this.resumeUrl;
		}
		this.context.identifyBudget().forget(this.id);
		boolean handedOver = handoverSessionId != null && handOver(handoverSessionId, handoverUrl);
		if (closing != null) {
			int code = handedOver ? RESUMABLE_CLOSE_CODE : 1000;
			CompletableFuture<Void> closed = CompletableFuture.runAsync(
					() -> closing.close(code, handedOver ? "handing the session over" : "shutting down"),
					this.context.ioExecutor());
			try {
				closed.get(this.options.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException | ExecutionException ex) {
				logger.debug("Shard {}: the close handshake did not finish in time", this.id);
				closing.release();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				closing.release();
			}
		}
		failOutbox("stopped before the command was sent");
		ShardDisconnect stopped = new ShardDisconnect(handedOver ? RESUMABLE_CLOSE_CODE : 1000,
				handedOver ? "stopped; session saved for the next start" : "stopped by the application", null, false);
		synchronized (this.lock) {
			this.sessionId = null;
			this.resumeUrl = null;
			this.lastDisconnect = stopped;
			this.connectedSince = null;
			transition(ShardState.STOPPED);
		}
		// Queued directly (never blocking: the shard is stopped) so it is delivered
		// before the manager
		// shuts the delivery executor down.
		deliver((Runnable) () -> this.context.listener().onShardDisconnected(this.id, stopped));
	}

	private boolean handOver(String session, URI url) {
		List<Object> withheld = this.delivery.withholdPendingDispatches(this.options.closeTimeout());
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
			this.context.sessionStore()
				.save(this.sealer.seal(new StoredSession(this.id, this.context.shardTotal(), session, url, delivered,
						this.options.encoding(), this.options.compression(), Instant.now())));
			if (last) {
				logger.info("Shard {}: saved the session at sequence {} for the next start", this.id, delivered);
			}
			return true;
		}
		catch (RuntimeException ex) {
			if (last) {
				logger.warn("Shard {}: could not save the session ({}); delivering what was received and closing it",
						this.id, ex.getMessage());
			}
			else {
				this.checkpointFailures.incrementAndGet();
				long now = System.nanoTime();
				if (now - this.lastCheckpointWarnNanos >= CHECKPOINT_WARN_INTERVAL_NANOS) {
					this.lastCheckpointWarnNanos = now;
					logger.warn("Shard {}: could not checkpoint the session ({} failure(s) so far): {}", this.id,
							this.checkpointFailures.get(), ex.getMessage());
				}
			}
			return false;
		}
	}

	/**
	 * Checkpoints the running session in the store, so that a process that dies without a
	 * graceful shutdown leaves a session the next start resumes. Runs off the caller's
	 * thread, at most one at a time and at most once per {@link #MIN_CHECKPOINT_SPACING}.
	 */
	void checkpoint() {
		if (this.context.sessionStore() == null || this.state != ShardState.READY
				|| System.nanoTime() - this.lastCheckpointNanos < MIN_CHECKPOINT_SPACING.toNanos()
				|| !this.checkpointing.compareAndSet(false, true)) {
			return;
		}
		String session;
		URI url;
		synchronized (this.lock) {
			session = this.sessionId;
			url = this.resumeUrl;
		}
		this.lastCheckpointNanos = System.nanoTime();
		try {
			this.context.ioExecutor().execute(() -> {
				try {
					if (session != null && this.state == ShardState.READY) {
						save(session, url, false);
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

	/** How many checkpoints of a running session could not be written. */
	public long checkpointFailures() {
		return this.checkpointFailures.get();
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
				this.backoff.reset();
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
		EncodedPayload payload = this.context.codec().encode(opcode, data);
		int size = payload.size();
		if (size > MAX_SEND_BYTES) {
			return CompletableFuture.failedFuture(new IllegalArgumentException("Opcode " + opcode + " payload is "
					+ size + " bytes; Discord refuses payloads above " + MAX_SEND_BYTES + " bytes (close 4002)"));
		}
		Command command = new Command(opcode, payload, new CompletableFuture<>());
		ShardState current = this.state;
		if (current == ShardState.IDLE || current == ShardState.STANDBY || current == ShardState.STOPPING
				|| current.isTerminal()) {
			return CompletableFuture
				.failedFuture(new GatewayException("Shard " + this.id + " is " + current + "; nothing can be sent"));
		}
		synchronized (this.outbox) {
			if (this.outbox.size() >= OUTBOX_CAPACITY) {
				return CompletableFuture.failedFuture(new GatewayException("Shard " + this.id + " already has "
						+ OUTBOX_CAPACITY + " commands waiting for the gateway's rate limit; slow down"));
			}
			this.outbox.add(command);
		}
		flushOutbox();
		return command.sent();
	}

	/** Sends queued commands while the session is READY and the rate limit allows. */
	private void flushOutbox() {
		synchronized (this.outbox) {
			while (!this.outbox.isEmpty()) {
				GatewayConnection conn = this.connection;
				if (conn == null || this.state != ShardState.READY || this.outboxRetry != null) {
					return;
				}
				Command next = this.outbox.peek();
				long wait = conn.sendCommand(next.opcode(), next.payload());
				if (wait < 0) {
					return;
				}
				if (wait > 0) {
					this.outboxRetry = this.context.scheduler().schedule(() -> {
						synchronized (this.outbox) {
							this.outboxRetry = null;
						}
						flushOutbox();
					}, Instant.now().plusNanos(wait));
					return;
				}
				this.outbox.poll();
				next.sent().complete(null);
			}
		}
	}

	private void failOutbox(String reason) {
		synchronized (this.outbox) {
			Command command;
			while ((command = this.outbox.poll()) != null) {
				command.sent().completeExceptionally(new GatewayException("Shard " + this.id + " " + reason));
			}
			cancel(this.outboxRetry);
			this.outboxRetry = null;
		}
	}

	private record Command(int opcode, EncodedPayload payload, CompletableFuture<Void> sent) {
	}

	// ---- connecting

	private void connect() {
		cancel(this.reconnectTask);
		transition(ShardState.CONNECTING);
		GatewayConnection conn = new GatewayConnection(this, this.context);
		this.connection = conn;
		boolean toResumeUrl = this.sessionId != null && this.resumeUrl != null;
		CompletableFuture<URI> base = toResumeUrl ? CompletableFuture.completedFuture(this.resumeUrl)
				: this.context.gatewayUrls().resolve();
		base.thenCompose(url -> {
			URI uri = withQuery(url);
			conn.uri(uri);
			synchronized (this.lock) {
				this.lastGatewayHost = uri.getHost();
			}
			return this.context.webSocketClient().execute(conn, new WebSocketHttpHeaders(), uri);
		}).whenComplete((socket, failure) -> {
			if (failure != null) {
				onConnectFailed(conn, toResumeUrl, unwrap(failure));
			}
		});
	}

	private URI withQuery(URI base) {
		StringBuilder url = new StringBuilder(base.toString());
		if (base.getRawPath() == null || base.getRawPath().isEmpty()) {
			url.append('/');
		}
		url.append((base.getRawQuery() == null) ? '?' : '&')
			.append("v=10&encoding=")
			.append(this.options.encoding().queryValue());
		String compress = this.options.compression().queryValue();
		if (compress != null) {
			url.append("&compress=").append(compress);
		}
		return URI.create(url.toString());
	}

	private void onConnectFailed(GatewayConnection conn, boolean toResumeUrl, Throwable failure) {
		synchronized (this.lock) {
			if (conn != this.connection) {
				return;
			}
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
				// The resume host is gone; the session may still be resumable through the
				// main gateway.
				this.resumeUrl = null;
			}
			else {
				this.context.gatewayUrls().invalidate();
			}
			Duration delay = this.backoff.next();
			logger.warn("Shard {}: could not connect ({}); retrying in {} ms", this.id, describe(failure),
					delay.toMillis());
			this.context.observer().reconnecting(this.id, "connect-failed");
			scheduleReconnect(delay);
		}
	}

	void onOpen(GatewayConnection conn) {
		synchronized (this.lock) {
			if (conn != this.connection) {
				this.context.ioExecutor().execute(() -> conn.close(1000, "superseded"));
				return;
			}
			transition(ShardState.HANDSHAKING);
			this.handshakeTimeout = schedule(this.options.helloTimeout(),
					() -> onHandshakeTimeout(conn, "hello-timeout"));
		}
	}

	// ---- receiving

	void onPayload(GatewayConnection conn, GatewayPayload payload) {
		if (conn != this.connection) {
			return;
		}
		switch (payload.op()) {
			case Opcodes.DISPATCH -> onDispatch(conn, payload);
			case Opcodes.HEARTBEAT_ACK -> {
				Heartbeater beats = conn.heartbeater();
				if (beats != null) {
					beats.acknowledged();
				}
			}
			case Opcodes.HEARTBEAT -> {
				Heartbeater beats = conn.heartbeater();
				if (beats != null) {
					beats.beatNow();
				}
				else {
					conn.sendHeartbeat();
				}
			}
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
		synchronized (this.lock) {
			if (conn != this.connection) {
				return;
			}
			if (this.state != ShardState.HANDSHAKING && this.state != ShardState.CONNECTING) {
				logger.warn("Shard {}: ignoring a second HELLO", this.id);
				return;
			}
			if (interval <= 0) {
				this.context.observer().decodeFailed(this.id, "invalid-hello");
				logger.warn("Shard {}: HELLO without a valid heartbeat_interval; resetting the connection", this.id);
				retire(conn, "invalid-hello", this.backoff.next());
				return;
			}
			cancel(this.handshakeTimeout);
			conn.startHeartbeat(Duration.ofMillis(interval));
			if (this.sessionId != null) {
				transition(ShardState.RESUMING);
				this.replayed = 0;
				sendResume(conn);
			}
			else {
				Duration budgetWait = this.context.identifyBudget().reserve(this.id);
				if (!budgetWait.isZero()) {
					retire(conn, "identify-budget", budgetWait);
					return;
				}
				transition(ShardState.IDENTIFYING);
				// The reserved start is spent when the IDENTIFY is written, refunded
				// otherwise (exactly once).
				CompletableFuture<IdentifySlot> slot = this.context.identifyCoordinator()
					.acquire(this.id, this.context.maxConcurrency());
				this.identifySlot = slot;
				slot.whenComplete((granted, failure) -> {
					if (failure == null) {
						identify(conn, granted);
						return;
					}
					this.context.identifyBudget().refund();
					if (!(unwrap(failure) instanceof CancellationException)) {
						onIdentifySlotFailed(conn, failure);
					}
				});
			}
		}
	}

	private void onIdentifySlotFailed(GatewayConnection conn, Throwable failure) {
		synchronized (this.lock) {
			if (conn != this.connection) {
				return;
			}
			logger.warn("Shard {}: the identify coordinator failed ({}); reconnecting", this.id,
					describe(unwrap(failure)));
			retire(conn, "identify-slot-failed", this.backoff.next());
		}
	}

	private void identify(GatewayConnection conn, IdentifySlot slot) {
		synchronized (this.lock) {
			if (conn != this.connection || this.state != ShardState.IDENTIFYING) {
				slot.release();
				this.context.identifyBudget().refund();
				return;
			}
			ObjectNode data = this.context.codec().objectNode();
			data.put("token", this.options.token().reveal());
			data.put("intents", this.options.intents());
			ObjectNode properties = data.putObject("properties");
			properties.put("os", this.options.os());
			properties.put("browser", this.options.browser());
			properties.put("device", this.options.device());
			data.put("large_threshold", this.options.largeThreshold());
			ArrayNode shard = data.putArray("shard");
			shard.add(this.id);
			shard.add(this.context.shardTotal());
			if (this.options.presence() != null) {
				data.set("presence", GatewayCommands.presence(this.options.presence()));
			}
			this.sequence = 0;
			EncodedPayload identify = this.context.codec().encode(Opcodes.IDENTIFY, data);
			// Counted as sent even if the write failed: it may have reached the gateway
			// in part.
			conn.send(Opcodes.IDENTIFY, identify);
			slot.identifySent(Instant.now());
			this.context.identifyBudget().spend();
			this.context.observer().sessionStarted(this.id, false);
			logger.info("Shard {}/{}: identifying", this.id, this.context.shardTotal());
			this.handshakeTimeout = schedule(this.options.readyTimeout(),
					() -> onHandshakeTimeout(conn, "ready-timeout"));
		}
	}

	private void sendResume(GatewayConnection conn) {
		ObjectNode data = this.context.codec().objectNode();
		data.put("token", this.options.token().reveal());
		data.put("session_id", this.sessionId);
		long seq = this.sequence;
		if (seq > 0) {
			data.put("seq", seq);
		}
		else {
			data.putNull("seq");
		}
		conn.send(Opcodes.RESUME, this.context.codec().encode(Opcodes.RESUME, data));
		this.context.observer().sessionStarted(this.id, true);
		logger.info("Shard {}: resuming session at sequence {}", this.id, seq);
		this.handshakeTimeout = schedule(this.options.readyTimeout(), () -> onHandshakeTimeout(conn, "ready-timeout"));
	}

	private void onDispatch(GatewayConnection conn, GatewayPayload payload) {
		long seq = payload.sequence();
		if (seq > 0) {
			long last = this.sequence;
			if (last > 0 && seq <= last) {
				logger.warn("Shard {}: dropping {} with sequence {} already received (last {})", this.id,
						payload.type(), seq, last);
				this.context.observer().sequenceAnomaly(this.id, last + 1, seq);
				return;
			}
			if (last > 0 && seq != last + 1) {
				logger.warn("Shard {}: sequence gap: expected {} but received {} ({})", this.id, last + 1, seq,
						payload.type());
				this.context.observer().sequenceAnomaly(this.id, last + 1, seq);
			}
			this.sequence = seq;
		}
		this.lastDispatchAt = Instant.now();
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
				deliver(newSessionMarker(this.sessionId));
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
			flushOutbox();
		}
	}

	private Runnable onReady(GatewayConnection conn, JsonNode data) {
		synchronized (this.lock) {
			if (conn != this.connection) {
				return null;
			}
			cancel(this.handshakeTimeout);
			String session = data.path("session_id").asString(null);
			this.sessionId = session;
			String resume = data.path("resume_gateway_url").asString(null);
			this.resumeUrl = trustedResumeUrl(parseResumeUrl(resume), conn.uri(), "READY's resume_gateway_url");
			this.backoff.reset();
			this.invalidSessionBackoff.reset();
			this.reconnectRequestsSinceReady = 0;
			this.decodeFailuresSinceReady = 0;
			this.connectedSince = Instant.now();
			transition(ShardState.READY);
			logger.info("Shard {}/{}: READY", this.id, this.context.shardTotal());
			return () -> this.context.listener().onShardReady(this.id, session);
		}
	}

	private URI parseResumeUrl(String url) {
		if (url == null || url.isBlank()) {
			return null;
		}
		try {
			URI uri = URI.create(url);
			return ("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme())) ? uri : null;
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Shard {}: READY carried an invalid resume_gateway_url; resuming through the main gateway",
					this.id);
			return null;
		}
	}

	/**
	 * The resume URL if it may carry the next RESUME (see {@link ResumeUrlPolicy}),
	 * otherwise {@code null} (resume through the gateway URL) and a warning.
	 */
	private URI trustedResumeUrl(URI candidate, URI base, String what) {
		if (candidate == null) {
			return null;
		}
		String rejection = ResumeUrlPolicy.rejection(candidate, base);
		if (rejection == null) {
			return candidate;
		}
		logger.warn("Shard {}: not resuming on {} {}: {}; resuming through the gateway URL instead", this.id, what,
				candidate.getScheme() + "://" + candidate.getHost(), rejection);
		return null;
	}

	private Runnable onResumed(GatewayConnection conn) {
		synchronized (this.lock) {
			if (conn != this.connection) {
				return null;
			}
			cancel(this.handshakeTimeout);
			this.backoff.reset();
			this.invalidSessionBackoff.reset();
			this.reconnectRequestsSinceReady = 0;
			this.decodeFailuresSinceReady = 0;
			this.connectedSince = Instant.now();
			transition(ShardState.READY);
			long replayedEvents = this.replayed;
			logger.info("Shard {}: RESUMED after {} replayed events", this.id, replayedEvents);
			return () -> this.context.listener().onShardResumed(this.id, replayedEvents);
		}
	}

	/**
	 * Queued before a new session's READY: from then on the delivered sequence is the new
	 * session's (reset first, then the session named, so that a reader never pairs the
	 * new id with an old sequence).
	 */
	private Runnable newSessionMarker(String session) {
		return () -> {
			this.delivery.resumeFrom(0);
			this.deliveredSessionId = session;
		};
	}

	private void deliver(Object item) {
		this.delivery.enqueue(item, () -> !this.state.isTerminal() && this.state != ShardState.STOPPING);
	}

	private void publishDisconnect(ShardDisconnect disconnect) {
		this.lastDisconnect = disconnect;
		this.connectedSince = null;
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
		synchronized (this.lock) {
			if (conn != this.connection) {
				return;
			}
			// The first request since READY is honoured at once; a gateway that keeps
			// asking before the
			// session is READY again gets the reconnect backoff, not a tight loop.
			Duration delay = (++this.reconnectRequestsSinceReady == 1) ? Duration.ZERO : this.backoff.next();
			logger.info("Shard {}: the gateway asked to reconnect (opcode 7); reconnecting in {} ms", this.id,
					delay.toMillis());
			retire(conn, "reconnect-request", delay);
		}
	}

	private void onInvalidSession(GatewayConnection conn, boolean resumable) {
		synchronized (this.lock) {
			if (conn != this.connection) {
				return;
			}
			if (!resumable) {
				clearSession();
			}
			Duration delay = this.invalidSessionBackoff.next();
			logger.info("Shard {}: INVALID_SESSION ({}); {} in {} ms", this.id,
					resumable ? "resumable" : "not resumable",
					(this.sessionId != null) ? "resuming" : "identifying again", delay.toMillis());
			retire(conn, "invalid-session", delay);
		}
	}

	void onDecodeError(GatewayConnection conn, PayloadDecodeException ex) {
		synchronized (this.lock) {
			if (conn != this.connection) {
				return;
			}
			this.context.observer().decodeFailed(this.id, ex.kind());
			logger.warn("Shard {}: {}; resetting the connection", this.id, ex.getMessage());
			if (++this.decodeFailuresSinceReady >= MAX_DECODE_FAILURES_BEFORE_NEW_SESSION && this.sessionId != null) {
				// The gateway keeps replaying something we cannot read: start over rather
				// than loop.
				logger.warn("Shard {}: {} unreadable payloads in a row; starting a new session instead of resuming",
						this.id, this.decodeFailuresSinceReady);
				clearSession();
			}
			retire(conn, "decode-error", this.backoff.next());
		}
	}

	void onZombie(GatewayConnection conn) {
		synchronized (this.lock) {
			if (conn != this.connection) {
				return;
			}
			logger.warn("Shard {}: no heartbeat ACK and nothing else received for a whole heartbeat interval; "
					+ "the connection is a zombie, reconnecting", this.id);
			retire(conn, "zombie", this.backoff.next());
		}
	}

	private void onHandshakeTimeout(GatewayConnection conn, String reason) {
		synchronized (this.lock) {
			if (conn != this.connection) {
				return;
			}
			logger.warn("Shard {}: {} while {}; reconnecting", this.id, reason.replace('-', ' '), this.state);
			retire(conn, reason, this.backoff.next());
		}
	}

	/** The current connection ended without this client asking for it. */
	void onConnectionLost(GatewayConnection conn, int code, String reason) {
		synchronized (this.lock) {
			if (conn != this.connection) {
				return;
			}
			this.connection = null;
			cancelTimers();
			conn.release();
			if (this.state == ShardState.STOPPING) {
				return;
			}
			Recovery recovery = GatewayCloseCode.recoveryOf(code);
			String description = GatewayCloseCode.describe(code)
					+ ((reason != null && !reason.isBlank()) ? " (" + reason + ")" : "");
			if (recovery == Recovery.FATAL) {
				fail(new ShardDisconnect(code, description, recovery, false));
				return;
			}
			if (recovery == Recovery.IDENTIFY) {
				clearSession();
			}
			Duration delay = this.backoff.next();
			logger.warn("Shard {}: connection closed with {}: {}; {} in {} ms", this.id, code, description,
					(this.sessionId != null) ? "resuming" : "identifying", delay.toMillis());
			this.reconnects++;
			this.context.observer().reconnecting(this.id, "close-" + code);
			publishDisconnect(new ShardDisconnect(code, description, recovery, true));
			scheduleReconnect(delay);
		}
	}

	/**
	 * Ends a connection on this client's initiative, keeping the session resumable, and
	 * reconnects.
	 */
	private void retire(GatewayConnection conn, String reason, Duration delay) {
		this.connection = null;
		cancelTimers();
		this.reconnects++;
		this.context.observer().reconnecting(this.id, reason);
		this.context.ioExecutor().execute(() -> conn.close(RESUMABLE_CLOSE_CODE, reason));
		Recovery recovery = (this.sessionId != null) ? Recovery.RESUME : Recovery.IDENTIFY;
		publishDisconnect(new ShardDisconnect(RESUMABLE_CLOSE_CODE, reason, recovery, true));
		scheduleReconnect(delay);
	}

	private void fail(ShardDisconnect disconnect) {
		clearSession();
		this.context.ioExecutor()
			.execute(() -> failOutbox("failed before the command was sent: " + disconnect.reason()));
		transition(ShardState.FAILED);
		logger.error("Shard {}: stopped and will not reconnect: {} (close code {}). Fix the configuration and restart.",
				this.id, disconnect.reason(), disconnect.closeCode());
		publishDisconnect(disconnect);
	}

	private void scheduleReconnect(Duration delay) {
		transition(ShardState.RECONNECTING);
		this.reconnectTask = schedule(delay, () -> {
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
		this.sequence = 0;
	}

	// ---- helpers

	private void transition(ShardState next) {
		ShardState previous = this.state;
		if (previous == next) {
			return;
		}
		this.state = next;
		this.stateSince = Instant.now();
		if (next == ShardState.READY) {
			this.unavailableSince = null;
		}
		else if (previous == ShardState.READY) {
			this.unavailableSince = this.stateSince;
		}
		this.context.observer().stateChanged(this.id, previous, next);
	}

	private ScheduledFuture<?> schedule(Duration delay, Runnable task) {
		try {
			return this.context.scheduler().schedule(task, Instant.now().plus(delay));
		}
		catch (RejectedExecutionException ex) {
			// The application is shutting down and its scheduler is gone: nothing is left
			// to wait for.
			logger.debug("Shard {}: not scheduling work, the scheduler is shut down", this.id);
			return null;
		}
	}

	private void cancelTimers() {
		cancel(this.handshakeTimeout);
		if (this.identifySlot != null) {
			this.identifySlot.cancel(false);
		}
	}

	private static void cancel(Future<?> future) {
		if (future != null) {
			future.cancel(false);
		}
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	private static String describe(Throwable failure) {
		String message = failure.getMessage();
		String description = failure.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
		// The WebSocket client wraps the reason (TLS, DNS, refused) in a generic
		// handshake failure.
		Throwable root = NestedExceptionUtils.getRootCause(failure);
		if (root == null || root == failure) {
			return description;
		}
		String rootMessage = root.getMessage();
		return description + " caused by " + root.getClass().getSimpleName()
				+ ((rootMessage != null) ? ": " + rootMessage : "");
	}

	@Override
	public String toString() {
		return "ShardSession[id=" + this.id + ", state=" + this.state + "]";
	}

}
