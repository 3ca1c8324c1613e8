package io.github.discordgateway.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;

import io.github.discordgateway.core.event.MessageCreateEvent;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.autoconfigure.AutoConfigureGatewaySimulator;

@SpringBootTest
@AutoConfigureGatewaySimulator(guilds = 2)
class BotGatewayTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Autowired
	private GatewaySimulator simulator;

	@Autowired
	private Messages messages;

	@Test
	void receivesMessagesAndResumesAfterADisconnect() {
		// the application connected to the simulator on startup
		await().atMost(TIMEOUT).until(() -> this.simulator.session(0).isPresent());
		assertThat(this.simulator.identifies()).hasSize(1);

		this.simulator.dispatchFixture("MESSAGE_CREATE");
		await().atMost(TIMEOUT).until(() -> this.messages.received.size() == 1);
		assertThat(this.messages.received.get(0).getContent()).isNotBlank();

		// a fault: the server closes the connection; the bot resumes and misses nothing
		this.simulator.latestConnection().orElseThrow().close(4000, "simulated failure");
		this.simulator.dispatchFixture("MESSAGE_CREATE");
		await().atMost(TIMEOUT).until(() -> this.messages.received.size() == 2);
		assertThat(this.simulator.resumes()).hasSize(1);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Messages {

		final List<MessageCreateEvent> received = new CopyOnWriteArrayList<>();

		@EventListener
		void on(MessageCreateEvent event) {
			this.received.add(event);
		}

	}

}
