package io.github.discordgateway.autoconfigure.keepalive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.discordgateway.autoconfigure.DiscordGatewayKeepAlive;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.ReceivedPayload;

/**
 * Starts {@link KeepAliveApplication} (the starter, no web server) in a child JVM against
 * a simulator and checks that it stays up while the gateway runs (it used to exit 3 s
 * after start, when its main method had returned and only daemon threads were left) and
 * exits with 0 once its context closes.
 */
class KeepAliveTests {

	private static final String TOKEN = "keep-alive-token";

	@Test
	void aNonWebApplicationStaysUpWhileTheGatewayRunsAndExitsWhenItsContextCloses() throws Exception {
		Path log = Files.createDirectories(Path.of("target")).resolve("keep-alive-application.log");
		try (GatewaySimulator simulator = GatewaySimulator.builder()
			.token(TOKEN)
			.heartbeatInterval(Duration.ofMillis(500))
			.build()
			.start()) {
			Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
					KeepAliveApplication.class.getName(), "--spring.main.banner-mode=off",
					// the test classpath's logback-test.xml is at WARN
					"--logging.level.io.github.discordgateway=INFO", "--discord.gateway.token=" + TOKEN,
					"--discord.gateway.api-base-url=" + simulator.apiBaseUrl(),
					"--discord.gateway.identify-interval=0s")
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			try {
				await().atMost(Duration.ofSeconds(60)).until(() -> simulator.identifies().size() == 1);
				Instant identified = simulator.identifies().get(0).receivedAt();
				// Well past the point where the JVM used to exit, the application still
				// heartbeats.
				await().atMost(Duration.ofSeconds(30))
					.until(() -> lastHeartbeat(simulator) != null
							&& lastHeartbeat(simulator).isAfter(identified.plusSeconds(4)));
				assertThat(process.isAlive()).as(output(log)).isTrue();
				assertThat(output(log)).contains("Shard 0").doesNotContain("Exception");

				simulator.dispatch(KeepAliveApplication.CLOSE_EVENT, "{}");
				assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(output(log)).isTrue();
				assertThat(process.exitValue()).as(output(log)).isZero();
				assertThat(simulator.connections().get(0).clientCloseCode()).hasValue(1000);
			}
			finally {
				process.destroyForcibly();
			}
		}
	}

	@Test
	void theKeepAliveThreadIsNotADaemonAndEndsWhenStopped() {
		DiscordGatewayKeepAlive keepAlive = new DiscordGatewayKeepAlive();
		keepAlive.start();
		Thread thread = keepAliveThread();
		assertThat(thread.isDaemon()).isFalse();
		assertThat(keepAlive.isRunning()).isTrue();
		keepAlive.stop();
		assertThat(keepAlive.isRunning()).isFalse();
		await().atMost(Duration.ofSeconds(10)).until(() -> !thread.isAlive());
	}

	private static Thread keepAliveThread() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals(DiscordGatewayKeepAlive.THREAD_NAME) && thread.isAlive())
			.findFirst()
			.orElseThrow();
	}

	private static Instant lastHeartbeat(GatewaySimulator simulator) {
		List<ReceivedPayload> heartbeats = simulator.heartbeats();
		return heartbeats.isEmpty() ? null : heartbeats.get(heartbeats.size() - 1).receivedAt();
	}

	private static String output(Path log) {
		try {
			return Files.readString(log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(no output: " + ex + ")";
		}
	}

}
