package io.github.discordgateway.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.github.discordgateway.core.GatewayCompression;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.GatewayIntent;

/**
 * Configuration of the Discord Gateway connection ({@code discord.gateway.*}). Values are
 * checked when the application starts by {@link GatewayOptionsFactory}; an invalid one
 * stops the start with a message that names the property. {@link #toString()} never shows
 * the token.
 */
@ConfigurationProperties(prefix = DiscordGatewayProperties.PREFIX)
public class DiscordGatewayProperties {

	/** The prefix of every property. */
	public static final String PREFIX = "discord.gateway";

	/**
	 * Whether to connect to the Discord Gateway. The connection is also skipped while no
	 * token is set.
	 */
	private boolean enabled = true;

	/**
	 * Whether to keep the JVM running while the gateway runs, so that an application
	 * without a web server does not exit after startup (the gateway's threads are daemon
	 * threads).
	 */
	private boolean keepAlive = true;

	/**
	 * Bot token from the Discord developer portal, with or without the "Bot " prefix.
	 * Keep it out of source control, for example in the DISCORD_GATEWAY_TOKEN environment
	 * variable.
	 */
	private String token;

	/**
	 * Base URL of Discord's REST API, used to discover the gateway URL and shard count.
	 */
	private URI apiBaseUrl = URI.create("https://discord.com/api/v10");

	/**
	 * Gateway URL (ws:// or wss://) to connect to without discovery. Discovery is skipped
	 * entirely only when shards.total is a number too.
	 */
	private URI url;

	/**
	 * Intents to identify with, for example "GUILDS, GUILD_MESSAGES, MESSAGE_CONTENT".
	 * Privileged intents (GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT) must be
	 * enabled in the developer portal. Defaults to every non-privileged intent.
	 */
	private Set<GatewayIntent> intents = EnumSet.copyOf(GatewayIntent.NON_PRIVILEGED);

	/**
	 * Payload encoding: "json" or "etf" (Erlang term format; events look the same to
	 * listeners).
	 */
	private GatewayEncoding encoding = GatewayEncoding.JSON;

	/**
	 * Transport compression: "zlib-stream", "zstd-stream" (needs zstd-jni's native
	 * library) or "none".
	 */
	private GatewayCompression compression = GatewayCompression.ZLIB_STREAM;

	/**
	 * Member count (50-250) above which Discord leaves offline members out of
	 * GUILD_CREATE and marks the guild large.
	 */
	private int largeThreshold = 50;

	/**
	 * Largest payload accepted after decompression; a larger one resets the connection.
	 */
	private DataSize maxPayloadSize = DataSize.ofMegabytes(64);

	/**
	 * Capacity of each shard's queue of events waiting for the listeners; when it is full
	 * the shard stops reading until there is room.
	 */
	private int dispatchQueueCapacity = 8192;

	/** How long to wait for HELLO after the WebSocket opened. */
	private Duration helloTimeout = Duration.ofSeconds(20);

	/** How long to wait for READY or RESUMED after IDENTIFY or RESUME. */
	private Duration readyTimeout = Duration.ofSeconds(60);

	/** Lower bound of the random wait after an INVALID_SESSION. */
	private Duration invalidSessionDelayMin = Duration.ofSeconds(1);

	/** Upper bound of the random wait after an INVALID_SESSION. */
	private Duration invalidSessionDelayMax = Duration.ofSeconds(5);

	/**
	 * Minimum spacing of two IDENTIFYs in the same concurrency bucket, counted from the
	 * moment the previous IDENTIFY was written. Discord requires 5 seconds between
	 * arrivals; the default adds 250 ms for network jitter. Lower it only against a local
	 * simulator.
	 */
	private Duration identifyInterval = Duration.ofMillis(5250);

	/** How long stopping may wait for the connections to close. */
	private Duration closeTimeout = Duration.ofSeconds(3);

	/**
	 * Where shards keep their sessions across a restart: "none" (every start identifies
	 * and shutdown ends the sessions), "file" (a directory on a persistent volume, for
	 * one instance) or "redis" (shared by a fleet). With a store, shutdown saves each
	 * session and closes it resumably, and the next start resumes it instead of
	 * identifying.
	 */
	private SessionStoreType sessionStore = SessionStoreType.NONE;

	/** Directory of the "file" session store. */
	private Path sessionStoreDirectory = Path.of("gateway-sessions");

	/**
	 * How long a saved session is worth resuming; Discord keeps a closed session
	 * resumable for a few minutes.
	 */
	private Duration sessionStoreTtl = Duration.ofMinutes(3);

	private final Shards shards = new Shards();

	private final Presence presence = new Presence();

	private final Reconnect reconnect = new Reconnect();

	private final Metrics metrics = new Metrics();

	private final Health health = new Health();

	private final Identify identify = new Identify();

	private final Endpoint endpoint = new Endpoint();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isKeepAlive() {
		return this.keepAlive;
	}

	public void setKeepAlive(boolean keepAlive) {
		this.keepAlive = keepAlive;
	}

	public String getToken() {
		return this.token;
	}

	public void setToken(String token) {
		this.token = token;
	}

	public URI getApiBaseUrl() {
		return this.apiBaseUrl;
	}

	public void setApiBaseUrl(URI apiBaseUrl) {
		this.apiBaseUrl = apiBaseUrl;
	}

	public URI getUrl() {
		return this.url;
	}

	public void setUrl(URI url) {
		this.url = url;
	}

	public Set<GatewayIntent> getIntents() {
		return this.intents;
	}

	public void setIntents(Set<GatewayIntent> intents) {
		this.intents = intents;
	}

	public GatewayEncoding getEncoding() {
		return this.encoding;
	}

	public void setEncoding(GatewayEncoding encoding) {
		this.encoding = encoding;
	}

	public GatewayCompression getCompression() {
		return this.compression;
	}

	public void setCompression(GatewayCompression compression) {
		this.compression = compression;
	}

	public int getLargeThreshold() {
		return this.largeThreshold;
	}

	public void setLargeThreshold(int largeThreshold) {
		this.largeThreshold = largeThreshold;
	}

	public DataSize getMaxPayloadSize() {
		return this.maxPayloadSize;
	}

	public void setMaxPayloadSize(DataSize maxPayloadSize) {
		this.maxPayloadSize = maxPayloadSize;
	}

	public int getDispatchQueueCapacity() {
		return this.dispatchQueueCapacity;
	}

	public void setDispatchQueueCapacity(int dispatchQueueCapacity) {
		this.dispatchQueueCapacity = dispatchQueueCapacity;
	}

	public Duration getHelloTimeout() {
		return this.helloTimeout;
	}

	public void setHelloTimeout(Duration helloTimeout) {
		this.helloTimeout = helloTimeout;
	}

	public Duration getReadyTimeout() {
		return this.readyTimeout;
	}

	public void setReadyTimeout(Duration readyTimeout) {
		this.readyTimeout = readyTimeout;
	}

	public Duration getInvalidSessionDelayMin() {
		return this.invalidSessionDelayMin;
	}

	public void setInvalidSessionDelayMin(Duration invalidSessionDelayMin) {
		this.invalidSessionDelayMin = invalidSessionDelayMin;
	}

	public Duration getInvalidSessionDelayMax() {
		return this.invalidSessionDelayMax;
	}

	public void setInvalidSessionDelayMax(Duration invalidSessionDelayMax) {
		this.invalidSessionDelayMax = invalidSessionDelayMax;
	}

	public Duration getIdentifyInterval() {
		return this.identifyInterval;
	}

	public void setIdentifyInterval(Duration identifyInterval) {
		this.identifyInterval = identifyInterval;
	}

	public Duration getCloseTimeout() {
		return this.closeTimeout;
	}

	public void setCloseTimeout(Duration closeTimeout) {
		this.closeTimeout = closeTimeout;
	}

	public SessionStoreType getSessionStore() {
		return this.sessionStore;
	}

	public void setSessionStore(SessionStoreType sessionStore) {
		this.sessionStore = sessionStore;
	}

	public Path getSessionStoreDirectory() {
		return this.sessionStoreDirectory;
	}

	public void setSessionStoreDirectory(Path sessionStoreDirectory) {
		this.sessionStoreDirectory = sessionStoreDirectory;
	}

	public Duration getSessionStoreTtl() {
		return this.sessionStoreTtl;
	}

	public void setSessionStoreTtl(Duration sessionStoreTtl) {
		this.sessionStoreTtl = sessionStoreTtl;
	}

	/** Where sessions are kept across restarts. */
	public enum SessionStoreType {

		/** Nowhere: every start identifies. */
		NONE,

		/** JSON files in {@code session-store-directory}. */
		FILE,

		/** Redis, through the application's RedisConnectionFactory. */
		REDIS

	}

	public Shards getShards() {
		return this.shards;
	}

	public Presence getPresence() {
		return this.presence;
	}

	public Reconnect getReconnect() {
		return this.reconnect;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Health getHealth() {
		return this.health;
	}

	public Identify getIdentify() {
		return this.identify;
	}

	public Endpoint getEndpoint() {
		return this.endpoint;
	}

	@Override
	public String toString() {
		return "DiscordGatewayProperties[enabled=" + this.enabled + ", token="
				+ ((this.token != null && !this.token.isBlank()) ? "******" : "<not set>") + ", apiBaseUrl="
				+ this.apiBaseUrl + ", url=" + this.url + ", intents=" + this.intents + ", encoding=" + this.encoding
				+ ", compression=" + this.compression + ", largeThreshold=" + this.largeThreshold + ", shards="
				+ this.shards + ", presence=" + this.presence + ", maxPayloadSize=" + this.maxPayloadSize
				+ ", dispatchQueueCapacity=" + this.dispatchQueueCapacity + ", helloTimeout=" + this.helloTimeout
				+ ", readyTimeout=" + this.readyTimeout + ", reconnect=" + this.reconnect + ", invalidSessionDelayMin="
				+ this.invalidSessionDelayMin + ", invalidSessionDelayMax=" + this.invalidSessionDelayMax
				+ ", identifyInterval=" + this.identifyInterval + ", closeTimeout=" + this.closeTimeout + ", metrics="
				+ this.metrics + ", health=" + this.health + ", identify=" + this.identify + "]";
	}

	/** Which shards this process runs. */
	public static class Shards {

		/**
		 * Total shard count of the bot across all processes: "auto" to use the count
		 * Discord recommends, or a number of at least 1.
		 */
		private ShardTotal total = ShardTotal.AUTO;

		/**
		 * Shard ids this process runs: "all", or a comma-separated list of ids and ranges
		 * such as "0-15,32". Every id must be below shards.total.
		 */
		private ShardIds ids = ShardIds.ALL;

		/**
		 * This instance's index (from 0) among instance-count instances that split the
		 * shards into contiguous ranges, for example a Kubernetes StatefulSet ordinal.
		 * Instance i of n runs the ids from floor(i * total / n) up to floor((i + 1) *
		 * total / n), resolved after discovery when shards.total is "auto". Cannot be
		 * combined with shards.ids.
		 */
		private Integer instanceIndex;

		/**
		 * How many instances split the shards into contiguous ranges; see instance-index.
		 */
		private Integer instanceCount;

		private final Leases leases = new Leases();

		public ShardTotal getTotal() {
			return this.total;
		}

		public void setTotal(ShardTotal total) {
			this.total = total;
		}

		public ShardIds getIds() {
			return this.ids;
		}

		public void setIds(ShardIds ids) {
			this.ids = ids;
		}

		public Integer getInstanceIndex() {
			return this.instanceIndex;
		}

		public void setInstanceIndex(Integer instanceIndex) {
			this.instanceIndex = instanceIndex;
		}

		public Integer getInstanceCount() {
			return this.instanceCount;
		}

		public void setInstanceCount(Integer instanceCount) {
			this.instanceCount = instanceCount;
		}

		public Leases getLeases() {
			return this.leases;
		}

		@Override
		public String toString() {
			return "[total=" + this.total + ", ids=" + this.ids + ", instanceIndex=" + this.instanceIndex
					+ ", instanceCount=" + this.instanceCount + ", leases=" + this.leases + "]";
		}

	}

	/**
	 * Shard leases (with identify.coordinator=redis): each shard runs on the one instance
	 * that holds its lease in Redis; an instance configured for shards that a live
	 * instance holds waits as a hot standby and takes them over at most ttl +
	 * poll-interval after that instance died.
	 */
	public static class Leases {

		/**
		 * Whether shards run only under a lease. On by default with
		 * identify.coordinator=redis (and only there); turn it off when instances run
		 * disjoint shard ids and nothing else may ever start the same ones.
		 */
		private boolean enabled = true;

		/**
		 * How long a lease lasts without renewal: the longest a shard stays without a
		 * running instance after its instance died. The holder renews it every third of
		 * this.
		 */
		private Duration ttl = Duration.ofSeconds(10);

		/** How often a standby instance asks whether a lease became free. */
		private Duration pollInterval = Duration.ofSeconds(2);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		@Override
		public String toString() {
			return "[enabled=" + this.enabled + ", ttl=" + this.ttl + ", pollInterval=" + this.pollInterval + "]";
		}

	}

	/** The presence sent with IDENTIFY. Nothing is sent while no value is set. */
	public static class Presence {

		/**
		 * Status: online, dnd, idle, invisible or offline. Defaults to online when an
		 * activity is set.
		 */
		private String status;

		/** Activity name, for example the game played. Not needed for a custom status. */
		private String activityName;

		/**
		 * Activity type. Defaults to custom when only activity-state is set, otherwise to
		 * playing.
		 */
		private ActivityType activityType;

		/** Text shown under the activity; the text of a custom status. */
		private String activityState;

		public String getStatus() {
			return this.status;
		}

		public void setStatus(String status) {
			this.status = status;
		}

		public String getActivityName() {
			return this.activityName;
		}

		public void setActivityName(String activityName) {
			this.activityName = activityName;
		}

		public ActivityType getActivityType() {
			return this.activityType;
		}

		public void setActivityType(ActivityType activityType) {
			this.activityType = activityType;
		}

		public String getActivityState() {
			return this.activityState;
		}

		public void setActivityState(String activityState) {
			this.activityState = activityState;
		}

		@Override
		public String toString() {
			return "[status=" + this.status + ", activityName=" + this.activityName + ", activityType="
					+ this.activityType + ", activityState=" + this.activityState + "]";
		}

	}

	/** Activity types a bot may show. */
	public enum ActivityType {

		/** "Playing {name}". */
		PLAYING(0),

		/** "Streaming {name}". */
		STREAMING(1),

		/** "Listening to {name}". */
		LISTENING(2),

		/** "Watching {name}". */
		WATCHING(3),

		/** A custom status showing the activity state. */
		CUSTOM(4),

		/** "Competing in {name}". */
		COMPETING(5);

		private final int code;

		ActivityType(int code) {
			this.code = code;
		}

		/** The activity type number sent to Discord. */
		public int code() {
			return this.code;
		}

	}

	/** Reconnect backoff: exponential with full jitter. */
	public static class Reconnect {

		/** Upper bound of the first reconnect delay. */
		private Duration initialBackoff = Duration.ofSeconds(1);

		/** Cap of the reconnect delay. */
		private Duration maxBackoff = Duration.ofSeconds(60);

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		@Override
		public String toString() {
			return "[initialBackoff=" + this.initialBackoff + ", maxBackoff=" + this.maxBackoff + "]";
		}

	}

	/** The "discordGateway" health contributor (with Spring Boot Actuator). */
	public static class Health {

		/**
		 * How long a shard may be without a live session (disconnected, reconnecting, or
		 * still connecting after startup) before the health turns DOWN. Until then a
		 * shard that is not connected makes the health OUT_OF_SERVICE.
		 */
		private Duration downAfter = Duration.ofSeconds(60);

		public Duration getDownAfter() {
			return this.downAfter;
		}

		public void setDownAfter(Duration downAfter) {
			this.downAfter = downAfter;
		}

		@Override
		public String toString() {
			return "[downAfter=" + this.downAfter + "]";
		}

	}

	/**
	 * How shards get their IDENTIFY slots (one per concurrency bucket per
	 * identify-interval).
	 */
	public static class Identify {

		/**
		 * Who hands out the identify slots: "local" (this process alone runs every shard
		 * of the bot) or "redis" (every instance sharing the Redis of the application's
		 * RedisConnectionFactory; needs Spring Data Redis).
		 */
		private IdentifyCoordinatorType coordinator = IdentifyCoordinatorType.LOCAL;

		private final Redis redis = new Redis();

		public IdentifyCoordinatorType getCoordinator() {
			return this.coordinator;
		}

		public void setCoordinator(IdentifyCoordinatorType coordinator) {
			this.coordinator = coordinator;
		}

		public Redis getRedis() {
			return this.redis;
		}

		@Override
		public String toString() {
			return "[coordinator=" + this.coordinator + ", redis=" + this.redis + "]";
		}

		/** The Redis identify coordinator. */
		public static class Redis {

			/**
			 * Prefix of the slot and budget keys
			 * ("{<prefix>:identify}:<max_concurrency>:<bucket>",
			 * "{<prefix>:identify}:budget"; the braces keep them in one Redis Cluster
			 * slot). Every instance of one bot must use the same prefix; different bots
			 * sharing a Redis need different ones.
			 */
			private String keyPrefix = "discord-gateway";

			/**
			 * How long each of the gateway's own Redis commands (identify slots, shard
			 * leases, saved sessions) may take before it fails, whatever the connection
			 * factory's own timeout: a hung Redis then delays a start by seconds, not
			 * minutes.
			 */
			private Duration commandTimeout = Duration.ofSeconds(2);

			public String getKeyPrefix() {
				return this.keyPrefix;
			}

			public void setKeyPrefix(String keyPrefix) {
				this.keyPrefix = keyPrefix;
			}

			public Duration getCommandTimeout() {
				return this.commandTimeout;
			}

			public void setCommandTimeout(Duration commandTimeout) {
				this.commandTimeout = commandTimeout;
			}

			@Override
			public String toString() {
				return "[keyPrefix=" + this.keyPrefix + ", commandTimeout=" + this.commandTimeout + "]";
			}

		}

	}

	/** Who hands out identify slots. */
	public enum IdentifyCoordinatorType {

		/** This process only: right when one process runs every shard. */
		LOCAL,

		/** Shared through Redis by every instance of the bot. */
		REDIS

	}

	/** Gateway metrics (with Micrometer). */
	public static class Metrics {

		/**
		 * Whether meters carry a "shard" tag. Turn it off for fleets with thousands of
		 * shards to keep the number of time series down.
		 */
		private boolean shardTag = true;

		public boolean isShardTag() {
			return this.shardTag;
		}

		public void setShardTag(boolean shardTag) {
			this.shardTag = shardTag;
		}

		@Override
		public String toString() {
			return "[shardTag=" + this.shardTag + "]";
		}

	}

	/** The "gateway" actuator endpoint. */
	public static class Endpoint {

		/**
		 * Shortest time between two writes (resume or reconnect) to the same shard
		 * through the endpoint; a write within it is refused (HTTP 429).
		 */
		private Duration writeCooldown = Duration.ofSeconds(30);

		public Duration getWriteCooldown() {
			return this.writeCooldown;
		}

		public void setWriteCooldown(Duration writeCooldown) {
			this.writeCooldown = writeCooldown;
		}

		@Override
		public String toString() {
			return "[writeCooldown=" + this.writeCooldown + "]";
		}

	}

}
