package io.github.discordgateway.core.internal;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.discordgateway.core.BotToken;
import io.github.discordgateway.core.GatewayOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pacing rules that the state machine tests see only one at a time: everything starts
 * over once the session is live again.
 */
class ReconnectPacingTests {

	private final ReconnectPacing pacing = new ReconnectPacing(GatewayOptions.builder(BotToken.of("MTIz.pacing"))
		.gatewayUrl(URI.create("ws://gateway.test"))
		.shardTotal(1)
		.reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(2))
		.build());

	@Test
	void onlyTheFirstReconnectRequestSinceTheSessionWasLiveIsHonouredAtOnce() {
		assertThat(this.pacing.afterReconnectRequest()).isZero();
		assertThat(this.pacing.afterReconnectRequest()).isBetween(Duration.ZERO, Duration.ofSeconds(2));
		this.pacing.live();
		assertThat(this.pacing.afterReconnectRequest()).isZero();
	}

	@Test
	void theThirdUnreadablePayloadInARowGivesUpResumingUntilTheSessionIsLive() {
		assertThat(this.pacing.unreadablePayload()).isFalse();
		assertThat(this.pacing.unreadablePayload()).isFalse();
		assertThat(this.pacing.unreadablePayload()).isTrue();
		assertThat(this.pacing.unreadablePayloadsInARow()).isEqualTo(3);
		this.pacing.live();
		assertThat(this.pacing.unreadablePayloadsInARow()).isZero();
		assertThat(this.pacing.unreadablePayload()).isFalse();
	}

}
