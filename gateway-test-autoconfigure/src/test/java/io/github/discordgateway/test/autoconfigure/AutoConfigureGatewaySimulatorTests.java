package io.github.discordgateway.test.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import io.github.discordgateway.autoconfigure.DiscordGatewayConnectionDetails;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.event.GatewayDispatchEvent;
import io.github.discordgateway.core.event.MessageCreateEvent;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.test.GatewaySimulator;

/**
 * An application context with {@link AutoConfigureGatewaySimulator} and no
 * discord.gateway property at all: the starter connects to the context's simulator
 * through its connection details, in ETF.
 */
@SpringBootTest(properties = "discord.gateway.token=")
@AutoConfigureGatewaySimulator(guilds = 2, encoding = "etf", token = "annotation-token")
class AutoConfigureGatewaySimulatorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Autowired
	private GatewaySimulator simulator;

	@Autowired
	private GatewayShardManager manager;

	@Autowired
	private DiscordGatewayConnectionDetails connectionDetails;

	@Autowired
	private Messages messages;

	@Test
	void theStarterConnectsToTheSimulatorOfTheContext() {
		assertThat(this.connectionDetails.getApiBaseUrl()).hasToString(this.simulator.apiBaseUrl());
		assertThat(this.connectionDetails.toString()).doesNotContain("annotation-token");
		await().atMost(TIMEOUT).until(() -> this.manager.shard(0).snapshot().state() == ShardState.READY);
		assertThat(this.simulator.identifies()).hasSize(1);
		assertThat(this.simulator.latestConnection().orElseThrow().query()).containsEntry("encoding", "etf");
		assertThat(this.simulator.guildIds()).hasSize(2);

		this.simulator.dispatchFixture("MESSAGE_CREATE");
		await().atMost(TIMEOUT).until(() -> !this.messages.received.isEmpty());
		assertThat(this.messages.received.get(0).getContent()).isNotEmpty();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		Messages messages() {
			return new Messages();
		}

	}

	static class Messages {

		final List<MessageCreateEvent> received = new CopyOnWriteArrayList<>();

		@EventListener
		void on(GatewayDispatchEvent event) {
			if (event instanceof MessageCreateEvent message) {
				this.received.add(message);
			}
		}

	}

}
