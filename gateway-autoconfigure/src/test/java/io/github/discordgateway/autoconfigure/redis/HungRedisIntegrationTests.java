package io.github.discordgateway.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.discordgateway.autoconfigure.health.DiscordGatewayHealthIndicator;
import io.github.discordgateway.autoconfigure.metrics.MicrometerGatewayObserver;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;
import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

/**
 * A hung Redis (a redis-server of the test's own, frozen with SIGSTOP: connections stay
 * open and nothing answers) neither holds up a start nor stops running shards'
 * heartbeats; a shard whose lease cannot be renewed stops before the lease could expire
 * under it, and runs again once Redis answers.
 */
class HungRedisIntegrationTests {

	private static final String TOKEN = "hung-redis-test-token";

	private static final int SHARDS = 4;

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private RedisServer redis;

	private GatewaySimulator simulator;

	@BeforeEach
	void setUp() {
		this.redis = RedisServer.startDedicated();
		this.simulator = GatewaySimulator.builder()
			.token(TOKEN)
			.shards(SHARDS)
			.identifyWindow(Duration.ZERO)
			.heartbeatInterval(Duration.ofMillis(250))
			.build()
			.start();
	}

	@AfterEach
	void tearDown() {
		try {
			this.redis.resume();
			this.contexts.forEach(ConfigurableApplicationContext::close);
			this.simulator.close();
		}
		finally {
			this.redis.close();
		}
	}

	@Test
	void startWithAHungSessionStoreIdentifiesWithinSeconds() {
		this.redis.suspend();
		// Before: each shard asked the store in turn under the manager's lock, for
		// Lettuce's 60 s each.
		GatewayShardManager manager = start("--discord.gateway.session-store=redis");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> manager.shards().size() == SHARDS && allIn(manager, ShardState.READY));
		assertThat(this.simulator.identifies()).hasSize(SHARDS);
		// Each shard's failed lookup is counted once, for the operators' alert.
		MeterRegistry meters = this.contexts.get(0).getBean(MeterRegistry.class);
		assertThat(meters.find(MicrometerGatewayObserver.SESSION_STORE_FAILURES)
			.tag("operation", "take")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum()).isEqualTo(SHARDS);
	}

	@Test
	void heartbeatsGoOnWhileRedisHangsWithinTheLease() {
		GatewayShardManager manager = start("--discord.gateway.identify.coordinator=redis",
				"--discord.gateway.session-store=redis", "--discord.gateway.shards.leases.ttl=9s");
		await().atMost(WAIT).until(() -> manager.shards().size() == SHARDS && allIn(manager, ShardState.READY));
		List<Integer> before = heartbeatCounts();
		this.redis.suspend();
		try {
			// Long enough for a lease renewal (every 3 s) to hang on Redis and time out.
			await().atMost(WAIT).untilAsserted(() -> {
				List<Integer> now = heartbeatCounts();
				for (int shard = 0; shard < SHARDS; shard++) {
					assertThat(now.get(shard) - before.get(shard)).as("heartbeats of shard %d", shard)
						.isGreaterThanOrEqualTo(14);
				}
			});
			assertThat(allIn(manager, ShardState.READY)).isTrue();
		}
		finally {
			this.redis.resume();
		}
		assertThat(manager.shards()).allSatisfy((shard) -> assertThat(shard.snapshot().reconnects()).isZero());
		assertThat(this.simulator.connections()).hasSize(SHARDS);
	}

	@Test
	void shardsStopBeforeTheirLeaseCouldExpireAndComeBackWhenRedisAnswers() {
		GatewayShardManager manager = start("--discord.gateway.identify.coordinator=redis",
				"--discord.gateway.shards.leases.ttl=3s");
		await().atMost(WAIT).until(() -> manager.shards().size() == SHARDS && allIn(manager, ShardState.READY));
		List<SimulatedConnection> connections = this.simulator.sessions()
			.stream()
			.map((session) -> session.connection().orElseThrow())
			.toList();
		this.redis.suspend();
		try {
			await().atMost(WAIT).until(() -> allIn(manager, ShardState.STANDBY));
			await().atMost(WAIT).until(() -> connections.stream().noneMatch(SimulatedConnection::isOpen));
			assertThat(manager.shards()).allSatisfy((shard) -> assertThat(shard.snapshot().owner()).isNull());
			assertThat(new DiscordGatewayHealthIndicator(manager, Duration.ofSeconds(60)).health().getStatus())
				.isEqualTo(Status.OUT_OF_SERVICE);
		}
		finally {
			this.redis.resume();
		}
		await().atMost(WAIT).until(() -> allIn(manager, ShardState.READY));
		assertThat(manager.shards())
			.allSatisfy((shard) -> assertThat(shard.snapshot().owner()).isEqualTo(manager.instanceId()));
	}

	private List<Integer> heartbeatCounts() {
		List<Integer> counts = new ArrayList<>();
		for (int shard = 0; shard < SHARDS; shard++) {
			counts.add(this.simulator.session(shard)
				.flatMap(SimulatedSession::connection)
				.map((connection) -> connection.heartbeats().size())
				.orElse(0));
		}
		return counts;
	}

	private static boolean allIn(GatewayShardManager manager, ShardState state) {
		return manager.shards().stream().map(GatewayShard::state).allMatch((current) -> current == state);
	}

	private GatewayShardManager start(String... arguments) {
		List<String> all = new ArrayList<>(List.of("--discord.gateway.token=" + TOKEN,
				"--discord.gateway.api-base-url=" + this.simulator.apiBaseUrl(),
				"--discord.gateway.shards.total=" + SHARDS,
				"--discord.gateway.identify.redis.key-prefix=" + RedisServer.uniquePrefix("hung"),
				"--discord.gateway.identify.redis.command-timeout=500ms", "--discord.gateway.identify-interval=0s",
				"--discord.gateway.shards.leases.poll-interval=200ms", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + this.redis.port(), "--discord.gateway.reconnect.initial-backoff=100ms",
				"--discord.gateway.reconnect.max-backoff=1s", "--discord.gateway.close-timeout=1s",
				"--spring.jmx.enabled=false"));
		all.addAll(List.of(arguments));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BotApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.run(all.toArray(String[]::new));
		this.contexts.add(context);
		return context.getBean(GatewayShardManager.class);
	}

	/** One instance of the bot: the starter's auto-configuration and nothing else. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BotApplication {

	}

}
