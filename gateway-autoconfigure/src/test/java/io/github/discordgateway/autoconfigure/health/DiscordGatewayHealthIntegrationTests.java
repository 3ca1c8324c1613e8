package io.github.discordgateway.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.discordgateway.autoconfigure.DiscordGatewayAutoConfiguration;
import io.github.discordgateway.autoconfigure.endpoint.DiscordGatewayEndpointAutoConfiguration;
import io.github.discordgateway.autoconfigure.endpoint.GatewayEndpoint;
import io.github.discordgateway.autoconfigure.endpoint.GatewayEndpoint.ShardDescriptor;
import io.github.discordgateway.autoconfigure.metrics.DiscordGatewayMetricsAutoConfiguration;
import io.github.discordgateway.autoconfigure.metrics.MicrometerGatewayObserver;
import io.github.discordgateway.test.GatewaySimulator;

/**
 * Health, endpoint and metrics through connect, resume, fatal close and recovery against
 * a simulator.
 */
class DiscordGatewayHealthIntegrationTests {

	private static final String TOKEN = "health-integration-token";

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private GatewaySimulator simulator;

	@BeforeEach
	void startSimulator() {
		this.simulator = GatewaySimulator.builder().token(TOKEN).identifyWindow(Duration.ZERO).build().start();
	}

	@AfterEach
	void stopSimulator() {
		this.simulator.close();
	}

	@Test
	void connectResumeFatalCloseAndRecovery() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DiscordGatewayAutoConfiguration.class,
				DiscordGatewayMetricsAutoConfiguration.class, DiscordGatewayHealthContributorAutoConfiguration.class,
				DiscordGatewayEndpointAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("discord.gateway.token=" + TOKEN,
					"discord.gateway.api-base-url=" + this.simulator.apiBaseUrl(),
					"discord.gateway.identify-interval=0s", "discord.gateway.reconnect.initial-backoff=100ms",
					"discord.gateway.close-timeout=2s", "management.endpoints.web.exposure.include=gateway")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				DiscordGatewayHealthIndicator health = context.getBean(DiscordGatewayHealthIndicator.class);
				GatewayEndpoint endpoint = context.getBean(GatewayEndpoint.class);
				MeterRegistry meters = context.getBean(MeterRegistry.class);

				// connect
				await().atMost(TIMEOUT).until(() -> health.health().getStatus().equals(Status.UP));
				ShardDescriptor shard = endpoint.shard(0);
				assertThat(shard.sessionPresent()).isTrue();
				assertThat(shard.gatewayHost()).isEqualTo("127.0.0.1");
				assertThat(count(meters, MicrometerGatewayObserver.SESSIONS, "kind", "identify")).isEqualTo(1);
				assertThat(meters.get(MicrometerGatewayObserver.SHARD_CONNECTED).tag("shard", "0").gauge().value())
					.isEqualTo(1);
				// read from the manager's shards; GUILD_CREATE may still be on its way to
				// the listener
				await().atMost(TIMEOUT)
					.until(() -> meters.get(MicrometerGatewayObserver.DELIVERY_QUEUE)
						.tag("shard", "0")
						.gauge()
						.value() == 0);

				// resume
				this.simulator.closeAllConnections(4000, "simulated failure");
				await().atMost(TIMEOUT)
					.until(() -> this.simulator.resumes().size() == 1 && health.health().getStatus().equals(Status.UP));
				assertThat(count(meters, MicrometerGatewayObserver.SESSIONS, "kind", "resume")).isEqualTo(1);
				assertThat(count(meters, MicrometerGatewayObserver.RECONNECTS, "reason", "close-4000")).isEqualTo(1);
				assertThat(endpoint.shard(0).reconnects()).isEqualTo(1);
				assertThat(shardHealth(health).get("lastCloseCode")).isEqualTo(4000);

				// fatal close
				this.simulator.closeAllConnections(4014, "Disallowed intent(s)");
				await().atMost(TIMEOUT).until(() -> health.health().getStatus().equals(Status.DOWN));
				assertThat(health.health().getDetails().get("reason").toString()).contains("4014");
				assertThat(endpoint.shard(0).state()).isEqualTo("FAILED");
				assertThat(meters.get(MicrometerGatewayObserver.SHARD_CONNECTED).tag("shard", "0").gauge().value())
					.isZero();

				// recovery through the endpoint's write operation
				// a FAILED shard comes back only when forced; a second write within the
				// cooldown is refused
				var refused = endpoint.reconnect(0, "reconnect", null);
				assertThat(refused.getStatus()).isEqualTo(409);
				assertThat(refused.getBody().toString()).contains("Shard 0 is FAILED (close 4014: ",
						"send \"force\": true to start a new session");
				assertThat(endpoint.reconnect(0, "reconnect", true).getStatus()).isEqualTo(200);
				await().atMost(TIMEOUT).until(() -> health.health().getStatus().equals(Status.UP));
				var tooSoon = endpoint.reconnect(0, "resume", null);
				assertThat(tooSoon.getStatus()).isEqualTo(429);
				assertThat(tooSoon.getBody().toString()).contains("less than 30 s ago", "write-cooldown");
				assertThat(this.simulator.identifies()).hasSize(2);
				assertThat(count(meters, MicrometerGatewayObserver.SESSIONS, "kind", "identify")).isEqualTo(2);
				assertThat(health.health().toString()).doesNotContain(TOKEN);
				assertThat(endpoint.gateway().toString()).doesNotContain(TOKEN);
			});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> shardHealth(DiscordGatewayHealthIndicator health) {
		return ((Map<String, Map<String, Object>>) health.health().getDetails().get("shards")).get("0");
	}

	private static double count(MeterRegistry meters, String name, String tag, String value) {
		var counter = meters.find(name).tag("shard", "0").tag(tag, value).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
