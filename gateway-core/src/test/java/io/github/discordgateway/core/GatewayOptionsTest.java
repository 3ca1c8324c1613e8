package io.github.discordgateway.core;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GatewayOptionsTest {

	private static final BotToken TOKEN = BotToken.of("MTIz.secret-part.value");

	@Test
	void defaultsAreSafeForANewBot() {
		GatewayOptions options = GatewayOptions.builder(TOKEN).build();
		assertThat(options.apiBaseUrl()).isEqualTo(URI.create("https://discord.com/api/v10"));
		assertThat(options.compression()).isEqualTo(GatewayCompression.ZLIB_STREAM);
		assertThat(options.intents() & GatewayIntent.MESSAGE_CONTENT.value()).isZero();
		assertThat(options.intents() & GatewayIntent.GUILD_MESSAGES.value()).isNotZero();
		assertThat(options.intents()).isEqualTo(53575421);
	}

	@Test
	void tokenIsNeverPrinted() {
		GatewayOptions options = GatewayOptions.builder(TOKEN).build();
		assertThat(options.toString()).doesNotContain("secret-part");
		assertThat(TOKEN.toString()).doesNotContain("secret-part");
		assertThat(BotToken.of("Bot MTIz.secret-part.value")).isEqualTo(TOKEN);
	}

	@Test
	void rejectsBlankTokens() {
		assertThatIllegalArgumentException().isThrownBy(() -> BotToken.of("  ")).withMessageContaining("empty");
		assertThatIllegalArgumentException().isThrownBy(() -> BotToken.of("a b")).withMessageContaining("white space");
	}

	@Test
	void validationNamesTheOption() {
		assertInvalid(GatewayOptions.builder(TOKEN).largeThreshold(10), "largeThreshold");
		assertInvalid(GatewayOptions.builder(TOKEN).shardTotal(0), "shardTotal");
		assertInvalid(GatewayOptions.builder(TOKEN).shardTotal(2).shardIds(List.of(0, 2)),
				"not below the shard total 2");
		assertInvalid(GatewayOptions.builder(TOKEN).shardIds(List.of(1, 1)), "more than once");
		assertInvalid(GatewayOptions.builder(TOKEN).intents(1 << 17), "undefined bits");
		assertInvalid(GatewayOptions.builder(TOKEN).gatewayUrl(URI.create("http://x")), "gatewayUrl");
		assertInvalid(GatewayOptions.builder(TOKEN).apiBaseUrl(URI.create("ftp://x")), "apiBaseUrl");
		assertInvalid(GatewayOptions.builder(TOKEN).reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)),
				"reconnectBackoffMax");
		assertInvalid(GatewayOptions.builder(TOKEN).maxPayloadBytes(100), "maxPayloadBytes");
	}

	@Test
	void rejectionCarriesTheOptionTheValueAndTheReason() {
		assertThatExceptionOfType(InvalidGatewayOptionException.class)
			.isThrownBy(GatewayOptions.builder(TOKEN).dispatchQueueCapacity(0)::build)
			.satisfies((ex) -> {
				assertThat(ex.getOption()).isEqualTo(GatewayOption.DISPATCH_QUEUE_CAPACITY);
				assertThat(ex.getValue()).isEqualTo(0);
				assertThat(ex.getReason()).isEqualTo("must be at least 1 but was 0");
				assertThat(ex).hasMessage("dispatchQueueCapacity must be at least 1 but was 0");
			});
		assertThatExceptionOfType(InvalidGatewayOptionException.class)
			.isThrownBy(GatewayOptions.builder(TOKEN).shardTotal(4).shardIds(List.of(0, 9))::build)
			.satisfies((ex) -> {
				assertThat(ex.getOption()).isEqualTo(GatewayOption.SHARD_IDS);
				assertThat(ex.getValue()).isEqualTo(List.of(0, 9));
				assertThat(ex.getReason()).startsWith("contains 9, which is not below the shard total 4");
			});
		assertThatExceptionOfType(InvalidGatewayOptionException.class)
			.isThrownBy(GatewayOptions.builder(TOKEN).shardTotal(2).instance(0, 3)::build)
			.satisfies((ex) -> assertThat(ex.getOption()).isEqualTo(GatewayOption.INSTANCE_COUNT));
	}

	private static void assertInvalid(GatewayOptions.Builder builder, String message) {
		assertThatIllegalArgumentException().isThrownBy(builder::build).withMessageContaining(message);
	}

}
