package io.github.discordgateway.core.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.discordgateway.core.BotToken;
import io.github.discordgateway.core.GatewayOptions;

/**
 * {@link GatewayShardManager#unavailableSince(int)}.
 */
class GatewayShardManagerAvailabilityTest {

	@Test
	void shardsAreUnavailableFromCreationUntilStopped() {
		// Nothing listens on port 1: the shard keeps reconnecting and never becomes
		// READY.
		GatewayOptions options = GatewayOptions.builder(BotToken.of("availability-test-token"))
			.gatewayUrl(URI.create("ws://127.0.0.1:1"))
			.shardTotal(2)
			.shardIds(List.of(1))
			.reconnectBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30))
			.closeTimeout(Duration.ofSeconds(1))
			.build();
		GatewayShardManager manager = GatewayShardManager.builder(options, (dispatch) -> {
		}).build();
		assertThat(manager.unavailableSince(1)).isNull();
		Instant before = Instant.now();
		manager.start();
		try {
			assertThat(manager.unavailableSince(1)).isNotNull().isBetween(before, Instant.now());
			assertThat(manager.unavailableSince(0)).as("not run by this process").isNull();
		}
		finally {
			manager.stop();
		}
		assertThat(manager.unavailableSince(1)).isNull();
	}

}
