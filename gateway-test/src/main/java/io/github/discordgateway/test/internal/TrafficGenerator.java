package io.github.discordgateway.test.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds realistic, varying guild dispatches for the simulated guilds (not thread-safe;
 * one per traffic task).
 */
public final class TrafficGenerator {

	/**
	 * One generated event.
	 *
	 * @param type dispatch name
	 * @param data the {@code d} object (carries {@code guild_id})
	 */
	public record Event(String type, ObjectNode data) {
	}

	/** Event types this generator can produce. */
	public static final Set<String> SUPPORTED = Set.of("MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE",
			"TYPING_START", "MESSAGE_REACTION_ADD", "PRESENCE_UPDATE", "GUILD_MEMBER_UPDATE");

	private static final List<String> DEFAULT_MIX = List.of("MESSAGE_CREATE", "MESSAGE_CREATE", "MESSAGE_CREATE",
			"MESSAGE_CREATE", "MESSAGE_CREATE", "MESSAGE_CREATE", "MESSAGE_CREATE", "TYPING_START", "TYPING_START",
			"TYPING_START", "TYPING_START", "MESSAGE_REACTION_ADD", "MESSAGE_REACTION_ADD", "MESSAGE_REACTION_ADD",
			"PRESENCE_UPDATE", "PRESENCE_UPDATE", "PRESENCE_UPDATE", "GUILD_MEMBER_UPDATE", "MESSAGE_UPDATE",
			"MESSAGE_DELETE");

	private static final String[] STATUSES = { "online", "idle", "dnd", "online", "offline" };

	private static final String[] EMOJIS = { "\uD83D\uDC4D", "\uD83C\uDF89", "\uD83D\uDD25", "\u2764\uFE0F",
			"\uD83D\uDE02" };

	private static final String[] WORDS = { "laser", "cutter", "booking", "filament", "prusa", "workshop", "solder",
			"resin", "tonight", "meetup", "printer", "spool", "bench", "drill", "thanks", "anyone", "help" };

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter
		.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'")
		.withZone(ZoneOffset.UTC);

	private final GuildFactory guilds;

	private final List<String> mix;

	private final List<JsonNode> members;

	private final ObjectNode messageTemplate;

	private final Random random = new Random();

	private long counter;

	/**
	 * Creates a generator.
	 * @param guilds the simulated guilds
	 * @param types event types to produce (uniformly); empty for the default weighted mix
	 * @throws IllegalArgumentException for unsupported types
	 */
	public TrafficGenerator(GuildFactory guilds, List<String> types) {
		for (String type : types) {
			if (!SUPPORTED.contains(type)) {
				throw new IllegalArgumentException(
						"Unsupported traffic event type " + type + "; supported: " + SUPPORTED);
			}
		}
		this.guilds = guilds;
		this.mix = types.isEmpty() ? DEFAULT_MIX : List.copyOf(types);
		this.members = guilds.members();
		this.messageTemplate = (ObjectNode) JsonSupport.fixture("message_create").get("d");
		messageTemplate.putArray("mentions");
		messageTemplate.putArray("mention_roles");
		messageTemplate.putArray("embeds");
	}

	/**
	 * Produces the next event for a random guild.
	 * @return the event
	 */
	public Event next() {
		counter++;
		int guild = random.nextInt(guilds.count());
		String type = mix.get(random.nextInt(mix.size()));
		List<String> channels = guilds.textChannelIds(guild);
		String channelId = channels.get(random.nextInt(channels.size()));
		JsonNode member = guilds.remapTree(members.get(random.nextInt(members.size())), guild);
		String guildId = Long.toString(guilds.guildId(guild));
		ObjectNode d = switch (type) {
			case "MESSAGE_CREATE", "MESSAGE_UPDATE" -> message(type, guildId, channelId, member);
			case "MESSAGE_DELETE" -> {
				ObjectNode n = obj();
				n.put("id", Long.toString(Snowflakes.next()));
				n.put("channel_id", channelId);
				n.put("guild_id", guildId);
				yield n;
			}
			case "TYPING_START" -> {
				ObjectNode n = obj();
				n.put("user_id", member.get("user").get("id").stringValue());
				n.put("timestamp", Instant.now().getEpochSecond());
				n.set("member", member);
				n.put("channel_id", channelId);
				n.put("guild_id", guildId);
				yield n;
			}
			case "MESSAGE_REACTION_ADD" -> {
				ObjectNode n = obj();
				n.put("user_id", member.get("user").get("id").stringValue());
				n.put("type", 0);
				n.put("message_id", Long.toString(Snowflakes.next()));
				n.set("member", member);
				ObjectNode emoji = n.putObject("emoji");
				emoji.putNull("id");
				emoji.put("name", EMOJIS[random.nextInt(EMOJIS.length)]);
				n.put("channel_id", channelId);
				n.put("burst", false);
				n.putArray("burst_colors");
				n.put("guild_id", guildId);
				yield n;
			}
			case "PRESENCE_UPDATE" -> {
				ObjectNode n = obj();
				String status = STATUSES[random.nextInt(STATUSES.length)];
				n.putObject("user").put("id", member.get("user").get("id").stringValue());
				n.put("status", status);
				n.putObject("client_status").put("desktop", status);
				n.putArray("activities");
				n.put("guild_id", guildId);
				yield n;
			}
			case "GUILD_MEMBER_UPDATE" -> {
				ObjectNode n = ((ObjectNode) member).deepCopy();
				n.put("nick", random.nextBoolean() ? null : "nick-" + counter);
				n.put("guild_id", guildId);
				yield n;
			}
			default -> throw new IllegalStateException(type);
		};
		return new Event(type, d);
	}

	private ObjectNode message(String type, String guildId, String channelId, JsonNode member) {
		ObjectNode m = messageTemplate.deepCopy();
		String now = TIMESTAMP.format(Instant.now());
		long id = Snowflakes.next();
		m.put("id", Long.toString(id));
		m.put("nonce", Long.toString(id - 1));
		m.put("timestamp", now);
		m.put("content", sentence());
		m.put("channel_id", channelId);
		m.put("guild_id", guildId);
		m.set("author", member.get("user").deepCopy());
		ObjectNode partialMember = ((ObjectNode) member).deepCopy();
		partialMember.remove("user");
		m.set("member", partialMember);
		if (type.equals("MESSAGE_UPDATE")) {
			m.put("edited_timestamp", now);
			m.put("tts", false);
		}
		return m;
	}

	private String sentence() {
		StringBuilder sb = new StringBuilder();
		int words = 3 + random.nextInt(10);
		for (int i = 0; i < words; i++) {
			if (i > 0) {
				sb.append(' ');
			}
			sb.append(WORDS[random.nextInt(WORDS.length)]);
		}
		return sb.append(" #").append(counter).toString();
	}

	private static ObjectNode obj() {
		return JsonNodeFactory.instance.objectNode();
	}

}
