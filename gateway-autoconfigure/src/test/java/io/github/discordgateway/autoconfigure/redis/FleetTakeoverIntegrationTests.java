package io.github.discordgateway.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;
import io.github.discordgateway.test.redis.RedisServerExtension;
import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

/**
 * A fleet of three instances of one 16-shard bot, each configured for every shard,
 * sharing one redis-server (identify slots, shard leases, session store) and one
 * {@link GatewaySimulator}. The leases split the shards so that each runs on exactly one
 * instance; then the instance running the most shards crashes in the middle of the event
 * stream, and the two others take its shards over and resume them.
 * <p>
 * How the crash is modelled in one JVM: at one instant the instance's application
 * scheduler (its heartbeats, lease renewals, reconnect timers and checkpoints) is shut
 * down, its listener stops counting deliveries (the process and its memory are gone), and
 * the simulator drops the TCP connections of its shards without a close frame. Nothing is
 * saved and no lease is released: its leases expire after their TTL, like those of a
 * killed process.
 */
@ExtendWith(RedisServerExtension.class)
class FleetTakeoverIntegrationTests {

	private static final String TOKEN = "fleet-takeover-test-token";

	private static final int SHARDS = 16;

	private static final Duration LEASE_TTL = Duration.ofSeconds(4);

	private static final Duration POLL = Duration.ofMillis(250);

	private static final Duration WAIT = Duration.ofSeconds(30);

	/** Every delivered sequence per shard, by every instance while it was alive. */
	private final Map<Integer, Set<Long>> delivered = new ConcurrentHashMap<>();

	private final List<Instance> instances = new ArrayList<>();

	private RedisServer redis;

	private String keyPrefix;

	private GatewaySimulator simulator;

	private LettuceConnectionFactory connectionFactory;

	@BeforeEach
	void setUp(RedisServer redis) {
		this.redis = redis;
		this.keyPrefix = RedisServer.uniquePrefix("takeover");
		this.connectionFactory = redis.connectionFactory();
		this.simulator = GatewaySimulator.builder()
			.token(TOKEN)
			.shards(SHARDS)
			.guilds(64)
			.maxConcurrency(16)
			.identifyWindow(Duration.ofMillis(200))
			.heartbeatInterval(Duration.ofSeconds(3))
			.replayBufferSize(100_000)
			.build()
			.start();
	}

	@AfterEach
	void tearDown() {
		List<Instance> closing = new ArrayList<>(this.instances);
		Collections.reverse(closing);
		closing.forEach((instance) -> {
			instance.context.close();
			instance.scheduler.shutdown();
		});
		this.simulator.close();
		this.connectionFactory.destroy();
	}

	@Test
	void crashedInstancesShardsAreTakenOverAndResumedWithoutLosingAnEvent() {
		for (int i = 0; i < 3; i++) {
			this.instances.add(start("instance-" + i));
		}
		awaitEachShardRunsOnExactlyOneInstance(this.instances, WAIT);
		this.simulator.startTraffic(1_000, "MESSAGE_CREATE", "TYPING_START");
		await().atMost(WAIT).until(() -> DeliveryRecorder.total(this.delivered) > 500);

		Instance victim = this.instances.stream()
			.max((a, b) -> Integer.compare(a.running().size(), b.running().size()))
			.orElseThrow();
		List<Integer> victimShards = victim.running();
		assertThat(victimShards).isNotEmpty();
		Map<Integer, String> victimSessions = new ConcurrentHashMap<>();
		victimShards.forEach((shard) -> victimSessions.put(shard, this.simulator.session(shard).orElseThrow().id()));
		int identifiesBeforeTheCrash = this.simulator.identifies().size();
		crash(victim);

		List<Instance> survivors = this.instances.stream().filter((instance) -> instance != victim).toList();
		// Takeover bound: the lease expires at most a TTL after the crash and a standby
		// asks every poll interval.
		awaitEachShardRunsOnExactlyOneInstance(survivors, LEASE_TTL.plus(POLL).plusSeconds(5));
		int afterTakeover = DeliveryRecorder.total(this.delivered);
		await().atMost(WAIT).until(() -> DeliveryRecorder.total(this.delivered) > afterTakeover + 500);
		this.simulator.stopTraffic();

		// Each of the crashed instance's shards resumed its session: the same session, no
		// IDENTIFY.
		assertThat(this.simulator.identifies()).hasSize(identifiesBeforeTheCrash);
		for (int shard : victimShards) {
			SimulatedSession session = this.simulator.session(shard).orElseThrow();
			assertThat(session.id()).as("session of shard %d", shard).isEqualTo(victimSessions.get(shard));
			assertThat(session.resumeCount()).as("resumes of shard %d", shard).isGreaterThanOrEqualTo(1);
		}
		assertThat(this.simulator.identifyViolations()).isZero();
		// No session was ended by the gateway (4000, the simulator's heartbeat timeout on
		// a loaded machine, is resumable).
		assertThat(this.simulator.connections())
			.allSatisfy((connection) -> assertThat(connection.serverCloseCode().orElse(1000))
				.as("server close code of %s", connection)
				.isNotIn(4003, 4004, 4005, 4007, 4008, 4009, 4010, 4011, 4012, 4013, 4014));
		// Every sequence of every session reached an application at least once.
		await().atMost(WAIT)
			.untilAsserted(() -> DeliveryRecorder.assertEverySequenceDelivered(this.delivered, this.simulator));
	}

	/**
	 * Crashes an instance (see the class comment), once each of its shards has
	 * checkpointed its session to the store while running: that checkpoint is what the
	 * takeover resumes from.
	 */
	private void crash(Instance victim) {
		List<Integer> shards = victim.running();
		StringRedisTemplate redisTemplate = new StringRedisTemplate(this.connectionFactory);
		await().atMost(WAIT)
			.until(() -> shards.stream()
				.allMatch((shard) -> Boolean.TRUE
					.equals(redisTemplate.hasKey(this.keyPrefix + ":session:" + SHARDS + ":" + shard))));
		victim.recorder.die();
		victim.scheduler.getScheduledExecutor().shutdownNow();
		for (int shard : shards) {
			this.simulator.session(shard).flatMap(SimulatedSession::connection).ifPresent(SimulatedConnection::dropTcp);
		}
	}

	private void awaitEachShardRunsOnExactlyOneInstance(List<Instance> live, Duration atMost) {
		await().atMost(atMost).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			List<Integer> running = live.stream().flatMap((instance) -> instance.running().stream()).sorted().toList();
			assertThat(running).isEqualTo(IntStream.range(0, SHARDS).boxed().toList());
			for (Instance instance : live) {
				for (GatewayShard shard : instance.manager.shards()) {
					if (shard.state() != ShardState.READY) {
						assertThat(shard.state()).isEqualTo(ShardState.STANDBY);
						assertThat(shard.snapshot().owner()).isNotEqualTo(instance.manager.instanceId()).isNotNull();
					}
				}
			}
		});
	}

	private Instance start(String name) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(2);
		scheduler.setThreadNamePrefix(name + "-");
		scheduler.initialize();
		DeliveryRecorder recorder = new DeliveryRecorder(this.delivered);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BotApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.initializers((ctx) -> {
				ctx.getBeanFactory().registerSingleton("taskScheduler", scheduler);
				ctx.getBeanFactory().registerSingleton("recorder", recorder);
			})
			.run("--discord.gateway.token=" + TOKEN, "--discord.gateway.api-base-url=" + this.simulator.apiBaseUrl(),
					"--discord.gateway.shards.total=" + SHARDS, "--discord.gateway.identify.coordinator=redis",
					"--discord.gateway.session-store=redis",
					"--discord.gateway.identify.redis.key-prefix=" + this.keyPrefix,
					"--discord.gateway.identify-interval=400ms", "--discord.gateway.identify.redis.command-timeout=1s",
					"--discord.gateway.shards.leases.ttl=" + LEASE_TTL.toMillis() + "ms",
					"--discord.gateway.shards.leases.poll-interval=" + POLL.toMillis() + "ms",
					"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + this.redis.port(),
					"--discord.gateway.reconnect.initial-backoff=100ms", "--discord.gateway.reconnect.max-backoff=1s",
					"--discord.gateway.close-timeout=2s", "--spring.jmx.enabled=false");
		return new Instance(context, context.getBean(GatewayShardManager.class), scheduler, recorder);
	}

	private record Instance(ConfigurableApplicationContext context, GatewayShardManager manager,
			ThreadPoolTaskScheduler scheduler, DeliveryRecorder recorder) {

		List<Integer> running() {
			return this.manager.shards()
				.stream()
				.filter((shard) -> shard.state() == ShardState.READY)
				.map(GatewayShard::id)
				.collect(Collectors.toList());
		}

	}

	/** One instance of the bot: the starter's auto-configuration and nothing else. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BotApplication {

	}

}
