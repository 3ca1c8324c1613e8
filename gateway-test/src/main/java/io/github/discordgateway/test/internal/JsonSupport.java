package io.github.discordgateway.test.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Shared JSON mapper, gateway envelope writers and classpath fixture loading. */
public final class JsonSupport {

	/** Strict mapper (trailing tokens are a decode error). Immutable and thread-safe. */
	public static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private static final String FIXTURE_ROOT = "/io/github/discordgateway/test/fixtures/";

	private static final Map<String, JsonNode> FIXTURES = new ConcurrentHashMap<>();

	private JsonSupport() {
	}

	/**
	 * Serialises a tree.
	 * @param node tree
	 * @return UTF-8 JSON
	 */
	public static byte[] write(JsonNode node) {
		return MAPPER.writeValueAsBytes(node);
	}

	/**
	 * Builds a non-dispatch server payload {@code {"t":null,"s":null,"op":op,"d":d}}.
	 * @param op opcode
	 * @param dJson JSON of {@code d}
	 * @return UTF-8 JSON
	 */
	public static byte[] envelope(int op, String dJson) {
		return ("{\"t\":null,\"s\":null,\"op\":" + op + ",\"d\":" + dJson + "}").getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Builds a dispatch payload {@code {"t":type,"s":seq,"op":0,"d":d}} without
	 * re-serialising {@code d}.
	 * @param type event name
	 * @param seq sequence number
	 * @param dJson UTF-8 JSON of {@code d}
	 * @return UTF-8 JSON
	 */
	public static byte[] dispatch(String type, long seq, byte[] dJson) {
		byte[] head = ("{\"t\":" + MAPPER.writeValueAsString(type) + ",\"s\":" + seq + ",\"op\":0,\"d\":")
			.getBytes(StandardCharsets.UTF_8);
		byte[] result = new byte[head.length + dJson.length + 1];
		System.arraycopy(head, 0, result, 0, head.length);
		System.arraycopy(dJson, 0, result, head.length, dJson.length);
		result[result.length - 1] = '}';
		return result;
	}

	/**
	 * Whether a fixture file exists on the classpath.
	 * @param name file name without {@code .json}, e.g. {@code message_create}
	 * @return whether it exists
	 */
	public static boolean hasFixture(String name) {
		return JsonSupport.class.getResource(FIXTURE_ROOT + name + ".json") != null;
	}

	/**
	 * Loads a fixture envelope (cached) and returns a private deep copy.
	 * @param name file name without {@code .json}, e.g. {@code ready}
	 * @return the whole envelope ({@code t}, {@code s}, {@code op}, {@code d})
	 * @throws IllegalArgumentException if there is no such fixture
	 */
	public static ObjectNode fixture(String name) {
		JsonNode cached = FIXTURES.computeIfAbsent(name, JsonSupport::load);
		return (ObjectNode) cached.deepCopy();
	}

	private static JsonNode load(String name) {
		try (InputStream in = JsonSupport.class.getResourceAsStream(FIXTURE_ROOT + name + ".json")) {
			if (in == null) {
				throw new IllegalArgumentException("No fixture named " + name + ".json on the classpath");
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			in.transferTo(out);
			return MAPPER.readTree(out.toByteArray());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
