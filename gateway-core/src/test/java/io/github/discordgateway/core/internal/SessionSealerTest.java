package io.github.discordgateway.core.internal;

import java.net.URI;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.github.discordgateway.core.BotToken;
import io.github.discordgateway.core.GatewayCompression;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.StoredSession;

import static org.assertj.core.api.Assertions.assertThat;

class SessionSealerTest {

	private static final String TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.sealer.secret-token-value";

	private final SessionSealer sealer = new SessionSealer(BotToken.of(TOKEN));

	private final StoredSession session = new StoredSession(3, 8, "0123456789abcdef",
			URI.create("wss://gateway.discord.gg"), 42, GatewayEncoding.JSON, GatewayCompression.ZLIB_STREAM,
			Instant.parse("2026-12-03T10:00:00Z"));

	@Test
	void aSealedRecordSurvivesTheStoreFormat() {
		StoredSession sealed = this.sealer.seal(this.session);
		assertThat(this.sealer.isIntact(StoredSession.fromJson(sealed.toJson()))).isTrue();
		assertThat(sealed.toJson()).doesNotContain(TOKEN).doesNotContain("secret-token-value");
	}

	@Test
	void anyChangeBreaksTheSeal() {
		StoredSession sealed = this.sealer.seal(this.session);
		String json = sealed.toJson();
		assertThat(this.sealer
			.isIntact(StoredSession.fromJson(json.replace("wss://gateway.discord.gg", "wss://evil.example"))))
			.isFalse();
		assertThat(this.sealer.isIntact(StoredSession.fromJson(json.replace("\"sequence\":42", "\"sequence\":43"))))
			.isFalse();
		assertThat(this.sealer.isIntact(this.session)).as("unsealed").isFalse();
		assertThat(new SessionSealer(BotToken.of(TOKEN + "x")).isIntact(sealed)).as("another token").isFalse();
	}

}
