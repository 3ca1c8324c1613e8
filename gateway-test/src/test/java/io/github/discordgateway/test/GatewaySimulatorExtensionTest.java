package io.github.discordgateway.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

class GatewaySimulatorExtensionTest {

	private static GatewaySimulator fromBeforeAll;

	@Nested
	@ExtendWith(GatewaySimulatorExtension.class)
	class Declarative {

		@BeforeAll
		static void remember(GatewaySimulator simulator) {
			fromBeforeAll = simulator;
		}

		@Test
		void injectsOneRunningSimulatorPerClass(GatewaySimulator simulator) throws Exception {
			assertThat(simulator).isSameAs(fromBeforeAll);
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(simulator.apiBaseUrl() + "/gateway/bot"))
					.header("Authorization", "Bot test-token")
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains(simulator.gatewayUrl());
		}

	}

	@Nested
	class Programmatic {

		@RegisterExtension
		static final GatewaySimulatorExtension gateway = GatewaySimulatorExtension.with((builder) -> builder.guilds(3));

		@Test
		void usesTheBuilderSettings(GatewaySimulator simulator) {
			assertThat(gateway.simulator()).isSameAs(simulator);
			assertThat(simulator.guildIds()).hasSize(3);
		}

	}

	@Test
	void hasNoSimulatorOutsideTheTestClass() {
		assertThatIllegalStateException().isThrownBy(() -> GatewaySimulatorExtension.with((b) -> b).simulator());
	}

}
