package io.github.discordgateway.core;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything a {@link io.github.discordgateway.core.manager.GatewayShardManager} needs to
 * know to connect. Immutable; build it with {@link #builder(BotToken)}.
 * {@link #toString()} never shows the token.
 */
public final class GatewayOptions {

	/**
	 * Added to Discord's 5 s identify spacing: two IDENTIFYs written 5 s apart can arrive
	 * closer when the first is delayed on the way more than the second.
	 */
	public static final Duration IDENTIFY_SPACING_MARGIN = Duration.ofMillis(250);

	/**
	 * Discord's 5 s between the IDENTIFYs of one bucket plus
	 * {@link #IDENTIFY_SPACING_MARGIN}.
	 */
	public static final Duration DEFAULT_IDENTIFY_INTERVAL = Duration.ofSeconds(5).plus(IDENTIFY_SPACING_MARGIN);

	/** Discord's REST API base URL. */
	public static final URI DEFAULT_API_BASE_URL = URI.create("https://discord.com/api/v10");

	/** The library name sent as {@code browser} and {@code device} in IDENTIFY. */
	public static final String LIBRARY_NAME = "discord-gateway-spring";

	private final BotToken token;

	private final URI apiBaseUrl;

	private final URI gatewayUrl;

	private final int intents;

	private final GatewayEncoding encoding;

	private final GatewayCompression compression;

	private final int largeThreshold;

	private final Integer shardTotal;

	private final List<Integer> shardIds;

	private final Integer instanceIndex;

	private final Integer instanceCount;

	private final GatewayPresence presence;

	private final String os;

	private final String browser;

	private final String device;

	private final int maxPayloadBytes;

	private final int dispatchQueueCapacity;

	private final Duration helloTimeout;

	private final Duration readyTimeout;

	private final Duration reconnectBackoffInitial;

	private final Duration reconnectBackoffMax;

	private final Duration invalidSessionDelayMin;

	private final Duration invalidSessionDelayMax;

	private final Duration identifyInterval;

	private final Duration closeTimeout;

	private GatewayOptions(Builder builder) {
		this.token = builder.token;
		this.apiBaseUrl = builder.apiBaseUrl;
		this.gatewayUrl = builder.gatewayUrl;
		this.intents = builder.intents;
		this.encoding = builder.encoding;
		this.compression = builder.compression;
		this.largeThreshold = builder.largeThreshold;
		this.shardTotal = builder.shardTotal;
		this.shardIds = (builder.shardIds != null) ? List.copyOf(builder.shardIds) : null;
		this.instanceIndex = builder.instanceIndex;
		this.instanceCount = builder.instanceCount;
		this.presence = builder.presence;
		this.os = builder.os;
		this.browser = builder.browser;
		this.device = builder.device;
		this.maxPayloadBytes = builder.maxPayloadBytes;
		this.dispatchQueueCapacity = builder.dispatchQueueCapacity;
		this.helloTimeout = builder.helloTimeout;
		this.readyTimeout = builder.readyTimeout;
		this.reconnectBackoffInitial = builder.reconnectBackoffInitial;
		this.reconnectBackoffMax = builder.reconnectBackoffMax;
		this.invalidSessionDelayMin = builder.invalidSessionDelayMin;
		this.invalidSessionDelayMax = builder.invalidSessionDelayMax;
		this.identifyInterval = builder.identifyInterval;
		this.closeTimeout = builder.closeTimeout;
	}

	/** Starts building options for the given token. */
	public static Builder builder(BotToken token) {
		return new Builder(token);
	}

	/** The bot token. */
	public BotToken token() {
		return this.token;
	}

	/** REST base URL used for {@code GET /gateway/bot}. */
	public URI apiBaseUrl() {
		return this.apiBaseUrl;
	}

	/** An explicit gateway URL that skips discovery, or {@code null}. */
	public URI gatewayUrl() {
		return this.gatewayUrl;
	}

	/** The IDENTIFY intents bit field. */
	public int intents() {
		return this.intents;
	}

	public GatewayEncoding encoding() {
		return this.encoding;
	}

	public GatewayCompression compression() {
		return this.compression;
	}

	/** IDENTIFY {@code large_threshold} (50-250). */
	public int largeThreshold() {
		return this.largeThreshold;
	}

	/** The total shard count, or {@code null} to use the count Discord recommends. */
	public Integer shardTotal() {
		return this.shardTotal;
	}

	/**
	 * The shard ids this process runs, or {@code null} for all of them (or for this
	 * instance's share, see {@link #instanceIndex()}).
	 */
	public List<Integer> shardIds() {
		return this.shardIds;
	}

	/**
	 * This process's index among {@link #instanceCount()} processes that split the shards
	 * into contiguous ranges, or {@code null} when the shards are not split that way.
	 */
	public Integer instanceIndex() {
		return this.instanceIndex;
	}

	/** How many processes split the shards into contiguous ranges, or {@code null}. */
	public Integer instanceCount() {
		return this.instanceCount;
	}

	/**
	 * The shard ids this process runs once the shard total is known: the configured
	 * {@link #shardIds()}, else this instance's contiguous range (see
	 * {@link #instanceShardIds(int, int, int)}), else every id below the total.
	 * @param total the shard total (configured or discovered)
	 * @return the ids, in ascending order unless configured otherwise
	 */
	public List<Integer> resolveShardIds(int total) {
		if (this.shardIds != null) {
			return this.shardIds;
		}
		if (this.instanceCount != null) {
			return instanceShardIds(total, this.instanceIndex, this.instanceCount);
		}
		return instanceShardIds(total, 0, 1);
	}

	/**
	 * Why these options cannot run with the given shard total: a total that discovery
	 * recommended can be below the configured shard ids or instance count.
	 * @param total the shard total (configured or discovered)
	 * @param totalText how to name the total in the message, e.g. "shard total 2
	 * recommended by Discord"
	 * @return the problem, or {@code null} when {@link #resolveShardIds(int)} gives this
	 * process shard ids to run
	 */
	public String problemWithShardTotal(int total, String totalText) {
		return ShardAssignment.problemWith(this, total, totalText);
	}

	/**
	 * The contiguous range of shard ids that instance {@code index} of {@code count}
	 * runs: {@code [floor(index * total / count), floor((index + 1) * total / count))}.
	 * The ranges of all instances cover every id below {@code total} exactly once; an
	 * instance gets no id when {@code count > total}.
	 * @param total the shard total
	 * @param index the instance index, from 0
	 * @param count the number of instances
	 * @return the ids in ascending order
	 */
	public static List<Integer> instanceShardIds(int total, int index, int count) {
		if (total < 0 || count < 1 || index < 0 || index >= count) {
			throw new IllegalArgumentException(
					"Invalid instance " + index + " of " + count + " for shard total " + total);
		}
		int from = (int) ((long) index * total / count);
		int to = (int) ((long) (index + 1) * total / count);
		List<Integer> ids = new ArrayList<>(to - from);
		for (int id = from; id < to; id++) {
			ids.add(id);
		}
		return ids;
	}

	/** The presence sent with IDENTIFY, or {@code null}. */
	public GatewayPresence presence() {
		return this.presence;
	}

	public String os() {
		return this.os;
	}

	public String browser() {
		return this.browser;
	}

	public String device() {
		return this.device;
	}

	/** Largest payload accepted after decompression; larger ones reset the connection. */
	public int maxPayloadBytes() {
		return this.maxPayloadBytes;
	}

	/**
	 * Capacity of each shard's delivery queue; when full, the shard stops reading until
	 * there is room.
	 */
	public int dispatchQueueCapacity() {
		return this.dispatchQueueCapacity;
	}

	/** How long to wait for HELLO after the WebSocket opened. */
	public Duration helloTimeout() {
		return this.helloTimeout;
	}

	/** How long to wait for READY or RESUMED after IDENTIFY or RESUME. */
	public Duration readyTimeout() {
		return this.readyTimeout;
	}

	/**
	 * Upper bound of the first reconnect delay (exponential backoff with full jitter).
	 */
	public Duration reconnectBackoffInitial() {
		return this.reconnectBackoffInitial;
	}

	/** Cap of the reconnect delay. */
	public Duration reconnectBackoffMax() {
		return this.reconnectBackoffMax;
	}

	/** Lower bound of the random wait after an INVALID_SESSION. */
	public Duration invalidSessionDelayMin() {
		return this.invalidSessionDelayMin;
	}

	/** Upper bound of the random wait after an INVALID_SESSION. */
	public Duration invalidSessionDelayMax() {
		return this.invalidSessionDelayMax;
	}

	/**
	 * Minimum spacing of two IDENTIFYs in the same concurrency bucket, counted from the
	 * moment the previous IDENTIFY was written. Discord requires 5 s between arrivals;
	 * the default 5.25 s adds {@link #IDENTIFY_SPACING_MARGIN} for network jitter.
	 */
	public Duration identifyInterval() {
		return this.identifyInterval;
	}

	/** How long stopping may wait for connections to close. */
	public Duration closeTimeout() {
		return this.closeTimeout;
	}

	@Override
	public String toString() {
		return "GatewayOptions[apiBaseUrl=" + this.apiBaseUrl + ", gatewayUrl=" + this.gatewayUrl + ", intents="
				+ this.intents + ", encoding=" + this.encoding + ", compression=" + this.compression + ", shardTotal="
				+ this.shardTotal + ", shardIds=" + this.shardIds
				+ ((this.instanceCount != null) ? ", instance=" + this.instanceIndex + "/" + this.instanceCount : "")
				+ ", token=" + this.token + "]";
	}

	/**
	 * Builds {@link GatewayOptions}; {@link #build()} validates everything and says what
	 * is wrong.
	 */
	public static final class Builder {

		private final BotToken token;

		private URI apiBaseUrl = DEFAULT_API_BASE_URL;

		private URI gatewayUrl;

		private int intents = GatewayIntent.bitsOf(GatewayIntent.NON_PRIVILEGED);

		private GatewayEncoding encoding = GatewayEncoding.JSON;

		private GatewayCompression compression = GatewayCompression.ZLIB_STREAM;

		private int largeThreshold = 50;

		private Integer shardTotal;

		private List<Integer> shardIds;

		private Integer instanceIndex;

		private Integer instanceCount;

		private GatewayPresence presence;

		private String os = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);

		private String browser = LIBRARY_NAME;

		private String device = LIBRARY_NAME;

		private int maxPayloadBytes = 64 * 1024 * 1024;

		private int dispatchQueueCapacity = 8192;

		private Duration helloTimeout = Duration.ofSeconds(20);

		private Duration readyTimeout = Duration.ofSeconds(60);

		private Duration reconnectBackoffInitial = Duration.ofSeconds(1);

		private Duration reconnectBackoffMax = Duration.ofSeconds(60);

		private Duration invalidSessionDelayMin = Duration.ofSeconds(1);

		private Duration invalidSessionDelayMax = Duration.ofSeconds(5);

		private Duration identifyInterval = DEFAULT_IDENTIFY_INTERVAL;

		private Duration closeTimeout = Duration.ofSeconds(3);

		private Builder(BotToken token) {
			this.token = Objects.requireNonNull(token, "token");
		}

		public Builder apiBaseUrl(URI apiBaseUrl) {
			this.apiBaseUrl = apiBaseUrl;
			return this;
		}

		public Builder gatewayUrl(URI gatewayUrl) {
			this.gatewayUrl = gatewayUrl;
			return this;
		}

		public Builder intents(int intents) {
			this.intents = intents;
			return this;
		}

		public Builder encoding(GatewayEncoding encoding) {
			this.encoding = encoding;
			return this;
		}

		public Builder compression(GatewayCompression compression) {
			this.compression = compression;
			return this;
		}

		public Builder largeThreshold(int largeThreshold) {
			this.largeThreshold = largeThreshold;
			return this;
		}

		public Builder shardTotal(Integer shardTotal) {
			this.shardTotal = shardTotal;
			return this;
		}

		public Builder shardIds(List<Integer> shardIds) {
			this.shardIds = shardIds;
			return this;
		}

		/**
		 * Runs this instance's share of the shards: of {@code count} processes, the one
		 * with index {@code index} (from 0, for example a Kubernetes StatefulSet ordinal)
		 * runs a contiguous range of the shard total, resolved once the total is known
		 * (after discovery when it is not configured). Cannot be combined with
		 * {@link #shardIds(List)}.
		 * @param index this instance's index, or {@code null} to clear
		 * @param count the number of instances, or {@code null} to clear
		 */
		public Builder instance(Integer index, Integer count) {
			this.instanceIndex = index;
			this.instanceCount = count;
			return this;
		}

		public Builder presence(GatewayPresence presence) {
			this.presence = presence;
			return this;
		}

		public Builder connectionProperties(String os, String browser, String device) {
			this.os = os;
			this.browser = browser;
			this.device = device;
			return this;
		}

		public Builder maxPayloadBytes(int maxPayloadBytes) {
			this.maxPayloadBytes = maxPayloadBytes;
			return this;
		}

		public Builder dispatchQueueCapacity(int dispatchQueueCapacity) {
			this.dispatchQueueCapacity = dispatchQueueCapacity;
			return this;
		}

		public Builder helloTimeout(Duration helloTimeout) {
			this.helloTimeout = helloTimeout;
			return this;
		}

		public Builder readyTimeout(Duration readyTimeout) {
			this.readyTimeout = readyTimeout;
			return this;
		}

		public Builder reconnectBackoff(Duration initial, Duration max) {
			this.reconnectBackoffInitial = initial;
			this.reconnectBackoffMax = max;
			return this;
		}

		public Builder invalidSessionDelay(Duration min, Duration max) {
			this.invalidSessionDelayMin = min;
			this.invalidSessionDelayMax = max;
			return this;
		}

		public Builder identifyInterval(Duration identifyInterval) {
			this.identifyInterval = identifyInterval;
			return this;
		}

		public Builder closeTimeout(Duration closeTimeout) {
			this.closeTimeout = closeTimeout;
			return this;
		}

		/**
		 * Validates and builds the options.
		 * @throws InvalidGatewayOptionException naming the first invalid option, its
		 * value and why
		 */
		public GatewayOptions build() {
			requireHttpUrl(GatewayOption.API_BASE_URL, this.apiBaseUrl);
			if (this.gatewayUrl != null) {
				String scheme = this.gatewayUrl.getScheme();
				if (!("ws".equals(scheme) || "wss".equals(scheme)) || this.gatewayUrl.getHost() == null) {
					throw new InvalidGatewayOptionException(GatewayOption.GATEWAY_URL, this.gatewayUrl,
							"must be a ws:// or wss:// URL but was '" + this.gatewayUrl + "'");
				}
			}
			if ((this.intents & ~ALL_INTENT_BITS) != 0) {
				throw new InvalidGatewayOptionException(GatewayOption.INTENTS, this.intents,
						"contains undefined bits: " + (this.intents & ~ALL_INTENT_BITS));
			}
			requireSet(GatewayOption.ENCODING, this.encoding, "json or etf");
			requireSet(GatewayOption.COMPRESSION, this.compression, "zlib-stream, zstd-stream or none");
			this.compression.unavailableReason().ifPresent((reason) -> {
				throw new InvalidGatewayOptionException(GatewayOption.COMPRESSION, this.compression,
						"cannot be " + this.compression.queryValue() + ": " + reason + " (use zlib-stream or none)");
			});
			if (this.largeThreshold < 50 || this.largeThreshold > 250) {
				throw new InvalidGatewayOptionException(GatewayOption.LARGE_THRESHOLD, this.largeThreshold,
						"must be between 50 and 250 but was " + this.largeThreshold);
			}
			ShardAssignment.check(this.shardTotal, this.shardIds, this.instanceIndex, this.instanceCount);
			requireText(GatewayOption.OS, this.os);
			requireText(GatewayOption.BROWSER, this.browser);
			requireText(GatewayOption.DEVICE, this.device);
			if (this.maxPayloadBytes < 4096) {
				throw new InvalidGatewayOptionException(GatewayOption.MAX_PAYLOAD_BYTES, this.maxPayloadBytes,
						"must be at least 4096 (4KB) but was " + this.maxPayloadBytes);
			}
			if (this.dispatchQueueCapacity < 1) {
				throw new InvalidGatewayOptionException(GatewayOption.DISPATCH_QUEUE_CAPACITY,
						this.dispatchQueueCapacity, "must be at least 1 but was " + this.dispatchQueueCapacity);
			}
			requirePositive(GatewayOption.HELLO_TIMEOUT, this.helloTimeout);
			requirePositive(GatewayOption.READY_TIMEOUT, this.readyTimeout);
			requirePositive(GatewayOption.RECONNECT_BACKOFF_INITIAL, this.reconnectBackoffInitial);
			requirePositive(GatewayOption.RECONNECT_BACKOFF_MAX, this.reconnectBackoffMax);
			requireNotBelow(GatewayOption.RECONNECT_BACKOFF_MAX, this.reconnectBackoffMax,
					GatewayOption.RECONNECT_BACKOFF_INITIAL, this.reconnectBackoffInitial);
			requireNotNegative(GatewayOption.INVALID_SESSION_DELAY_MIN, this.invalidSessionDelayMin);
			requireNotNegative(GatewayOption.INVALID_SESSION_DELAY_MAX, this.invalidSessionDelayMax);
			requireNotBelow(GatewayOption.INVALID_SESSION_DELAY_MAX, this.invalidSessionDelayMax,
					GatewayOption.INVALID_SESSION_DELAY_MIN, this.invalidSessionDelayMin);
			requireNotNegative(GatewayOption.IDENTIFY_INTERVAL, this.identifyInterval);
			requirePositive(GatewayOption.CLOSE_TIMEOUT, this.closeTimeout);
			return new GatewayOptions(this);
		}

		private static final int ALL_INTENT_BITS = GatewayIntent.bitsOf(List.of(GatewayIntent.values()));

		private static void requireHttpUrl(GatewayOption option, URI url) {
			if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
					|| url.getHost() == null) {
				throw new InvalidGatewayOptionException(option, url,
						"must be an http:// or https:// URL but was '" + url + "'");
			}
		}

		private static void requireSet(GatewayOption option, Object value, String expected) {
			if (value == null) {
				throw new InvalidGatewayOptionException(option, null, "must be set (" + expected + ")");
			}
		}

		private static void requireText(GatewayOption option, String value) {
			if (value == null || value.isBlank()) {
				throw new InvalidGatewayOptionException(option, value, "must not be empty");
			}
		}

		private static void requirePositive(GatewayOption option, Duration value) {
			if (value == null || value.isNegative() || value.isZero()) {
				throw new InvalidGatewayOptionException(option, value, "must be a positive duration but was " + value);
			}
		}

		private static void requireNotNegative(GatewayOption option, Duration value) {
			if (value == null || value.isNegative()) {
				throw new InvalidGatewayOptionException(option, value, "must not be negative but was " + value);
			}
		}

		private static void requireNotBelow(GatewayOption option, Duration value, GatewayOption lowerOption,
				Duration lower) {
			if (value.compareTo(lower) < 0) {
				throw new InvalidGatewayOptionException(option, value,
						"must not be less than " + lowerOption + " (" + lower + ") but was " + value);
			}
		}

	}

}
