package io.github.discordgateway.core.manager;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import tools.jackson.databind.JsonNode;

import io.github.discordgateway.core.GatewayCommandSender;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.GatewayPresence;
import io.github.discordgateway.core.GatewaySessionStore;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.GuildMembersRequest;
import io.github.discordgateway.core.IdentifyCoordinator;
import io.github.discordgateway.core.InProcessIdentifyCoordinator;
import io.github.discordgateway.core.SessionStartLimit;
import io.github.discordgateway.core.ShardLeaseManager;
import io.github.discordgateway.core.ShardSnapshot;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.TokenRejectedException;
import io.github.discordgateway.core.internal.ShardRuntime;

/**
 * Runs the shards of one bot in this process. On {@link #start()} it asks Discord for the
 * gateway URL and the recommended shard count (unless both are configured), creates one
 * session per shard id and connects them through the identify queue; {@link #stop()}
 * closes them. It is a {@link SmartLifecycle}, so in a Spring application it connects
 * after the context is refreshed and disconnects first on shutdown.
 */
public class GatewayShardManager implements SmartLifecycle, GatewayCommandSender {

	private final GatewayOptions options;

	private final ShardRuntime runtime;

	private GatewayShardManager(Builder builder) {
		this.options = builder.options;
		this.runtime = new ShardRuntime(builder.options, builder.listener, builder.observer, builder.webSocketClient,
				builder.scheduler, builder.deliveryExecutor, builder.identifyCoordinator, builder.sessionStore,
				builder.leaseManager);
	}

	/** Starts building a manager for the given options and listener. */
	public static Builder builder(GatewayOptions options, GatewayListener listener) {
		return new Builder(options, listener);
	}

	/** The options this manager runs with. */
	public GatewayOptions options() {
		return this.options;
	}

	/** The shards this process runs, in id order; empty until started. */
	public List<GatewayShard> shards() {
		return this.runtime.shards();
	}

	/** The shard with the given id, or {@code null} if this process does not run it. */
	public GatewayShard shard(int shardId) {
		return this.runtime.shard(shardId);
	}

	/** The total shard count, or {@code null} before it is known. */
	public Integer shardTotal() {
		return this.runtime.shardTotal();
	}

	/** The shard id that receives a guild's events: {@code (guild_id >> 22) % total}. */
	public int shardIdForGuild(long guildId) {
		return this.runtime.shardIdForGuild(guildId);
	}

	/**
	 * Updates the bot's presence on every shard of this process (opcode 3). Discord
	 * allows 5 presence updates per 20 s per shard.
	 */
	@Override
	public CompletableFuture<Void> updatePresence(GatewayPresence presence) {
		return this.runtime.commands().updatePresence(presence);
	}

	/** Updates the bot's presence on one shard (opcode 3). */
	@Override
	public CompletableFuture<Void> updatePresence(int shardId, GatewayPresence presence) {
		return this.runtime.commands().updatePresence(shardId, presence);
	}

	/**
	 * Joins, moves or leaves ({@code channelId == null}) a voice channel (opcode 4),
	 * through the shard that holds the guild.
	 */
	@Override
	public CompletableFuture<Void> updateVoiceState(long guildId, Long channelId, boolean selfMute, boolean selfDeaf) {
		return this.runtime.commands().updateVoiceState(guildId, channelId, selfMute, selfDeaf);
	}

	/**
	 * Requests guild members (opcode 8) through the shard that holds the guild and
	 * collects every GUILD_MEMBERS_CHUNK of the answer (matched by nonce).
	 * @return the members (Discord member objects), or a failure after the request's
	 * timeout or when Discord rate-limits the request
	 */
	@Override
	public CompletableFuture<List<JsonNode>> requestGuildMembers(GuildMembersRequest request) {
		return this.runtime.commands().requestGuildMembers(request);
	}

	/**
	 * The daily session-start budget as this process knows it (without discovery:
	 * Discord's standard 1000 starts a day, counted by this process), or {@code null}
	 * before the shards were created.
	 */
	public SessionStartLimit sessionStartLimit() {
		return this.runtime.sessionStartLimit();
	}

	/**
	 * This instance's id in the fleet: the {@link ShardLeaseManager}'s, shown as the
	 * owner of the shards it runs.
	 * @return the id, or {@code null} without shard leases
	 */
	public String instanceId() {
		return this.runtime.instanceId();
	}

	/** Why the manager could not start its shards, or {@code null}. */
	public String startupFailure() {
		return this.runtime.startupFailure();
	}

	/**
	 * Since when a shard has had no live session: the moment it last left
	 * {@link ShardState#READY}, or the moment the manager created it if it never was
	 * READY. Unlike {@link ShardSnapshot#stateSince()} it does not move while the shard
	 * goes through the states of a reconnect, so it tells how long the shard has been out
	 * of service.
	 * @param shardId the shard id
	 * @return the instant, or {@code null} while the shard is READY or if this process
	 * does not run it
	 */
	public Instant unavailableSince(int shardId) {
		return this.runtime.unavailableSince(shardId);
	}

	/**
	 * The shards that wait for the daily session-start budget to reset before they may
	 * identify, in id order; empty when the budget holds nobody back.
	 */
	public List<Integer> shardsHeldBackByIdentifyBudget() {
		return this.runtime.shardsHeldBackByIdentifyBudget();
	}

	/**
	 * Discovers the gateway and connects every shard. Fails at once if Discord rejects
	 * the token; any other discovery failure is retried in the background with backoff.
	 * @throws TokenRejectedException if discovery answered 401
	 */
	@Override
	public void start() {
		this.runtime.start();
	}

	/**
	 * Closes every shard with 1000 (or, with a session store, saves its session and
	 * closes it resumably), waiting at most the close timeout. With shard leases each
	 * shard then releases its lease, so that a standby instance takes it over at once.
	 */
	@Override
	public void stop() {
		this.runtime.stop();
	}

	@Override
	public boolean isRunning() {
		return this.runtime.isRunning();
	}

	/** Builds a {@link GatewayShardManager}. */
	public static final class Builder {

		private final GatewayOptions options;

		private final GatewayListener listener;

		private GatewayObserver observer = GatewayObserver.NONE;

		private WebSocketClient webSocketClient;

		private TaskScheduler scheduler;

		private Executor deliveryExecutor;

		private IdentifyCoordinator identifyCoordinator;

		private GatewaySessionStore sessionStore;

		private ShardLeaseManager leaseManager;

		private Builder(GatewayOptions options, GatewayListener listener) {
			this.options = Objects.requireNonNull(options, "options");
			this.listener = Objects.requireNonNull(listener, "listener");
		}

		/** Metrics hooks. */
		public Builder observer(GatewayObserver observer) {
			this.observer = Objects.requireNonNull(observer, "observer");
			return this;
		}

		/** The WebSocket client; by default Spring's {@link StandardWebSocketClient}. */
		public Builder webSocketClient(WebSocketClient webSocketClient) {
			this.webSocketClient = webSocketClient;
			return this;
		}

		/**
		 * Runs heartbeats and timers; by default a two-thread scheduler owned by the
		 * manager.
		 */
		public Builder scheduler(TaskScheduler scheduler) {
			this.scheduler = scheduler;
			return this;
		}

		/**
		 * Runs listener callbacks; by default a cached thread pool owned by the manager.
		 */
		public Builder deliveryExecutor(Executor deliveryExecutor) {
			this.deliveryExecutor = deliveryExecutor;
			return this;
		}

		/**
		 * Grants identify slots; by default an {@link InProcessIdentifyCoordinator}. Give
		 * every process of a fleet the same shared coordinator.
		 */
		public Builder identifyCoordinator(IdentifyCoordinator identifyCoordinator) {
			this.identifyCoordinator = identifyCoordinator;
			return this;
		}

		/**
		 * Keeps sessions across restarts: on stop each shard saves its session and closes
		 * with a code that keeps it resumable; on start it resumes a saved one. Without a
		 * store (the default) stop closes with 1000 and every start identifies.
		 */
		public Builder sessionStore(GatewaySessionStore sessionStore) {
			this.sessionStore = sessionStore;
			return this;
		}

		/**
		 * Runs each shard only while this instance holds the shard's lease, for fleets
		 * whose instances are configured for the same shards: one runs a shard, the
		 * others stand by ({@link ShardState#STANDBY}) and take it over when its lease
		 * expires or is released. Without one (the default) every configured shard runs
		 * here.
		 */
		public Builder shardLeaseManager(ShardLeaseManager leaseManager) {
			this.leaseManager = leaseManager;
			return this;
		}

		public GatewayShardManager build() {
			return new GatewayShardManager(this);
		}

	}

}
