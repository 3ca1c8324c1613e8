package io.github.discordgateway.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SnowflakeTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static JsonNode node(String text) {
		return json.readTree(text);
	}

	@Test
	void parsesStringsAndNumbers() {
		assertThat(Snowflake.parse(node("\"1238496297346485656\""))).isEqualTo(1238496297346485656L);
		assertThat(Snowflake.parse(node("1238496297346485656"))).isEqualTo(1238496297346485656L);
		assertThat(Snowflake.parse(node("0"))).isZero();
	}

	@Test
	void keepsTheBitsOfUnsignedValuesAboveLongMax() {
		assertThat(Snowflake.parse(node("\"18446744073709551615\""))).isEqualTo(-1L);
		assertThat(Snowflake.parse(node("18446744073709551615"))).isEqualTo(-1L);
	}

	@Test
	void parseOrNullIsNullSafe() {
		assertThat(Snowflake.parseOrNull(null)).isNull();
		assertThat(Snowflake.parseOrNull(node("null"))).isNull();
		assertThat(Snowflake.parseOrNull(node("{}").path("missing"))).isNull();
		assertThat(Snowflake.parseOrNull(node("\"42\""))).isEqualTo(42L);
	}

	@Test
	void rejectsWhatIsNotASnowflake() {
		assertThatIllegalArgumentException().isThrownBy(() -> Snowflake.parse(node("\"abc\"")))
			.withMessageContaining("abc");
		assertThatIllegalArgumentException().isThrownBy(() -> Snowflake.parse(node("\"-5\"")));
		assertThatIllegalArgumentException().isThrownBy(() -> Snowflake.parse(node("-5")));
		assertThatIllegalArgumentException().isThrownBy(() -> Snowflake.parse(node("1.5")));
		assertThatIllegalArgumentException().isThrownBy(() -> Snowflake.parse(node("true")));
		assertThatIllegalArgumentException().isThrownBy(() -> Snowflake.parse(node("18446744073709551616")));
		assertThatIllegalArgumentException().isThrownBy(() -> Snowflake.parse(node("null")));
		assertThatIllegalArgumentException().isThrownBy(() -> Snowflake.parse((JsonNode) null));
		assertThatIllegalArgumentException().isThrownBy(() -> Snowflake.parseOrNull(node("\"\"")));
	}

}
