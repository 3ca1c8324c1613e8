package io.github.discordgateway.forwarding;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds the guild an event belongs to in its raw data without building a tree: the
 * top-level {@code guild_id}, or {@code id} for the events whose data is the guild
 * itself.
 */
final class GuildIds {

	private static final JsonMapper JSON = JsonMapper.shared();

	private GuildIds() {
	}

	/** The guild id as a string, or {@code null}. */
	static String find(String type, byte[] data) {
		String property = isGuildItself(type) ? "id" : "guild_id";
		try (JsonParser parser = JSON.createParser(data)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (name.equals(property) && (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT)) {
					return parser.getString();
				}
				parser.skipChildren();
			}
			return null;
		}
	}

	private static boolean isGuildItself(String type) {
		return "GUILD_CREATE".equals(type) || "GUILD_UPDATE".equals(type) || "GUILD_DELETE".equals(type);
	}

}
