package io.github.discordgateway.core.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.github.discordgateway.core.DataPath;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.internal.payload.GatewayPayload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every typed accessor of {@link GatewayDispatch} reads from the received bytes exactly
 * what it reads from the Jackson tree of the same data: for generated JSON written with
 * every escape (including surrogate pairs as two {@code \\u} escapes), spaces and
 * repeated names, for ETF as erlpack writes it, and for hand-made ETF with every term
 * kind the decoder accepts (atoms, tuples, charlists, improper lists, big and old-style
 * numbers, non-string keys, {@code __struct__}).
 */
class DataReaderPropertiesTest {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final String[] ETF_KEYS = { "id", "name", "content", "é", "__struct__", "", "7", "author" };

	@Property(tries = 250)
	void jsonAccessorsReadWhatTheTreeHolds(@ForAll("trees") JsonNode data, @ForAll Random random) {
		StringBuilder json = new StringBuilder("{\"op\":0,\"s\":7,\"t\":\"GENERATED\",\"d\":");
		writeJson(data, json, random);
		byte[] bytes = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
		// the oracle is Jackson's tree of these very bytes (the writer may swap numbers
		// for big ones)
		assertSameReads(new JsonCodec().decode(bytes, 0, bytes.length), null);
	}

	@Property(tries = 150)
	void etfAccessorsReadWhatTheTreeHolds(@ForAll("trees") JsonNode data) {
		ObjectNode envelope = NODES.objectNode().put("op", 0).put("s", 7).put("t", "GENERATED");
		envelope.set("d", data);
		byte[] bytes = EtfCodec.encodeTerm(envelope);
		assertSameReads(new EtfCodec().decode(bytes, 0, bytes.length), null);
	}

	@Property(tries = 250)
	void etfAccessorsReadEveryTermKindAsTheDecoder(@ForAll Random random) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(EtfDecoder.VERSION);
		out.writeBytes(new byte[] { (byte) EtfDecoder.MAP_EXT, 0, 0, 0, 4 });
		writeEtfKey(out, "op");
		out.writeBytes(new byte[] { (byte) EtfDecoder.SMALL_INTEGER_EXT, 0 });
		writeEtfKey(out, "s");
		out.writeBytes(new byte[] { (byte) EtfDecoder.SMALL_INTEGER_EXT, 7 });
		writeEtfKey(out, "t");
		writeEtfBinary(out, "GENERATED");
		writeEtfKey(out, "d");
		writeEtfMap(out, random, 4);
		byte[] bytes = out.toByteArray();
		assertSameReads(new EtfCodec().decode(bytes, 0, bytes.length), null);
	}

	@Provide
	Arbitrary<JsonNode> trees() {
		return EtfPropertiesTest.tree(4).map((tree) -> {
			if (tree.isObject()) {
				return tree;
			}
			ObjectNode wrapper = NODES.objectNode();
			wrapper.set("value", tree);
			return wrapper;
		});
	}

	/**
	 * Compares every accessor on every path of the data (and paths that are not there)
	 * between the payload's bytes and its tree.
	 * @param expectedTree the tree the data must equal, or {@code null} to trust the
	 * codec's own
	 */
	private static void assertSameReads(GatewayPayload payload, JsonNode expectedTree) {
		assertThat(payload.dataReader()).as("data kept as bytes").isNotNull();
		JsonNode tree = payload.data();
		if (expectedTree != null) {
			assertThat(tree).isEqualTo(expectedTree);
		}
		GatewayDispatch fromBytes = new GatewayDispatch(0, 7, "GENERATED", payload);
		GatewayDispatch fromTree = new GatewayDispatch(0, 7, "GENERATED", tree);
		List<DataPath> paths = new ArrayList<>();
		collectPaths(tree, DataPath.root(), paths);
		for (DataPath path : paths) {
			assertSame(path, fromBytes, fromTree, GatewayDispatch::text);
			assertSame(path, fromBytes, fromTree, GatewayDispatch::snowflake);
			assertSame(path, fromBytes, fromTree, GatewayDispatch::snowflakeOrNull);
			assertSame(path, fromBytes, fromTree, (d, p) -> d.integer(p, -12345));
			assertSame(path, fromBytes, fromTree, (d, p) -> d.bool(p, true));
			assertSame(path, fromBytes, fromTree, (d, p) -> d.bool(p, false));
			assertSame(path, fromBytes, fromTree, GatewayDispatch::count);
			assertSame(path, fromBytes, fromTree, GatewayDispatch::has);
			assertSame(path, fromBytes, fromTree, GatewayDispatch::value);
			assertSame(path, fromBytes, fromTree, (d, p) -> Arrays.toString(d.snowflakes(p, DataPath.root())));
			assertSame(path, fromBytes, fromTree, (d, p) -> Arrays.toString(d.snowflakes(p, DataPath.of("id"))));
		}
	}

	/** The same result, or an exception of the same class, from both dispatches. */
	private static void assertSame(DataPath path, GatewayDispatch fromBytes, GatewayDispatch fromTree,
			java.util.function.BiFunction<GatewayDispatch, DataPath, Object> read) {
		assertThat(outcome(() -> read.apply(fromBytes, path))).as("%s", path)
			.isEqualTo(outcome(() -> read.apply(fromTree, path)));
	}

	private static Object outcome(java.util.function.Supplier<Object> read) {
		try {
			return read.get();
		}
		catch (IllegalArgumentException ex) {
			return ex.getClass();
		}
	}

	/**
	 * Every path of the tree, plus a name and an index that are not there below each
	 * container.
	 */
	private static void collectPaths(JsonNode node, DataPath path, List<DataPath> paths) {
		paths.add(path);
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				collectPaths(field.getValue(), path.then(field.getKey()), paths);
			}
			paths.add(path.then("not-there"));
			paths.add(path.index(0));
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				collectPaths(node.get(i), path.index(i), paths);
			}
			paths.add(path.index(node.size()));
			paths.add(path.then("id"));
		}
	}

	/**
	 * Writes JSON with random spaces, escapes and repeated names, in a way Jackson reads
	 * as {@code node}.
	 */
	private static void writeJson(JsonNode node, StringBuilder out, Random random) {
		if (node.isObject()) {
			out.append('{').append(spaces(random));
			boolean first = true;
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				if (random.nextInt(6) == 0) { // an earlier value under the same name,
												// which the later one replaces
					out.append(first ? "" : ",");
					writeString(field.getKey(), out, random);
					out.append(':').append(random.nextBoolean() ? "\"shadowed\"" : "[1,{\"id\":\"2\"}]");
					first = false;
				}
				out.append(first ? "" : "," + spaces(random));
				writeString(field.getKey(), out, random);
				out.append(spaces(random)).append(':').append(spaces(random));
				writeJson(field.getValue(), out, random);
				first = false;
			}
			out.append(spaces(random)).append('}');
		}
		else if (node.isArray()) {
			out.append('[').append(spaces(random));
			for (int i = 0; i < node.size(); i++) {
				out.append((i > 0) ? "," + spaces(random) : "");
				writeJson(node.get(i), out, random);
			}
			out.append(spaces(random)).append(']');
		}
		else if (node.isString()) {
			writeString(node.stringValue(), out, random);
		}
		else if (node.isDouble() && !Double.isFinite(node.doubleValue())) {
			out.append(random.nextBoolean() ? "1e400" : "-0.0");
		}
		else if (node.isIntegralNumber() && random.nextInt(8) == 0) {
			// beyond a long, or a snowflake-sized number instead of a string
			out.append(random.nextBoolean() ? "18446744073709551615" : "-92233720368547758080");
		}
		else {
			out.append(MAPPER.writeValueAsString(node));
		}
	}

	private static void writeString(String text, StringBuilder out, Random random) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean mustEscape = c == '"' || c == '\\' || c < 0x20;
			if (Character.isHighSurrogate(c)) { // a pair: both halves escaped (as two \\u
												// escapes) or neither
				boolean escape = random.nextBoolean();
				for (char half : new char[] { c, text.charAt(++i) }) {
					out.append(escape ? String.format("\\u%04x", (int) half) : String.valueOf(half));
				}
				continue;
			}
			if (!mustEscape && random.nextInt(5) != 0) {
				out.append(c);
				continue;
			}
			switch (random.nextInt(2) == 0 ? c : 0) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '/' -> out.append("\\/");
				case '\n' -> out.append("\\n");
				case '\t' -> out.append("\\t");
				case '\r' -> out.append("\\r");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
			}
		}
		out.append('"');
	}

	private static String spaces(Random random) {
		return switch (random.nextInt(6)) {
			case 0 -> " ";
			case 1 -> "\n\t ";
			case 2 -> "\r\n";
			default -> "";
		};
	}

	private static void writeEtfMap(ByteArrayOutputStream out, Random random, int depth) {
		int pairs = random.nextInt(6);
		writeU8(out, EtfDecoder.MAP_EXT);
		writeU32(out, pairs);
		for (int i = 0; i < pairs; i++) {
			writeEtfAnyKey(out, random);
			writeEtfTerm(out, random, depth - 1);
		}
	}

	private static void writeEtfTerm(ByteArrayOutputStream out, Random random, int depth) {
		int choice = random.nextInt((depth > 0) ? 20 : 15);
		switch (choice) {
			case 0 -> writeU8(out, EtfDecoder.SMALL_INTEGER_EXT, random.nextInt(256));
			case 1 -> {
				writeU8(out, EtfDecoder.INTEGER_EXT);
				writeU32(out, random.nextInt());
			}
			case 2, 3 -> { // SMALL_BIG_EXT of 1..8 bytes (ids), or LARGE_BIG_EXT of up to
							// 12 bytes
				boolean large = choice == 3;
				int digits = 1 + random.nextInt(large ? 12 : 8);
				writeU8(out, large ? EtfDecoder.LARGE_BIG_EXT : EtfDecoder.SMALL_BIG_EXT);
				if (large) {
					writeU32(out, digits);
				}
				else {
					writeU8(out, digits);
				}
				writeU8(out, random.nextInt(4) == 0 ? 1 : 0);
				for (int i = 0; i < digits; i++) {
					writeU8(out, random.nextInt(256));
				}
			}
			case 4 -> {
				writeU8(out, EtfDecoder.NEW_FLOAT_EXT);
				long bits = Double.doubleToLongBits(random.nextGaussian() * 1e6);
				for (int shift = 56; shift >= 0; shift -= 8) {
					writeU8(out, (int) (bits >>> shift));
				}
			}
			case 5 -> {
				writeU8(out, EtfDecoder.FLOAT_EXT);
				byte[] text = Arrays
					.copyOf(String.format("%.20e", random.nextDouble() * 100).getBytes(StandardCharsets.US_ASCII), 31);
				out.writeBytes(text);
			}
			case 6 -> writeEtfAtom(out, Arrays.asList("nil", "null", "true", "false").get(random.nextInt(4)), random);
			case 7 -> writeEtfAtom(out, random.nextBoolean() ? "an_atom" : "caf\u00e9", random);
			case 8, 9 -> writeEtfBinary(out,
					random.nextBoolean() ? "text \u00e9 \ud83d\ude00" : Long.toString(random.nextLong() >>> 1));
			case 10 -> writeU8(out, EtfDecoder.NIL_EXT);
			case 11 -> { // STRING_EXT: a list of bytes
				int length = random.nextInt(5);
				writeU8(out, EtfDecoder.STRING_EXT);
				writeU16(out, length);
				for (int i = 0; i < length; i++) {
					writeU8(out, 'a' + random.nextInt(26));
				}
			}
			case 12, 13, 14 -> writeEtfBinary(out, "id");
			case 15, 16 -> writeEtfMap(out, random, depth);
			case 17, 18 -> { // a list, sometimes improper
				int count = random.nextInt(4);
				writeU8(out, EtfDecoder.LIST_EXT);
				writeU32(out, count);
				for (int i = 0; i < count; i++) {
					writeEtfTerm(out, random, depth - 1);
				}
				if (random.nextInt(4) == 0) {
					writeEtfTerm(out, random, 0);
				}
				else {
					writeU8(out, EtfDecoder.NIL_EXT);
				}
			}
			default -> {
				int arity = random.nextInt(4);
				boolean large = random.nextBoolean();
				writeU8(out, large ? EtfDecoder.LARGE_TUPLE_EXT : EtfDecoder.SMALL_TUPLE_EXT);
				if (large) {
					writeU32(out, arity);
				}
				else {
					writeU8(out, arity);
				}
				for (int i = 0; i < arity; i++) {
					writeEtfTerm(out, random, depth - 1);
				}
			}
		}
	}

	/**
	 * A key of any kind the decoder accepts, spelling one of a few names (some repeated).
	 */
	private static void writeEtfAnyKey(ByteArrayOutputStream out, Random random) {
		String name = ETF_KEYS[random.nextInt(ETF_KEYS.length)];
		switch (random.nextInt(5)) {
			case 0 -> writeEtfBinary(out, name);
			case 1 -> {
				if (name.equals("7")) {
					writeU8(out, EtfDecoder.SMALL_INTEGER_EXT, 7);
				}
				else if (name.isEmpty()) {
					writeU8(out, EtfDecoder.NIL_EXT);
				}
				else {
					writeEtfAtom(out, name, random);
				}
			}
			case 2 -> {
				byte[] latin1 = name.getBytes(StandardCharsets.ISO_8859_1);
				writeU8(out, EtfDecoder.STRING_EXT);
				writeU16(out, latin1.length);
				out.writeBytes(latin1);
			}
			default -> writeEtfAtom(out, name, random);
		}
	}

	private static void writeEtfKey(ByteArrayOutputStream out, String name) {
		writeU8(out, EtfDecoder.SMALL_ATOM_UTF8_EXT, name.length());
		out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
	}

	/** An atom in one of its four tags; Latin-1 tags for the old ones. */
	private static void writeEtfAtom(ByteArrayOutputStream out, String name, Random random) {
		int kind = random.nextInt(4);
		boolean utf8 = kind < 2;
		byte[] text = name.getBytes(utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
		if (kind % 2 == 0) {
			writeU8(out, utf8 ? EtfDecoder.SMALL_ATOM_UTF8_EXT : EtfDecoder.SMALL_ATOM_EXT, text.length);
		}
		else {
			writeU8(out, utf8 ? EtfDecoder.ATOM_UTF8_EXT : EtfDecoder.ATOM_EXT);
			writeU16(out, text.length);
		}
		out.writeBytes(text);
	}

	private static void writeEtfBinary(ByteArrayOutputStream out, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		writeU8(out, EtfDecoder.BINARY_EXT);
		writeU32(out, bytes.length);
		out.writeBytes(bytes);
	}

	private static void writeU8(ByteArrayOutputStream out, int... values) {
		for (int value : values) {
			out.write(value);
		}
	}

	private static void writeU16(ByteArrayOutputStream out, int value) {
		out.write(value >>> 8);
		out.write(value);
	}

	private static void writeU32(ByteArrayOutputStream out, int value) {
		out.write(value >>> 24);
		out.write(value >>> 16);
		out.write(value >>> 8);
		out.write(value);
	}

}
