package io.github.discordgateway.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.test.EmbeddedGatewaySimulatorInitializer;
import io.github.discordgateway.test.GatewaySimulator;

/**
 * Smoke test of the sample bot as shipped: without a token it starts the embedded
 * simulator (through {@code META-INF/spring.factories}), becomes READY, logs what it
 * sees, exposes the gateway metrics on {@code /actuator/prometheus}, and leaves no
 * gateway or simulator thread behind when the context closes. The context is closed by
 * {@link DirtiesContext} after the class; {@link NoThreadsLeftAfterTheContext}, declared
 * before {@link SpringBootTest} so that its callback runs after Spring's, checks the
 * threads then.
 */
@ExtendWith(SampleBotApplicationTests.NoThreadsLeftAfterTheContext.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "discord.gateway.token=", "discord.gateway.simulator.enabled=true",
				"discord.gateway.simulator.events-per-second=40", "sample.summary-interval=500ms" })
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class SampleBotApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Pattern MESSAGE_CREATE_COUNT = Pattern
		.compile("(?m)^discord_gateway_dispatches_total\\{[^}]*type=\"MESSAGE_CREATE\"[^}]*\\}\\s+(\\S+)");

	/**
	 * Threads alive before this test's context was built (other cached contexts may own
	 * gateway threads).
	 */
	private static Set<Thread> threadsBefore;

	/** Gateway and simulator threads of this test's context, seen while it ran. */
	private static List<Thread> threadsWhileRunning = List.of();

	private static ConfigurableApplicationContext testedContext;

	@LocalServerPort
	private int port;

	@Autowired
	private ConfigurableApplicationContext context;

	@Autowired
	private GatewayShardManager manager;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void recordThreadsBeforeTheContext(DynamicPropertyRegistry registry) {
		threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
	}

	@Test
	void runsAgainstTheEmbeddedSimulatorWithoutATokenAndShutsDownCleanly(CapturedOutput output) throws Exception {
		GatewaySimulator simulator = this.context.getBean(EmbeddedGatewaySimulatorInitializer.BEAN_NAME,
				GatewaySimulator.class);
		assertThat(this.context.getEnvironment().getProperty("discord.gateway.token")).startsWith("simulator-");
		assertThat(this.context.getEnvironment().getProperty("discord.gateway.api-base-url"))
			.isEqualTo(simulator.apiBaseUrl());

		await().atMost(TIMEOUT)
			.until(() -> !this.manager.shards().isEmpty()
					&& this.manager.shards().stream().allMatch((shard) -> shard.state() == ShardState.READY));
		assertThat(simulator.identifies()).hasSize(this.manager.shards().size());

		// BotActivityLog: READY, the guilds, messages from the simulator's traffic, and
		// the periodic summary.
		await().atMost(TIMEOUT)
			.untilAsserted(
					() -> assertThat(output.getOut()).containsPattern("Shard 0 is ready as .+ with 3 guild\\(s\\)")
						.containsPattern("Guild available: .+ \\(\\d+ members\\)")
						.containsPattern("Message from .+ in channel \\d+: ")
						.containsPattern("Events since last summary: \\{.*MESSAGE_CREATE=\\d+"));

		await().atMost(TIMEOUT).until(() -> messageCreateCount(get("/actuator/prometheus")) > 0);
		// Spring Data Redis is packaged for fleets; without one, nothing asks Redis and
		// the health is UP.
		assertThat(get("/actuator/health")).contains("\"status\":\"UP\"").doesNotContain("\"redis\"");

		testedContext = this.context;
		threadsWhileRunning = newGatewayThreads();
		assertThat(threadsWhileRunning).as("gateway threads while running")
			.anyMatch((thread) -> thread.getName().startsWith("gateway-sim-"))
			.anyMatch((thread) -> !thread.getName().startsWith("gateway-sim-"));
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	private static double messageCreateCount(String prometheus) {
		double total = 0;
		Matcher matcher = MESSAGE_CREATE_COUNT.matcher(prometheus);
		while (matcher.find()) {
			total += Double.parseDouble(matcher.group(1));
		}
		return total;
	}

	/** Runs after Spring closed the context (its after-all callback wraps Spring's). */
	static final class NoThreadsLeftAfterTheContext implements AfterAllCallback {

		@Override
		public void afterAll(ExtensionContext extensionContext) {
			if (threadsBefore == null || threadsWhileRunning.isEmpty()) {
				return; // the test did not get far enough to have anything to check
			}
			assertThat(testedContext.isActive()).as("context closed before the thread check (extension order)")
				.isFalse();
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(newGatewayThreads())
					.as("gateway-* and gateway-sim-* threads after the context closed")
					.isEmpty());
			assertThat(threadsWhileRunning).noneMatch(Thread::isAlive);
		}

	}

	/**
	 * Live gateway and simulator threads that did not exist before this test's context.
	 */
	private static List<Thread> newGatewayThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive()
					&& (thread.getName().startsWith("gateway-") || thread.getName().startsWith("discord-gateway-")))
			.filter((thread) -> !threadsBefore.contains(thread))
			.sorted((a, b) -> a.getName().compareTo(b.getName()))
			.collect(Collectors.toList());
	}

}
