package io.github.discordgateway.core.spi;

import io.github.discordgateway.core.GatewayPresence;
import io.github.discordgateway.core.GuildMembersRequest;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the {@code d} of the commands a client sends. Snowflakes are sent as strings, as
 * Discord prefers.
 */
public final class GatewayCommands {

	public static final int PRESENCE_UPDATE = 3;

	public static final int VOICE_STATE_UPDATE = 4;

	public static final int REQUEST_GUILD_MEMBERS = 8;

	private GatewayCommands() {
	}

	/** Presence Update (opcode 3) data, also the IDENTIFY {@code presence}. */
	public static ObjectNode presence(GatewayPresence presence) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.putNull("since");
		ArrayNode activities = node.putArray("activities");
		for (GatewayPresence.Activity activity : presence.activities()) {
			ObjectNode item = activities.addObject();
			item.put("name", activity.name());
			item.put("type", activity.type());
			if (activity.state() != null) {
				item.put("state", activity.state());
			}
			if (activity.url() != null) {
				item.put("url", activity.url());
			}
		}
		node.put("status", presence.status());
		node.put("afk", presence.afk());
		return node;
	}

	/** Voice State Update (opcode 4) data; a {@code null} channel leaves voice. */
	public static ObjectNode voiceState(long guildId, Long channelId, boolean selfMute, boolean selfDeaf) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("guild_id", Long.toUnsignedString(guildId));
		if (channelId != null) {
			node.put("channel_id", Long.toUnsignedString(channelId));
		}
		else {
			node.putNull("channel_id");
		}
		node.put("self_mute", selfMute);
		node.put("self_deaf", selfDeaf);
		return node;
	}

	/** Request Guild Members (opcode 8) data. */
	public static ObjectNode requestGuildMembers(GuildMembersRequest request, String nonce) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("guild_id", Long.toUnsignedString(request.guildId()));
		if (request.query() != null) {
			node.put("query", request.query());
			node.put("limit", request.limit());
		}
		else {
			ArrayNode ids = node.putArray("user_ids");
			request.userIds().forEach((id) -> ids.add(Long.toUnsignedString(id)));
		}
		node.put("presences", request.presences());
		node.put("nonce", nonce);
		return node;
	}

}
