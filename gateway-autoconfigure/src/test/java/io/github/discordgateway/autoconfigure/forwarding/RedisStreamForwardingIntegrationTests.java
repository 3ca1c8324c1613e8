package io.github.discordgateway.autoconfigure.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.discordgateway.broker.GatewayCommandEnvelope;
import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.forwarding.DispatchForwarder;
import io.github.discordgateway.forwarding.redis.RedisStreamCommandListener;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;
import io.github.discordgateway.test.redis.RedisServerExtension;
import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

/**
 * Forwarding to a Redis stream through a real redis-server: a Boot application connected
 * to the simulator writes every dispatch as an envelope, holds back while Redis does not
 * answer, and sends the commands of the command stream through its shards.
 */
@ExtendWith(RedisServerExtension.class)
class RedisStreamForwardingIntegrationTests {

	private static final String TOKEN = "forwarding-test-token-NzkyNzE1NDU0MTk2MDg4ODQy";

	private static final Duration WAIT = Duration.ofSeconds(30);

	private RedisServer redis;

	private LettuceConnectionFactory connectionFactory;

	private StringRedisTemplate redisTemplate;

	private String stream;

	private String commandStream;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void setUp(RedisServer redis) {
		this.redis = redis;
		this.connectionFactory = redis.connectionFactory();
		this.redisTemplate = new StringRedisTemplate(this.connectionFactory);
		this.stream = RedisServer.uniquePrefix("events");
		this.commandStream = RedisServer.uniquePrefix("commands");
	}

	@AfterEach
	void tearDown() {
		if (this.context != null) {
			this.context.close();
		}
		this.connectionFactory.destroy();
	}

	@Test
	void everyDispatchOfAFloodAndAForcedResumeIsInTheStreamOnceInOrderWithItsExactData() {
		try (GatewaySimulator simulator = simulator(Duration.ofSeconds(5))) {
			start(simulator);
			awaitReady(simulator, 2);
			ForwardedFlood flood = new ForwardedFlood(simulator);
			flood.dispatch(1000, 0, 1);
			SimulatedSession first = simulator.session(0).orElseThrow();
			first.connection().orElseThrow().sendReconnect();
			flood.dispatch(1000, 0, 1);
			await().atMost(WAIT).until(() -> first.resumeCount() == 1 && first.isConnected());
			flood.dispatch(300, 0, 1);
			int expected = flood.size() + 2 * 3; // + READY and the guilds' GUILD_CREATEs
													// (3 guilds)
			await().atMost(WAIT).until(() -> this.redisTemplate.opsForStream().size(this.stream) >= flood.size());
			List<GatewayEnvelope> envelopes = awaitStable();
			flood.assertForwarded(envelopes, (envelope) -> "shard-" + envelope.shardId());
			assertThat(envelopes).hasSizeGreaterThanOrEqualTo(flood.size()).hasSizeLessThanOrEqualTo(expected + 10);
			assertThat(envelopes).filteredOn((envelope) -> envelope.type().equals("READY")).hasSize(2);
			assertThat(envelopes).filteredOn((envelope) -> envelope.type().equals("RESUMED")).hasSize(1);
			assertThat(ForwardedFlood.sequences(envelopes).get(first.id()))
				.isEqualTo(LongStream.rangeClosed(1, first.lastSequence()).boxed().toList());
			assertThat(envelopes).allSatisfy((envelope) -> assertThat(envelope.shardTotal()).isEqualTo(2));
			assertThat(this.context.getBean(DispatchForwarder.class).unconfirmed()).isZero();
			assertNoTokenIn(rawEntries());
		}
	}

	@Test
	void aPausedRedisHoldsTheShardBackWithHeartbeatsGoingOnAndLosesNothing() {
		try (GatewaySimulator simulator = simulator(Duration.ofSeconds(1))) {
			start(simulator, "--discord.gateway.forwarding.max-in-flight=8",
					"--discord.gateway.dispatch-queue-capacity=16",
					"--discord.gateway.forwarding.unhealthy-after=500ms", "--discord.gateway.shards.total=1");
			awaitReady(simulator, 1);
			ForwardedFlood flood = new ForwardedFlood(simulator);
			flood.dispatch(50, 0);
			await().atMost(WAIT).until(() -> this.redisTemplate.opsForStream().size(this.stream) >= 50);
			DiscordGatewayForwardingHealthIndicator health = this.context
				.getBean(DiscordGatewayForwardingHealthIndicator.class);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			this.redisTemplate.execute((RedisCallback<Object>) (connection) -> connection.execute("CLIENT",
					"PAUSE".getBytes(), "60000".getBytes(), "WRITE".getBytes()));
			try {
				flood.dispatch(400, 0);
				GatewayShardManager manager = this.context.getBean(GatewayShardManager.class);
				// 8 unconfirmed, 16 queued: the reader waits and the rest stays in the
				// socket
				await().atMost(WAIT)
					.until(() -> manager.shards().get(0).snapshot().deliveryBacklog() >= 16
							&& this.context.getBean(DispatchForwarder.class).unconfirmed() == 8);
				long lastSent = simulator.session(0).orElseThrow().lastSequence();
				assertThat(manager.shards().get(0).snapshot().sequence()).isLessThan(lastSent - 300);
				await().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.OUT_OF_SERVICE));
				Health down = health.health();
				assertThat(down.getDetails()).containsEntry("unconfirmed", 8).containsKey("reason");
				SimulatedConnection connection = simulator.session(0).orElseThrow().connection().orElseThrow();
				int heartbeats = connection.heartbeats().size();
				await().atMost(WAIT).until(() -> connection.heartbeats().size() >= heartbeats + 2);
				assertThat(connection.isOpen()).isTrue();
			}
			finally {
				this.redisTemplate.execute(
						(RedisCallback<Object>) (connection) -> connection.execute("CLIENT", "UNPAUSE".getBytes()));
			}
			await().atMost(WAIT).until(() -> this.redisTemplate.opsForStream().size(this.stream) >= flood.size() + 1);
			List<GatewayEnvelope> envelopes = awaitStable();
			flood.assertForwarded(envelopes, (envelope) -> "shard-" + envelope.shardId());
			await().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.UP));
		}
	}

	@Test
	void filteredTypesAreNotForwardedAndCommandsReachTheirShard() {
		try (GatewaySimulator simulator = simulator(Duration.ofSeconds(5))) {
			start(simulator, "--discord.gateway.forwarding.exclude-event-types=TYPING_START");
			awaitReady(simulator, 2);
			ForwardedFlood flood = new ForwardedFlood(simulator);
			SimulatedSession shard1 = simulator.session(1).orElseThrow();
			long typing = shard1.dispatch("TYPING_START", "{\"channel_id\":\"1\",\"user_id\":\"2\"}");
			flood.dispatch(30, 0, 1);
			long marker = shard1.dispatch("MESSAGE_CREATE", "{\"channel_id\":\"1\",\"content\":\"marker\"}");
			await().atMost(WAIT)
				.until(() -> awaitStable().stream()
					.anyMatch((envelope) -> envelope.sessionId().equals(shard1.id()) && envelope.sequence() == marker));
			List<GatewayEnvelope> envelopes = awaitStable();
			assertThat(envelopes).filteredOn((envelope) -> envelope.type().equals("MESSAGE_CREATE")).hasSize(11);
			assertThat(envelopes).noneMatch((envelope) -> envelope.type().equals("TYPING_START"));
			assertThat(envelopes)
				.noneMatch((envelope) -> envelope.sessionId().equals(shard1.id()) && envelope.sequence() == typing);

			String presence = "{\"since\":null,\"activities\":[],\"status\":\"idle\",\"afk\":false}";
			publishCommand(new GatewayCommandEnvelope(3, 1, null, null, Instant.now(),
					presence.getBytes(StandardCharsets.UTF_8)));
			SimulatedConnection connection1 = shard1.connection().orElseThrow();
			await().atMost(WAIT).until(() -> !connection1.received(3).isEmpty());
			assertThat(connection1.received(3).get(0).d().path("status").asString()).isEqualTo("idle");
			assertThat(simulator.session(0).orElseThrow().connection().orElseThrow().received(3)).isEmpty();
			// A member request routed by guild reaches the shard of that guild only.
			String guild = simulator.guildIds().get(0);
			int guildShard = (int) Long.remainderUnsigned(Long.parseUnsignedLong(guild) >>> 22, 2);
			String request = "{\"guild_id\":\"" + guild + "\",\"query\":\"a\",\"limit\":10,\"nonce\":\"n-1\"}";
			publishCommand(new GatewayCommandEnvelope(8, null, guild, "n-1", Instant.now(),
					request.getBytes(StandardCharsets.UTF_8)));
			SimulatedConnection target = simulator.session(guildShard).orElseThrow().connection().orElseThrow();
			await().atMost(WAIT).until(() -> !target.received(8).isEmpty());
			assertThat(target.received(8).get(0).d().path("nonce").asString()).isEqualTo("n-1");
			assertThat(simulator.session(1 - guildShard).orElseThrow().connection().orElseThrow().received(8))
				.isEmpty();
			// The answer comes back as an event envelope carrying the nonce.
			await().atMost(WAIT)
				.until(() -> awaitStable().stream()
					.anyMatch((envelope) -> envelope.type().equals("GUILD_MEMBERS_CHUNK")
							&& new String(envelope.data(), StandardCharsets.UTF_8).contains("\"nonce\":\"n-1\"")));
			await().atMost(WAIT).until(() -> pendingCommands() == 0);

			// A restarted gateway finds its group in place and reads on.
			RedisStreamCommandListener listener = this.context.getBean(RedisStreamCommandListener.class);
			listener.stop();
			listener.start();
			publishCommand(new GatewayCommandEnvelope(3, 1, null, null, Instant.now(),
					presence.replace("idle", "dnd").getBytes(StandardCharsets.UTF_8)));
			await().atMost(WAIT).until(() -> connection1.received(3).size() == 2);
		}
	}

	@Test
	void aRedeployedGatewayResumesTheSessionAndForwardsEverySequenceUnderItsId() {
		try (GatewaySimulator simulator = simulator(Duration.ofSeconds(5))) {
			String sessions = RedisServer.uniquePrefix("sessions");
			String[] handover = { "--discord.gateway.session-store=redis",
					"--discord.gateway.identify.redis.key-prefix=" + sessions, "--discord.gateway.shards.total=1" };
			start(simulator, handover);
			awaitReady(simulator, 1);
			SimulatedSession session = simulator.session(0).orElseThrow();
			simulator.startTraffic(300, "MESSAGE_CREATE", "TYPING_START");
			await().atMost(WAIT).until(() -> this.redisTemplate.opsForStream().size(this.stream) > 100);
			this.context.close();
			start(simulator, handover);
			await().atMost(WAIT).until(() -> simulator.resumes().size() == 1 && session.isConnected());
			long before = session.lastSequence();
			await().atMost(WAIT).until(() -> this.redisTemplate.opsForStream().size(this.stream) > before + 50);
			simulator.stopTraffic();
			long last = session.lastSequence();
			await().atMost(WAIT)
				.until(() -> awaitStable().stream()
					.anyMatch((envelope) -> envelope.sequence() == last && envelope.sessionId().equals(session.id())));
			assertThat(simulator.identifies()).hasSize(1);
			List<GatewayEnvelope> envelopes = awaitStable();
			assertThat(envelopes).allSatisfy((envelope) -> assertThat(envelope.sessionId()).isEqualTo(session.id()));
			// At least once: every sequence is there; one that was written but not yet
			// confirmed when the first
			// process stopped may be there twice.
			assertThat(envelopes.stream().map(GatewayEnvelope::sequence).distinct().sorted().toList())
				.isEqualTo(LongStream.rangeClosed(1, last).boxed().toList());
		}
	}

	private void publishCommand(GatewayCommandEnvelope command) {
		this.redisTemplate.opsForStream()
			.add(StreamRecords.newRecord()
				.in(this.commandStream)
				.ofMap(Map.of("envelope", new String(command.toJson(), StandardCharsets.UTF_8))));
	}

	private long pendingCommands() {
		return this.redisTemplate.opsForStream()
			.pending(this.commandStream, "discord-gateway-instance-0")
			.getTotalPendingMessages();
	}

	private GatewaySimulator simulator(Duration heartbeat) {
		return GatewaySimulator.builder()
			.token(TOKEN)
			.shards(2)
			.guilds(6)
			.heartbeatInterval(heartbeat)
			.identifyWindow(Duration.ZERO)
			.replayBufferSize(100_000)
			.build()
			.start();
	}

	private void start(GatewaySimulator simulator, String... more) {
		List<String> args = new ArrayList<>(
				List.of("--discord.gateway.token=" + TOKEN, "--discord.gateway.api-base-url=" + simulator.apiBaseUrl(),
						"--discord.gateway.identify-interval=0s", "--discord.gateway.forwarding.target=redis-stream",
						"--discord.gateway.forwarding.redis.stream=" + this.stream,
						"--discord.gateway.forwarding.redis.command-stream=" + this.commandStream,
						"--discord.gateway.forwarding.redis.command-poll-timeout=100ms",
						"--discord.gateway.forwarding.retry-backoff-max=200ms", "--spring.data.redis.host=127.0.0.1",
						"--spring.data.redis.port=" + this.redis.port(), "--spring.jmx.enabled=false"));
		args.addAll(List.of(more));
		this.context = new SpringApplicationBuilder(ForwardingApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.run(args.toArray(String[]::new));
	}

	private static void awaitReady(GatewaySimulator simulator, int shards) {
		await().atMost(WAIT)
			.until(() -> simulator.sessions().size() == shards
					&& simulator.sessions().stream().allMatch(SimulatedSession::isConnected));
	}

	private List<MapRecord<String, Object, Object>> rawEntries() {
		return this.redisTemplate.opsForStream().range(this.stream, Range.unbounded());
	}

	/**
	 * The stream's envelopes once its length stopped changing and the forwarder has
	 * nothing in flight.
	 */
	private List<GatewayEnvelope> awaitStable() {
		DispatchForwarder forwarder = this.context.getBean(DispatchForwarder.class);
		await().atMost(WAIT).until(() -> forwarder.unconfirmed() == 0);
		List<GatewayEnvelope> envelopes = new ArrayList<>();
		for (MapRecord<String, Object, Object> entry : rawEntries()) {
			Map<Object, Object> fields = entry.getValue();
			GatewayEnvelope envelope = GatewayEnvelope
				.fromJson(((String) fields.get("envelope")).getBytes(StandardCharsets.UTF_8));
			assertThat(fields.keySet()).containsExactly("type", "shard", "seq", "envelope");
			assertThat(fields.get("type")).isEqualTo(envelope.type());
			assertThat(fields.get("shard")).isEqualTo(Integer.toString(envelope.shardId()));
			assertThat(fields.get("seq")).isEqualTo(Long.toString(envelope.sequence()));
			envelopes.add(envelope);
		}
		return envelopes;
	}

	private static void assertNoTokenIn(List<MapRecord<String, Object, Object>> entries) {
		assertThat(entries).isNotEmpty();
		assertThat(entries).allSatisfy((entry) -> assertThat(entry.getValue().toString()).doesNotContain(TOKEN)
			.doesNotContain("NzkyNzE1NDU0MTk2MDg4ODQy"));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ForwardingApplication {

	}

}
