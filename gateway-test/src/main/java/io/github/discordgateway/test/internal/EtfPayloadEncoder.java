package io.github.discordgateway.test.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code encoding=etf}, written independently of the client's codec so that the two check
 * each other.
 *
 * <p>
 * Server to client, terms look like what Discord's Erlang/Elixir gateway sends: every map
 * key that is a name is an atom, snowflake-keyed maps use integer keys, the event name
 * {@code t} is an atom, {@code null}/booleans are the atoms
 * {@code nil}/{@code true}/{@code false}, snowflake-shaped strings (decimal, 2^53 up to
 * 2^64 - 1) are {@code SMALL_BIG_EXT} integers, lists of small integers (e.g.
 * {@code shard: [0, 2]}) are {@code STRING_EXT} as Erlang writes them, other integers are
 * {@code SMALL_INTEGER_EXT}/{@code INTEGER_EXT}/ {@code SMALL_BIG_EXT}, other strings
 * {@code BINARY_EXT}, floats {@code NEW_FLOAT_EXT}. Payload text that is not valid JSON
 * (used to inject corrupt payloads) is sent as a truncated ETF map, so corrupt-payload
 * scenarios work in both encodings.
 *
 * <p>
 * Atoms are written as erlpack and Erlang's {@code term_to_binary} write plain ASCII
 * atoms by default: {@code SMALL_ATOM_EXT} (115), or {@code ATOM_EXT} (100) from 255
 * bytes on, so that every ETF client, including erlpack-based ones that know no other
 * atom tags, can read them. {@link #UTF8_ATOMS} writes {@code SMALL_ATOM_UTF8_EXT} (119)
 * / {@code ATOM_UTF8_EXT} (118) instead, to exercise decoders (Erlang/OTP 26 and later
 * also write those). Atoms that Latin-1 cannot hold always use the UTF-8 tags.
 *
 * <p>
 * Client to server, messages must be binary ETF with binary (string) map keys, as Discord
 * requires: atom keys, unknown tags, truncation or trailing bytes are decode errors (the
 * connection closes with 4002).
 */
final class EtfPayloadEncoder implements PayloadEncoder {

	static final EtfPayloadEncoder INSTANCE = new EtfPayloadEncoder(false);

	/** Writes atoms with the UTF-8 tags. */
	static final EtfPayloadEncoder UTF8_ATOMS = new EtfPayloadEncoder(true);

	private static final int MAX_DEPTH = 128;

	private static final BigInteger TWO_POW_53 = BigInteger.ONE.shiftLeft(53);

	private static final BigInteger TWO_POW_64 = BigInteger.ONE.shiftLeft(64);

	/** Version byte and a map that claims one pair but holds none. */
	private static final byte[] CORRUPT = { (byte) 131, 116, 0, 0, 0, 1 };

	private final boolean utf8Atoms;

	private EtfPayloadEncoder(boolean utf8Atoms) {
		this.utf8Atoms = utf8Atoms;
	}

	@Override
	public String name() {
		return "etf";
	}

	@Override
	public boolean binary() {
		return true;
	}

	@Override
	public byte[] encode(byte[] json) {
		JsonNode tree;
		try {
			tree = JsonSupport.MAPPER.readTree(json);
		}
		catch (JacksonException e) {
			return CORRUPT.clone();
		}
		Writer out = new Writer(json.length, this.utf8Atoms);
		out.write(131);
		if (tree.isObject()) {
			// the envelope: its t is an atom
			out.map((ObjectNode) tree, true, 0);
		}
		else {
			out.value(tree, 0);
		}
		return out.toByteArray();
	}

	@Override
	public JsonNode decode(byte[] data) {
		Reader reader = new Reader(data);
		if (reader.u8() != 131) {
			throw new IllegalArgumentException("ETF message without version byte 131");
		}
		JsonNode term = reader.term(0);
		if (reader.pos != data.length) {
			throw new IllegalArgumentException("Bytes after the ETF term");
		}
		return term;
	}

	/**
	 * Decimal text of an unsigned 64-bit value at or above 2^53 (a snowflake), or
	 * {@code null}.
	 */
	static BigInteger snowflakeValue(String text) {
		int length = text.length();
		if (length < 16 || length > 20 || text.charAt(0) == '0') {
			return null;
		}
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return null;
			}
		}
		BigInteger value = new BigInteger(text);
		return value.compareTo(TWO_POW_53) >= 0 && value.compareTo(TWO_POW_64) < 0 ? value : null;
	}

	private static final class Writer extends ByteArrayOutputStream {

		private final boolean utf8Atoms;

		Writer(int size, boolean utf8Atoms) {
			super(Math.max(64, size));
			this.utf8Atoms = utf8Atoms;
		}

		void value(JsonNode node, int depth) {
			if (depth > MAX_DEPTH) {
				throw new IllegalArgumentException("Payload nested too deeply");
			}
			switch (node.getNodeType()) {
				case OBJECT -> map((ObjectNode) node, false, depth);
				case ARRAY -> list((ArrayNode) node, depth);
				case STRING -> {
					BigInteger snowflake = snowflakeValue(node.stringValue());
					if (snowflake != null) {
						big(snowflake);
					}
					else {
						binary(node.stringValue());
					}
				}
				case NUMBER -> {
					if (node.isIntegralNumber()) {
						big(node.bigIntegerValue());
					}
					else {
						write(70);
						u64(Double.doubleToLongBits(node.doubleValue()));
					}
				}
				case BOOLEAN -> atom(node.booleanValue() ? "true" : "false");
				default -> atom("nil");
			}
		}

		void map(ObjectNode node, boolean envelope, int depth) {
			write(116);
			u32(node.size());
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				String key = field.getKey();
				BigInteger snowflake = snowflakeValue(key);
				if (snowflake != null) {
					big(snowflake);
				}
				else if (key.getBytes(StandardCharsets.UTF_8).length <= 255) {
					atom(key);
				}
				else {
					binary(key);
				}
				JsonNode value = field.getValue();
				if (envelope && key.equals("t") && value.isString()
						&& value.stringValue().getBytes(StandardCharsets.UTF_8).length <= 255) {
					atom(value.stringValue());
				}
				else {
					value(value, depth + 1);
				}
			}
		}

		void list(ArrayNode node, int depth) {
			int size = node.size();
			if (size == 0) {
				write(106);
				return;
			}
			boolean bytes = size <= 65535;
			for (int i = 0; i < size && bytes; i++) {
				JsonNode element = node.get(i);
				bytes = element.isIntegralNumber() && element.canConvertToInt() && element.intValue() >= 0
						&& element.intValue() <= 255;
			}
			if (bytes) {
				write(107);
				write(size >>> 8);
				write(size);
				for (int i = 0; i < size; i++) {
					write(node.get(i).intValue());
				}
				return;
			}
			write(108);
			u32(size);
			for (int i = 0; i < size; i++) {
				value(node.get(i), depth + 1);
			}
			write(106);
		}

		void big(BigInteger value) {
			if (value.signum() >= 0 && value.compareTo(BigInteger.valueOf(255)) <= 0) {
				write(97);
				write(value.intValue());
			}
			else if (value.bitLength() < 32) {
				write(98);
				u32(value.intValue());
			}
			else {
				byte[] bigEndian = value.abs().toByteArray();
				int skip = bigEndian[0] == 0 ? 1 : 0;
				int digits = bigEndian.length - skip;
				write(110);
				write(digits);
				write(value.signum() < 0 ? 1 : 0);
				for (int i = bigEndian.length - 1; i >= skip; i--) {
					write(bigEndian[i]);
				}
			}
		}

		void atom(String name) {
			boolean latin1 = name.chars().allMatch(c -> c <= 0xFF);
			byte[] bytes = name.getBytes((utf8Atoms || !latin1) ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
			boolean small = bytes.length < 255;
			if (utf8Atoms || !latin1) {
				write(small ? 119 : 118);
			}
			else {
				write(small ? 115 : 100);
			}
			if (small) {
				write(bytes.length);
			}
			else {
				write(bytes.length >>> 8);
				write(bytes.length);
			}
			writeBytes(bytes);
		}

		void binary(String text) {
			byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
			write(109);
			u32(utf8.length);
			writeBytes(utf8);
		}

		void u32(int value) {
			write(value >>> 24);
			write(value >>> 16);
			write(value >>> 8);
			write(value);
		}

		void u64(long value) {
			u32((int) (value >>> 32));
			u32((int) value);
		}

	}

	private static final class Reader {

		private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

		private final byte[] data;

		int pos;

		Reader(byte[] data) {
			this.data = data;
		}

		JsonNode term(int depth) {
			if (depth > MAX_DEPTH) {
				throw new IllegalArgumentException("ETF nested too deeply");
			}
			int tag = u8();
			switch (tag) {
				case 97:
					return NODES.numberNode(u8());
				case 98:
					return NODES.numberNode((int) u32());
				case 110:
				case 111: {
					int digits = tag == 110 ? u8() : (int) Math.min(u32(), Integer.MAX_VALUE);
					int sign = u8();
					byte[] bigEndian = new byte[need(digits)];
					for (int i = digits - 1; i >= 0; i--) {
						bigEndian[i] = data[pos++];
					}
					BigInteger value = new BigInteger(1, bigEndian);
					value = sign == 0 ? value : value.negate();
					return value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
				}
				case 70: {
					long bits = (u32() << 32) | u32();
					return NODES.numberNode(Double.longBitsToDouble(bits));
				}
				case 109: {
					int length = need(u32());
					String text = new String(data, pos, length, StandardCharsets.UTF_8);
					pos += length;
					return NODES.stringNode(text);
				}
				case 100:
				case 115:
				case 118:
				case 119: {
					String name = atomText(tag);
					return switch (name) {
						case "nil", "null" -> NODES.nullNode();
						case "true" -> NODES.booleanNode(true);
						case "false" -> NODES.booleanNode(false);
						default -> NODES.stringNode(name);
					};
				}
				case 106:
					return NODES.arrayNode();
				case 107: {
					int length = need((u8() << 8) | u8());
					ArrayNode array = NODES.arrayNode();
					for (int i = 0; i < length; i++) {
						array.add(data[pos++] & 0xFF);
					}
					return array;
				}
				case 108: {
					int count = need(u32());
					ArrayNode array = NODES.arrayNode();
					for (int i = 0; i < count; i++) {
						array.add(term(depth + 1));
					}
					if (u8() != 106) {
						throw new IllegalArgumentException("Improper list");
					}
					return array;
				}
				case 116: {
					int pairs = need(u32());
					ObjectNode object = NODES.objectNode();
					for (int i = 0; i < pairs; i++) {
						int keyTag = u8();
						if (keyTag != 109) {
							throw new IllegalArgumentException("Map key with tag " + keyTag
									+ ": Discord accepts only binary (string) keys from clients");
						}
						int length = need(u32());
						String key = new String(data, pos, length, StandardCharsets.UTF_8);
						pos += length;
						object.set(key, term(depth + 1));
					}
					return object;
				}
				default:
					throw new IllegalArgumentException("Unsupported ETF tag " + tag);
			}
		}

		private String atomText(int tag) {
			int length = need(tag == 100 || tag == 118 ? (u8() << 8) | u8() : u8());
			String name = new String(data, pos, length,
					tag == 118 || tag == 119 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
			pos += length;
			return name;
		}

		int u8() {
			if (pos >= data.length) {
				throw new IllegalArgumentException("Truncated ETF");
			}
			return data[pos++] & 0xFF;
		}

		long u32() {
			return ((long) u8() << 24) | (u8() << 16) | (u8() << 8) | u8();
		}

		int need(long count) {
			if (count > data.length - pos) {
				throw new IllegalArgumentException("Truncated ETF: " + count + " bytes claimed");
			}
			return (int) count;
		}

	}

}
