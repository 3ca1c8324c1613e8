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
import java.util.concurrent.TimeUnit;

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
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.discordgateway.autoconfigure.endpoint.GatewayEndpoint;
import io.github.discordgateway.autoconfigure.endpoint.GatewayEndpoint.GatewayDescriptor;
import io.github.discordgateway.autoconfigure.health.DiscordGatewayHealthIndicator;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;
import io.github.discordgateway.test.redis.RedisServerExtension;
import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

/**
 * Two instances of one bot configured for the same shard ids, sharing Redis (coordinator,
 * leases on by default, session store): the second waits as a hot standby and says so, a
 * rolling restart hands the shards over without a new IDENTIFY, and a shard whose lease
 * is taken stops at once.
 */
@ExtendWith(RedisServerExtension.class)
class ShardLeaseStandbyIntegrationTests {

	private static final String TOKEN = "lease-standby-test-token";

	private static final int SHARDS = 4;

	/**
	 * Long enough that a handover waiting for expiry instead of a release would be seen.
	 */
	private static final Duration LEASE_TTL = Duration.ofSeconds(9);

	private static final Duration POLL = Duration.ofMillis(200);

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final Map<Integer, Set<Long>> delivered = new ConcurrentHashMap<>();

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private RedisServer redis;

	private String keyPrefix;

	private GatewaySimulator simulator;

	@BeforeEach
	void setUp(RedisServer redis) {
		this.redis = redis;
		this.keyPrefix = RedisServer.uniquePrefix("standby");
		this.simulator = GatewaySimulator.builder()
			.token(TOKEN)
			.shards(SHARDS)
			.guilds(16)
			.identifyWindow(Duration.ZERO)
			.heartbeatInterval(Duration.ofSeconds(1))
			.replayBufferSize(100_000)
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
	void secondInstanceStandsByAndARollingRestartHandsOverWithoutIdentifying() {
		ConfigurableApplicationContext first = start();
		GatewayShardManager owner = first.getBean(GatewayShardManager.class);
		await().atMost(WAIT)
			.until(() -> states(owner)
				.equals(List.of(ShardState.READY, ShardState.READY, ShardState.READY, ShardState.READY)));
		GatewayShardManager standby = start().getBean(GatewayShardManager.class);
		await().atMost(WAIT).untilAsserted(() -> assertThat(standby.shards()).hasSize(SHARDS).allSatisfy((shard) -> {
			assertThat(shard.state()).isEqualTo(ShardState.STANDBY);
			assertThat(shard.snapshot().owner()).isEqualTo(owner.instanceId());
		}));
		assertThat(standby.instanceId()).isNotEqualTo(owner.instanceId()).doesNotContain(TOKEN);

		Health health = new DiscordGatewayHealthIndicator(standby, Duration.ofSeconds(60)).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("instanceId", standby.instanceId())
			.containsEntry("standby", List.of(0, 1, 2, 3))
			.containsEntry("connected", "0/4");
		assertThat(health.getDetails().get("shards")).asString()
			.contains("owner=" + owner.instanceId(), "state=STANDBY");
		GatewayDescriptor endpoint = new GatewayEndpoint(standby).gateway();
		assertThat(endpoint.instanceId()).isEqualTo(standby.instanceId());
		assertThat(endpoint.standbyShards()).containsExactly(0, 1, 2, 3);
		assertThat(endpoint.shards()).allSatisfy((shard) -> {
			assertThat(shard.state()).isEqualTo("STANDBY");
			assertThat(shard.owner()).isEqualTo(owner.instanceId());
		});
		assertThat(new GatewayEndpoint(owner).gateway().shards())
			.allSatisfy((shard) -> assertThat(shard.owner()).isEqualTo(owner.instanceId()));

		this.simulator.startTraffic(500, "MESSAGE_CREATE");
		await().atMost(WAIT).until(() -> total() > 200);
		// Rolling restart: the old instance stops gracefully; it saves its sessions and
		// releases its leases.
		first.close();
		this.contexts.remove(first);
		// Well before the leases could have expired: the standby saw them released.
		await().atMost(LEASE_TTL.dividedBy(2))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> states(standby).stream().allMatch((state) -> state == ShardState.READY));
		int afterHandover = total();
		await().atMost(WAIT).until(() -> total() > afterHandover + 200);
		this.simulator.stopTraffic();

		assertThat(this.simulator.identifies()).hasSize(SHARDS);
		assertThat(this.simulator.sessions()).hasSize(SHARDS)
			.allSatisfy((session) -> assertThat(session.resumeCount()).isEqualTo(1));
		assertThat(standby.shards())
			.allSatisfy((shard) -> assertThat(shard.snapshot().owner()).isEqualTo(standby.instanceId()));
		assertThat(new DiscordGatewayHealthIndicator(standby, Duration.ofSeconds(60)).health().getStatus())
			.isEqualTo(Status.UP);
		await().atMost(WAIT)
			.untilAsserted(() -> DeliveryRecorder.assertEverySequenceDelivered(this.delivered, this.simulator));
	}

	@Test
	void shardWhoseLeaseIsTakenStopsAtOnceAndComesBackWhenItIsFree() {
		GatewayShardManager manager = start().getBean(GatewayShardManager.class);
		await().atMost(WAIT).until(() -> states(manager).stream().allMatch((state) -> state == ShardState.READY));
		SimulatedConnection shardOne = this.simulator.session(1).flatMap(SimulatedSession::connection).orElseThrow();
		LettuceConnectionFactory connectionFactory = this.redis.connectionFactory();
		try {
			StringRedisTemplate redisTemplate = new StringRedisTemplate(connectionFactory);
			String lease = this.keyPrefix + ":lease:" + SHARDS + ":1";
			assertThat(redisTemplate.opsForValue().get(lease)).isEqualTo(manager.instanceId());
			redisTemplate.opsForValue().set(lease, "intruder", 60, TimeUnit.SECONDS);

			await().atMost(LEASE_TTL).untilAsserted(() -> {
				assertThat(manager.shard(1).state()).isEqualTo(ShardState.STANDBY);
				assertThat(manager.shard(1).snapshot().owner()).isEqualTo("intruder");
			});
			await().atMost(WAIT).until(() -> !shardOne.isOpen());
			assertThat(shardOne.clientCloseCode().orElse(-1)).isNotIn(1000, 1001);
			assertThat(manager.shards()).filteredOn((shard) -> shard.id() != 1)
				.allSatisfy((shard) -> assertThat(shard.state()).isEqualTo(ShardState.READY));

			redisTemplate.delete(lease);
			await().atMost(WAIT).until(() -> manager.shard(1).state() == ShardState.READY);
			assertThat(manager.shard(1).snapshot().owner()).isEqualTo(manager.instanceId());
		}
		finally {
			connectionFactory.destroy();
		}
	}

	private ConfigurableApplicationContext start() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BotApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.initializers(
					(ctx) -> ctx.getBeanFactory().registerSingleton("recorder", new DeliveryRecorder(this.delivered)))
			.run("--discord.gateway.token=" + TOKEN, "--discord.gateway.api-base-url=" + this.simulator.apiBaseUrl(),
					"--discord.gateway.shards.total=" + SHARDS, "--discord.gateway.identify.coordinator=redis",
					"--discord.gateway.session-store=redis",
					"--discord.gateway.identify.redis.key-prefix=" + this.keyPrefix,
					"--discord.gateway.identify-interval=0s",
					"--discord.gateway.shards.leases.ttl=" + LEASE_TTL.toMillis() + "ms",
					"--discord.gateway.shards.leases.poll-interval=" + POLL.toMillis() + "ms",
					"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + this.redis.port(),
					"--discord.gateway.reconnect.initial-backoff=100ms", "--discord.gateway.reconnect.max-backoff=1s",
					"--discord.gateway.close-timeout=2s", "--spring.jmx.enabled=false");
		this.contexts.add(context);
		return context;
	}

	private int total() {
		return DeliveryRecorder.total(this.delivered);
	}

	private static List<ShardState> states(GatewayShardManager manager) {
		return manager.shards().stream().map(GatewayShard::state).toList();
	}

	/** One instance of the bot: the starter's auto-configuration and nothing else. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BotApplication {

	}

}
