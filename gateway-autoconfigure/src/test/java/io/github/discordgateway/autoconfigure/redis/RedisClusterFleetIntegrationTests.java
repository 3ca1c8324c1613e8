package io.github.discordgateway.autoconfigure.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.redis.RedisIdentifyCoordinator;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.redis.RedisCluster;
import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet on a Redis Cluster of three masters, configured as Spring Boot configures one
 * ({@code spring.data.redis.cluster.nodes}): two instances of one bot share the identify
 * slots and budget, the shard leases and the saved sessions through the cluster. The
 * first runs every shard, identifying one bucket at a time; the second stands by; a
 * rolling restart hands the shards over by resuming.
 */
class RedisClusterFleetIntegrationTests {

	private static final String TOKEN = "cluster-fleet-test-token";

	private static final int SHARDS = 4;

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static RedisCluster cluster;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private String keyPrefix;

	private GatewaySimulator simulator;

	@BeforeAll
	static void startCluster() {
		cluster = RedisCluster.start();
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@BeforeEach
	void setUp() {
		this.keyPrefix = RedisServer.uniquePrefix("cluster-fleet");
		// Discord's rule, scaled down: one IDENTIFY per bucket within 800 ms; the
		// instances keep 1 s apart through the cluster.
		this.simulator = GatewaySimulator.builder()
			.token(TOKEN)
			.shards(SHARDS)
			.identifyWindow(Duration.ofMillis(800))
			.heartbeatInterval(Duration.ofSeconds(1))
			.build()
			.start();
	}

	@AfterEach
	void tearDown() {
		List<ConfigurableApplicationContext> closing = new ArrayList<>(this.contexts);
		Collections.reverse(closing);
		closing.forEach(ConfigurableApplicationContext::close);
		this.simulator.close();
	}

	@Test
	void twoInstancesShareSlotsLeasesAndSessionsThroughTheCluster() {
		ConfigurableApplicationContext first = start();
		GatewayShardManager owner = first.getBean(GatewayShardManager.class);
		await().atMost(WAIT).until(() -> allIn(owner, ShardState.READY));
		GatewayShardManager standby = start().getBean(GatewayShardManager.class);
		await().atMost(WAIT).untilAsserted(() -> assertThat(standby.shards()).hasSize(SHARDS).allSatisfy((shard) -> {
			assertThat(shard.state()).isEqualTo(ShardState.STANDBY);
			assertThat(shard.snapshot().owner()).isEqualTo(owner.instanceId());
		}));
		assertThat(this.simulator.identifies()).hasSize(SHARDS);
		assertThat(this.simulator.bucketViolations()).isEmpty();
		RedisIdentifyCoordinator coordinator = first.getBean(RedisIdentifyCoordinator.class);
		assertThat(coordinator.budgetKey()).startsWith("{" + this.keyPrefix + ":identify}");

		// Rolling restart: the owner saves its sessions in the cluster and releases its
		// leases; the standby takes both.
		first.close();
		this.contexts.remove(first);
		await().atMost(WAIT).until(() -> allIn(standby, ShardState.READY));
		assertThat(this.simulator.identifies()).hasSize(SHARDS);
		assertThat(this.simulator.sessions()).hasSize(SHARDS)
			.allSatisfy((session) -> assertThat(session.resumeCount()).isEqualTo(1));
		assertThat(standby.shards())
			.allSatisfy((shard) -> assertThat(shard.snapshot().owner()).isEqualTo(standby.instanceId()));
	}

	private ConfigurableApplicationContext start() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BotApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.run("--discord.gateway.token=" + TOKEN, "--discord.gateway.api-base-url=" + this.simulator.apiBaseUrl(),
					"--discord.gateway.shards.total=" + SHARDS, "--discord.gateway.identify.coordinator=redis",
					"--discord.gateway.session-store=redis",
					"--discord.gateway.identify.redis.key-prefix=" + this.keyPrefix,
					"--discord.gateway.identify-interval=1s", "--discord.gateway.shards.leases.ttl=9s",
					"--discord.gateway.shards.leases.poll-interval=200ms",
					"--spring.data.redis.cluster.nodes=" + cluster.nodes(),
					"--discord.gateway.reconnect.initial-backoff=100ms", "--discord.gateway.reconnect.max-backoff=1s",
					"--discord.gateway.close-timeout=2s", "--spring.jmx.enabled=false");
		this.contexts.add(context);
		return context;
	}

	private static boolean allIn(GatewayShardManager manager, ShardState state) {
		return manager.shards().size() == SHARDS
				&& manager.shards().stream().map(GatewayShard::state).allMatch((current) -> current == state);
	}

	/** One instance of the bot: the starter's auto-configuration and nothing else. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BotApplication {

	}

}
