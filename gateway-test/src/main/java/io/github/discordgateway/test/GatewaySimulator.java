package io.github.discordgateway.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLContext;

import io.github.discordgateway.test.internal.GuildFactory;
import io.github.discordgateway.test.internal.HttpRequest;
import io.github.discordgateway.test.internal.HttpResponse;
import io.github.discordgateway.test.internal.JsonSupport;
import io.github.discordgateway.test.internal.LoopbackServer;
import io.github.discordgateway.test.internal.WebSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A fake Discord Gateway (API v10) on one loopback TCP port: REST discovery
 * ({@code GET /api/v10/gateway}, {@code GET /api/v10/gateway/bot}), the REST routes
 * clients call to log in ({@code /users/@me}, {@code /applications/@me},
 * {@code /oauth2/applications/@me}) and the WebSocket gateway ({@code json} or
 * {@code etf} encoding, optional {@code zlib-stream} or {@code zstd-stream} transport
 * compression, as the client asks in its query string) with HELLO, heartbeats,
 * IDENTIFY/READY/GUILD_CREATE, sequenced dispatches with a replay buffer, RESUME,
 * identify concurrency buckets, Discord's close codes, and fault injection.
 *
 * <pre>{@code
 * try (GatewaySimulator sim = GatewaySimulator.builder().token("test-token").guilds(3).build().start()) {
 *     // point the client at sim.apiBaseUrl() (or sim.gatewayUrl())
 *     sim.dispatchFixture("MESSAGE_CREATE");
 * }
 * }</pre>
 *
 * <p>
 * Documented choices: RESUME of an unknown, ended or expired session gets op 9
 * {@code false}; a RESUME whose {@code seq} is ahead of the session or older than the
 * replay buffer gets close 4007 (and ends the session). Missing heartbeats (no op 1 for
 * interval × factor) close with 4000, leaving the session resumable. Dispatches sent with
 * {@link #dispatch(String, JsonNode)} are routed like Discord: by {@code guild_id} to
 * shard {@code (guild_id >> 22) % num_shards}, and events without {@code guild_id} to
 * shard 0 only. Thread-safe.
 */
public final class GatewaySimulator implements AutoCloseable {

	/** All intent bits defined by API v10. */
	public static final long DEFINED_INTENTS = 53608447L;

	/** GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT. */
	public static final long PRIVILEGED_INTENTS = 2L | 256L | 32768L;

	private static final Logger log = LoggerFactory.getLogger(GatewaySimulator.class);

	private static final AtomicInteger INSTANCES = new AtomicInteger();

	private static final Set<Integer> SESSION_ENDING_CODES = Set.of(4003, 4004, 4005, 4007, 4009, 4010, 4011, 4012,
			4013, 4014);

	private final SimulatorConfig config;

	private final GuildFactory guilds;

	private final IdentifyLimits identifyLimits;

	private final SessionRegistry sessions;

	private final SimulatedRestRoutes rest;

	private final GuildMemberChunks memberChunks;

	private final SimulatedTraffic traffic;

	private final LoopbackServer server;

	private final ScheduledExecutorService scheduler;

	private final List<SimulatedConnection> connections = new CopyOnWriteArrayList<>();

	private final ReceivedPayloads received;

	private final AtomicInteger connectionIds = new AtomicInteger();

	private volatile Duration helloDelay = Duration.ZERO;

	private volatile boolean started;

	private volatile boolean closed;

	private GatewaySimulator(Builder builder) {
		this.config = new SimulatorConfig(builder);
		this.received = new ReceivedPayloads(this.config.receivedPayloadLimit);
		String threadPrefix = "gateway-sim-" + INSTANCES.incrementAndGet() + "-";
		this.guilds = new GuildFactory(this.config.guilds, this.config.firstGuildCreateMinBytes);
		this.identifyLimits = new IdentifyLimits(this.config);
		this.sessions = new SessionRegistry(this.config, this.guilds);
		this.rest = new SimulatedRestRoutes(this.config, this.identifyLimits, this::gatewayUrl);
		this.memberChunks = new GuildMemberChunks(this.guilds);
		this.server = new LoopbackServer(new Handler(), threadPrefix);
		this.scheduler = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread t = new Thread(r, threadPrefix + "scheduler");
			t.setDaemon(true);
			return t;
		});
		this.traffic = new SimulatedTraffic(this.guilds, this::dispatch, threadPrefix);
	}

	/**
	 * Starts configuring a simulator.
	 * @return a builder with Discord-like defaults
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Binds the port and starts serving.
	 * @return this simulator
	 * @throws UncheckedIOException if the port cannot be bound
	 * @throws IllegalStateException if already started or closed
	 */
	public synchronized GatewaySimulator start() {
		if (this.started || this.closed) {
			throw new IllegalStateException("Simulator already started or closed");
		}
		try {
			this.server.start(this.config.bindAddress, this.config.port, (this.config.tls != null)
					? this.config.tls.getServerSocketFactory() : ServerSocketFactory.getDefault());
		}
		catch (IOException ex) {
			this.scheduler.shutdownNow();
			this.traffic.shutdownNow();
			throw new UncheckedIOException("Cannot bind simulator port " + this.config.port, ex);
		}
		this.started = true;
		log.debug("Gateway simulator listening on {}", gatewayUrl());
		return this;
	}

	/**
	 * Stops traffic, closes every connection and the port, and waits (bounded) until all
	 * threads have ended.
	 */
	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		this.traffic.shutdownNow();
		this.server.close();
		this.scheduler.shutdownNow();
		try {
			if (!this.scheduler.awaitTermination(5, TimeUnit.SECONDS)
					|| !this.traffic.awaitTermination(5, TimeUnit.SECONDS)) {
				log.warn("Simulator scheduler threads did not stop within 5 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// ------------------------------------------------------------------ addresses

	/**
	 * The bound port.
	 * @return port
	 * @throws IllegalStateException before {@link #start()}
	 */
	public int port() {
		if (!this.started) {
			throw new IllegalStateException("Simulator not started");
		}
		return this.server.port();
	}

	/**
	 * REST base URL, e.g. {@code http://127.0.0.1:PORT/api/v10}.
	 * @return base URL without trailing slash
	 */
	public String apiBaseUrl() {
		return ((this.config.tls != null) ? "https://" : "http://") + this.config.publicHost + ":" + port()
				+ "/api/v10";
	}

	/**
	 * Gateway URL as returned by discovery, e.g. {@code ws://127.0.0.1:PORT} (no query
	 * string), {@code wss://} when the simulator serves
	 * {@linkplain Builder#tls(SSLContext) TLS}.
	 * @return gateway URL
	 */
	public String gatewayUrl() {
		return ((this.config.tls != null) ? "wss://" : "ws://") + this.config.publicHost + ":" + port();
	}

	/**
	 * The {@code resume_gateway_url} sent in READY (see
	 * {@link Builder#resumeGatewayUrl(String)}).
	 * @return resume URL
	 */
	public String resumeGatewayUrl() {
		return this.config.resumeGatewayUrl.replace("{host}", this.config.publicHost)
			.replace("{port}", Integer.toString(port()));
	}

	/**
	 * Ids of the simulated guilds, in order (guild 0 is the fixture guild
	 * {@code 614182298140617616}).
	 * @return guild snowflakes as strings
	 */
	public List<String> guildIds() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < this.guilds.count(); i++) {
			ids.add(Long.toString(this.guilds.guildId(i)));
		}
		return ids;
	}

	// ------------------------------------------------------------------ observation

	/**
	 * Every WebSocket connection so far, oldest first (less those dropped by
	 * {@link #forgetClosedConnections()}).
	 * @return snapshot
	 */
	public List<SimulatedConnection> connections() {
		return List.copyOf(this.connections);
	}

	/**
	 * Connections whose socket is still open.
	 * @return snapshot
	 */
	public List<SimulatedConnection> openConnections() {
		return this.connections.stream().filter(SimulatedConnection::isOpen).toList();
	}

	/**
	 * The most recent connection.
	 * @return the connection, or empty if none yet
	 */
	public Optional<SimulatedConnection> latestConnection() {
		List<SimulatedConnection> all = connections();
		return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
	}

	/**
	 * Drops closed connections (all but the latest connection) from
	 * {@link #connections()}, and lets every ended session forget the connection it last
	 * had, so that their socket and compression buffers can be collected. Long runs
	 * (thousands of reconnects) call it now and then; everything else the simulator
	 * records (sessions, {@link #receivedPayloads()}) stays.
	 * @return the connections dropped, oldest first
	 */
	public List<SimulatedConnection> forgetClosedConnections() {
		SimulatedConnection latest = latestConnection().orElse(null);
		List<SimulatedConnection> closedOnes = this.connections.stream()
			.filter((c) -> !c.isOpen() && c != latest)
			.toList();
		this.connections.removeAll(closedOnes);
		this.sessions.releaseEndedConnections();
		return closedOnes;
	}

	/**
	 * Every session ever created, oldest first.
	 * @return snapshot
	 */
	public List<SimulatedSession> sessions() {
		return this.sessions.all();
	}

	/**
	 * The newest session of a shard that has not ended.
	 * @param shardId shard id (0 for unsharded clients)
	 * @return the session, or empty
	 */
	public Optional<SimulatedSession> session(int shardId) {
		return this.sessions.current(shardId);
	}

	/**
	 * Every decodable payload received on any connection, in arrival order: the last
	 * {@linkplain Builder#receivedPayloadLimit(int) limit} of them.
	 * @return snapshot
	 */
	public List<ReceivedPayload> receivedPayloads() {
		return this.received.all();
	}

	/**
	 * Received IDENTIFY payloads (op 2), including refused ones.
	 * @return snapshot
	 */
	public List<ReceivedPayload> identifies() {
		return received(2);
	}

	/**
	 * Received RESUME payloads (op 6), including refused ones.
	 * @return snapshot
	 */
	public List<ReceivedPayload> resumes() {
		return received(6);
	}

	/**
	 * Received heartbeats (op 1) on all connections.
	 * @return snapshot
	 */
	public List<ReceivedPayload> heartbeats() {
		return received(1);
	}

	private List<ReceivedPayload> received(int op) {
		return this.received.withOp(op);
	}

	/**
	 * How many IDENTIFYs were refused with op 9 because their concurrency bucket had
	 * identified within the window (or the session-start budget was exhausted).
	 * @return violation count
	 */
	public int identifyViolations() {
		return this.identifyLimits.violations();
	}

	/**
	 * IDENTIFYs that arrived less than the {@linkplain Builder#identifyWindow(Duration)
	 * identify window} after the previous accepted IDENTIFY of their concurrency bucket
	 * (refused with op 9, as Discord does), with the measured gap.
	 * @return snapshot, in arrival order
	 */
	public List<BucketViolation> bucketViolations() {
		return this.identifyLimits.bucketViolations();
	}

	/**
	 * Per concurrency bucket, the gaps between the arrivals of consecutive accepted
	 * IDENTIFYs, measured when each IDENTIFY was read off the socket.
	 * @return snapshot: bucket to gaps, in arrival order
	 */
	public Map<Integer, List<Duration>> identifyArrivalGaps() {
		return this.identifyLimits.arrivalGaps();
	}

	/**
	 * IDENTIFYs that arrived while {@code session_start_limit.remaining} was 0. Discord
	 * resets the token of a bot that does this; the simulator refuses them with op 9 and
	 * counts them here.
	 * @return overrun count
	 */
	public int budgetOverruns() {
		return this.identifyLimits.budgetOverruns();
	}

	/**
	 * IDENTIFYs refused because of {@link #refuseIdentifiesFor(Duration)}.
	 * @return refused count
	 */
	public int refusedIdentifies() {
		return this.identifyLimits.refused();
	}

	/**
	 * An IDENTIFY that arrived too early for its bucket.
	 *
	 * @param shardId the identifying shard
	 * @param bucket its concurrency bucket ({@code shard_id % max_concurrency})
	 * @param gap time since the previous accepted IDENTIFY of the bucket arrived
	 */
	public record BucketViolation(int shardId, int bucket, Duration gap) {
	}

	/**
	 * How many requests reached {@code /gateway} or {@code /gateway/bot} (including
	 * refused and failed ones).
	 * @return request count
	 */
	public int discoveryRequests() {
		return this.rest.discoveryRequests();
	}

	/**
	 * Current {@code session_start_limit.remaining}.
	 * @return remaining session starts
	 */
	public int sessionStartsRemaining() {
		return this.identifyLimits.sessionStartsRemaining();
	}

	/**
	 * Number of dispatches generated by {@link #startTraffic(double, String...)} so far
	 * (each may reach several sessions or none).
	 * @return event count
	 */
	public long trafficEventsDispatched() {
		return this.traffic.events();
	}

	// ------------------------------------------------------------------ dispatching

	/**
	 * Dispatches an event to every live session it routes to (see class doc): it is
	 * sequenced, buffered and, for connected sessions, sent at once.
	 * @param type event name, e.g. {@code MESSAGE_CREATE}
	 * @param data the {@code d} object as JSON text
	 * @return number of sessions it was dispatched to
	 */
	public int dispatch(String type, String data) {
		return dispatch(type, JsonSupport.MAPPER.readTree(data));
	}

	/**
	 * Dispatches an event to every live session it routes to; see
	 * {@link #dispatch(String, String)}.
	 * @param type event name
	 * @param data the {@code d} value
	 * @return number of sessions it was dispatched to
	 */
	public int dispatch(String type, JsonNode data) {
		Objects.requireNonNull(type, "type");
		byte[] json = JsonSupport.write(data);
		long guildId = -1;
		JsonNode guildNode = data.path("guild_id");
		if (guildNode.isString()) {
			try {
				guildId = Long.parseUnsignedLong(guildNode.stringValue());
			}
			catch (NumberFormatException ignored) {
				// treat as no guild
			}
		}
		return this.sessions.route(type, guildId, json);
	}

	/**
	 * Dispatches the {@code d} of a bundled fixture, e.g. {@code MESSAGE_CREATE} from
	 * {@code message_create.json} or {@code INTERACTION_CREATE} (routed like
	 * {@link #dispatch(String, JsonNode)}; fixture ids belong to guild 0).
	 * @param type event name whose lower-case form names the fixture
	 * @return number of sessions it was dispatched to
	 * @throws IllegalArgumentException if there is no such fixture
	 */
	public int dispatchFixture(String type) {
		String name = type.toLowerCase(Locale.ROOT);
		if (!JsonSupport.hasFixture(name)) {
			throw new IllegalArgumentException("No fixture " + name + ".json");
		}
		return dispatch(type, JsonSupport.fixture(name).get("d"));
	}

	/**
	 * Starts a steady stream of realistic guild dispatches (MESSAGE_CREATE with varying
	 * ids/content, TYPING_START, MESSAGE_REACTION_ADD, PRESENCE_UPDATE,
	 * GUILD_MEMBER_UPDATE, MESSAGE_UPDATE, MESSAGE_DELETE) for random simulated guilds,
	 * routed to the live sessions. Replaces running traffic.
	 * @param eventsPerSecond rate (&gt; 0)
	 * @param types event types to use uniformly; none for a realistic weighted mix
	 */
	public synchronized void startTraffic(double eventsPerSecond, String... types) {
		if (!(eventsPerSecond > 0)) {
			throw new IllegalArgumentException("eventsPerSecond must be > 0");
		}
		if (this.closed) {
			throw new IllegalStateException("Simulator closed");
		}
		this.traffic.start(eventsPerSecond, List.of(types));
	}

	/**
	 * Stops traffic started by {@link #startTraffic(double, String...)} (no-op when none
	 * runs). When this returns, no further traffic event is dispatched.
	 */
	public synchronized void stopTraffic() {
		this.traffic.stop();
	}

	// ------------------------------------------------------------------ fault injection

	/**
	 * Makes the next {@code count} discovery requests (either endpoint) fail with
	 * {@code status} and a Discord-like JSON body (429 also gets {@code Retry-After: 1}
	 * and {@code retry_after}).
	 * @param count number of requests to fail
	 * @param status HTTP status, e.g. 500, 502 or 429
	 */
	public void failNextDiscoveryRequests(int count, int status) {
		this.rest.failNext(count, status);
	}

	/**
	 * Delays HELLO on connections opened from now on (Duration.ZERO = send at once; a
	 * very long delay simulates a gateway that never says HELLO).
	 * @param delay delay
	 */
	public void setHelloDelay(Duration delay) {
		this.helloDelay = Objects.requireNonNull(delay, "delay");
	}

	/**
	 * Refuses every IDENTIFY that arrives within the given time from now with op 9
	 * {@code false} (an identify storm, as a gateway under load answers); they count in
	 * {@link #refusedIdentifies()}, not as violations, and spend no session start.
	 * @param duration how long to refuse
	 */
	public void refuseIdentifiesFor(Duration duration) {
		this.identifyLimits.refuseFor(duration);
	}

	/**
	 * Sends the same close frame on every open connection; see
	 * {@link SimulatedConnection#close(int, String)}.
	 * @param code close code
	 * @param reason reason
	 */
	public void closeAllConnections(int code, String reason) {
		openConnections().forEach((c) -> c.close(code, reason));
	}

	// ------------------------------------------------------------------ used by
	// connections

	SimulatorConfig config() {
		return this.config;
	}

	Duration helloDelay() {
		return this.helloDelay;
	}

	ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	void record(ReceivedPayload payload) {
		this.received.add(payload);
	}

	SimulatedSession findSession(String id) {
		return this.sessions.find(id);
	}

	GuildMemberChunks memberChunks() {
		return this.memberChunks;
	}

	static boolean endsSession(int closeCode) {
		return SESSION_ENDING_CODES.contains(closeCode);
	}

	/**
	 * Judges an IDENTIFY and, if Discord would accept it, starts its session (READY is on
	 * its way when this returns).
	 * @return the new session, or {@code null} when the answer is op 9 {@code false}
	 * @throws IdentifyPayload.Rejected when the answer is a close code
	 */
	SimulatedSession identify(SimulatedConnection connection, JsonNode d, long arrivedAtNanos) {
		IdentifyPayload identify = IdentifyPayload.parse(d, this.config);
		if (!this.identifyLimits.admit(identify.shardId(), arrivedAtNanos)) {
			return null;
		}
		return this.sessions.start(connection, identify, resumeGatewayUrl());
	}

	private final class Handler implements LoopbackServer.Handler {

		@Override
		public HttpResponse handleHttp(HttpRequest request) {
			return GatewaySimulator.this.rest.handle(request);
		}

		@Override
		public void handleWebSocket(HttpRequest request, WebSocketChannel channel) {
			SimulatedConnection connection = new SimulatedConnection(GatewaySimulator.this,
					GatewaySimulator.this.connectionIds.incrementAndGet(), request, channel);
			GatewaySimulator.this.connections.add(connection);
			log.debug("Simulator connection {} opened: {}", connection.id(), request.path());
			connection.run();
		}

	}

	/** Configures a {@link GatewaySimulator}. Defaults mirror Discord. */
	public static final class Builder {

		String token = "test-token";

		int port;

		Duration heartbeatInterval = Duration.ofMillis(41250);

		double heartbeatTimeoutFactor = 1.5;

		int guilds = 1;

		int firstGuildCreateMinBytes;

		int shards = 1;

		int maxConcurrency = 1;

		Duration identifyWindow = Duration.ofSeconds(5);

		int sessionStartTotal = 1000;

		int sessionStartRemaining = 1000;

		Duration sessionStartResetAfter = Duration.ofMillis(14_400_000);

		Duration resumeWindow = Duration.ofMinutes(2);

		int replayBufferSize = 1000;

		int receivedPayloadLimit = 100_000;

		String resumeGatewayUrl = "ws://{host}:{port}";

		InetAddress bindAddress = InetAddress.getLoopbackAddress();

		String publicHost = "127.0.0.1";

		long allowedPrivilegedIntents = PRIVILEGED_INTENTS;

		boolean shardingRequired;

		int sendLimit = 120;

		Duration sendLimitWindow = Duration.ofSeconds(60);

		int zlibMessageParts = 1;

		int framesPerMessage = 1;

		SSLContext tls;

		boolean etfUtf8Atoms;

		private Builder() {
		}

		/**
		 * Serves TLS on the port: {@code https://} discovery and a {@code wss://} gateway
		 * URL (clients must trust the context's certificate).
		 * @param context server context with a key
		 * @return this builder
		 */
		public Builder tls(SSLContext context) {
			this.tls = Objects.requireNonNull(context, "context");
			return this;
		}

		/**
		 * Whether {@code encoding=etf} writes atoms with the UTF-8 tags
		 * ({@code SMALL_ATOM_UTF8_EXT} 119, {@code ATOM_UTF8_EXT} 118) instead of the
		 * Latin-1 tags erlpack writes and reads ({@code SMALL_ATOM_EXT} 115,
		 * {@code ATOM_EXT} 100). Default {@code false}, which every ETF client can read;
		 * {@code true} exercises decoders that must accept both (Erlang/OTP 26 and later
		 * write the UTF-8 tags).
		 * @param utf8Atoms whether to use the UTF-8 atom tags
		 * @return this builder
		 */
		public Builder etfUtf8Atoms(boolean utf8Atoms) {
			this.etfUtf8Atoms = utf8Atoms;
			return this;
		}

		/**
		 * The bot token clients must present (REST: {@code Authorization: Bot <token>};
		 * IDENTIFY/RESUME: raw). Default {@code test-token}.
		 * @param token token
		 * @return this builder
		 */
		public Builder token(String token) {
			if (token == null || token.isBlank()) {
				throw new IllegalArgumentException("token must have text");
			}
			this.token = token;
			return this;
		}

		/**
		 * Port to listen on (on the loopback address unless {@link #bindAddress} says
		 * otherwise); 0 (default) picks a free one.
		 * @param port port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Local address to listen on (default the loopback address); {@code 0.0.0.0}
		 * listens on every interface, as a simulator in a container must.
		 * @param address address
		 * @return this builder
		 */
		public Builder bindAddress(InetAddress address) {
			this.bindAddress = Objects.requireNonNull(address, "address");
			return this;
		}

		/**
		 * Host name clients reach the simulator by, used in
		 * {@link GatewaySimulator#apiBaseUrl()}, in the gateway URL that discovery
		 * returns and in the default {@code resume_gateway_url} (default
		 * {@code 127.0.0.1}; e.g. the service name {@code simulator} in a Compose
		 * network).
		 * @param host host name or address, without scheme or port
		 * @return this builder
		 */
		public Builder publicHost(String host) {
			if (host == null || host.isBlank() || host.contains("/") || host.contains(" ")) {
				throw new IllegalArgumentException("public host must be a host name or address");
			}
			this.publicHost = host.strip();
			return this;
		}

		/**
		 * {@code heartbeat_interval} sent in HELLO. Default 41250 ms.
		 * @param interval interval (&ge; 1 ms)
		 * @return this builder
		 */
		public Builder heartbeatInterval(Duration interval) {
			if (interval.toMillis() < 1) {
				throw new IllegalArgumentException("heartbeat interval must be >= 1 ms");
			}
			this.heartbeatInterval = interval;
			return this;
		}

		/**
		 * Closes a connection with 4000 when no heartbeat arrived for
		 * {@code interval × factor} (default 1.5); {@code 0} disables the check.
		 * @param factor timeout factor
		 * @return this builder
		 */
		public Builder heartbeatTimeoutFactor(double factor) {
			this.heartbeatTimeoutFactor = factor;
			return this;
		}

		/**
		 * Number of simulated guilds (default 1), copies of the fixture guild with
		 * distinct ids, each sent as GUILD_CREATE after READY on the shard it belongs to.
		 * @param count guild count (&ge; 1)
		 * @return this builder
		 */
		public Builder guilds(int count) {
			if (count < 1) {
				throw new IllegalArgumentException("guilds must be >= 1");
			}
			this.guilds = count;
			return this;
		}

		/**
		 * Pads the first guild's GUILD_CREATE with synthetic members until its {@code d}
		 * is at least this many bytes (e.g. {@code 4 << 20}); 0 (default) sends the 88 KB
		 * fixture as is.
		 * @param minBytes minimum size
		 * @return this builder
		 */
		public Builder largeGuildCreate(int minBytes) {
			this.firstGuildCreateMinBytes = minBytes;
			return this;
		}

		/**
		 * Recommended shard count returned by {@code /gateway/bot} (default 1).
		 * @param shards shard count
		 * @return this builder
		 */
		public Builder shards(int shards) {
			if (shards < 1) {
				throw new IllegalArgumentException("shards must be >= 1");
			}
			this.shards = shards;
			return this;
		}

		/**
		 * {@code max_concurrency}: identify buckets are {@code shard_id % maxConcurrency}
		 * (default 1).
		 * @param maxConcurrency bucket count
		 * @return this builder
		 */
		public Builder maxConcurrency(int maxConcurrency) {
			if (maxConcurrency < 1) {
				throw new IllegalArgumentException("maxConcurrency must be >= 1");
			}
			this.maxConcurrency = maxConcurrency;
			return this;
		}

		/**
		 * At most one IDENTIFY per bucket within this window; more get op 9 {@code false}
		 * and count as violations (default 5 s; shorten for fast tests,
		 * {@code Duration.ZERO} disables).
		 * @param window window
		 * @return this builder
		 */
		public Builder identifyWindow(Duration window) {
			this.identifyWindow = window;
			return this;
		}

		/**
		 * {@code session_start_limit} values of {@code /gateway/bot}; each accepted
		 * IDENTIFY decrements {@code remaining}, and at 0 IDENTIFYs get op 9
		 * {@code false} and count as {@link GatewaySimulator#budgetOverruns()} until
		 * {@code resetAfter} has passed (from the simulator's creation), when
		 * {@code remaining} is {@code total} again for another {@code resetAfter}.
		 * Default 1000/1000/14400000 ms.
		 * @param total total
		 * @param remaining remaining
		 * @param resetAfter reset_after
		 * @return this builder
		 */
		public Builder sessionStartLimit(int total, int remaining, Duration resetAfter) {
			this.sessionStartTotal = total;
			this.sessionStartRemaining = remaining;
			this.sessionStartResetAfter = resetAfter;
			return this;
		}

		/**
		 * How long a session stays resumable after its connection ended (default 2 min).
		 * @param window resume window
		 * @return this builder
		 */
		public Builder resumeWindow(Duration window) {
			this.resumeWindow = window;
			return this;
		}

		/**
		 * Dispatches kept per session for replay on RESUME (default 1000).
		 * @param size buffer size (&ge; 1)
		 * @return this builder
		 */
		public Builder replayBufferSize(int size) {
			if (size < 1) {
				throw new IllegalArgumentException("replay buffer size must be >= 1");
			}
			this.replayBufferSize = size;
			return this;
		}

		/**
		 * How many received payloads the simulator, and each connection, keeps for
		 * {@link GatewaySimulator#receivedPayloads()} and the queries built on it
		 * (default 100 000): older ones are dropped, so that a long-running simulator
		 * keeps its memory bounded.
		 * @param limit payloads kept (&ge; 1)
		 * @return this builder
		 */
		public Builder receivedPayloadLimit(int limit) {
			if (limit < 1) {
				throw new IllegalArgumentException("received payload limit must be >= 1");
			}
			this.receivedPayloadLimit = limit;
			return this;
		}

		/**
		 * {@code resume_gateway_url} template for READY; {@code {port}} is replaced by
		 * the bound port and {@code {host}} by the {@linkplain #publicHost(String) public
		 * host}. Default {@code ws://{host}:{port}}; e.g.
		 * {@code ws://127.0.0.1:{port}/resume} lets tests see (via
		 * {@link SimulatedConnection#path()}) which URL a client resumed on, and an
		 * unreachable URL tests the fallback to the discovery URL.
		 * @param template URL template
		 * @return this builder
		 */
		public Builder resumeGatewayUrl(String template) {
			this.resumeGatewayUrl = Objects.requireNonNull(template, "template");
			return this;
		}

		/**
		 * Privileged intents the "application" may use (bitfield of 2, 256, 32768;
		 * default all); others → 4014.
		 * @param intents allowed privileged intent bits
		 * @return this builder
		 */
		public Builder allowedPrivilegedIntents(long intents) {
			this.allowedPrivilegedIntents = intents;
			return this;
		}

		/**
		 * When {@code true} and {@link #shards(int)} &gt; 1, an IDENTIFY without sharding
		 * (or with 1 shard) is closed with 4011. Default {@code false}.
		 * @param required whether sharding is required
		 * @return this builder
		 */
		public Builder shardingRequired(boolean required) {
			this.shardingRequired = required;
			return this;
		}

		/**
		 * Client payloads allowed per connection and window before close 4008 (default
		 * 120 per 60 s).
		 * @param payloads allowed payloads
		 * @param window window
		 * @return this builder
		 */
		public Builder sendRateLimit(int payloads, Duration window) {
			this.sendLimit = payloads;
			this.sendLimitWindow = window;
			return this;
		}

		/**
		 * zlib-stream: number of WebSocket messages each compressed payload is split into
		 * (default 1).
		 * @param parts parts (&ge; 1)
		 * @return this builder
		 */
		public Builder zlibMessageParts(int parts) {
			if (parts < 1) {
				throw new IllegalArgumentException("parts must be >= 1");
			}
			this.zlibMessageParts = parts;
			return this;
		}

		/**
		 * Frames per WebSocket message (first frame + continuation frames; default 1).
		 * @param frames frames (&ge; 1)
		 * @return this builder
		 */
		public Builder framesPerMessage(int frames) {
			if (frames < 1) {
				throw new IllegalArgumentException("frames must be >= 1");
			}
			this.framesPerMessage = frames;
			return this;
		}

		/**
		 * Creates the simulator (not started).
		 * @return a new simulator; call {@link GatewaySimulator#start()}
		 */
		public GatewaySimulator build() {
			return new GatewaySimulator(this);
		}

	}

}
