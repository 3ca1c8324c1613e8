package io.github.discordgateway.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import io.github.discordgateway.autoconfigure.metrics.DiscordGatewayMetricsAutoConfiguration;
import io.github.discordgateway.autoconfigure.metrics.MicrometerGatewayObserver;
import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.event.GatewayDispatchEvent;
import io.github.discordgateway.core.event.GuildCreateEvent;
import io.github.discordgateway.core.event.MessageCreateEvent;
import io.github.discordgateway.core.event.MessageReactionAddEvent;
import io.github.discordgateway.core.event.ReadyEvent;
import io.github.discordgateway.core.event.ShardReadyEvent;
import io.github.discordgateway.core.event.Snowflake;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.SimulatedConnection;

/** The auto-configured gateway against a {@link GatewaySimulator} on loopback. */
class DiscordGatewayIntegrationTests {

	private static final String TOKEN = "integration-test-token";

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private GatewaySimulator simulator;

	@BeforeEach
	void startSimulator() {
		this.simulator = GatewaySimulator.builder().token(TOKEN).guilds(1).build().start();
	}

	@AfterEach
	void stopSimulator() {
		this.simulator.close();
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DiscordGatewayAutoConfiguration.class,
					DiscordGatewayMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withUserConfiguration(Listeners.class)
			.withPropertyValues("discord.gateway.token=" + TOKEN,
					"discord.gateway.api-base-url=" + this.simulator.apiBaseUrl(),
					"discord.gateway.intents=GUILDS, GUILD_MESSAGES, GUILD_MESSAGE_REACTIONS, MESSAGE_CONTENT",
					"discord.gateway.identify-interval=0s", "discord.gateway.close-timeout=2s");
	}

	@Test
	void deliversDispatchesAsSpringEventsAndClosesWith1000() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			Listeners listeners = context.getBean(Listeners.class);

			await().atMost(TIMEOUT).until(() -> !listeners.guilds.isEmpty());
			assertThat(listeners.ready).hasSize(1);
			ReadyEvent ready = listeners.ready.get(0);
			assertThat(ready.getSessionId()).isNotBlank();
			assertThat(ready.getGuildIds()).contains(614182298140617616L);
			await().atMost(TIMEOUT).until(() -> !listeners.shardReady.isEmpty());
			assertThat(listeners.shardReady.get(0).getSessionId()).isEqualTo(ready.getSessionId());
			GuildCreateEvent guild = listeners.guilds.get(0);
			assertThat(guild.getGuildId()).isEqualTo(614182298140617616L);
			assertThat(guild.getName()).isEqualTo("Hollowbrook Makers");
			assertThat(guild.getChannelCount()).isPositive();
			GatewayShardManager manager = context.getBean(GatewayShardManager.class);
			assertThat(manager.shard(0).state()).isEqualTo(ShardState.READY);
			long intents = this.simulator.sessions().get(0).intents();
			assertThat(intents).isEqualTo(1 | 512 | 1024 | 32768);

			this.simulator.dispatchFixture("MESSAGE_CREATE");
			await().atMost(TIMEOUT).until(() -> !listeners.messages.isEmpty());
			MessageCreateEvent message = listeners.messages.get(0);
			assertThat(message.getMessageId()).isEqualTo(1482443370451866602L);
			assertThat(message.getGuildId()).isEqualTo(614182298140617616L);
			assertThat(message.isAuthorBot()).isTrue();
			assertThat(message.getContent()).contains("laser slot");

			// A listener that throws does not stop later events.
			this.simulator.dispatch("TYPING_START",
					"{\"channel_id\":\"701084625820645391\",\"guild_id\":\"614182298140617616\",\"user_id\":\"600335263181880268\",\"timestamp\":1773512441}");
			this.simulator.dispatch("MESSAGE_REACTION_ADD",
					"{\"user_id\":\"600335263181880268\",\"channel_id\":\"701084625820645391\",\"message_id\":\"1482443370451866602\","
							+ "\"guild_id\":\"614182298140617616\",\"emoji\":{\"id\":null,\"name\":\"\\uD83D\\uDC4D\"},\"burst\":false,\"type\":0}");
			await().atMost(TIMEOUT).until(() -> !listeners.reactions.isEmpty());
			assertThat(listeners.typingFailures).hasValue(1);
			GatewayDispatchEvent reaction = listeners.reactions.get(0);
			assertThat(reaction.getType()).isEqualTo("MESSAGE_REACTION_ADD");
			assertThat(reaction).isInstanceOf(MessageReactionAddEvent.class);
			assertThat(Snowflake.parse(reaction.getData().path("message_id"))).isEqualTo(1482443370451866602L);
			MessageReactionAddEvent typedReaction = (MessageReactionAddEvent) reaction;
			assertThat(typedReaction.getMessageId()).isEqualTo(1482443370451866602L);
			assertThat(typedReaction.getEmojiName()).isEqualTo("\uD83D\uDC4D");
			assertThat(typedReaction.getEmojiId()).isNull();
			assertThat(listeners.all).extracting(GatewayDispatchEvent::getType)
				.containsSubsequence("READY", "GUILD_CREATE", "MESSAGE_CREATE", "MESSAGE_REACTION_ADD");

			// Every GatewayObserver bean is called: the Micrometer one and the
			// application's.
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(TIMEOUT)
				.until(() -> registry.find(MicrometerGatewayObserver.DISPATCHES)
					.tags("shard", "0", "type", "MESSAGE_REACTION_ADD")
					.counter() != null);
			await().atMost(TIMEOUT).until(() -> listeners.observedTypes.contains("MESSAGE_REACTION_ADD"));
		});

		SimulatedConnection connection = this.simulator.connections().get(0);
		await().atMost(TIMEOUT).until(() -> connection.clientCloseCode().isPresent());
		assertThat(connection.clientCloseCode()).hasValue(1000);
		assertThat(this.simulator.connections()).hasSize(1);
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final List<ReadyEvent> ready = new CopyOnWriteArrayList<>();

		final List<ShardReadyEvent> shardReady = new CopyOnWriteArrayList<>();

		final List<GuildCreateEvent> guilds = new CopyOnWriteArrayList<>();

		final List<MessageCreateEvent> messages = new CopyOnWriteArrayList<>();

		final List<GatewayDispatchEvent> reactions = new CopyOnWriteArrayList<>();

		final List<GatewayDispatchEvent> all = new CopyOnWriteArrayList<>();

		final AtomicInteger typingFailures = new AtomicInteger();

		final List<String> observedTypes = new CopyOnWriteArrayList<>();

		@EventListener
		void onReady(ReadyEvent event) {
			this.ready.add(event);
		}

		@EventListener
		void onShardReady(ShardReadyEvent event) {
			this.shardReady.add(event);
		}

		@EventListener
		void onGuild(GuildCreateEvent event) {
			this.guilds.add(event);
		}

		@EventListener
		void onMessage(MessageCreateEvent event) {
			this.messages.add(event);
		}

		@EventListener(condition = "#event.type == 'MESSAGE_REACTION_ADD'")
		void onReaction(GatewayDispatchEvent event) {
			this.reactions.add(event);
		}

		@EventListener
		void onAny(GatewayDispatchEvent event) {
			this.all.add(event);
		}

		@EventListener(condition = "#event.type == 'TYPING_START'")
		void failOnTyping(GatewayDispatchEvent event) {
			this.typingFailures.incrementAndGet();
			throw new IllegalStateException("Expected test failure in a listener");
		}

		@Bean
		GatewayObserver recordingObserver() {
			return new GatewayObserver() {

				@Override
				public void dispatchDelivered(int shardId, String type, long nanos) {
					Listeners.this.observedTypes.add(type);
				}

			};
		}

	}

}
