package io.github.discordgateway.test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedGatewaySimulatorInitializerTest {

	private static GenericApplicationContext context(Map<String, Object> properties) {
		GenericApplicationContext context = new GenericApplicationContext();
		context.getEnvironment().getPropertySources().addLast(new MapPropertySource("test", properties));
		return context;
	}

	@Test
	void withoutTokenStartsASimulatorAndPointsThePropertiesAtIt() throws Exception {
		GatewaySimulator sim;
		try (GenericApplicationContext context = context(
				Map.of("discord.gateway.token", "", "discord.gateway.simulator.events-per-second", "0",
						"discord.gateway.simulator.heartbeat-interval", "750ms"))) {
			new EmbeddedGatewaySimulatorInitializer().initialize(context);
			context.refresh();

			sim = context.getBean(GatewaySimulator.class);
			String token = context.getEnvironment().getProperty("discord.gateway.token");
			String base = context.getEnvironment().getProperty("discord.gateway.api-base-url");
			assertThat(token).startsWith("simulator-").hasSizeGreaterThan(20);
			assertThat(base).isEqualTo(sim.apiBaseUrl());
			assertThat(context.getEnvironment().getPropertySources().iterator().next().getName())
				.isEqualTo("gatewaySimulator");

			HttpResponse<String> response = TestGatewayClient.http()
				.send(HttpRequest.newBuilder(URI.create(base + "/gateway/bot"))
					.header("Authorization", "Bot " + token)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			try (TestGatewayClient client = TestGatewayClient.connect(sim)) {
				assertThat(client.awaitOp(10).get("d").get("heartbeat_interval").asLong()).isEqualTo(750);
			}
			assertThat(sim.guildIds()).hasSize(3);
		}
		assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", sim.port()).close())
			.isInstanceOf(java.net.ConnectException.class);
	}

	@Test
	void withTokenOrDisabledDoesNothing() {
		try (GenericApplicationContext context = context(Map.of("discord.gateway.token", "real"))) {
			new EmbeddedGatewaySimulatorInitializer().initialize(context);
			context.refresh();
			assertThat(context.getBeanNamesForType(GatewaySimulator.class)).isEmpty();
			assertThat(context.getEnvironment().getPropertySources().contains("gatewaySimulator")).isFalse();
		}
		try (GenericApplicationContext context = context(Map.of("discord.gateway.simulator.enabled", "false"))) {
			new EmbeddedGatewaySimulatorInitializer().initialize(context);
			context.refresh();
			assertThat(context.getBeanNamesForType(GatewaySimulator.class)).isEmpty();
		}
	}

	@Test
	void warnsThatItRunsASimulatorAndNamesWhereTheTokenWasLookedFor() {
		ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
			.getLogger(EmbeddedGatewaySimulatorInitializer.class);
		ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ch.qos.logback.core.read.ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try (GenericApplicationContext context = context(Map.of("discord.gateway.token", "${DISCORD_TOKEN:}",
				"discord.gateway.simulator.events-per-second", "0"))) {
			new EmbeddedGatewaySimulatorInitializer().initialize(context);
			context.refresh();
			assertThat(context.getBeanNamesForType(GatewaySimulator.class)).hasSize(1);
		}
		finally {
			logger.detachAppender(appender);
		}
		assertThat(appender.list).singleElement().satisfies(event -> {
			assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
			assertThat(event.getFormattedMessage()).contains("EMBEDDED GATEWAY SIMULATOR", "NOT Discord",
					"checked discord.gateway.token, DISCORD_GATEWAY_TOKEN, DISCORD_TOKEN");
		});
	}

	@Test
	void leavesAnUnresolvablePlaceholderToTheStarterToReport() {
		try (GenericApplicationContext context = context(
				Map.of("discord.gateway.token", "${DISCORD_TOKEN_UNSET_FOR_TEST}"))) {
			new EmbeddedGatewaySimulatorInitializer().initialize(context);
			assertThat(context.getEnvironment().getPropertySources().contains("gatewaySimulator")).isFalse();
		}
	}

	@Test
	void durationFormats() {
		assertThat(SimulatorOptions.parseDuration("500")).hasMillis(500);
		assertThat(SimulatorOptions.parseDuration("2s")).hasSeconds(2);
		assertThat(SimulatorOptions.parseDuration("PT1M")).hasMinutes(1);
		assertThat(SimulatorOptions.parseDuration("soon")).isNull();
	}

	@Test
	void readsTheSimulatorOptionsAndNamesTheProperty() {
		try (GenericApplicationContext context = context(Map.of("discord.gateway.simulator.events-per-second", "0",
				"discord.gateway.simulator.session-start-total", "5",
				"discord.gateway.simulator.session-start-remaining", "2"))) {
			new EmbeddedGatewaySimulatorInitializer().initialize(context);
			context.refresh();
			assertThat(context.getBean(GatewaySimulator.class).sessionStartsRemaining()).isEqualTo(2);
		}
		try (GenericApplicationContext context = context(Map.of("discord.gateway.simulator.shards", "none"))) {
			assertThatThrownBy(() -> new EmbeddedGatewaySimulatorInitializer().initialize(context))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessage("discord.gateway.simulator.shards must be a whole number but was 'none'");
		}
	}

}
