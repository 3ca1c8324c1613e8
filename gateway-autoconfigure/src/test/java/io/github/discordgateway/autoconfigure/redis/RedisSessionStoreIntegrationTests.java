package io.github.discordgateway.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import io.github.discordgateway.core.event.GatewayDispatchEvent;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;
import io.github.discordgateway.test.redis.RedisServerExtension;
import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

/**
 * A redeploy of a Boot application through the Redis session store (the store itself
 * against Redis: {@code RedisGatewaySessionStoreTests} in gateway-redis).
 */
@ExtendWith(RedisServerExtension.class)
class RedisSessionStoreIntegrationTests {

	private static final String TOKEN = "session-store-test-token";

	private static final Duration WAIT = Duration.ofSeconds(30);

	private RedisServer redis;

	private String keyPrefix;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@BeforeEach
	void setUp(RedisServer redis) {
		this.redis = redis;
		this.keyPrefix = RedisServer.uniquePrefix("sessions");
	}

	@AfterEach
	void tearDown() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void redeployedApplicationResumesThroughRedisAndDeliversEveryEventOnce() {
		try (GatewaySimulator simulator = GatewaySimulator.builder()
			.token(TOKEN)
			.heartbeatInterval(Duration.ofMillis(500))
			.identifyWindow(Duration.ZERO)
			.replayBufferSize(100_000)
			.build()
			.start()) {
			ConfigurableApplicationContext first = start(simulator);
			Recorder firstEvents = first.getBean(Recorder.class);
			await().atMost(WAIT).until(() -> firstEvents.sequences.size() >= 2);
			SimulatedSession session = simulator.session(0).orElseThrow();
			SimulatedConnection firstConnection = session.connection().orElseThrow();
			simulator.startTraffic(200, "MESSAGE_CREATE", "TYPING_START");
			await().atMost(WAIT).until(() -> firstEvents.sequences.size() > 100);
			first.close();
			assertThat(firstConnection.clientCloseCode().orElse(-1)).isNotIn(1000, 1001, -1);

			ConfigurableApplicationContext second = start(simulator);
			Recorder secondEvents = second.getBean(Recorder.class);
			await().atMost(WAIT).until(() -> simulator.resumes().size() == 1 && secondEvents.sequences.size() > 50);
			simulator.stopTraffic();
			assertThat(simulator.identifies()).hasSize(1);
			await().atMost(WAIT).untilAsserted(() -> {
				List<Long> all = new ArrayList<>(firstEvents.sequences);
				all.addAll(secondEvents.sequences);
				assertThat(all).isEqualTo(LongStream.rangeClosed(1, session.lastSequence()).boxed().toList());
			});
		}
	}

	private ConfigurableApplicationContext start(GatewaySimulator simulator) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BotApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.run("--discord.gateway.token=" + TOKEN, "--discord.gateway.api-base-url=" + simulator.apiBaseUrl(),
					"--discord.gateway.session-store=redis",
					"--discord.gateway.identify.redis.key-prefix=" + this.keyPrefix,
					"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + this.redis.port(),
					"--discord.gateway.identify-interval=0s", "--spring.jmx.enabled=false",
					// Each context opens its own first Redis connection, which on a
					// loaded
					// machine can take longer than the 2 s default: the saved session
					// would
					// be skipped, not lost, but this test is about resuming it.
					"--discord.gateway.identify.redis.command-timeout=10s");
		this.contexts.add(context);
		return context;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BotApplication {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

	static class Recorder {

		final List<Long> sequences = new CopyOnWriteArrayList<>();

		@EventListener
		void on(GatewayDispatchEvent event) {
			this.sequences.add(event.getSequence());
		}

	}

}
