package io.github.discordgateway.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.github.discordgateway.test.internal.GuildFactory;
import io.github.discordgateway.test.internal.HttpRequest;
import io.github.discordgateway.test.internal.HttpResponse;
import io.github.discordgateway.test.internal.JsonSupport;
import io.github.discordgateway.test.internal.LoopbackServer;
import io.github.discordgateway.test.internal.TrafficGenerator;
import io.github.discordgateway.test.internal.WebSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

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

	private static final Pattern DISCOVERY_PATH = Pattern.compile("/api(/v\\d+)?/gateway(/bot)?/?");

	private static final Set<Integer> SESSION_ENDING_CODES = Set.of(4003, 4004, 4005, 4007, 4009, 4010, 4011, 4012,
			4013, 4014);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Config config;

	private final SimulatedRestApi restApi;

	private final String threadPrefix;

	private final GuildFactory guilds;

	private final LoopbackServer server;

	private final ScheduledExecutorService scheduler;

	private final ScheduledExecutorService trafficScheduler;

	private final List<SimulatedConnection> connections = new CopyOnWriteArrayList<>();

	private final List<SimulatedSession> sessions = new CopyOnWriteArrayList<>();

	private final Map<String, SimulatedSession> sessionsById = new ConcurrentHashMap<>();

	private final List<ReceivedPayload> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger connectionIds = new AtomicInteger();

	private final AtomicInteger identifyViolations = new AtomicInteger();

	private final AtomicInteger discoveryRequests = new AtomicInteger();

	private final AtomicInteger discoveryFailuresLeft = new AtomicInteger();

	private final AtomicLong trafficEvents = new AtomicLong();

	private final Object identifyLock = new Object();

	private final Object trafficLock = new Object();

	private final Map<Integer, Long> lastIdentifyByBucket = new HashMap<>();

	private final Map<Integer, List<Duration>> identifyGaps = new HashMap<>();

	private final List<BucketViolation> bucketViolations = new CopyOnWriteArrayList<>();

	private final AtomicInteger budgetOverruns = new AtomicInteger();

	private final AtomicInteger refusedIdentifies = new AtomicInteger();

	private int sessionStartsRemaining;

	private long sessionStartsResetAtNanos;

	private volatile long refuseIdentifiesUntilNanos;

	private volatile int discoveryFailureStatus = 500;

	private volatile Duration helloDelay = Duration.ZERO;

	private volatile boolean started;

	private volatile boolean closed;

	private ScheduledFuture<?> trafficTask;

	private GatewaySimulator(Builder builder) {
		this.config = new Config(builder);
		this.restApi = new SimulatedRestApi(builder.token);
		this.sessionStartsRemaining = builder.sessionStartRemaining;
		this.sessionStartsResetAtNanos = System.nanoTime() + builder.sessionStartResetAfter.toNanos();
		this.threadPrefix = "gateway-sim-" + INSTANCES.incrementAndGet() + "-";
		this.guilds = new GuildFactory(builder.guilds, builder.firstGuildCreateMinBytes);
		this.server = new LoopbackServer(new Handler(), threadPrefix);
		this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, threadPrefix + "scheduler");
			t.setDaemon(true);
			return t;
		});
		this.trafficScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, threadPrefix + "traffic");
			t.setDaemon(true);
			return t;
		});
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
		if (started || closed) {
			throw new IllegalStateException("Simulator already started or closed");
		}
		try {
			server.start(config.bindAddress, config.port, config.tls != null ? config.tls.getServerSocketFactory()
					: javax.net.ServerSocketFactory.getDefault());
		}
		catch (IOException e) {
			scheduler.shutdownNow();
			trafficScheduler.shutdownNow();
			throw new UncheckedIOException("Cannot bind simulator port " + config.port, e);
		}
		started = true;
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
			if (closed) {
				return;
			}
			closed = true;
			if (trafficTask != null) {
				trafficTask.cancel(false);
				trafficTask = null;
			}
		}
		server.close();
		scheduler.shutdownNow();
		trafficScheduler.shutdownNow();
		try {
			if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)
					|| !trafficScheduler.awaitTermination(5, TimeUnit.SECONDS)) {
				log.warn("Simulator scheduler threads did not stop within 5 s");
			}
		}
		catch (InterruptedException e) {
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
		if (!started) {
			throw new IllegalStateException("Simulator not started");
		}
		return server.port();
	}

	/**
	 * REST base URL, e.g. {@code http://127.0.0.1:PORT/api/v10}.
	 * @return base URL without trailing slash
	 */
	public String apiBaseUrl() {
		return (config.tls != null ? "https://" : "http://") + config.publicHost + ":" + port() + "/api/v10";
	}

	/**
	 * Gateway URL as returned by discovery, e.g. {@code ws://127.0.0.1:PORT} (no query
	 * string), {@code wss://} when the simulator serves
	 * {@linkplain Builder#tls(javax.net.ssl.SSLContext) TLS}.
	 * @return gateway URL
	 */
	public String gatewayUrl() {
		return (config.tls != null ? "wss://" : "ws://") + config.publicHost + ":" + port();
	}

	/**
	 * The {@code resume_gateway_url} sent in READY (see
	 * {@link Builder#resumeGatewayUrl(String)}).
	 * @return resume URL
	 */
	public String resumeGatewayUrl() {
		return config.resumeGatewayUrl.replace("{host}", config.publicHost).replace("{port}", Integer.toString(port()));
	}

	/**
	 * Ids of the simulated guilds, in order (guild 0 is the fixture guild
	 * {@code 614182298140617616}).
	 * @return guild snowflakes as strings
	 */
	public List<String> guildIds() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < guilds.count(); i++) {
			ids.add(Long.toString(guilds.guildId(i)));
		}
		return ids;
	}

	// ------------------------------------------------------------------ observation

	/**
	 * Every WebSocket connection so far, oldest first.
	 * @return snapshot
	 */
	public List<SimulatedConnection> connections() {
		return List.copyOf(connections);
	}

	/**
	 * Connections whose socket is still open.
	 * @return snapshot
	 */
	public List<SimulatedConnection> openConnections() {
		return connections.stream().filter(SimulatedConnection::isOpen).toList();
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
	 * Every session ever created, oldest first.
	 * @return snapshot
	 */
	public List<SimulatedSession> sessions() {
		return List.copyOf(sessions);
	}

	/**
	 * The newest session of a shard that has not ended.
	 * @param shardId shard id (0 for unsharded clients)
	 * @return the session, or empty
	 */
	public Optional<SimulatedSession> session(int shardId) {
		List<SimulatedSession> all = sessions();
		for (int i = all.size() - 1; i >= 0; i--) {
			SimulatedSession s = all.get(i);
			if (s.shardId() == shardId && !s.isInvalidated()) {
				return Optional.of(s);
			}
		}
		return Optional.empty();
	}

	/**
	 * Every decodable payload received on any connection, in arrival order.
	 * @return snapshot
	 */
	public List<ReceivedPayload> receivedPayloads() {
		return List.copyOf(received);
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
		return received.stream().filter(p -> p.op() == op).toList();
	}

	/**
	 * How many IDENTIFYs were refused with op 9 because their concurrency bucket had
	 * identified within the window (or the session-start budget was exhausted).
	 * @return violation count
	 */
	public int identifyViolations() {
		return identifyViolations.get();
	}

	/**
	 * IDENTIFYs that arrived less than the {@linkplain Builder#identifyWindow(Duration)
	 * identify window} after the previous accepted IDENTIFY of their concurrency bucket
	 * (refused with op 9, as Discord does), with the measured gap.
	 * @return snapshot, in arrival order
	 */
	public List<BucketViolation> bucketViolations() {
		return List.copyOf(bucketViolations);
	}

	/**
	 * Per concurrency bucket, the gaps between the arrivals of consecutive accepted
	 * IDENTIFYs, measured when each IDENTIFY was read off the socket.
	 * @return snapshot: bucket to gaps, in arrival order
	 */
	public Map<Integer, List<Duration>> identifyArrivalGaps() {
		synchronized (identifyLock) {
			Map<Integer, List<Duration>> copy = new HashMap<>();
			identifyGaps.forEach((bucket, gaps) -> copy.put(bucket, List.copyOf(gaps)));
			return copy;
		}
	}

	/**
	 * IDENTIFYs that arrived while {@code session_start_limit.remaining} was 0. Discord
	 * resets the token of a bot that does this; the simulator refuses them with op 9 and
	 * counts them here.
	 * @return overrun count
	 */
	public int budgetOverruns() {
		return budgetOverruns.get();
	}

	/**
	 * IDENTIFYs refused because of {@link #refuseIdentifiesFor(Duration)}.
	 * @return refused count
	 */
	public int refusedIdentifies() {
		return refusedIdentifies.get();
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
		return discoveryRequests.get();
	}

	/**
	 * Current {@code session_start_limit.remaining}.
	 * @return remaining session starts
	 */
	public int sessionStartsRemaining() {
		synchronized (identifyLock) {
			resetSessionStartsIfDue(System.nanoTime());
			return sessionStartsRemaining;
		}
	}

	/**
	 * Time left until {@code session_start_limit} resets (what {@code reset_after}
	 * reports).
	 */
	private Duration sessionStartsResetAfter() {
		synchronized (identifyLock) {
			long now = System.nanoTime();
			resetSessionStartsIfDue(now);
			return Duration.ofNanos(Math.max(0, sessionStartsResetAtNanos - now));
		}
	}

	private void resetSessionStartsIfDue(long now) {
		if (now - sessionStartsResetAtNanos >= 0) {
			sessionStartsRemaining = config.sessionStartTotal;
			sessionStartsResetAtNanos = now + config.sessionStartResetAfter.toNanos();
		}
	}

	/**
	 * Number of dispatches generated by {@link #startTraffic(double, String...)} so far
	 * (each may reach several sessions or none).
	 * @return event count
	 */
	public long trafficEventsDispatched() {
		return trafficEvents.get();
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
		int delivered = 0;
		for (SimulatedSession session : sessions) {
			if (session.isInvalidated()) {
				continue;
			}
			int shard = guildId >= 0 ? GuildFactory.shardOf(guildId, session.shardCount()) : 0;
			if (shard != session.shardId()) {
				continue;
			}
			try {
				session.dispatchRaw(type, json);
				delivered++;
			}
			catch (IllegalStateException ended) {
				// the session ended meanwhile
			}
		}
		return delivered;
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
		if (closed) {
			throw new IllegalStateException("Simulator closed");
		}
		stopTraffic();
		TrafficGenerator generator = new TrafficGenerator(guilds, List.of(types));
		long periodMs = eventsPerSecond >= 20 ? 50 : Math.max(1, Math.round(1000 / eventsPerSecond));
		double[] budget = { 0 };
		long[] last = { System.nanoTime() };
		trafficTask = trafficScheduler.scheduleAtFixedRate(() -> {
			synchronized (trafficLock) {
				try {
					long now = System.nanoTime();
					budget[0] = Math.min(budget[0] + (now - last[0]) / 1e9 * eventsPerSecond,
							Math.max(1, eventsPerSecond));
					last[0] = now;
					while (budget[0] >= 1) {
						budget[0] -= 1;
						TrafficGenerator.Event event = generator.next();
						dispatch(event.type(), event.data());
						trafficEvents.incrementAndGet();
					}
				}
				catch (RuntimeException e) {
					log.warn("Simulator traffic failed", e);
				}
			}
		}, periodMs, periodMs, TimeUnit.MILLISECONDS);
	}

	/**
	 * Stops traffic started by {@link #startTraffic(double, String...)} (no-op when none
	 * runs). When this returns, no further traffic event is dispatched.
	 */
	public synchronized void stopTraffic() {
		if (trafficTask != null) {
			trafficTask.cancel(false);
			trafficTask = null;
			synchronized (trafficLock) {
				// wait for a tick in progress
			}
		}
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
		discoveryFailureStatus = status;
		discoveryFailuresLeft.set(count);
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
		refuseIdentifiesUntilNanos = System.nanoTime() + duration.toNanos();
	}

	/**
	 * Sends the same close frame on every open connection; see
	 * {@link SimulatedConnection#close(int, String)}.
	 * @param code close code
	 * @param reason reason
	 */
	public void closeAllConnections(int code, String reason) {
		openConnections().forEach(c -> c.close(code, reason));
	}

	// ------------------------------------------------------------------ internals used
	// by connections/sessions

	Config config() {
		return config;
	}

	Duration helloDelay() {
		return helloDelay;
	}

	ScheduledExecutorService scheduler() {
		return scheduler;
	}

	void record(ReceivedPayload payload) {
		received.add(payload);
	}

	boolean tokenMatches(String token) {
		return config.token.equals(token);
	}

	SimulatedSession findSession(String id) {
		return sessionsById.get(id);
	}

	static boolean endsSession(int closeCode) {
		return SESSION_ENDING_CODES.contains(closeCode);
	}

	/** Outcome of an IDENTIFY: a close code, or a session, or neither (op 9 false). */
	record IdentifyResult(int closeCode, String reason, SimulatedSession session) {
		static IdentifyResult close(int code, String reason) {
			return new IdentifyResult(code, reason, null);
		}
	}

	IdentifyResult identify(SimulatedConnection connection, JsonNode d, long arrivedAtNanos) {
		if (!d.isObject()) {
			return IdentifyResult.close(4001, "Invalid identify payload");
		}
		JsonNode token = d.path("token");
		if (!token.isString() || !tokenMatches(token.stringValue())) {
			return IdentifyResult.close(4004, "Authentication failed");
		}
		JsonNode properties = d.path("properties");
		if (!properties.isObject() || !hasProperty(properties, "os") || !hasProperty(properties, "browser")
				|| !hasProperty(properties, "device")) {
			return IdentifyResult.close(4001, "Invalid connection properties");
		}
		JsonNode intentsNode = d.path("intents");
		if (!intentsNode.isIntegralNumber() || !intentsNode.canConvertToLong()) {
			return IdentifyResult.close(4013, "Invalid intent(s)");
		}
		long intents = intentsNode.longValue();
		if (intents < 0 || (intents & ~DEFINED_INTENTS) != 0) {
			return IdentifyResult.close(4013, "Invalid intent(s)");
		}
		if ((intents & PRIVILEGED_INTENTS & ~config.allowedPrivilegedIntents) != 0) {
			return IdentifyResult.close(4014, "Disallowed intent(s)");
		}
		int shardId = 0;
		int shardCount = 1;
		JsonNode shard = d.path("shard");
		boolean sharded = !shard.isMissingNode() && !shard.isNull();
		if (sharded) {
			if (!shard.isArray() || shard.size() != 2 || !shard.get(0).canConvertToInt()
					|| !shard.get(1).canConvertToInt() || !shard.get(0).isIntegralNumber()
					|| !shard.get(1).isIntegralNumber()) {
				return IdentifyResult.close(4010, "Invalid shard");
			}
			shardId = shard.get(0).intValue();
			shardCount = shard.get(1).intValue();
			if (shardCount < 1 || shardId < 0 || shardId >= shardCount) {
				return IdentifyResult.close(4010, "Invalid shard");
			}
		}
		if (config.shardingRequired && config.shards > 1 && shardCount < 2) {
			return IdentifyResult.close(4011, "Sharding required");
		}
		synchronized (identifyLock) {
			long now = arrivedAtNanos;
			int bucket = shardId % config.maxConcurrency;
			Long last = lastIdentifyByBucket.get(bucket);
			if (last != null && now - last < config.identifyWindow.toNanos()) {
				identifyViolations.incrementAndGet();
				bucketViolations.add(new BucketViolation(shardId, bucket, Duration.ofNanos(now - last)));
				log.debug("IDENTIFY for shard {} refused: bucket {} identified {} ms ago", shardId, bucket,
						(now - last) / 1_000_000);
				return new IdentifyResult(0, null, null);
			}
			resetSessionStartsIfDue(now);
			if (sessionStartsRemaining <= 0) {
				identifyViolations.incrementAndGet();
				budgetOverruns.incrementAndGet();
				log.debug("IDENTIFY for shard {} refused: session_start_limit spent", shardId);
				return new IdentifyResult(0, null, null);
			}
			if (now - refuseIdentifiesUntilNanos < 0) {
				refusedIdentifies.incrementAndGet();
				return new IdentifyResult(0, null, null);
			}
			if (last != null) {
				identifyGaps.computeIfAbsent(bucket, b -> new ArrayList<>()).add(Duration.ofNanos(now - last));
			}
			lastIdentifyByBucket.put(bucket, now);
			sessionStartsRemaining--;
		}
		byte[] idBytes = new byte[16];
		RANDOM.nextBytes(idBytes);
		SimulatedSession session = new SimulatedSession(HexFormat.of().formatHex(idBytes), shardId, shardCount, intents,
				config.replayBufferSize, config.resumeWindow.toNanos());
		List<Integer> shardGuilds = guilds.guildsOnShard(shardId, shardCount);
		ObjectNode ready = (ObjectNode) JsonSupport.fixture("ready").get("d");
		ready.put("session_id", session.id());
		ready.put("resume_gateway_url", resumeGatewayUrl());
		if (sharded) {
			ArrayNode echo = ready.putArray("shard");
			echo.add(shardId);
			echo.add(shardCount);
		}
		else {
			ready.remove("shard");
		}
		ArrayNode stubs = ready.putArray("guilds");
		shardGuilds.forEach(i -> stubs.add(guilds.unavailableStub(i)));
		synchronized (session) {
			sessions.add(session);
			sessionsById.put(session.id(), session);
			session.attach(connection);
			connection.onSessionStarted(session);
			session.dispatchRaw("READY", JsonSupport.write(ready));
			for (int index : shardGuilds) {
				session.dispatchRaw("GUILD_CREATE", guilds.guildCreateJson(index));
			}
		}
		return new IdentifyResult(0, null, session);
	}

	private static boolean hasProperty(JsonNode properties, String name) {
		return properties.path(name).isString() || properties.path("$" + name).isString();
	}

	void requestGuildMembers(SimulatedConnection connection, SimulatedSession session, JsonNode d) {
		if (session == null || !d.path("guild_id").isString()) {
			return;
		}
		long guildId;
		try {
			guildId = Long.parseUnsignedLong(d.get("guild_id").stringValue());
		}
		catch (NumberFormatException e) {
			return;
		}
		int index = guilds.indexOf(guildId);
		if (index < 0 || GuildFactory.shardOf(guildId, session.shardCount()) != session.shardId()) {
			return;
		}
		JsonNodeFactory f = JsonNodeFactory.instance;
		ObjectNode chunk = f.objectNode();
		chunk.put("guild_id", Long.toString(guildId));
		ArrayNode members = chunk.putArray("members");
		JsonNode userIds = d.path("user_ids");
		if (!userIds.isMissingNode() && !userIds.isNull()) {
			List<String> wanted = new ArrayList<>();
			if (userIds.isArray()) {
				userIds.forEach(u -> wanted.add(u.asString()));
			}
			else {
				wanted.add(userIds.asString());
			}
			ArrayNode notFound = chunk.putArray("not_found");
			for (String userId : wanted) {
				Optional<JsonNode> member = guilds.members()
					.stream()
					.filter(m -> userId.equals(m.path("user").path("id").stringValue(null)))
					.findFirst();
				if (member.isPresent()) {
					members.add(guilds.remapTree(member.get(), index));
				}
				else {
					notFound.add(userId);
				}
			}
		}
		else {
			String query = d.path("query").stringValue("").toLowerCase(Locale.ROOT);
			int limit = d.path("limit").asInt(0);
			for (JsonNode member : guilds.members()) {
				if (limit > 0 && members.size() >= limit) {
					break;
				}
				if (member.path("user").path("username").stringValue("").toLowerCase(Locale.ROOT).startsWith(query)) {
					members.add(guilds.remapTree(member, index));
				}
			}
		}
		chunk.put("chunk_index", 0);
		chunk.put("chunk_count", 1);
		if (d.path("presences").booleanValue(false)) {
			chunk.putArray("presences");
		}
		if (d.path("nonce").isString()) {
			chunk.put("nonce", d.get("nonce").stringValue());
		}
		try {
			session.dispatch("GUILD_MEMBERS_CHUNK", chunk);
		}
		catch (IllegalStateException ended) {
			// session ended meanwhile
		}
	}

	byte[] oversizedChunk(SimulatedSession session, int minBytes) {
		List<Integer> shardGuilds = guilds.guildsOnShard(session.shardId(), session.shardCount());
		int index = shardGuilds.isEmpty() ? 0 : shardGuilds.get(0);
		ObjectNode chunk = JsonNodeFactory.instance.objectNode();
		chunk.put("guild_id", Long.toString(guilds.guildId(index)));
		ArrayNode members = chunk.putArray("members");
		chunk.put("chunk_index", 0);
		chunk.put("chunk_count", 1);
		List<JsonNode> templates = guilds.members();
		int size = JsonSupport.write(chunk).length;
		long userBase = 710_000_000_000_000_000L;
		int n = 0;
		while (size < minBytes) {
			ObjectNode member = (ObjectNode) guilds.remapTree(templates.get(n % templates.size()), index);
			((ObjectNode) member.get("user")).put("id", Long.toString(userBase + ((long) n << 22)));
			members.add(member);
			size += JsonSupport.write(member).length + 1;
			n++;
		}
		return JsonSupport.write(chunk);
	}

	private final class Handler implements LoopbackServer.Handler {

		@Override
		public HttpResponse handleHttp(HttpRequest request) {
			if (!DISCOVERY_PATH.matcher(request.path()).matches()) {
				return restApi.handle(request);
			}
			discoveryRequests.incrementAndGet();
			if (!"GET".equals(request.method())) {
				return HttpResponse.json(405, "{\"message\": \"405: Method Not Allowed\", \"code\": 0}");
			}
			if (discoveryFailuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
				int status = discoveryFailureStatus;
				if (status == 429) {
					return HttpResponse.json(429,
							"{\"message\": \"You are being rate limited.\", \"retry_after\": 1.0, \"global\": false}")
						.withHeader("Retry-After", "1");
				}
				return HttpResponse.json(status,
						"{\"message\": \"" + status + ": " + HttpResponse.reason(status) + "\", \"code\": 0}");
			}
			String url = JsonSupport.MAPPER.writeValueAsString(gatewayUrl());
			if (!request.path().contains("/bot")) {
				return HttpResponse.json(200, "{\"url\": " + url + "}");
			}
			String auth = request.header("authorization");
			if (auth == null || !auth.equals("Bot " + config.token)) {
				return HttpResponse.json(401, "{\"message\": \"401: Unauthorized\", \"code\": 0}");
			}
			return HttpResponse.json(200,
					"{\"url\": " + url + ", \"shards\": " + config.shards + ", \"session_start_limit\": {\"total\": "
							+ config.sessionStartTotal + ", \"remaining\": " + sessionStartsRemaining()
							+ ", \"reset_after\": " + sessionStartsResetAfter().toMillis() + ", \"max_concurrency\": "
							+ config.maxConcurrency + "}}");
		}

		@Override
		public void handleWebSocket(HttpRequest request, WebSocketChannel channel) {
			SimulatedConnection connection = new SimulatedConnection(GatewaySimulator.this,
					connectionIds.incrementAndGet(), request, channel);
			connections.add(connection);
			log.debug("Simulator connection {} opened: {}", connection.id(), request.path());
			connection.run();
		}

	}

	/** Immutable configuration snapshot. */
	static final class Config {

		final String token;

		final int port;

		final Duration heartbeatInterval;

		final double heartbeatTimeoutFactor;

		final int shards;

		final int maxConcurrency;

		final Duration identifyWindow;

		final int sessionStartTotal;

		final Duration sessionStartResetAfter;

		final Duration resumeWindow;

		final int replayBufferSize;

		final String resumeGatewayUrl;

		final java.net.InetAddress bindAddress;

		final String publicHost;

		final long allowedPrivilegedIntents;

		final boolean shardingRequired;

		final int sendLimit;

		final Duration sendLimitWindow;

		final int zlibMessageParts;

		final int framesPerMessage;

		final javax.net.ssl.SSLContext tls;

		final boolean etfUtf8Atoms;

		Config(Builder b) {
			token = b.token;
			port = b.port;
			heartbeatInterval = b.heartbeatInterval;
			heartbeatTimeoutFactor = b.heartbeatTimeoutFactor;
			shards = b.shards;
			maxConcurrency = b.maxConcurrency;
			identifyWindow = b.identifyWindow;
			sessionStartTotal = b.sessionStartTotal;
			sessionStartResetAfter = b.sessionStartResetAfter;
			resumeWindow = b.resumeWindow;
			replayBufferSize = b.replayBufferSize;
			resumeGatewayUrl = b.resumeGatewayUrl;
			bindAddress = b.bindAddress;
			publicHost = b.publicHost;
			allowedPrivilegedIntents = b.allowedPrivilegedIntents;
			shardingRequired = b.shardingRequired;
			sendLimit = b.sendLimit;
			sendLimitWindow = b.sendLimitWindow;
			zlibMessageParts = b.zlibMessageParts;
			framesPerMessage = b.framesPerMessage;
			tls = b.tls;
			etfUtf8Atoms = b.etfUtf8Atoms;
		}

	}

	/** Configures a {@link GatewaySimulator}. Defaults mirror Discord. */
	public static final class Builder {

		private String token = "test-token";

		private int port;

		private Duration heartbeatInterval = Duration.ofMillis(41250);

		private double heartbeatTimeoutFactor = 1.5;

		private int guilds = 1;

		private int firstGuildCreateMinBytes;

		private int shards = 1;

		private int maxConcurrency = 1;

		private Duration identifyWindow = Duration.ofSeconds(5);

		private int sessionStartTotal = 1000;

		private int sessionStartRemaining = 1000;

		private Duration sessionStartResetAfter = Duration.ofMillis(14_400_000);

		private Duration resumeWindow = Duration.ofMinutes(2);

		private int replayBufferSize = 1000;

		private String resumeGatewayUrl = "ws://{host}:{port}";

		private java.net.InetAddress bindAddress = java.net.InetAddress.getLoopbackAddress();

		private String publicHost = "127.0.0.1";

		private long allowedPrivilegedIntents = PRIVILEGED_INTENTS;

		private boolean shardingRequired;

		private int sendLimit = 120;

		private Duration sendLimitWindow = Duration.ofSeconds(60);

		private int zlibMessageParts = 1;

		private int framesPerMessage = 1;

		private javax.net.ssl.SSLContext tls;

		private boolean etfUtf8Atoms;

		private Builder() {
		}

		/**
		 * Serves TLS on the port: {@code https://} discovery and a {@code wss://} gateway
		 * URL (clients must trust the context's certificate).
		 * @param context server context with a key
		 * @return this builder
		 */
		public Builder tls(javax.net.ssl.SSLContext context) {
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
		public Builder bindAddress(java.net.InetAddress address) {
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
