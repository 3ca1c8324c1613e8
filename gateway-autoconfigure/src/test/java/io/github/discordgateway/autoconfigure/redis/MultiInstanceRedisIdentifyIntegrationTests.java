package io.github.discordgateway.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.redis.RedisIdentifyCoordinator;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.ReceivedPayload;
import io.github.discordgateway.test.redis.RedisServerExtension;
import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

/**
 * Several instances of one bot, each a separate Spring application in this JVM, run
 * disjoint shards of one {@link GatewaySimulator} that refuses an IDENTIFY arriving
 * within the identify window of its bucket. Sharing the Redis identify coordinator, they
 * must never be refused.
 */
@ExtendWith(RedisServerExtension.class)
class MultiInstanceRedisIdentifyIntegrationTests {

	private static final String TOKEN = "multi-instance-test-token";

	/**
	 * The simulator's identify window: an IDENTIFY of a bucket that arrives sooner after
	 * the last is refused.
	 */
	private static final Duration WINDOW = Duration.ofMillis(600);

	/**
	 * The instances' identify-interval: the window plus a margin for the time between the
	 * IDENTIFY leaving a client and the simulator stamping it, which on a loaded two-core
	 * CI machine reaches a few hundred milliseconds (Discord's own 5 s window sees
	 * network jitter the same way).
	 */
	private static final Duration SLOT = WINDOW.plusMillis(400);

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private GatewaySimulator simulator;

	private RedisServer redis;

	private String keyPrefix;

	@BeforeEach
	void setUp(RedisServer redis) {
		this.redis = redis;
		this.keyPrefix = RedisServer.uniquePrefix("fleet");
	}

	@AfterEach
	void tearDown() {
		Collections.reverse(this.instances);
		this.instances.forEach(ConfigurableApplicationContext::close);
		if (this.simulator != null) {
			this.simulator.close();
		}
	}

	@Test
	void threeInstancesWithListedShardIdsShareOneBucket() {
		this.simulator = simulator(6, 1);
		GatewayShardManager first = startInstance(null, "--discord.gateway.shards.total=6",
				"--discord.gateway.shards.ids=0-1");
		GatewayShardManager second = startInstance(null, "--discord.gateway.shards.total=6",
				"--discord.gateway.shards.ids=2-3");
		GatewayShardManager third = startInstance(null, "--discord.gateway.shards.total=6",
				"--discord.gateway.shards.ids=4,5");

		awaitReady(first, second, third);
		assertThat(ids(first)).containsExactly(0, 1);
		assertThat(ids(second)).containsExactly(2, 3);
		assertThat(ids(third)).containsExactly(4, 5);
		assertNoViolationAndOneIdentifyPerShard(6, 1);
	}

	@Test
	void threeInstancesSplitTheDiscoveredTotalByInstanceIndexWithTwoBuckets() {
		this.simulator = simulator(6, 2);
		List<GatewayShardManager> managers = new ArrayList<>();
		for (int index = 0; index < 3; index++) {
			managers.add(startInstance(null, "--discord.gateway.shards.total=auto",
					"--discord.gateway.shards.instance-index=" + index, "--discord.gateway.shards.instance-count=3"));
		}

		awaitReady(managers.toArray(GatewayShardManager[]::new));
		assertThat(ids(managers.get(0))).containsExactly(0, 1);
		assertThat(ids(managers.get(1))).containsExactly(2, 3);
		assertThat(ids(managers.get(2))).containsExactly(4, 5);
		assertThat(managers).allSatisfy((manager) -> assertThat(manager.shardTotal()).isEqualTo(6));
		assertNoViolationAndOneIdentifyPerShard(6, 2);
	}

	@Test
	void instanceKilledWhileHoldingASlotDoesNotBlockTheOthers() throws Exception {
		this.simulator = simulator(6, 1);
		GatewayShardManager first = startInstance(null, "--discord.gateway.shards.total=6",
				"--discord.gateway.shards.ids=0-1");
		GatewayShardManager second = startInstance(null, "--discord.gateway.shards.total=6",
				"--discord.gateway.shards.ids=2-3");
		// The third instance dies right after its first IDENTIFY, while its slot is still
		// running.
		CompletableFuture<Instant> identified = new CompletableFuture<>();
		GatewayObserver killSwitch = new GatewayObserver() {
			@Override
			public void sessionStarted(int shardId, boolean resumed) {
				identified.complete(Instant.now());
			}
		};
		startInstance((context) -> context.getBeanFactory().registerSingleton("killSwitch", killSwitch),
				"--discord.gateway.shards.total=6", "--discord.gateway.shards.ids=4-5");
		ConfigurableApplicationContext victim = this.instances.get(2);
		Instant identifiedAt = identified.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		victim.close();
		this.instances.remove(victim);
		Duration killedAfter = Duration.between(identifiedAt, Instant.now());

		awaitReady(first, second);
		assertThat(this.simulator.identifyViolations())
			.as("identify violations (instance killed %s ms after its IDENTIFY)", killedAfter.toMillis())
			.isZero();

		// A replacement of the dead instance takes over its shards.
		GatewayShardManager replacement = startInstance(null, "--discord.gateway.shards.total=6",
				"--discord.gateway.shards.ids=4-5");
		awaitReady(first, second, replacement);
		assertThat(this.simulator.identifyViolations()).isZero();
		assertSpacing(this.simulator.identifies(), 1);
	}

	@Test
	void withoutTheSharedCoordinatorTheSameInstancesAreRefused() {
		// The control experiment: the same fleet, each instance spacing only its own
		// IDENTIFYs.
		this.simulator = simulator(6, 1);
		for (String ids : List.of("0-1", "2-3", "4-5")) {
			startInstance(null, "--discord.gateway.identify.coordinator=local", "--discord.gateway.shards.total=6",
					"--discord.gateway.shards.ids=" + ids);
		}
		await().atMost(TIMEOUT).until(() -> this.simulator.identifyViolations() > 0);
	}

	private GatewaySimulator simulator(int shards, int maxConcurrency) {
		return GatewaySimulator.builder()
			.token(TOKEN)
			.shards(shards)
			.maxConcurrency(maxConcurrency)
			.identifyWindow(WINDOW)
			.build()
			.start();
	}

	private GatewayShardManager startInstance(ApplicationContextInitializer<ConfigurableApplicationContext> initializer,
			String... shardArguments) {
		List<String> arguments = new ArrayList<>(List.of("--discord.gateway.token=" + TOKEN,
				"--discord.gateway.api-base-url=" + this.simulator.apiBaseUrl(),
				"--discord.gateway.identify-interval=" + SLOT.toMillis() + "ms",
				"--discord.gateway.identify.redis.key-prefix=" + this.keyPrefix, "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + this.redis.port(), "--discord.gateway.reconnect.initial-backoff=100ms",
				"--discord.gateway.reconnect.max-backoff=1s", "--discord.gateway.close-timeout=2s",
				"--spring.jmx.enabled=false", "--logging.level.io.github.discordgateway.autoconfigure.redis=debug"));
		if (List.of(shardArguments).stream().noneMatch((argument) -> argument.contains(".identify.coordinator="))) {
			arguments.add("--discord.gateway.identify.coordinator=redis");
		}
		arguments.addAll(List.of(shardArguments));
		SpringApplicationBuilder builder = new SpringApplicationBuilder(BotApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false);
		if (initializer != null) {
			builder.initializers(initializer);
		}
		ConfigurableApplicationContext context = builder.run(arguments.toArray(String[]::new));
		this.instances.add(context);
		context.getBeanProvider(RedisIdentifyCoordinator.class)
			.ifAvailable((coordinator) -> assertThat(coordinator.slotKey(1, 0))
				.startsWith("{" + this.keyPrefix + ":identify}"));
		return context.getBean(GatewayShardManager.class);
	}

	private static void awaitReady(GatewayShardManager... managers) {
		await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			for (GatewayShardManager manager : managers) {
				assertThat(manager.startupFailure()).isNull();
				assertThat(manager.shards()).isNotEmpty()
					.allSatisfy((shard) -> assertThat(shard.state()).as("shard %d", shard.id())
						.isEqualTo(ShardState.READY));
			}
		});
	}

	private void assertNoViolationAndOneIdentifyPerShard(int shards, int maxConcurrency) {
		assertThat(this.simulator.identifyViolations()).isZero();
		List<ReceivedPayload> identifies = this.simulator.identifies();
		assertThat(identifies).extracting((identify) -> identify.d().path("shard").get(0).asInt())
			.containsExactlyInAnyOrderElementsOf(IntStream.range(0, shards).boxed().toList());
		assertThat(this.simulator.sessions()).hasSize(shards);
		assertSpacing(identifies, maxConcurrency);
	}

	/**
	 * Identifies of one bucket arrived at least a window apart (what the simulator
	 * enforces, shown directly).
	 */
	private static void assertSpacing(List<ReceivedPayload> identifies, int maxConcurrency) {
		for (int bucket = 0; bucket < maxConcurrency; bucket++) {
			int key = bucket;
			List<Instant> arrivals = identifies.stream()
				.filter((identify) -> identify.d().path("shard").get(0).asInt() % maxConcurrency == key)
				.map(ReceivedPayload::receivedAt)
				.sorted()
				.toList();
			for (int i = 1; i < arrivals.size(); i++) {
				assertThat(Duration.between(arrivals.get(i - 1), arrivals.get(i)))
					.as("bucket %d, identifies %d and %d", bucket, i - 1, i)
					.isGreaterThanOrEqualTo(WINDOW.minusMillis(50));
			}
		}
	}

	private static List<Integer> ids(GatewayShardManager manager) {
		return manager.shards().stream().map(GatewayShard::id).toList();
	}

	/** One instance of the bot: the starter's auto-configuration and nothing else. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BotApplication {

	}

}
