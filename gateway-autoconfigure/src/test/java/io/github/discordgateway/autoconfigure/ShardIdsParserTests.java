package io.github.discordgateway.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShardIdsParserTests {

	@Test
	void totalAutoOrNumber() {
		assertThat(ShardIdsParser.parseTotal("auto")).isNull();
		assertThat(ShardIdsParser.parseTotal(" AUTO ")).isNull();
		assertThat(ShardIdsParser.parseTotal(null)).isNull();
		assertThat(ShardIdsParser.parseTotal("")).isNull();
		assertThat(ShardIdsParser.parseTotal("1")).isEqualTo(1);
		assertThat(ShardIdsParser.parseTotal(" 64 ")).isEqualTo(64);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"',
			value = { "0|at least 1", "-2|at least 1", "abc|neither 'auto' nor a whole number",
					"1.5|neither 'auto' nor a whole number", "9999999999|neither 'auto' nor a whole number",
					"100001|at most 100000" })
	void invalidTotal(String value, String reason) {
		assertThatExceptionOfType(InvalidGatewayPropertyException.class)
			.isThrownBy(() -> ShardIdsParser.parseTotal(value))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("discord.gateway.shards.total");
				assertThat(ex.getReason()).contains(reason);
				assertThat(ex.getMessage()).contains("discord.gateway.shards.total");
			});
	}

	@Test
	void allIdsAndLists() {
		assertThat(ShardIdsParser.parseIds("all", 4)).isNull();
		assertThat(ShardIdsParser.parseIds(" All ", null)).isNull();
		assertThat(ShardIdsParser.parseIds(null, null)).isNull();
		assertThat(ShardIdsParser.parseIds("  ", null)).isNull();
		assertThat(ShardIdsParser.parseIds("3", 4)).containsExactly(3);
		assertThat(ShardIdsParser.parseIds("0-3, 8 ,10 - 11", 16)).containsExactly(0, 1, 2, 3, 8, 10, 11);
		assertThat(ShardIdsParser.parseIds("5,2", null)).containsExactly(5, 2);
		assertThat(ShardIdsParser.parseIds("4-4", null)).containsExactly(4);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = { "0-16|shard id 16 is not below the shard total 16",
			"20|shard id 20 is not below the shard total 16", "1,1|shard id 1 is listed more than once",
			"0-3,2|shard id 2 is listed more than once", "x|'x' is not a shard id", "1-x|'1-x' is not a shard id",
			"5-|'5-' is not a shard id", "3-1|'3-1' ends before it starts", "-1|negative", "1--3|negative",
			"1,,2|empty entry", "1,|empty entry", "0-100000|above the supported maximum" })
	void invalidIds(String value, String reason) {
		assertThatExceptionOfType(InvalidGatewayPropertyException.class)
			.isThrownBy(() -> ShardIdsParser.parseIds(value, value.startsWith("0-1000") ? null : 16))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("discord.gateway.shards.ids");
				assertThat(ex.getReason()).contains(reason);
				assertThat(ex.getAction()).contains("0-15,32");
			});
	}

}
