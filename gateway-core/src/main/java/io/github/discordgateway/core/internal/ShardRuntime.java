package io.github.discordgateway.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.socket.client.WebSocketClient;

import io.github.discordgateway.core.GatewayCommandSender;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.GatewaySessionStore;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.IdentifyCoordinator;
import io.github.discordgateway.core.SessionStartLimit;
import io.github.discordgateway.core.ShardLeaseManager;
import io.github.discordgateway.core.TokenRejectedException;
import io.github.discordgateway.core.spi.MemberChunkCollector;

/**
 * What a {@code GatewayShardManager} runs between its start and stop: its threads,
 * gateway discovery, and the shards of the current start with their leases. The manager
 * is the public face (builder, options, commands, lifecycle); this is the one class of
 * {@code core.internal} it uses, so that everything behind it stays package-private.
 * Thread-safe: start and stop hold one lifecycle lock, the queries read volatile fields.
 */
public final class ShardRuntime {

	private static final Logger logger = LoggerFactory.getLogger(ShardRuntime.class);

	/**
	 * How long {@link #start()} waits for the first discovery answer before continuing in
	 * the background.
	 */
	private static final Duration STARTUP_DISCOVERY_WAIT = Duration.ofSeconds(20);

	private final GatewayOptions options;

	private final IdentifyCoordinator identifyCoordinator;

	private final ShardLeaseManager leaseManager;

	private final ManagerThreads threads;

	private final GatewayLocator gateway;

	private final ShardLauncher launcher;

	private final ShardCommands commands;

	private final Object lifecycleLock = new Object();

	private volatile LaunchedShards shards = LaunchedShards.NONE;

	private volatile boolean running;

	private volatile Integer shardTotal;

	private volatile String startupFailure;

	private volatile IdentifyBudget identifyBudget;

	/**
	 * Prepares the runtime; nothing connects and no thread starts before
	 * {@link #start()}.
	 * @param webSocketClient the client to connect with, or {@code null} for Tomcat's,
	 * configured from the options
	 * @param scheduler runs heartbeats and timers, or {@code null} for a scheduler of its
	 * own
	 * @param deliveryExecutor runs listener callbacks, or {@code null} for threads of its
	 * own
	 * @param identifyCoordinator grants identify slots, or {@code null} for an in-process
	 * one
	 * @param sessionStore keeps sessions across restarts, or {@code null}
	 * @param leaseManager runs each shard only while it holds its lease, or {@code null}
	 */
	public ShardRuntime(GatewayOptions options, GatewayListener listener, GatewayObserver observer,
			WebSocketClient webSocketClient, TaskScheduler scheduler, Executor deliveryExecutor,
			IdentifyCoordinator identifyCoordinator, GatewaySessionStore sessionStore, ShardLeaseManager leaseManager) {
		this.options = options;
		this.identifyCoordinator = identifyCoordinator;
		this.leaseManager = leaseManager;
		MemberChunkCollector memberChunks = MemberChunkCollector.of(listener);
		this.threads = new ManagerThreads(scheduler, deliveryExecutor, options.closeTimeout());
		this.gateway = new GatewayLocator(options);
		GatewayTransport transport = (webSocketClient != null) ? new SpringWebSocketTransport(webSocketClient)
				: SpringWebSocketTransport.tomcat(options);
		this.launcher = new ShardLauncher(options, memberChunks, observer, transport, this.threads, this.gateway,
				identifyCoordinator, sessionStore, leaseManager);
		this.commands = new ShardCommands(this, memberChunks);
	}

	/** The shards of the current start, in id order; empty before it. */
	public List<GatewayShard> shards() {
		return Collections.unmodifiableList(this.shards.sessions());
	}

	/** The shard with the given id, or {@code null} if this process does not run it. */
	public GatewayShard shard(int shardId) {
		return this.shards.find(shardId);
	}

	/** The shards of the current start, for {@link ShardCommands}. */
	LaunchedShards launched() {
		return this.shards;
	}

	/** The total shard count, or {@code null} before it is known. */
	public Integer shardTotal() {
		return this.shardTotal;
	}

	/** The shard id that receives a guild's events: {@code (guild_id >> 22) % total}. */
	public int shardIdForGuild(long guildId) {
		Integer total = this.shardTotal;
		if (total == null) {
			throw new IllegalStateException("The shard total is not known before the manager started");
		}
		return (int) Long.remainderUnsigned(guildId >>> 22, total);
	}

	/** Sends commands through the shard each one is routed to. */
	public GatewayCommandSender commands() {
		return this.commands;
	}

	/**
	 * The session-start budget as this process knows it, or {@code null} before the
	 * shards were created.
	 */
	public SessionStartLimit sessionStartLimit() {
		IdentifyBudget budget = this.identifyBudget;
		return (budget != null) ? budget.snapshot() : null;
	}

	/** The lease manager's instance id, or {@code null} without shard leases. */
	public String instanceId() {
		return (this.leaseManager != null) ? this.leaseManager.instanceId() : null;
	}

	/** Why the shards could not start, or {@code null}. */
	public String startupFailure() {
		return this.startupFailure;
	}

	/**
	 * Since when a shard has had no live session, or {@code null} while it is READY or if
	 * this process does not run it.
	 */
	public Instant unavailableSince(int shardId) {
		ShardSession shard = this.shards.find(shardId);
		return (shard != null) ? shard.unavailableSince() : null;
	}

	/**
	 * The shards that wait for the daily session-start budget to reset, by this process's
	 * count or the identify coordinator's, in id order.
	 */
	public List<Integer> shardsHeldBackByIdentifyBudget() {
		IdentifyBudget budget = this.identifyBudget;
		TreeSet<Integer> heldBack = new TreeSet<>((budget != null) ? budget.heldBack() : List.of());
		if (this.identifyCoordinator != null) {
			heldBack.addAll(this.identifyCoordinator.shardsHeldBackByBudget());
		}
		return List.copyOf(heldBack);
	}

	/**
	 * Starts the threads and connects every shard once the gateway is known: at once when
	 * its URL and the shard total are configured, else after discovery, waiting for it at
	 * most 20 s and then going on in the background.
	 * @throws TokenRejectedException if discovery answered 401; the runtime is stopped
	 */
	public void start() {
		synchronized (this.lifecycleLock) {
			if (this.running) {
				return;
			}
			this.running = true;
			this.startupFailure = null;
			this.threads.start();
		}
		if (this.options.gatewayUrl() != null && this.options.shardTotal() != null) {
			launch(null);
			return;
		}
		try {
			this.gateway.discoverAtStart(STARTUP_DISCOVERY_WAIT, scheduler(),
					() -> this.running && this.shards.isEmpty(), this::launch, (rejected) -> {
						this.startupFailure = rejected.getMessage();
						logger.error("{}. No shard will connect.", rejected.getMessage());
					});
		}
		catch (TokenRejectedException rejected) {
			this.startupFailure = rejected.getMessage();
			stop();
			throw rejected;
		}
	}

	private void launch(GatewayBotInfo info) {
		synchronized (this.lifecycleLock) {
			if (!this.running || !this.shards.isEmpty()) {
				return;
			}
			LaunchedShards launched;
			try {
				launched = this.launcher.launch(info);
			}
			catch (ShardLauncher.NoShardToRunException ex) {
				this.startupFailure = ex.getMessage();
				logger.error("{}; no shard will connect", ex.getMessage());
				return;
			}
			this.shardTotal = launched.total();
			this.identifyBudget = launched.budget();
			this.shards = launched;
			launched.start();
		}
	}

	/**
	 * Closes every shard, waiting at most the close timeout, releases their leases and
	 * stops the threads it started.
	 */
	public void stop() {
		LaunchedShards stopping;
		synchronized (this.lifecycleLock) {
			if (!this.running) {
				return;
			}
			this.running = false;
			stopping = this.shards;
		}
		stopping.stop(this.options.closeTimeout());
		synchronized (this.lifecycleLock) {
			this.shards = LaunchedShards.NONE;
			this.threads.stop();
		}
	}

	/** Between {@link #start()} and {@link #stop()}. */
	public boolean isRunning() {
		return this.running;
	}

	TaskScheduler scheduler() {
		return this.threads.scheduler();
	}

}
