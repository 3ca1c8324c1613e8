package io.github.discordgateway.test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryTest {

	private GatewaySimulator sim;

	@BeforeEach
	void start() {
		sim = GatewaySimulator.builder()
			.token("secret-token")
			.shards(3)
			.maxConcurrency(2)
			.sessionStartLimit(1000, 42, java.time.Duration.ofMillis(5000))
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		sim.close();
	}

	private HttpResponse<String> get(String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.apiBaseUrl() + path)).GET();
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return TestGatewayClient.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void gatewayBotAnswersWithUrlShardsAndSessionStartLimit() throws Exception {
		HttpResponse<String> response = get("/gateway/bot", "Bot secret-token");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		JsonNode body = TestGatewayClient.MAPPER.readTree(response.body());
		assertThat(body.get("url").asString()).isEqualTo(sim.gatewayUrl()).startsWith("ws://127.0.0.1:");
		assertThat(body.get("shards").asInt()).isEqualTo(3);
		JsonNode limit = body.get("session_start_limit");
		assertThat(limit.get("total").asInt()).isEqualTo(1000);
		assertThat(limit.get("remaining").asInt()).isEqualTo(42);
		assertThat(limit.get("reset_after").asLong()).as("counts down from 5000 ms, as Discord's does")
			.isBetween(1L, 5000L);
		assertThat(limit.get("max_concurrency").asInt()).isEqualTo(2);
	}

	@Test
	void gatewayBotRequiresBotAuthorization() throws Exception {
		for (String auth : new String[] { null, "secret-token", "Bearer secret-token", "Bot wrong" }) {
			HttpResponse<String> response = get("/gateway/bot", auth);
			assertThat(response.statusCode()).as("Authorization %s", auth).isEqualTo(401);
			JsonNode body = TestGatewayClient.MAPPER.readTree(response.body());
			assertThat(body.get("message").asString()).isEqualTo("401: Unauthorized");
			assertThat(body.get("code").asInt()).isZero();
		}
		assertThat(sim.discoveryRequests()).isEqualTo(4);
	}

	@Test
	void gatewayNeedsNoAuthAndReturnsOnlyTheUrl() throws Exception {
		HttpResponse<String> response = get("/gateway", null);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = TestGatewayClient.MAPPER.readTree(response.body());
		assertThat(body.propertyNames()).containsExactly("url");
		assertThat(body.get("url").asString()).isEqualTo(sim.gatewayUrl());
	}

	@Test
	void injectedFailuresHitTheNextRequestsThenRecover() throws Exception {
		sim.failNextDiscoveryRequests(2, 502);

		assertThat(get("/gateway/bot", "Bot secret-token").statusCode()).isEqualTo(502);
		HttpResponse<String> second = get("/gateway", null);
		assertThat(second.statusCode()).isEqualTo(502);
		assertThat(second.body()).contains("502: Bad Gateway");
		assertThat(get("/gateway/bot", "Bot secret-token").statusCode()).isEqualTo(200);
		assertThat(sim.discoveryRequests()).isEqualTo(3);

		sim.failNextDiscoveryRequests(1, 429);
		HttpResponse<String> limited = get("/gateway/bot", "Bot secret-token");
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
	}

	@Test
	void unknownPathsAre404AndNotCounted() throws Exception {
		assertThat(get("/channels/1/messages", "Bot secret-token").statusCode()).isEqualTo(404);
		assertThat(sim.discoveryRequests()).isZero();
	}

	@Test
	void servesTheBotUserAndApplicationThatClientsReadAtLogin() throws Exception {
		HttpResponse<String> user = get("/users/@me", "Bot secret-token");
		assertThat(user.statusCode()).isEqualTo(200);
		assertThat(user.body()).contains("\"id\":\"1238496297346485656\"", "\"bot\":true");
		for (String path : new String[] { "/applications/@me", "/oauth2/applications/@me" }) {
			HttpResponse<String> application = get(path, "Bot secret-token");
			assertThat(application.statusCode()).as(path).isEqualTo(200);
			assertThat(application.body()).as(path).contains("\"id\":\"1238496297346485656\"", "\"bot\":{");
		}
		assertThat(get("/users/@me", "Bot wrong").statusCode()).isEqualTo(401);
		assertThat(get("/applications/@me", null).statusCode()).isEqualTo(401);
		assertThat(sim.discoveryRequests()).isZero();
	}

	@Test
	void gatewayWithoutBotNeedsNoTokenAndAnswersOnlyTheUrl() throws Exception {
		HttpResponse<String> gateway = get("/gateway", null);
		assertThat(gateway.statusCode()).isEqualTo(200);
		assertThat(gateway.body()).isEqualTo("{\"url\": \"" + sim.gatewayUrl() + "\"}");
	}

	@Test
	void remainingDropsWithEachAcceptedIdentify() throws Exception {
		try (TestGatewayClient client = TestGatewayClient.connect(sim)) {
			client.awaitOp(10);
			client.identify("secret-token");
			client.awaitDispatch("READY");
		}
		JsonNode body = TestGatewayClient.MAPPER.readTree(get("/gateway/bot", "Bot secret-token").body());
		assertThat(body.path("session_start_limit").path("remaining").asInt()).isEqualTo(41);
		assertThat(sim.sessionStartsRemaining()).isEqualTo(41);
	}

}
