package io.github.discordgateway.test.internal;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Discord's REST answers for a fake gateway: discovery bodies, Discord's error bodies,
 * and the routes besides discovery that client libraries call to log in:
 * {@code GET /users/@me} (JDA verifies the token with it), {@code GET /applications/@me}
 * and {@code GET /oauth2/applications/@me}. Those answer for the bot user of READY and
 * need {@code Authorization: Bot <token>} like Discord (401 otherwise); any other path is
 * 404.
 */
public final class LoginRestApi {

	private static final Pattern SELF_USER = Pattern.compile("/api(/v\\d+)?/users/@me/?");

	private static final Pattern SELF_APPLICATION = Pattern.compile("/api(/v\\d+)?(/oauth2)?/applications/@me/?");

	private final String token;

	/**
	 * Answers for a bot with this token.
	 * @param token the token clients must present, or {@code null} to accept any
	 * {@code Authorization: Bot ...} header
	 */
	public LoginRestApi(String token) {
		this.token = token;
	}

	/**
	 * Answers a request that is not discovery.
	 * @param request the request
	 * @return the bot user, its application, 401, 404 or 405
	 */
	public HttpResponse handle(HttpRequest request) {
		boolean user = SELF_USER.matcher(request.path()).matches();
		if (!user && !SELF_APPLICATION.matcher(request.path()).matches()) {
			return HttpResponse.json(404, "{\"message\": \"404: Not Found\", \"code\": 0}");
		}
		if (!"GET".equals(request.method())) {
			return methodNotAllowed();
		}
		if (!isAuthorized(request)) {
			return unauthorized();
		}
		return HttpResponse.json(200,
				new String(JsonSupport.write(user ? botUser() : application()), StandardCharsets.UTF_8));
	}

	/**
	 * Whether the request carries {@code Authorization: Bot <token>}.
	 * @param request the request
	 * @return whether authorized
	 */
	public boolean isAuthorized(HttpRequest request) {
		String auth = request.header("authorization");
		return auth != null && ((this.token != null) ? auth.equals("Bot " + this.token) : auth.startsWith("Bot "));
	}

	/**
	 * The body of {@code GET /gateway}.
	 * @param gatewayUrl the gateway URL
	 * @return a 200 answer
	 */
	public static HttpResponse gateway(String gatewayUrl) {
		return HttpResponse.json(200, "{\"url\": " + JsonSupport.MAPPER.writeValueAsString(gatewayUrl) + "}");
	}

	/**
	 * The body of {@code GET /gateway/bot}.
	 * @param gatewayUrl the gateway URL
	 * @param shards recommended shard count
	 * @param total {@code session_start_limit.total}
	 * @param remaining {@code session_start_limit.remaining}
	 * @param resetAfterMillis {@code session_start_limit.reset_after}
	 * @param maxConcurrency {@code session_start_limit.max_concurrency}
	 * @return a 200 answer
	 */
	public static HttpResponse gatewayBot(String gatewayUrl, int shards, int total, int remaining,
			long resetAfterMillis, int maxConcurrency) {
		return HttpResponse.json(200,
				"{\"url\": " + JsonSupport.MAPPER.writeValueAsString(gatewayUrl) + ", \"shards\": " + shards
						+ ", \"session_start_limit\": {\"total\": " + total + ", \"remaining\": " + remaining
						+ ", \"reset_after\": " + resetAfterMillis + ", \"max_concurrency\": " + maxConcurrency + "}}");
	}

	/**
	 * Discord's 401 answer.
	 * @return the answer
	 */
	public static HttpResponse unauthorized() {
		return HttpResponse.json(401, "{\"message\": \"401: Unauthorized\", \"code\": 0}");
	}

	/**
	 * Discord's 405 answer.
	 * @return the answer
	 */
	public static HttpResponse methodNotAllowed() {
		return HttpResponse.json(405, "{\"message\": \"405: Method Not Allowed\", \"code\": 0}");
	}

	private static JsonNode botUser() {
		return JsonSupport.fixture("ready").get("d").get("user");
	}

	private static JsonNode application() {
		JsonNode user = botUser();
		JsonNode ready = JsonSupport.fixture("ready").get("d").get("application");
		ObjectNode application = JsonSupport.MAPPER.createObjectNode();
		application.put("id", ready.get("id").stringValue());
		application.put("name", user.get("username").stringValue());
		application.putNull("icon");
		application.put("description", "");
		application.put("summary", "");
		application.putNull("type");
		application.put("bot_public", true);
		application.put("bot_require_code_grant", false);
		application.put("verify_key", "00");
		application.put("flags", ready.get("flags").longValue());
		application.put("hook", true);
		application.put("is_monetized", false);
		application.putArray("tags");
		application.putArray("redirect_uris");
		application.putNull("interactions_endpoint_url");
		application.putNull("role_connections_verification_url");
		application.set("owner", user);
		application.set("bot", user);
		application.putNull("team");
		application.put("approximate_guild_count", 1);
		return application;
	}

}
