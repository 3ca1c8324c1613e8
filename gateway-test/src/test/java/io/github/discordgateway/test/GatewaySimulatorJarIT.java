package io.github.discordgateway.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The packaged standalone simulator, started exactly as the README says ({@code java -jar
 * gateway-test/target/gateway-simulator.jar}): it needs nothing else on the class path,
 * prints its options (never the token), logs at INFO and serves discovery. Runs after
 * {@code package} (failsafe).
 */
class GatewaySimulatorJarIT {

	private static final Pattern LISTENING = Pattern.compile("REST (http://127\\.0\\.0\\.1:\\d+/api/v10)");

	@Test
	void theJarRunsOnItsOwnAtInfo() throws Exception {
		Path jar = Path.of("target", "gateway-simulator.jar");
		assertThat(jar).exists();
		Path log = Path.of("target", "gateway-simulator-jar-it.log");
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				jar.toString(), "--port=0", "--bind=127.0.0.1", "--token=jar-secret-token", "--events-per-second=0")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			String apiBaseUrl = await().atMost(Duration.ofSeconds(60)).until(() -> {
				Matcher matcher = LISTENING.matcher(read(log));
				return matcher.find() ? matcher.group(1) : null;
			}, (url) -> url != null);
			HttpResponse<String> discovery = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(apiBaseUrl + "/gateway/bot"))
					.header("Authorization", "Bot jar-secret-token")
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(discovery.statusCode()).isEqualTo(200);
			assertThat(process.isAlive()).isTrue();
			String output = read(log);
			assertThat(output).contains("Options: --port=0 --bind=127.0.0.1", "--token=(16 characters)")
				.doesNotContain("jar-secret-token")
				.doesNotContain(" DEBUG ")
				.doesNotContain("Exception");
		}
		finally {
			process.destroy();
			assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		}
	}

	private static String read(Path log) throws IOException {
		return Files.readString(log, StandardCharsets.UTF_8);
	}

}
