package io.github.discordgateway.test;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import io.github.discordgateway.test.internal.HttpRequest;
import io.github.discordgateway.test.internal.HttpResponse;
import io.github.discordgateway.test.internal.JsonSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The REST routes besides discovery that client libraries call to log in:
 * {@code GET /users/@me} (JDA verifies the token with it), {@code GET /applications/@me}
 * and {@code GET /oauth2/applications/@me}. They answer for the bot user of READY and
 * need {@code Authorization: Bot <token>} like Discord (401 otherwise); any other path is
 * 404.
 */
final class SimulatedRestApi {

	private static final Pattern SELF_USER = Pattern.compile("/api(/v\\d+)?/users/@me/?");

	private static final Pattern SELF_APPLICATION = Pattern.compile("/api(/v\\d+)?(/oauth2)?/applications/@me/?");

	private final String token;

	SimulatedRestApi(String token) {
		this.token = token;
	}

	HttpResponse handle(HttpRequest request) {
		boolean user = SELF_USER.matcher(request.path()).matches();
		if (!user && !SELF_APPLICATION.matcher(request.path()).matches()) {
			return HttpResponse.json(404, "{\"message\": \"404: Not Found\", \"code\": 0}");
		}
		if (!"GET".equals(request.method())) {
			return HttpResponse.json(405, "{\"message\": \"405: Method Not Allowed\", \"code\": 0}");
		}
		String auth = request.header("authorization");
		if (auth == null || !auth.equals("Bot " + token)) {
			return HttpResponse.json(401, "{\"message\": \"401: Unauthorized\", \"code\": 0}");
		}
		return HttpResponse.json(200,
				new String(JsonSupport.write(user ? botUser() : application()), StandardCharsets.UTF_8));
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
