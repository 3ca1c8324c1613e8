package io.github.discordgateway.test.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the simulated guilds from {@code guild_create.json}. Guild {@code k} is the
 * fixture guild with every guild-scoped snowflake (guild, roles, channels, threads,
 * emojis, stickers, events, sounds) shifted by {@code k << 22} (k milliseconds later), so
 * ids stay unique and valid; users keep their ids. Guild 0 is the fixture guild itself.
 * The shard of guild {@code k} for {@code n} shards is {@code ((baseId >> 22) + k) % n}.
 */
public final class GuildFactory {

	private final ObjectNode base;

	private final long baseId;

	private final Set<String> scopedIds = new HashSet<>();

	private final int count;

	private final int firstGuildMinBytes;

	private final Map<Integer, byte[]> cache = new ConcurrentHashMap<>();

	/**
	 * Creates the factory.
	 * @param count number of guilds
	 * @param firstGuildMinBytes if &gt; 0, guild 0's GUILD_CREATE is padded with
	 * synthetic members to at least this many bytes of JSON
	 */
	public GuildFactory(int count, int firstGuildMinBytes) {
		this.count = count;
		this.firstGuildMinBytes = firstGuildMinBytes;
		this.base = (ObjectNode) JsonSupport.fixture("guild_create").get("d");
		this.baseId = Long.parseLong(base.get("id").stringValue());
		scopedIds.add(base.get("id").stringValue());
		for (String array : List.of("roles", "channels", "threads", "emojis", "stickers", "guild_scheduled_events",
				"stage_instances")) {
			for (JsonNode item : base.path(array)) {
				if (item.path("id").isString()) {
					scopedIds.add(item.get("id").stringValue());
				}
			}
		}
		for (JsonNode sound : base.path("soundboard_sounds")) {
			if (sound.path("sound_id").isString()) {
				scopedIds.add(sound.get("sound_id").stringValue());
			}
		}
	}

	/**
	 * Number of guilds.
	 * @return count
	 */
	public int count() {
		return count;
	}

	/**
	 * Snowflake of guild {@code index}.
	 * @param index guild index
	 * @return the id
	 */
	public long guildId(int index) {
		return baseId + ((long) index << 22);
	}

	/**
	 * Shard of a guild id.
	 * @param guildId guild snowflake
	 * @param shardCount number of shards
	 * @return shard id
	 */
	public static int shardOf(long guildId, int shardCount) {
		return (int) Long.remainderUnsigned(guildId >>> 22, shardCount);
	}

	/**
	 * Indexes of the guilds that belong to a shard.
	 * @param shardId shard id
	 * @param shardCount shard count
	 * @return guild indexes
	 */
	public List<Integer> guildsOnShard(int shardId, int shardCount) {
		List<Integer> result = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			if (shardOf(guildId(i), shardCount) == shardId) {
				result.add(i);
			}
		}
		return result;
	}

	/**
	 * Finds the index of a configured guild.
	 * @param guildId guild snowflake
	 * @return index or -1
	 */
	public int indexOf(long guildId) {
		long diff = guildId - baseId;
		if (diff < 0 || (diff & ((1L << 22) - 1)) != 0) {
			return -1;
		}
		long index = diff >> 22;
		return index < count ? (int) index : -1;
	}

	/**
	 * Maps a guild-scoped id of the fixture guild to the corresponding id in guild
	 * {@code index}; other ids (users) are returned unchanged.
	 * @param id fixture snowflake
	 * @param index guild index
	 * @return the id in that guild
	 */
	public String remap(String id, int index) {
		if (index == 0 || !scopedIds.contains(id)) {
			return id;
		}
		return Long.toString(Long.parseLong(id) + ((long) index << 22));
	}

	/**
	 * Deep copy of a fixture tree with guild-scoped ids remapped for guild {@code index}.
	 * @param node tree (not modified)
	 * @param index guild index
	 * @return remapped copy
	 */
	public JsonNode remapTree(JsonNode node, int index) {
		JsonNode copy = node.deepCopy();
		if (index != 0) {
			remapInPlace(copy, index);
		}
		return copy;
	}

	private void remapInPlace(JsonNode node, int index) {
		if (node instanceof ObjectNode object) {
			for (String name : new ArrayList<>(object.propertyNames())) {
				JsonNode value = object.get(name);
				if (value.isString()) {
					String mapped = remap(value.stringValue(), index);
					if (!mapped.equals(value.stringValue())) {
						object.put(name, mapped);
					}
				}
				else if (value.isContainer()) {
					remapInPlace(value, index);
				}
			}
		}
		else if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				JsonNode value = array.get(i);
				if (value.isString()) {
					String mapped = remap(value.stringValue(), index);
					if (!mapped.equals(value.stringValue())) {
						array.set(i, mapped);
					}
				}
				else if (value.isContainer()) {
					remapInPlace(value, index);
				}
			}
		}
	}

	/**
	 * The fixture guild object ({@code d} of guild_create.json), shared; do not modify.
	 * @return the template
	 */
	public ObjectNode template() {
		return base;
	}

	/**
	 * JSON of the GUILD_CREATE {@code d} of guild {@code index} (cached).
	 * @param index guild index
	 * @return UTF-8 JSON
	 */
	public byte[] guildCreateJson(int index) {
		return cache.computeIfAbsent(index, this::buildGuildCreate);
	}

	private byte[] buildGuildCreate(int index) {
		ObjectNode guild = (ObjectNode) remapTree(base, index);
		if (index > 0) {
			guild.put("name", base.get("name").stringValue() + " " + (index + 1));
		}
		byte[] json = JsonSupport.write(guild);
		if (index == 0 && firstGuildMinBytes > json.length) {
			json = pad(guild, json.length);
		}
		return json;
	}

	private byte[] pad(ObjectNode guild, int currentSize) {
		ArrayNode members = (ArrayNode) guild.get("members");
		JsonNode template = members.get(members.size() - 1);
		int memberSize = JsonSupport.write(template).length + 1;
		long nextUser = 700_000_000_000_000_000L;
		byte[] json;
		int added = 0;
		do {
			int needed = Math.max(1, (firstGuildMinBytes - currentSize) / memberSize + 1);
			for (int i = 0; i < needed; i++) {
				ObjectNode member = (ObjectNode) template.deepCopy();
				ObjectNode user = (ObjectNode) member.get("user");
				String id = Long.toString(nextUser + ((long) added << 22));
				user.put("id", id);
				user.put("username", "synthetic_member_" + added);
				user.put("global_name", "Synthetic Member " + added);
				members.add(member);
				added++;
			}
			guild.put("member_count", Math.max(guild.path("member_count").asInt(0), members.size()));
			json = JsonSupport.write(guild);
			currentSize = json.length;
		}
		while (json.length < firstGuildMinBytes);
		return json;
	}

	/**
	 * Members of the fixture guild (shared; do not modify). Role ids must be remapped per
	 * guild.
	 * @return member objects with {@code user}
	 */
	public List<JsonNode> members() {
		List<JsonNode> result = new ArrayList<>();
		base.path("members").forEach(result::add);
		return result;
	}

	/**
	 * Ids of the text channels (type 0) of guild {@code index}.
	 * @param index guild index
	 * @return channel ids
	 */
	public List<String> textChannelIds(int index) {
		List<String> result = new ArrayList<>();
		for (JsonNode channel : base.path("channels")) {
			if (channel.path("type").asInt(-1) == 0) {
				result.add(remap(channel.get("id").stringValue(), index));
			}
		}
		return result;
	}

	/**
	 * An unavailable-guild stub {@code {"id": ..., "unavailable": true}}.
	 * @param index guild index
	 * @return the stub
	 */
	public ObjectNode unavailableStub(int index) {
		ObjectNode stub = JsonNodeFactory.instance.objectNode();
		stub.put("id", Long.toString(guildId(index)));
		stub.put("unavailable", true);
		return stub;
	}

}
