package io.github.discordgateway.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.github.discordgateway.test.internal.GuildFactory;
import io.github.discordgateway.test.internal.JsonSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GUILD_MEMBERS_CHUNK} dispatches: the answer to op 8 REQUEST_GUILD_MEMBERS (by
 * user ids or by name prefix, from the fixture members of the guild) and padded chunks
 * for {@link SimulatedConnection#sendOversized(int)}.
 */
final class GuildMemberChunks {

	private final GuildFactory guilds;

	GuildMemberChunks(GuildFactory guilds) {
		this.guilds = guilds;
	}

	/**
	 * Answers op 8 on a session; requests for a guild that is not on the session's shard
	 * (or not simulated) get no answer, as on Discord.
	 */
	void answer(SimulatedSession session, JsonNode d) {
		if (session == null || !d.path("guild_id").isString()) {
			return;
		}
		long guildId;
		try {
			guildId = Long.parseUnsignedLong(d.get("guild_id").stringValue());
		}
		catch (NumberFormatException ex) {
			return;
		}
		int index = this.guilds.indexOf(guildId);
		if (index < 0 || GuildFactory.shardOf(guildId, session.shardCount()) != session.shardId()) {
			return;
		}
		ObjectNode chunk = JsonNodeFactory.instance.objectNode();
		chunk.put("guild_id", Long.toString(guildId));
		ArrayNode members = chunk.putArray("members");
		JsonNode userIds = d.path("user_ids");
		if (!userIds.isMissingNode() && !userIds.isNull()) {
			addByUserId(chunk, members, userIds, index);
		}
		else {
			addByQuery(members, d, index);
		}
		chunk.put("chunk_index", 0);
		chunk.put("chunk_count", 1);
		if (d.path("presences").booleanValue(false)) {
			chunk.putArray("presences");
		}
		if (d.path("nonce").isString()) {
			chunk.put("nonce", d.get("nonce").stringValue());
		}
		try {
			session.dispatch("GUILD_MEMBERS_CHUNK", chunk);
		}
		catch (IllegalStateException ended) {
			// session ended meanwhile
		}
	}

	private void addByUserId(ObjectNode chunk, ArrayNode members, JsonNode userIds, int index) {
		List<String> wanted = new ArrayList<>();
		if (userIds.isArray()) {
			userIds.forEach((u) -> wanted.add(u.asString()));
		}
		else {
			wanted.add(userIds.asString());
		}
		ArrayNode notFound = chunk.putArray("not_found");
		for (String userId : wanted) {
			Optional<JsonNode> member = this.guilds.members()
				.stream()
				.filter((m) -> userId.equals(m.path("user").path("id").stringValue(null)))
				.findFirst();
			if (member.isPresent()) {
				members.add(this.guilds.remapTree(member.get(), index));
			}
			else {
				notFound.add(userId);
			}
		}
	}

	private void addByQuery(ArrayNode members, JsonNode d, int index) {
		String query = d.path("query").stringValue("").toLowerCase(Locale.ROOT);
		int limit = d.path("limit").asInt(0);
		for (JsonNode member : this.guilds.members()) {
			if (limit > 0 && members.size() >= limit) {
				break;
			}
			if (member.path("user").path("username").stringValue("").toLowerCase(Locale.ROOT).startsWith(query)) {
				members.add(this.guilds.remapTree(member, index));
			}
		}
	}

	/**
	 * A chunk for the first guild of the session's shard, padded with synthetic members
	 * until its JSON is at least {@code minBytes} long.
	 */
	byte[] oversized(SimulatedSession session, int minBytes) {
		List<Integer> shardGuilds = this.guilds.guildsOnShard(session.shardId(), session.shardCount());
		int index = shardGuilds.isEmpty() ? 0 : shardGuilds.get(0);
		ObjectNode chunk = JsonNodeFactory.instance.objectNode();
		chunk.put("guild_id", Long.toString(this.guilds.guildId(index)));
		ArrayNode members = chunk.putArray("members");
		chunk.put("chunk_index", 0);
		chunk.put("chunk_count", 1);
		List<JsonNode> templates = this.guilds.members();
		int size = JsonSupport.write(chunk).length;
		long userBase = 710_000_000_000_000_000L;
		int n = 0;
		while (size < minBytes) {
			ObjectNode member = (ObjectNode) this.guilds.remapTree(templates.get(n % templates.size()), index);
			((ObjectNode) member.get("user")).put("id", Long.toString(userBase + ((long) n << 22)));
			members.add(member);
			size += JsonSupport.write(member).length + 1;
			n++;
		}
		return JsonSupport.write(chunk);
	}

}
