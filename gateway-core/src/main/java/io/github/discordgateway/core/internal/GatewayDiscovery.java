package io.github.discordgateway.core.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.discordgateway.core.BotToken;
import io.github.discordgateway.core.GatewayException;
import io.github.discordgateway.core.SessionStartLimit;
import io.github.discordgateway.core.TokenRejectedException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET {api-base-url}/gateway/bot}, asynchronously, so no scheduler thread ever
 * blocks on it.
 */
final class GatewayDiscovery {

	static final String USER_AGENT = "DiscordBot (https://github.com/discord-gateway-spring, 0.1.0)";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final HttpClient http;

	private final URI endpoint;

	private final BotToken token;

	GatewayDiscovery(URI apiBaseUrl, BotToken token) {
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		String base = apiBaseUrl.toString();
		this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "gateway/bot");
		this.token = token;
	}

	/**
	 * Fetches the gateway information. Completes exceptionally with
	 * {@link TokenRejectedException} on HTTP 401 and with a {@link GatewayException} for
	 * anything else that went wrong.
	 */
	CompletableFuture<GatewayBotInfo> fetch() {
		HttpRequest request = HttpRequest.newBuilder(this.endpoint)
			.timeout(Duration.ofSeconds(15))
			.header("Authorization", "Bot " + this.token.reveal())
			.header("User-Agent", USER_AGENT)
			.header("Accept", "application/json")
			.GET()
			.build();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
			if (failure != null) {
				Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
				throw new GatewayException("GET " + this.endpoint + " failed: " + cause, cause);
			}
			return parse(response);
		});
	}

	private GatewayBotInfo parse(HttpResponse<byte[]> response) {
		int status = response.statusCode();
		if (status == 401) {
			throw new TokenRejectedException("Discord rejected the bot token: GET " + this.endpoint
					+ " answered 401 Unauthorized. Check the configured token (copy it again from the developer portal)");
		}
		if (status != 200) {
			throw new GatewayException("GET " + this.endpoint + " answered HTTP " + status);
		}
		try {
			JsonNode body = MAPPER.readTree(response.body());
			String url = body.path("url").asString(null);
			if (url == null || url.isBlank()) {
				throw new GatewayException("GET " + this.endpoint + " answered without a gateway url");
			}
			JsonNode limit = body.path("session_start_limit");
			return new GatewayBotInfo(URI.create(url), body.path("shards").asInt(1),
					limit.path("total").asInt(SessionStartLimit.UNREPORTED),
					limit.path("remaining").asInt(SessionStartLimit.UNREPORTED), limit.path("reset_after").asLong(0),
					Math.max(1, limit.path("max_concurrency").asInt(1)));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new GatewayException("GET " + this.endpoint + " answered an unreadable body: " + ex.getMessage(), ex);
		}
	}

}
