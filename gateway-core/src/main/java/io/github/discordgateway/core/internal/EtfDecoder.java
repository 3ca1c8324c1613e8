package io.github.discordgateway.core.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

import io.github.discordgateway.core.internal.payload.GatewayPayload;

/**
 * Reads one Erlang External Term Format message into the Jackson tree that the JSON codec
 * would have produced for the same Discord payload. One instance per message; not
 * thread-safe.
 *
 * <p>
 * Normalisation (ETF term to JSON tree):
 * <ul>
 * <li>integers ({@code SMALL_INTEGER_EXT}, {@code INTEGER_EXT}, {@code SMALL_BIG_EXT},
 * {@code LARGE_BIG_EXT}) whose magnitude is at most 2<sup>53</sup>&nbsp;-&nbsp;1 become
 * {@code IntNode} (when they fit 32 bits) or {@code LongNode}; larger ones, such as
 * snowflakes, become the decimal {@code StringNode} that JSON carries for them;</li>
 * <li>{@code NEW_FLOAT_EXT} and {@code FLOAT_EXT} become {@code DoubleNode};</li>
 * <li>atoms {@code nil} and {@code null} become {@code NullNode},
 * {@code true}/{@code false} {@code BooleanNode}, every other atom a
 * {@code StringNode};</li>
 * <li>{@code BINARY_EXT} becomes a {@code StringNode} (UTF-8);</li>
 * <li>{@code LIST_EXT}, {@code NIL_EXT}, tuples and {@code STRING_EXT} become
 * {@code ArrayNode}s; a {@code STRING_EXT} is a list of small integers, one per byte; an
 * improper list's tail becomes its last element;</li>
 * <li>{@code MAP_EXT} becomes an {@code ObjectNode}; keys are always strings (atom name,
 * binary text, decimal integer, charlist text); a key {@code __struct__} (Elixir struct
 * marker) is dropped; with duplicate keys the last wins, as in Jackson.</li>
 * </ul>
 *
 * <p>
 * Hostile input: every length is checked against the bytes that remain before anything is
 * allocated, container pre-sizing is capped, nesting is limited to {@value #MAX_DEPTH}
 * levels, big integers to {@value #MAX_BIG_BYTES} bytes, and unknown tags,
 * {@code COMPRESSED} terms and trailing bytes are rejected. Every failure is a
 * {@link PayloadDecodeException} of kind {@code etf}. The input itself is already capped
 * by {@code maxPayloadBytes}, and every node consumes at least one input byte, so the
 * tree stays proportional to the input.
 */
final class EtfDecoder {

	static final int VERSION = 131;

	static final int NEW_FLOAT_EXT = 70;

	static final int COMPRESSED = 80;

	static final int SMALL_INTEGER_EXT = 97;

	static final int INTEGER_EXT = 98;

	static final int FLOAT_EXT = 99;

	static final int ATOM_EXT = 100;

	static final int SMALL_TUPLE_EXT = 104;

	static final int LARGE_TUPLE_EXT = 105;

	static final int NIL_EXT = 106;

	static final int STRING_EXT = 107;

	static final int LIST_EXT = 108;

	static final int BINARY_EXT = 109;

	static final int SMALL_BIG_EXT = 110;

	static final int LARGE_BIG_EXT = 111;

	static final int SMALL_ATOM_EXT = 115;

	static final int MAP_EXT = 116;

	static final int ATOM_UTF8_EXT = 118;

	static final int SMALL_ATOM_UTF8_EXT = 119;

	/** Deepest accepted nesting of lists, tuples and maps. */
	static final int MAX_DEPTH = 512;

	/**
	 * Largest accepted big integer, in bytes (8192 bits). Discord's integers have at most
	 * 8; the cap keeps the decimal conversion of a hostile {@code LARGE_BIG_EXT} cheap.
	 */
	static final int MAX_BIG_BYTES = 1024;

	/**
	 * Largest magnitude kept as a number: beyond it a double (and JavaScript) loses
	 * precision.
	 */
	static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

	private static final int PRESIZE_LIMIT = 1024;

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final StringNode EMPTY_STRING = StringNode.valueOf("");

	private final byte[] bytes;

	private final int end;

	private int pos;

	/**
	 * Where the top-level map's pairs are recorded while the envelope skips {@code d};
	 * {@code null} otherwise.
	 */
	private int[] recorded;

	private int recordOrigin;

	EtfDecoder(byte[] bytes, int offset, int length) {
		if (offset < 0 || length < 0 || offset > bytes.length - length) {
			throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + bytes.length);
		}
		this.bytes = bytes;
		this.pos = offset;
		this.end = offset + length;
	}

	/** Decodes a whole message holding one term (with the version byte). */
	static JsonNode decodeTerm(byte[] bytes, int offset, int length) {
		EtfDecoder decoder = new EtfDecoder(bytes, offset, length);
		decoder.readVersion();
		JsonNode term = decoder.readTerm(0);
		decoder.expectEnd();
		return term;
	}

	/** The tree node of the (already checked) term at {@code bytes[position]}. */
	static JsonNode termAt(byte[] bytes, int position) {
		return new EtfDecoder(bytes, position, bytes.length - position).readTerm(0);
	}

	/**
	 * Reads a gateway payload envelope: a map with {@code op}, {@code s}, {@code t} and
	 * {@code d}.
	 */
	GatewayPayload readEnvelope() {
		readVersion();
		if (peek() != MAP_EXT) {
			throw error("A gateway payload must be an ETF map but starts with tag " + peek());
		}
		this.pos++;
		long pairs = u32();
		need(pairs * 2);
		int op = -1;
		long sequence = -1;
		String type = null;
		JsonNode data = NullNode.getInstance();
		byte[] deferredData = null;
		int[] members = null;
		for (long i = 0; i < pairs; i++) {
			String key = readKey();
			if ("d".equals(key) && isContainer(peek())) {
				int start = this.pos;
				// sized for a MESSAGE_CREATE; grows while the (not yet checked) map is
				// skipped
				members = (peek() == MAP_EXT) ? new int[64] : null;
				this.recorded = members;
				this.recordOrigin = start;
				skipTerm(1);
				members = this.recorded;
				this.recorded = null;
				deferredData = Arrays.copyOfRange(this.bytes, start, this.pos);
				continue;
			}
			JsonNode value = readTerm(1);
			switch (key) {
				case "op" -> {
					if (!value.isIntegralNumber() || !value.canConvertToInt()) {
						throw new PayloadDecodeException("etf", "The payload's op is not an integer");
					}
					op = value.intValue();
				}
				case "s" -> sequence = (value.isIntegralNumber() && value.canConvertToLong()) ? value.longValue() : -1;
				case "t" -> type = value.isString() ? value.stringValue() : null;
				case "d" -> {
					data = value;
					deferredData = null;
				}
				default -> {
					// _trace and anything new: ignored, as in JSON
				}
			}
		}
		expectEnd();
		if (op < 0) {
			throw new PayloadDecodeException("missing-op", "The payload has no op");
		}
		int[] index = members;
		return (deferredData != null) ? GatewayPayload.deferredEncoded(op, sequence, type, deferredData,
				EtfDecoder::decodeData, (bytes) -> new EtfDataReader(bytes, index))
				: new GatewayPayload(op, sequence, type, data);
	}

	/**
	 * Decodes the data of an envelope, which {@link #readEnvelope()} has already checked.
	 */
	private static JsonNode decodeData(byte[] term) {
		EtfDecoder decoder = new EtfDecoder(term, 0, term.length);
		JsonNode data = decoder.readTerm(1);
		decoder.expectEnd();
		return data;
	}

	private static boolean isContainer(int tag) {
		return tag == MAP_EXT || tag == LIST_EXT || tag == SMALL_TUPLE_EXT || tag == LARGE_TUPLE_EXT;
	}

	private void readVersion() {
		if (this.pos >= this.end) {
			throw error("Empty ETF message");
		}
		int version = this.bytes[this.pos++] & 0xFF;
		if (version != VERSION) {
			throw error("ETF messages start with version byte 131 but this one starts with " + version);
		}
	}

	private void expectEnd() {
		if (this.pos != this.end) {
			throw error((this.end - this.pos) + " unexpected bytes after the ETF term");
		}
	}

	JsonNode readTerm(int depth) {
		int tag = u8();
		switch (tag) {
			case SMALL_INTEGER_EXT:
				return IntNode.valueOf(u8());
			case INTEGER_EXT:
				return IntNode.valueOf(i32());
			case BINARY_EXT: {
				int length = length32();
				if (length == 0) {
					return EMPTY_STRING;
				}
				String text = new String(this.bytes, this.pos, length, StandardCharsets.UTF_8);
				this.pos += length;
				return StringNode.valueOf(text);
			}
			case MAP_EXT:
				return readMap(depth);
			case LIST_EXT:
				return readList(depth);
			case NIL_EXT:
				return new ArrayNode(NODES, 0);
			case SMALL_ATOM_UTF8_EXT:
			case SMALL_ATOM_EXT:
				return atom(u8(), tag == SMALL_ATOM_UTF8_EXT);
			case ATOM_UTF8_EXT:
			case ATOM_EXT:
				return atom(u16(), tag == ATOM_UTF8_EXT);
			case SMALL_BIG_EXT:
				return readBig(u8());
			case LARGE_BIG_EXT:
				return readBig(length32());
			case NEW_FLOAT_EXT:
				need(8);
				return DoubleNode.valueOf(Double.longBitsToDouble(i64()));
			case FLOAT_EXT:
				return DoubleNode.valueOf(readOldFloat());
			case STRING_EXT:
				return readCharlist();
			case SMALL_TUPLE_EXT:
				return readTuple(u8(), depth);
			case LARGE_TUPLE_EXT:
				return readTuple(length32(), depth);
			default:
				throw unsupportedTag(tag);
		}
	}

	/**
	 * Moves past one term without building it, failing exactly where {@link #readTerm}
	 * would, so that a term it accepts always decodes.
	 */
	private void skipTerm(int depth) {
		int tag = u8();
		switch (tag) {
			case SMALL_INTEGER_EXT -> skip(1);
			case INTEGER_EXT -> skip(4);
			case BINARY_EXT -> skip(length32());
			case MAP_EXT -> {
				enter(depth);
				long pairs = u32();
				need(pairs * 2);
				int[] members = this.recorded;
				this.recorded = null; // nested maps record nothing
				for (long i = 0; i < pairs; i++) {
					int key = this.pos;
					skipKey();
					if (members != null) {
						members = record(members, (int) i, key);
					}
					skipTerm(depth + 1);
				}
				this.recorded = members;
			}
			case LIST_EXT -> {
				enter(depth);
				long count = u32();
				need(count + 1);
				for (long i = 0; i < count; i++) {
					skipTerm(depth + 1);
				}
				if (peek() == NIL_EXT) {
					this.pos++;
				}
				else {
					skipTerm(depth + 1);
				}
			}
			case NIL_EXT -> {
			}
			case SMALL_ATOM_UTF8_EXT, SMALL_ATOM_EXT -> skip(u8());
			case ATOM_UTF8_EXT, ATOM_EXT, STRING_EXT -> skip(u16());
			case SMALL_BIG_EXT -> skipBig(u8());
			case LARGE_BIG_EXT -> skipBig(length32());
			case NEW_FLOAT_EXT -> skip(8);
			case FLOAT_EXT -> readOldFloat();
			case SMALL_TUPLE_EXT -> skipTuple(u8(), depth);
			case LARGE_TUPLE_EXT -> skipTuple(length32(), depth);
			default -> throw unsupportedTag(tag);
		}
	}

	/**
	 * Notes where pair {@code i} of the map being skipped starts (its key; the value
	 * follows it), relative to {@link #recordOrigin}: the event data's reader uses these
	 * as its index of the top level.
	 */
	private int[] record(int[] members, int i, int key) {
		int[] grown = (2 * i + 2 > members.length) ? Arrays.copyOf(members, Math.max(2 * i + 2, members.length * 2))
				: members;
		grown[2 * i] = key - this.recordOrigin;
		grown[2 * i + 1] = this.pos - this.recordOrigin;
		return grown;
	}

	private void skipTuple(int arity, int depth) {
		enter(depth);
		need(arity);
		for (int i = 0; i < arity; i++) {
			skipTerm(depth + 1);
		}
	}

	private void skipBig(int digits) {
		u8();
		need(digits);
		checkBigSize(digits);
		this.pos += digits;
	}

	/** Moves past a map key, accepting exactly what {@link #readKey()} accepts. */
	private void skipKey() {
		int tag = u8();
		switch (tag) {
			case SMALL_ATOM_UTF8_EXT, SMALL_ATOM_EXT -> skip(u8());
			case ATOM_UTF8_EXT, ATOM_EXT, STRING_EXT -> skip(u16());
			case BINARY_EXT -> skip(length32());
			case SMALL_INTEGER_EXT -> skip(1);
			case INTEGER_EXT -> skip(4);
			case SMALL_BIG_EXT, LARGE_BIG_EXT -> {
				this.pos--;
				skipTerm(0);
			}
			case NIL_EXT -> {
			}
			default -> throw unsupportedKey(tag);
		}
	}

	private PayloadDecodeException unsupportedTag(int tag) {
		this.pos--;
		if (tag == COMPRESSED) {
			return error("Compressed ETF terms (tag 80) are not supported; Discord does not send them");
		}
		return error("Unsupported ETF tag " + tag);
	}

	private PayloadDecodeException unsupportedKey(int tag) {
		this.pos--;
		return error("Unsupported ETF map key with tag " + tag + " (keys must be atoms, binaries or integers)");
	}

	private JsonNode readMap(int depth) {
		enter(depth);
		long pairs = u32();
		need(pairs * 2);
		int n = (int) pairs;
		LinkedHashMap<String, JsonNode> fields = new LinkedHashMap<>(presize(n) * 4 / 3 + 1);
		for (int i = 0; i < n; i++) {
			String key = readKey();
			JsonNode value = readTerm(depth + 1);
			if (!"__struct__".equals(key)) {
				fields.put(key, value);
			}
		}
		return new ObjectNode(NODES, fields);
	}

	private JsonNode readList(int depth) {
		enter(depth);
		long count = u32();
		need(count + 1);
		int n = (int) count;
		ArrayNode array = new ArrayNode(NODES, presize(n));
		for (int i = 0; i < n; i++) {
			array.add(readTerm(depth + 1));
		}
		if (peek() == NIL_EXT) {
			this.pos++;
		}
		else {
			// An improper list [a, b | tail]: the tail becomes the last element.
			array.add(readTerm(depth + 1));
		}
		return array;
	}

	private JsonNode readTuple(int arity, int depth) {
		enter(depth);
		need(arity);
		ArrayNode array = new ArrayNode(NODES, presize(arity));
		for (int i = 0; i < arity; i++) {
			array.add(readTerm(depth + 1));
		}
		return array;
	}

	private JsonNode readCharlist() {
		int length = u16();
		need(length);
		ArrayNode array = new ArrayNode(NODES, length);
		for (int i = 0; i < length; i++) {
			array.add(IntNode.valueOf(this.bytes[this.pos++] & 0xFF));
		}
		return array;
	}

	private JsonNode atom(int length, boolean utf8) {
		need(length);
		int start = this.pos;
		this.pos += length;
		byte[] b = this.bytes;
		if (length == 3 && b[start] == 'n' && b[start + 1] == 'i' && b[start + 2] == 'l') {
			return NullNode.getInstance();
		}
		if (length == 4) {
			if (b[start] == 't' && b[start + 1] == 'r' && b[start + 2] == 'u' && b[start + 3] == 'e') {
				return BooleanNode.TRUE;
			}
			if (b[start] == 'n' && b[start + 1] == 'u' && b[start + 2] == 'l' && b[start + 3] == 'l') {
				return NullNode.getInstance();
			}
		}
		if (length == 5 && b[start] == 'f' && b[start + 1] == 'a' && b[start + 2] == 'l' && b[start + 3] == 's'
				&& b[start + 4] == 'e') {
			return BooleanNode.FALSE;
		}
		return StringNode.valueOf(text(start, length, utf8));
	}

	/** A map key as a string. */
	private String readKey() {
		int tag = u8();
		switch (tag) {
			case SMALL_ATOM_UTF8_EXT:
			case SMALL_ATOM_EXT: {
				int length = u8();
				need(length);
				this.pos += length;
				return text(this.pos - length, length, tag == SMALL_ATOM_UTF8_EXT);
			}
			case BINARY_EXT: {
				int length = length32();
				this.pos += length;
				return text(this.pos - length, length, true);
			}
			case ATOM_UTF8_EXT:
			case ATOM_EXT: {
				int length = u16();
				need(length);
				this.pos += length;
				return text(this.pos - length, length, tag == ATOM_UTF8_EXT);
			}
			case SMALL_INTEGER_EXT:
				return Integer.toString(u8());
			case INTEGER_EXT:
				return Integer.toString(i32());
			case SMALL_BIG_EXT:
			case LARGE_BIG_EXT: {
				this.pos--;
				JsonNode number = readTerm(0);
				return number.isString() ? number.stringValue() : number.asString();
			}
			case STRING_EXT: {
				int length = u16();
				need(length);
				this.pos += length;
				return text(this.pos - length, length, false);
			}
			case NIL_EXT:
				return "";
			default:
				throw unsupportedKey(tag);
		}
	}

	/**
	 * Text of {@code bytes[start, start + length)}: Latin-1 or UTF-8; short ASCII names
	 * are shared.
	 */
	private String text(int start, int length, boolean utf8) {
		String name = NameCache.ascii(this.bytes, start, length);
		return (name != null) ? name
				: new String(this.bytes, start, length, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
	}

	private JsonNode readBig(int digits) {
		int sign = u8();
		need(digits);
		checkBigSize(digits);
		int start = this.pos;
		this.pos += digits;
		boolean negative = sign != 0;
		if (digits <= 8) {
			long magnitude = 0;
			for (int i = start + digits - 1; i >= start; i--) {
				magnitude = (magnitude << 8) | (this.bytes[i] & 0xFF);
			}
			if (magnitude >= 0) {
				return integer(negative ? -magnitude : magnitude);
			}
			// 2^63 and above: only an unsigned snowflake-sized value can be here
			String text = Long.toUnsignedString(magnitude);
			return StringNode.valueOf(negative ? "-" + text : text);
		}
		byte[] bigEndian = new byte[digits];
		for (int i = 0; i < digits; i++) {
			bigEndian[i] = this.bytes[start + digits - 1 - i];
		}
		BigInteger value = new BigInteger(1, bigEndian);
		if (negative) {
			value = value.negate();
		}
		return (value.bitLength() <= 53) ? integer(value.longValue()) : StringNode.valueOf(value.toString());
	}

	/**
	 * Rejects a big integer of more than {@value #MAX_BIG_BYTES} bytes; {@code pos} is at
	 * its digits.
	 */
	private void checkBigSize(int digits) {
		if (digits > MAX_BIG_BYTES) {
			this.pos -= 2;
			throw error("Big integer of " + digits + " bytes is larger than the " + MAX_BIG_BYTES + " bytes accepted");
		}
	}

	/**
	 * The node JSON would produce for an integer, with values beyond 53 bits as decimal
	 * strings.
	 */
	static JsonNode integer(long value) {
		if (value == (int) value) {
			return IntNode.valueOf((int) value);
		}
		if (value >= -MAX_SAFE_INTEGER && value <= MAX_SAFE_INTEGER) {
			return LongNode.valueOf(value);
		}
		return StringNode.valueOf(Long.toString(value));
	}

	private double readOldFloat() {
		need(31);
		int start = this.pos;
		int length = 0;
		while (length < 31 && this.bytes[start + length] != 0) {
			length++;
		}
		this.pos += 31;
		try {
			return Double.parseDouble(new String(this.bytes, start, length, StandardCharsets.ISO_8859_1).trim());
		}
		catch (NumberFormatException ex) {
			this.pos = start - 1;
			throw error("Invalid FLOAT_EXT text");
		}
	}

	private void enter(int depth) {
		if (depth >= MAX_DEPTH) {
			throw error("ETF terms nested deeper than " + MAX_DEPTH + " levels");
		}
	}

	private static int presize(int claimed) {
		return Math.min(claimed, PRESIZE_LIMIT);
	}

	private int peek() {
		if (this.pos >= this.end) {
			throw truncated(1);
		}
		return this.bytes[this.pos] & 0xFF;
	}

	private void skip(int count) {
		need(count);
		this.pos += count;
	}

	private int u8() {
		if (this.pos >= this.end) {
			throw truncated(1);
		}
		return this.bytes[this.pos++] & 0xFF;
	}

	private int u16() {
		need(2);
		int value = ((this.bytes[this.pos] & 0xFF) << 8) | (this.bytes[this.pos + 1] & 0xFF);
		this.pos += 2;
		return value;
	}

	private int i32() {
		need(4);
		byte[] b = this.bytes;
		int p = this.pos;
		int value = ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
		this.pos = p + 4;
		return value;
	}

	private long u32() {
		return i32() & 0xFFFFFFFFL;
	}

	private long i64() {
		long high = i32() & 0xFFFFFFFFL;
		long low = i32() & 0xFFFFFFFFL;
		return (high << 32) | low;
	}

	/** A 32-bit length whose bytes must all be present. */
	private int length32() {
		long length = u32();
		need(length);
		return (int) length;
	}

	private void need(long count) {
		if (count > this.end - this.pos) {
			throw truncated(count);
		}
	}

	private PayloadDecodeException truncated(long needed) {
		return error("Truncated ETF data: " + needed + " more bytes needed but " + (this.end - this.pos) + " remain");
	}

	private PayloadDecodeException error(String message) {
		return new PayloadDecodeException("etf", message + " (at byte " + this.pos + ")");
	}

}
