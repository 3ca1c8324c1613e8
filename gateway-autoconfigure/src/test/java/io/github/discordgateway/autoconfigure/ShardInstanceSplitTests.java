package io.github.discordgateway.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.test.GatewaySimulator;

/**
 * {@code discord.gateway.shards.instance-index} / {@code instance-count}: contiguous
 * ranges of the total.
 */
class ShardInstanceSplitTests {

	private static final String TOKEN = "split-test-token";

	@Test
	void rangesAreContiguousAndCoverEveryIdOnce() {
		for (int total = 1; total <= 40; total++) {
			for (int count = 1; count <= total; count++) {
				List<Integer> all = new ArrayList<>();
				for (int index = 0; index < count; index++) {
					List<Integer> ids = GatewayOptions.instanceShardIds(total, index, count);
					assertThat(ids).isNotEmpty();
					assertThat(ids.get(0)).isEqualTo(index * total / count);
					assertThat(ids.get(ids.size() - 1) - ids.get(0)).isEqualTo(ids.size() - 1);
					assertThat(ids.size()).isBetween(total / count, total / count + 1);
					all.addAll(ids);
				}
				assertThat(all).as("total %d, count %d", total, count)
					.isEqualTo(GatewayOptions.instanceShardIds(total, 0, 1));
			}
		}
		assertThat(GatewayOptions.instanceShardIds(10, 0, 3)).containsExactly(0, 1, 2);
		assertThat(GatewayOptions.instanceShardIds(10, 1, 3)).containsExactly(3, 4, 5);
		assertThat(GatewayOptions.instanceShardIds(10, 2, 3)).containsExactly(6, 7, 8, 9);
		// More instances than shards: some get none (the options refuse that when the
		// total is known).
		assertThat(GatewayOptions.instanceShardIds(2, 0, 3)).isEmpty();
		assertThat(GatewayOptions.instanceShardIds(2, 2, 3)).containsExactly(1);
	}

	@Test
	void propertiesBecomeTheInstanceShare() {
		DiscordGatewayProperties properties = properties("16", null, 2, 4);
		GatewayOptions options = GatewayOptionsFactory.create(properties);
		assertThat(options.instanceIndex()).isEqualTo(2);
		assertThat(options.instanceCount()).isEqualTo(4);
		assertThat(options.shardIds()).isNull();
		assertThat(options.resolveShardIds(16)).containsExactly(8, 9, 10, 11);
		assertThat(options.toString()).contains("instance=2/4").doesNotContain(TOKEN);
	}

	@Test
	void withoutInstancePropertiesEveryShardOrTheListedOnes() {
		GatewayOptions all = GatewayOptionsFactory.create(properties("4", null, null, null));
		assertThat(all.instanceCount()).isNull();
		assertThat(all.resolveShardIds(4)).containsExactly(0, 1, 2, 3);
		GatewayOptions listed = GatewayOptionsFactory.create(properties("4", "3,1", null, null));
		assertThat(listed.resolveShardIds(4)).containsExactly(3, 1);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "auto|-|1|-|discord.gateway.shards.instance-count|must be set when",
					"auto|-|-|2|discord.gateway.shards.instance-index|must be set when",
					"8|0-3|0|2|discord.gateway.shards.ids|cannot be combined with",
					"8|-|0|0|discord.gateway.shards.instance-count|must be at least 1",
					"8|-|2|2|discord.gateway.shards.instance-index|must be between 0 and 1",
					"8|-|-1|2|discord.gateway.shards.instance-index|must be between 0 and 1",
					"2|-|0|3|discord.gateway.shards.instance-count|3 is above the shard total 2" })
	void invalidCombinationsNameTheProperty(String total, String ids, String index, String count, String property,
			String reason) {
		DiscordGatewayProperties properties = properties(total, "-".equals(ids) ? null : ids,
				"-".equals(index) ? null : Integer.valueOf(index), "-".equals(count) ? null : Integer.valueOf(count));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> GatewayOptionsFactory.create(properties))
			.satisfies((ex) -> {
				assertThat(ex.getName()).isEqualTo(property);
				assertThat(ex.getReason()).contains(reason);
				assertThat(ex.getMessage()).doesNotContain(TOKEN);
			});
	}

	@Test
	void autoTotalIsSplitAfterDiscovery() {
		try (GatewaySimulator simulator = GatewaySimulator.builder()
			.token(TOKEN)
			.shards(5)
			.maxConcurrency(5)
			.identifyWindow(Duration.ZERO)
			.build()
			.start()) {
			runner(simulator)
				.withPropertyValues("discord.gateway.shards.instance-index=1",
						"discord.gateway.shards.instance-count=2")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					GatewayShardManager manager = context.getBean(GatewayShardManager.class);
					await().atMost(Duration.ofSeconds(20))
						.until(() -> manager.shards().size() == 3
								&& manager.shards().stream().allMatch((shard) -> shard.state() == ShardState.READY));
					assertThat(manager.shardTotal()).isEqualTo(5);
					assertThat(manager.shards()).extracting(GatewayShard::id).containsExactly(2, 3, 4);
					assertThat(simulator.sessions())
						.allSatisfy((session) -> assertThat(session.shardCount()).isEqualTo(5));
				});
		}
	}

	@Test
	void autoTotalBelowTheInstanceCountIsAStartupFailure() {
		try (GatewaySimulator simulator = GatewaySimulator.builder()
			.token(TOKEN)
			.shards(2)
			.identifyWindow(Duration.ZERO)
			.build()
			.start()) {
			runner(simulator)
				.withPropertyValues("discord.gateway.shards.instance-index=0",
						"discord.gateway.shards.instance-count=3")
				.run((context) -> {
					GatewayShardManager manager = context.getBean(GatewayShardManager.class);
					assertThat(manager.shards()).isEmpty();
					assertThat(manager.startupFailure())
						.isEqualTo("Instance 0 of 3 has no shard to run: the shard total 2 "
								+ "recommended by Discord (GET /gateway/bot) is below the instance count; "
								+ "configure the shard total explicitly or run fewer instances");
				});
		}
	}

	@Test
	void shardIdsAboveTheDiscoveredTotalAreAStartupFailure() {
		try (GatewaySimulator simulator = GatewaySimulator.builder()
			.token(TOKEN)
			.shards(2)
			.identifyWindow(Duration.ZERO)
			.build()
			.start()) {
			runner(simulator).withPropertyValues("discord.gateway.shards.ids=1-3").run((context) -> {
				GatewayShardManager manager = context.getBean(GatewayShardManager.class);
				assertThat(manager.shards()).isEmpty();
				assertThat(manager.startupFailure()).isEqualTo("Configured shard id 2 is not below the shard total 2 "
						+ "recommended by Discord (GET /gateway/bot) (ids run from 0 to 1); "
						+ "configure the shard total explicitly or change the shard ids");
			});
		}
	}

	private static ApplicationContextRunner runner(GatewaySimulator simulator) {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DiscordGatewayAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
			.withPropertyValues("discord.gateway.token=" + TOKEN,
					"discord.gateway.api-base-url=" + simulator.apiBaseUrl(), "discord.gateway.identify-interval=0s",
					"discord.gateway.close-timeout=1s");
	}

	private static DiscordGatewayProperties properties(String total, String ids, Integer index, Integer count) {
		DiscordGatewayProperties properties = new DiscordGatewayProperties();
		properties.setToken(TOKEN);
		properties.getShards().setTotal(ShardTotal.valueOf(total));
		if (ids != null) {
			properties.getShards().setIds(ShardIds.valueOf(ids));
		}
		properties.getShards().setInstanceIndex(index);
		properties.getShards().setInstanceCount(count);
		return properties;
	}

}
