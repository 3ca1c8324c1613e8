package io.github.discordgateway.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewaySimulatorApplicationTest {

	@Test
	void optionsComeFromDefaultsEnvironmentAndArguments() {
		Map<String, String> options = GatewaySimulatorApplication.resolve(new String[] { "--guilds=7", "--port=0" },
				Map.of("SIMULATOR_GUILDS", "5", "SIMULATOR_EVENTS_PER_SECOND", "12", "SIMULATOR_PUBLIC_HOST", "sim"));
		assertThat(options).containsEntry("guilds", "7")
			.containsEntry("events-per-second", "12")
			.containsEntry("public-host", "sim")
			.containsEntry("port", "0")
			.containsEntry("bind", "0.0.0.0");
	}

	@Test
	void rejectsUnknownOptionsWithoutEchoingValues() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> GatewaySimulatorApplication.resolve(new String[] { "--tokn=secret-value" }, Map.of()))
			.withMessageNotContaining("secret-value");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> GatewaySimulatorApplication.resolve(new String[] { "secret-value" }, Map.of()))
			.withMessageNotContaining("secret-value");
		assertThatIllegalArgumentException().isThrownBy(() -> GatewaySimulatorApplication
			.start(new String[] { "--port=0", "--guilds=0" }, Map.of(), System.out));
		assertThatIllegalArgumentException().isThrownBy(() -> GatewaySimulatorApplication
			.start(new String[] { "--port=0", "--heartbeat-interval=soon" }, Map.of(), System.out));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> GatewaySimulatorApplication.start(new String[] { "--port=0", "--etf-utf8-atoms=maybe" },
					Map.of(), System.out))
			.withMessage("--etf-utf8-atoms must be true or false but was 'maybe'");
	}

	@Test
	void servesDiscoveryWithThePublicHostAndNeverPrintsTheToken() throws Exception {
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		String token = "standalone-simulator-token";
		try (GatewaySimulator simulator = GatewaySimulatorApplication.start(
				new String[] { "--port=0", "--bind=127.0.0.1", "--public-host=localhost", "--events-per-second=0",
						"--heartbeat-interval=30s" },
				Map.of("SIMULATOR_TOKEN", token), new PrintStream(printed, true, StandardCharsets.UTF_8))) {
			assertThat(simulator.gatewayUrl()).isEqualTo("ws://localhost:" + simulator.port());
			assertThat(simulator.resumeGatewayUrl()).isEqualTo("ws://localhost:" + simulator.port());
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + "/api/v10/gateway/bot"))
					.header("Authorization", "Bot " + token)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"url\": \"ws://localhost:" + simulator.port() + "\"");
		}
		assertThat(printed.toString(StandardCharsets.UTF_8)).contains("simulator listening").doesNotContain(token);
	}

	@Test
	void servesTlsFromAKeyStoreAndNeverPrintsItsPassword(@TempDir Path directory) throws Exception {
		Path keyStore = directory.resolve("simulator.p12");
		try (InputStream in = getClass().getResourceAsStream("/simulator-tls.p12")) {
			Files.copy(in, keyStore);
		}
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		try (GatewaySimulator simulator = GatewaySimulatorApplication.start(
				new String[] { "--port=0", "--bind=127.0.0.1", "--events-per-second=0", "--tls-key-store=" + keyStore,
						"--session-start-total=10", "--session-start-remaining=3" },
				Map.of("SIMULATOR_TLS_KEY_STORE_PASSWORD", "simulator"),
				new PrintStream(printed, true, StandardCharsets.UTF_8))) {
			assertThat(simulator.apiBaseUrl()).startsWith("https://");
			assertThat(simulator.gatewayUrl()).startsWith("wss://");
			assertThat(simulator.sessionStartsRemaining()).isEqualTo(3);
		}
		assertThat(printed.toString(StandardCharsets.UTF_8)).contains("--tls-key-store-password=(9 characters)")
			.contains("3 session start(s) left")
			.doesNotContain("=simulator ");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> GatewaySimulatorApplication.start(
					new String[] { "--port=0", "--tls-key-store=" + keyStore, "--tls-key-store-password=wrong-secret" },
					Map.of(), System.out))
			.withMessageStartingWith("--tls-key-store '")
			.withMessageNotContaining("wrong-secret");
	}

	@Test
	void refusesIdentifiesForTheGivenTimeAfterStart() {
		try (GatewaySimulator simulator = GatewaySimulatorApplication.start(new String[] { "--port=0",
				"--bind=127.0.0.1", "--events-per-second=0", "--refuse-identifies-for=1m", "--token=tok" }, Map.of(),
				System.out); TestGatewayClient client = TestGatewayClient.connect(simulator)) {
			client.awaitOp(10);
			client.identify("tok");
			assertThat(client.awaitOp(9).get("d").asBoolean()).isFalse();
			assertThat(simulator.refusedIdentifies()).isEqualTo(1);
			assertThat(simulator.sessions()).isEmpty();
		}
	}

}
