package io.github.discordgateway.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.discordgateway.autoconfigure.DiscordGatewayAutoConfiguration;
import io.github.discordgateway.core.IdentifyCoordinator;
import io.github.discordgateway.core.IdentifySlot;
import io.github.discordgateway.core.ShardLeaseManager;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.redis.RedisIdentifyCoordinator;
import io.github.discordgateway.redis.RedisShardLeaseManager;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.redis.RedisServerExtension;
import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

/**
 * When {@code discord.gateway.identify.coordinator=redis} gives the shard manager a Redis
 * coordinator.
 */
@ExtendWith(RedisServerExtension.class)
class DiscordGatewayRedisAutoConfigurationTests {

	private static final String TOKEN = "redis-autoconfig-test-token";

	/**
	 * A gateway that never answers, with a long backoff: the manager starts but stays
	 * quiet.
	 */
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataRedisAutoConfiguration.class, DiscordGatewayRedisAutoConfiguration.class,
						DiscordGatewayAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("discord.gateway.token=" + TOKEN, "discord.gateway.url=ws://127.0.0.1:1",
				"discord.gateway.shards.total=1", "discord.gateway.reconnect.initial-backoff=30s",
				"discord.gateway.reconnect.max-backoff=60s");

	@Test
	void redisCoordinatorWhenRequestedAndRedisIsConfigured(RedisServer redis) {
		this.runner
			.withPropertyValues("discord.gateway.identify.coordinator=redis", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + redis.port(), "discord.gateway.identify.redis.key-prefix=my-bot",
					"discord.gateway.identify-interval=3s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RedisIdentifyCoordinator coordinator = context.getBean(RedisIdentifyCoordinator.class);
				assertThat(context.getBean(IdentifyCoordinator.class)).isSameAs(coordinator);
				assertThat(coordinator.slotKey(1, 0)).isEqualTo("{my-bot:identify}:1:0");
				assertThat(coordinator.interval()).isEqualTo(Duration.ofSeconds(3));
			});
	}

	@Test
	void inProcessCoordinatorByDefault(RedisServer redis) {
		this.runner.withPropertyValues("spring.data.redis.port=" + redis.port()).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(IdentifyCoordinator.class);
			assertThat(context).hasSingleBean(GatewayShardManager.class);
		});
		this.runner
			.withPropertyValues("discord.gateway.identify.coordinator=local", "spring.data.redis.port=" + redis.port())
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IdentifyCoordinator.class));
	}

	@Test
	void redisWithoutConnectionFactoryFailsNamingTheProperty() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DiscordGatewayRedisAutoConfiguration.class,
					DiscordGatewayAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
			.withPropertyValues("discord.gateway.token=" + TOKEN, "discord.gateway.url=ws://127.0.0.1:1",
					"discord.gateway.shards.total=1", "discord.gateway.identify.coordinator=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("discord.gateway.identify.coordinator")
				.hasMessageContaining("RedisConnectionFactory")
				.hasMessageNotContaining(TOKEN));
	}

	@Test
	void redisWithoutSpringDataRedisFailsNamingTheProperty() {
		this.runner.withPropertyValues("discord.gateway.identify.coordinator=redis")
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("discord.gateway.identify.coordinator")
				.hasMessageNotContaining(TOKEN));
	}

	@Test
	void blankKeyPrefixIsRejected(RedisServer redis) {
		this.runner
			.withPropertyValues("discord.gateway.identify.coordinator=redis", "spring.data.redis.port=" + redis.port(),
					"discord.gateway.identify.redis.key-prefix= ")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("discord.gateway.identify.redis.key-prefix"));
	}

	@Test
	void noCoordinatorWhenTheGatewayIsDisabled(RedisServer redis) {
		this.runner
			.withPropertyValues("discord.gateway.enabled=false", "discord.gateway.identify.coordinator=redis",
					"spring.data.redis.port=" + redis.port())
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IdentifyCoordinator.class));
	}

	@Test
	void backsOffForTheApplicationsCoordinatorWhichTheManagerUses(RedisServer redis) {
		try (GatewaySimulator simulator = GatewaySimulator.builder()
			.token(TOKEN)
			.shards(2)
			.identifyWindow(Duration.ZERO)
			.build()
			.start()) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
						DiscordGatewayRedisAutoConfiguration.class, DiscordGatewayAutoConfiguration.class,
						TaskSchedulingAutoConfiguration.class))
				.withUserConfiguration(RecordingCoordinatorConfiguration.class)
				.withPropertyValues("discord.gateway.token=" + TOKEN,
						"discord.gateway.api-base-url=" + simulator.apiBaseUrl(),
						"discord.gateway.identify.coordinator=redis", "spring.data.redis.port=" + redis.port(),
						"discord.gateway.close-timeout=1s")
				.run((context) -> {
					assertThat(context).hasNotFailed().doesNotHaveBean(RedisIdentifyCoordinator.class);
					RecordingCoordinator coordinator = context.getBean(RecordingCoordinator.class);
					GatewayShardManager manager = context.getBean(GatewayShardManager.class);
					await().atMost(Duration.ofSeconds(20))
						.until(() -> manager.shards().size() == 2
								&& manager.shards().stream().allMatch((shard) -> shard.state() == ShardState.READY));
					assertThat(coordinator.shardIds).containsExactlyInAnyOrder(0, 1);
				});
		}
	}

	@Test
	void shardLeasesAreOnByDefaultWithTheRedisCoordinator(RedisServer redis) {
		String prefix = RedisServer.uniquePrefix("leases");
		this.runner
			.withPropertyValues("discord.gateway.identify.coordinator=redis", "spring.data.redis.port=" + redis.port(),
					"discord.gateway.identify.redis.key-prefix=" + prefix, "discord.gateway.shards.leases.ttl=6s",
					"discord.gateway.shards.leases.poll-interval=1s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RedisShardLeaseManager leases = context.getBean(RedisShardLeaseManager.class);
				assertThat(context.getBean(ShardLeaseManager.class)).isSameAs(leases);
				assertThat(leases.ttl()).isEqualTo(Duration.ofSeconds(6));
				assertThat(leases.pollInterval()).isEqualTo(Duration.ofSeconds(1));
				assertThat(leases.leaseKey(3, 8)).isEqualTo(prefix + ":lease:8:3");
				GatewayShardManager manager = context.getBean(GatewayShardManager.class);
				assertThat(manager.instanceId()).isEqualTo(leases.instanceId()).doesNotContain(TOKEN);
				// The manager holds the lease of its shard before it connects.
				StringRedisTemplate redisTemplate = new StringRedisTemplate(
						context.getBean(RedisConnectionFactory.class));
				await().atMost(Duration.ofSeconds(20))
					.until(() -> leases.instanceId().equals(redisTemplate.opsForValue().get(prefix + ":lease:1:0")));
			});
	}

	@Test
	void shardLeasesCanBeTurnedOff(RedisServer redis) {
		this.runner
			.withPropertyValues("discord.gateway.identify.coordinator=redis", "spring.data.redis.port=" + redis.port(),
					"discord.gateway.shards.leases.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(RedisIdentifyCoordinator.class)
					.doesNotHaveBean(ShardLeaseManager.class);
				assertThat(context.getBean(GatewayShardManager.class).instanceId()).isNull();
			});
	}

	@Test
	void noShardLeasesWithTheLocalCoordinator(RedisServer redis) {
		this.runner
			.withPropertyValues("spring.data.redis.port=" + redis.port(), "discord.gateway.shards.leases.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ShardLeaseManager.class));
	}

	@Test
	void shardLeasesWithoutRedisFailNamingTheProperty() {
		// The application brings its own coordinator, but leases still need Redis.
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DiscordGatewayRedisAutoConfiguration.class,
					DiscordGatewayAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
			.withUserConfiguration(RecordingCoordinatorConfiguration.class)
			.withPropertyValues("discord.gateway.token=" + TOKEN, "discord.gateway.url=ws://127.0.0.1:1",
					"discord.gateway.shards.total=1", "discord.gateway.identify.coordinator=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("discord.gateway.shards.leases.enabled")
				.hasMessageContaining("RedisConnectionFactory")
				.hasMessageNotContaining(TOKEN));
	}

	@Test
	void leaseTimingsAreChecked(RedisServer redis) {
		ApplicationContextRunner withRedis = this.runner
			.withPropertyValues("discord.gateway.identify.coordinator=redis", "spring.data.redis.port=" + redis.port());
		withRedis.withPropertyValues("discord.gateway.shards.leases.ttl=10ms")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("discord.gateway.shards.leases.ttl"));
		withRedis.withPropertyValues("discord.gateway.shards.leases.poll-interval=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("discord.gateway.shards.leases.poll-interval"));
		withRedis
			.withPropertyValues("discord.gateway.shards.leases.ttl=3s",
					"discord.gateway.identify.redis.command-timeout=1500ms")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("discord.gateway.identify.redis.command-timeout")
				.hasMessageContaining("discord.gateway.shards.leases.ttl"));
		withRedis.withPropertyValues("discord.gateway.identify.redis.command-timeout=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("discord.gateway.identify.redis.command-timeout"));
	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingCoordinatorConfiguration {

		@Bean
		RecordingCoordinator recordingCoordinator() {
			return new RecordingCoordinator();
		}

	}

	static class RecordingCoordinator implements IdentifyCoordinator {

		final List<Integer> shardIds = new CopyOnWriteArrayList<>();

		@Override
		public CompletableFuture<IdentifySlot> acquire(int shardId, int maxConcurrency) {
			this.shardIds.add(shardId);
			return CompletableFuture.completedFuture(new IdentifySlot() {

				@Override
				public void identifySent(Instant writtenAt) {
				}

				@Override
				public void release() {
				}

			});
		}

	}

}
