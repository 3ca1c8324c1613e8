package io.github.discordgateway.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import io.github.discordgateway.test.internal.JsonSupport;
import io.github.discordgateway.test.internal.PayloadEncoder;
import io.github.discordgateway.test.internal.PayloadEncoders;
import io.github.discordgateway.test.internal.TransportCompressor;
import io.github.discordgateway.test.internal.TransportCompressors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The payloads the benchmarks receive, built from the project's fixtures: a sequence of
 * distinct variants per shape (random ids, names, timestamps and texts, so the
 * compressors cannot just repeat the previous message), encoded as the gateway sends them
 * (JSON, or ETF with atom keys and integer snowflakes via the simulator's encoder) and
 * compressed in order through one stream per sequence, exactly like one connection.
 */
public final class Corpus {

	/** Payload shapes. */
	public enum Shape {

		/** HELLO, ~0.1 KiB: per-message overhead. */
		HELLO("hello", 4096),
		/** MESSAGE_CREATE, ~1.9 KiB of compact JSON. */
		MESSAGE_CREATE("message_create", 4096),
		/** GUILD_CREATE padded with members and presences to ~1 MiB of JSON. */
		GUILD_CREATE("guild_create", 8);

		final String fixture;

		final int variants;

		Shape(String fixture, int variants) {
			this.fixture = fixture;
			this.variants = variants;
		}

		static Shape of(String name) {
			return valueOf(name.toUpperCase(java.util.Locale.ROOT));
		}

	}

	private static final int GUILD_BYTES = 1024 * 1024;

	private static final Map<String, Corpus> CACHE = new ConcurrentHashMap<>();

	/** Uncompressed payloads, one per variant, in the encoding. */
	public final byte[][] payloads;

	/** The same payloads compressed in order through one stream (one message each). */
	public final byte[][] messages;

	private Corpus(byte[][] payloads, byte[][] messages) {
		this.payloads = payloads;
		this.messages = messages;
	}

	/**
	 * The corpus of a shape in an encoding, compressed with a transport compression
	 * ({@code none} for none).
	 * @param shape shape name, e.g. {@code guild_create}
	 * @param encoding {@code json} or {@code etf}
	 * @param compression {@code zlib-stream}, {@code zstd-stream} or {@code none}
	 * @return the cached corpus
	 */
	public static Corpus of(String shape, String encoding, String compression) {
		return CACHE.computeIfAbsent(shape + "/" + encoding + "/" + compression,
				(key) -> build(Shape.of(shape), encoding, compression));
	}

	private static Corpus build(Shape shape, String encoding, String compression) {
		PayloadEncoder encoder = PayloadEncoders.forName(encoding).orElseThrow();
		TransportCompressor compressor = TransportCompressors.create(compression).orElseThrow();
		try {
			List<byte[]> json = jsonVariants(shape);
			byte[][] payloads = new byte[json.size()][];
			byte[][] messages = new byte[json.size()][];
			for (int i = 0; i < json.size(); i++) {
				payloads[i] = encoder.encode(json.get(i));
				messages[i] = compressor.compress(payloads[i]);
			}
			return new Corpus(payloads, messages);
		}
		finally {
			compressor.close();
		}
	}

	private static final Map<Shape, List<byte[]>> JSON = new ConcurrentHashMap<>();

	static List<byte[]> jsonVariants(Shape shape) {
		return JSON.computeIfAbsent(shape, (key) -> {
			Random random = new Random(42);
			List<byte[]> variants = new ArrayList<>(key.variants);
			for (int i = 0; i < key.variants; i++) {
				ObjectNode envelope = JsonSupport.fixture(key.fixture);
				envelope.put("s", i + 2);
				switch (key) {
					case HELLO ->
						((ObjectNode) envelope.get("d")).put("heartbeat_interval", 40000 + random.nextInt(2000));
					case MESSAGE_CREATE -> message((ObjectNode) envelope.get("d"), random);
					case GUILD_CREATE -> guild((ObjectNode) envelope.get("d"), random, i);
				}
				variants.add(JsonSupport.write(envelope));
			}
			return variants;
		});
	}

	private static void message(ObjectNode d, Random random) {
		d.put("id", Long.toString(snowflake(random)));
		d.put("nonce", Long.toString(snowflake(random)));
		d.put("content", words(random, 4 + random.nextInt(30)));
		d.put("timestamp", timestamp(random));
		ObjectNode author = (ObjectNode) d.get("author");
		author.put("id", Long.toString(snowflake(random)));
		author.put("username", words(random, 1).replace(' ', '_') + random.nextInt(1000));
		author.put("avatar", hex(random, 32));
	}

	private static void guild(ObjectNode d, Random random, int index) {
		d.put("id", Long.toString(snowflake(random)));
		d.put("name", words(random, 3));
		ArrayNode members = (ArrayNode) d.get("members");
		ArrayNode presences = (ArrayNode) d.get("presences");
		List<String> roles = new ArrayList<>();
		d.get("roles").forEach((role) -> roles.add(role.get("id").asString()));
		JsonNode memberTemplate = members.get(members.size() - 1);
		JsonNode presenceTemplate = presences.get(0);
		String[] statuses = { "online", "idle", "dnd" };
		int approximate = JsonSupport.write(d).length;
		while (approximate < GUILD_BYTES) {
			ObjectNode member = (ObjectNode) memberTemplate.deepCopy();
			ObjectNode user = (ObjectNode) member.get("user");
			String id = Long.toString(snowflake(random));
			user.put("id", id);
			user.put("username", words(random, 1).replace(' ', '_') + random.nextInt(10000));
			user.put("global_name", random.nextBoolean() ? words(random, 2) : null);
			user.put("avatar", random.nextInt(4) == 0 ? null : hex(random, 32));
			user.put("discriminator", "0");
			user.put("public_flags", random.nextInt(4) == 0 ? 64 : 0);
			user.put("flags", random.nextInt(4) == 0 ? 64 : 0);
			user.put("bot", false);
			ArrayNode memberRoles = member.putArray("roles");
			for (int r = random.nextInt(4); r > 0; r--) {
				memberRoles.add(roles.get(random.nextInt(roles.size())));
			}
			member.put("nick", random.nextInt(5) == 0 ? words(random, 2) : null);
			member.put("joined_at", timestamp(random));
			members.add(member);
			approximate += 560;
			if (random.nextInt(3) == 0) {
				ObjectNode presence = (ObjectNode) presenceTemplate.deepCopy();
				((ObjectNode) presence.get("user")).put("id", id);
				String status = statuses[random.nextInt(statuses.length)];
				presence.put("status", status);
				presence.putObject("client_status").put(random.nextBoolean() ? "desktop" : "mobile", status);
				ArrayNode activities = presence.putArray("activities");
				if (random.nextBoolean()) {
					activities.addObject()
						.put("type", 4)
						.put("state", words(random, 3))
						.put("name", "Custom Status")
						.put("created_at", 1773500000000L + random.nextInt(1_000_000_000));
				}
				presences.add(presence);
				approximate += 180;
			}
		}
		d.put("member_count", members.size() + index);
	}

	/** A random snowflake of an id created between 2016 and 2026. */
	static long snowflake(Random random) {
		long millis = 31_536_000_000L + (long) (random.nextDouble() * 315_360_000_000L);
		return (millis << 22) | random.nextInt(1 << 22);
	}

	private static final String[] WORDS = { "maker", "solder", "bench", "filament", "router", "chisel", "lathe",
			"sensor", "print", "nozzle", "resistor", "clamp", "sawdust", "firmware", "board", "glue", "jig", "plane",
			"spool", "fuse", "laser", "vise", "drill", "oak", "walnut", "pine", "copper", "servo", "motor", "gear" };

	private static String words(Random random, int count) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < count; i++) {
			if (i > 0) {
				text.append(' ');
			}
			text.append(WORDS[random.nextInt(WORDS.length)]);
		}
		return text.toString();
	}

	private static String hex(Random random, int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(Character.forDigit(random.nextInt(16), 16));
		}
		return text.toString();
	}

	private static String timestamp(Random random) {
		return java.time.Instant.ofEpochMilli(1_500_000_000_000L + (long) (random.nextDouble() * 270_000_000_000L))
			.toString()
			.replace("Z", "+00:00");
	}

}
