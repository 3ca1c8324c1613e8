package io.github.discordgateway.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * {@code discord.gateway.shards.total} and {@code discord.gateway.shards.ids}: typed
 * values Boot binds from the text users write.
 */
class ShardPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesOnly.class);

	@Test
	void bootBindsTheTextUsersWrite() {
		this.runner
			.withPropertyValues("discord.gateway.shards.total= 16 ", "discord.gateway.shards.ids=0-3, 8 ,10 - 11")
			.run((context) -> {
				DiscordGatewayProperties.Shards shards = context.getBean(DiscordGatewayProperties.class).getShards();
				assertThat(shards.getTotal()).isEqualTo(new ShardTotal(16));
				assertThat(shards.getIds().ids()).containsExactly(0, 1, 2, 3, 8, 10, 11);
			});
		this.runner.withPropertyValues("discord.gateway.shards.total=AUTO", "discord.gateway.shards.ids=All")
			.run((context) -> {
				DiscordGatewayProperties.Shards shards = context.getBean(DiscordGatewayProperties.class).getShards();
				assertThat(shards.getTotal()).isEqualTo(ShardTotal.AUTO);
				assertThat(shards.getIds()).isEqualTo(ShardIds.ALL);
			});
	}

	@Test
	void defaultsAreAutoAndAll() {
		this.runner.run((context) -> {
			DiscordGatewayProperties.Shards shards = context.getBean(DiscordGatewayProperties.class).getShards();
			assertThat(shards.getTotal()).isEqualTo(ShardTotal.AUTO).hasToString("auto");
			assertThat(shards.getIds()).isEqualTo(ShardIds.ALL).hasToString("all");
		});
	}

	@Test
	void totalAutoOrNumber() {
		assertThat(ShardTotal.valueOf("auto").value()).isNull();
		assertThat(ShardTotal.valueOf(" AUTO ").value()).isNull();
		assertThat(ShardTotal.valueOf("").value()).isNull();
		assertThat(ShardTotal.valueOf("1").value()).isEqualTo(1);
		assertThat(ShardTotal.valueOf(" 64 ").value()).isEqualTo(64);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"',
			value = { "abc|neither 'auto' nor a whole number", "1.5|neither 'auto' nor a whole number",
					"9999999999|neither 'auto' nor a whole number", "100001|at most 100000" })
	void unreadableTotal(String value, String reason) {
		assertThatIllegalArgumentException().isThrownBy(() -> ShardTotal.valueOf(value)).withMessageContaining(reason);
	}

	@Test
	void allIdsAndLists() {
		assertThat(ShardIds.valueOf(" All ").ids()).isNull();
		assertThat(ShardIds.valueOf("  ").ids()).isNull();
		assertThat(ShardIds.valueOf("3").ids()).containsExactly(3);
		assertThat(ShardIds.valueOf("5,2").ids()).containsExactly(5, 2);
		assertThat(ShardIds.valueOf("4-4").ids()).containsExactly(4);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"',
			value = { "x|'x' is not a shard id", "1-x|'1-x' is not a shard id", "5-|'5-' is not a shard id",
					"3-1|'3-1' ends before it starts", "-1|negative", "1--3|negative", "1,,2|empty entry",
					"1,|empty entry", "0-100000|above the supported maximum" })
	void unreadableIds(String value, String reason) {
		assertThatIllegalArgumentException().isThrownBy(() -> ShardIds.valueOf(value)).withMessageContaining(reason);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(DiscordGatewayProperties.class)
	static class PropertiesOnly {

	}

}
