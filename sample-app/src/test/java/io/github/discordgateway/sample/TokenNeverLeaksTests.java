package io.github.discordgateway.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.discordgateway.test.GatewaySimulator;

/**
 * Starts the sample bot with a known token at DEBUG logging (TRACE for the gateway and
 * WebSocket loggers; written to {@value #LOG_FILE}, the console stays at INFO), drives
 * connect, a server close with 4000 and the resume, and a reconnect through the actuator
 * endpoint's write operation, then reads every actuator endpoint an operator would read
 * and searches them and all output for the token. Each response is also checked for real
 * content, so the search cannot pass on empty answers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "logging.level.root=DEBUG",
		"logging.level.io.github.discordgateway=TRACE",
		// every DEBUG/TRACE line goes to the file that is searched below; the build
		// output stays at INFO
		"logging.threshold.console=INFO", "logging.file.name=" + TokenNeverLeaksTests.LOG_FILE,
		"logging.level.org.springframework.web.socket=TRACE", "logging.level.org.apache.tomcat.websocket=TRACE",
		"discord.gateway.identify-interval=0s", "discord.gateway.reconnect.initial-backoff=200ms",
		"discord.gateway.simulator.enabled=false", "sample.summary-interval=1s",
		"management.endpoints.web.exposure.include=health,prometheus,gateway,env,configprops,metrics,conditions,beans,loggers,info",
		"management.endpoint.gateway.access=unrestricted", "management.endpoint.env.show-values=always",
		"management.endpoint.configprops.show-values=always" })
@ExtendWith(OutputCaptureExtension.class)
class TokenNeverLeaksTests {

	static final String LOG_FILE = "target/token-never-leaks.log";

	static {
		// Cleared when the class loads: logging opens the file before any callback of
		// this class runs.
		try {
			Files.deleteIfExists(Path.of(LOG_FILE));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Shaped like a real bot token (base64 user id, timestamp, HMAC). */
	static final String TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhQz9k.leak-check_Xy7pQ2vR8sT4uW6zA0bC3dE5fG1hJ9k";

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static GatewaySimulator simulator;

	@LocalServerPort
	private int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		simulator = GatewaySimulator.builder().token(TOKEN).guilds(2).identifyWindow(Duration.ZERO).build().start();
		registry.add("discord.gateway.token", () -> TOKEN);
		registry.add("discord.gateway.api-base-url", simulator::apiBaseUrl);
	}

	@AfterAll
	static void stopSimulator() {
		if (simulator != null) {
			simulator.close();
		}
	}

	@Test
	void theTokenAppearsInNoOutputAndNoActuatorResponse(CapturedOutput output) throws Exception {
		// connect
		await().atMost(TIMEOUT).until(() -> get("/actuator/gateway").contains("\"state\":\"READY\""));
		assertThat(simulator.identifies()).hasSize(1);
		simulator.dispatchFixture("MESSAGE_CREATE");

		// the server closes with 4000; the shard resumes
		simulator.closeAllConnections(4000, "leak test");
		await().atMost(TIMEOUT)
			.until(() -> simulator.resumes().size() == 1 && get("/actuator/gateway").contains("\"state\":\"READY\""));

		// a new session through the endpoint's write operation
		String reconnect = post("/actuator/gateway/0", "{\"action\":\"reconnect\"}");
		assertThat(reconnect).contains("\"id\":0");
		await().atMost(TIMEOUT)
			.until(() -> simulator.identifies().size() == 2
					&& get("/actuator/gateway").contains("\"state\":\"READY\""));
		await().atMost(TIMEOUT)
			.until(() -> get("/actuator/prometheus")
				.contains("discord_gateway_dispatches_total{shard=\"0\",type=\"RESUMED\"} 1.0"));

		Map<String, String> responses = new LinkedHashMap<>();
		for (String path : List.of("/actuator/health", "/actuator/health/discordGateway", "/actuator/health/readiness",
				"/actuator/prometheus", "/actuator/gateway", "/actuator/gateway/0", "/actuator/env",
				"/actuator/env/discord.gateway.token", "/actuator/configprops", "/actuator/metrics",
				"/actuator/metrics/discord.gateway.sessions", "/actuator/conditions", "/actuator/beans",
				"/actuator/loggers", "/actuator/info")) {
			responses.put(path, get(path));
		}

		// real data, so that the search below cannot pass vacuously
		assertThat(responses.get("/actuator/health")).contains("\"discordGateway\"").contains("\"status\":\"UP\"");
		assertThat(responses.get("/actuator/health/readiness")).contains("\"status\":\"UP\"");
		assertThat(responses.get("/actuator/health/discordGateway")).contains("\"lastCloseCode\"")
			.contains("\"sequence\"");
		assertThat(responses.get("/actuator/prometheus"))
			.contains("discord_gateway_sessions_total{kind=\"identify\",shard=\"0\"} 2.0")
			.contains("discord_gateway_sessions_total{kind=\"resume\",shard=\"0\"} 1.0")
			.contains("discord_gateway_reconnects_total{reason=\"close-4000\",shard=\"0\"} 1.0")
			.contains("discord_gateway_reconnects_total{reason=\"requested\",shard=\"0\"} 1.0")
			.contains("discord_gateway_shard_connected{shard=\"0\"} 1.0")
			.contains("discord_gateway_payloads_sent_total{op=\"2\",shard=\"0\"} 2.0")
			.contains("discord_gateway_payloads_sent_total{op=\"6\",shard=\"0\"} 1.0")
			.contains("discord_gateway_dispatches_total{shard=\"0\",type=\"MESSAGE_CREATE\"} 1.0");
		assertThat(responses.get("/actuator/gateway")).contains("\"sessionPresent\":true")
			.contains("\"gatewayHost\":\"127.0.0.1\"")
			.contains("\"compression\":\"zlib-stream\"");
		assertThat(responses.get("/actuator/env")).as("values are shown, and the token's key is there")
			.contains(simulator.apiBaseUrl())
			.contains("discord.gateway.token");
		assertThat(responses.get("/actuator/env/discord.gateway.token")).contains("******");
		assertThat(responses.get("/actuator/configprops")).contains("discord.gateway")
			.contains("\"token\"")
			.contains("\"total\":\"auto\"")
			.contains("\"ids\":\"all\"");

		String base64 = Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
		responses.forEach((path, body) -> {
			assertThat(body).as(path).doesNotContain(TOKEN);
			assertThat(body).as(path).doesNotContain(base64);
		});

		// the output and the log file (startup, DEBUG and TRACE lines, the resume) do not
		// contain the token
		String all = output.getAll();
		String log = Files.readString(Path.of(LOG_FILE), StandardCharsets.UTF_8);
		assertThat(all).contains("Started TokenNeverLeaksTests").doesNotContain(" DEBUG ");
		assertThat(log).contains("Started TokenNeverLeaksTests")
			.contains("DEBUG")
			.contains("TRACE")
			.contains("RESUMED");
		assertThat(all).doesNotContain(TOKEN).doesNotContain(base64);
		assertThat(log).doesNotContain(TOKEN).doesNotContain(base64);
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		return response.statusCode() + " " + response.body();
	}

	private String post(String path, String json) throws Exception {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

}
