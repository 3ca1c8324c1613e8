package io.github.discordgateway.core.internal;

import static io.github.discordgateway.core.internal.EtfDecoder.ATOM_EXT;
import static io.github.discordgateway.core.internal.EtfDecoder.ATOM_UTF8_EXT;
import static io.github.discordgateway.core.internal.EtfDecoder.BINARY_EXT;
import static io.github.discordgateway.core.internal.EtfDecoder.FLOAT_EXT;
import static io.github.discordgateway.core.internal.EtfDecoder.INTEGER_EXT;
import static io.github.discordgateway.core.internal.EtfDecoder.LARGE_BIG_EXT;
import static io.github.discordgateway.core.internal.EtfDecoder.LARGE_TUPLE_EXT;
import static io.github.discordgateway.core.internal.EtfDecoder.LIST_EXT;
import static io.github.discordgateway.core.internal.EtfDecoder.MAP_EXT;
import static io.github.discordgateway.core.internal.EtfDecoder.NEW_FLOAT_EXT;
import static io.github.discordgateway.core.internal.EtfDecoder.NIL_EXT;
import static io.github.discordgateway.core.internal.EtfDecoder.SMALL_ATOM_EXT;
import static io.github.discordgateway.core.internal.EtfDecoder.SMALL_ATOM_UTF8_EXT;
import static io.github.discordgateway.core.internal.EtfDecoder.SMALL_BIG_EXT;
import static io.github.discordgateway.core.internal.EtfDecoder.SMALL_INTEGER_EXT;
import static io.github.discordgateway.core.internal.EtfDecoder.SMALL_TUPLE_EXT;
import static io.github.discordgateway.core.internal.EtfDecoder.STRING_EXT;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import tools.jackson.databind.JsonNode;

import io.github.discordgateway.core.internal.payload.DataReader;

/**
 * Reads a dispatch's ETF data straight from its bytes, which the envelope decoder has
 * already checked term by term: so this reader checks nothing, it only finds. A position
 * is the index of a term's tag; an element of a {@code STRING_EXT} (a list of bytes) is
 * addressed by its byte with {@link #BYTE_ELEMENT} set. Values read as {@link EtfDecoder}
 * normalises them into the tree: integers beyond 2<sup>53</sup> are decimal strings,
 * {@code nil}/{@code null} atoms are null, other atoms and binaries are strings, lists,
 * tuples and charlists are arrays, the last of repeated map keys wins and
 * {@code __struct__} is no key. Immutable and thread-safe.
 */
final class EtfDataReader extends DataReader {

	/** Marks the position of one byte of a {@code STRING_EXT}: a small integer. */
	private static final int BYTE_ELEMENT = 1 << 30;

	private static final byte[] STRUCT_KEY = "__struct__".getBytes(StandardCharsets.ISO_8859_1);

	private final byte[] bytes;

	private final int start;

	/**
	 * Key and value positions of each pair of the top-level map, in order; {@code null}
	 * to walk the map.
	 */
	private final int[] rootPairs;

	/**
	 * A reader over the term (without version byte) at {@code bytes[0]}, with the
	 * positions of its top-level map's keys and values that the decoder recorded while it
	 * checked them.
	 * @param rootPairs two ints per pair (key, value), or {@code null}
	 */
	EtfDataReader(byte[] bytes, int[] rootPairs) {
		if (bytes.length >= BYTE_ELEMENT) {
			throw new IllegalArgumentException("ETF data of " + bytes.length + " bytes is too large to index");
		}
		this.bytes = bytes;
		this.start = 0;
		this.rootPairs = rootPairs;
	}

	@Override
	public int root() {
		return this.start;
	}

	@Override
	public int kind(int position) {
		if ((position & BYTE_ELEMENT) != 0) {
			return INTEGER;
		}
		byte[] b = this.bytes;
		int tag = b[position] & 0xFF;
		return switch (tag) {
			case SMALL_INTEGER_EXT, INTEGER_EXT -> INTEGER;
			case SMALL_BIG_EXT -> smallBigKind(position);
			case LARGE_BIG_EXT -> (EtfDecoder.termAt(b, position).isString()) ? STRING : INTEGER;
			case NEW_FLOAT_EXT, FLOAT_EXT -> FLOAT;
			case BINARY_EXT -> STRING;
			case MAP_EXT -> OBJECT;
			case LIST_EXT, NIL_EXT, STRING_EXT, SMALL_TUPLE_EXT, LARGE_TUPLE_EXT -> ARRAY;
			default -> atomKind(position);
		};
	}

	/**
	 * A snowflake is a {@code SMALL_BIG_EXT} of 8 bytes: beyond 2^53 the tree holds its
	 * decimal text.
	 */
	private int smallBigKind(int position) {
		byte[] b = this.bytes;
		int digits = b[position + 1] & 0xFF;
		if (digits > 8) {
			return (EtfDecoder.termAt(b, position).isString()) ? STRING : INTEGER;
		}
		long magnitude = 0;
		for (int i = position + 3 + digits - 1; i >= position + 3; i--) {
			magnitude = (magnitude << 8) | (b[i] & 0xFF);
		}
		return (magnitude >= 0 && magnitude <= EtfDecoder.MAX_SAFE_INTEGER) ? INTEGER : STRING;
	}

	private int atomKind(int position) {
		int length = atomLength(position);
		int text = atomText(position);
		byte[] b = this.bytes;
		if (length == 3 && b[text] == 'n' && b[text + 1] == 'i' && b[text + 2] == 'l') {
			return NULL;
		}
		if (length == 4 && b[text] == 'n' && b[text + 1] == 'u' && b[text + 2] == 'l' && b[text + 3] == 'l') {
			return NULL;
		}
		if (length == 4 && b[text] == 't' && b[text + 1] == 'r' && b[text + 2] == 'u' && b[text + 3] == 'e') {
			return TRUE;
		}
		if (length == 5 && b[text] == 'f' && b[text + 1] == 'a' && b[text + 2] == 'l' && b[text + 3] == 's'
				&& b[text + 4] == 'e') {
			return FALSE;
		}
		return STRING;
	}

	@Override
	public int field(int object, String name, byte[] nameBytes) {
		if (Arrays.equals(nameBytes, STRUCT_KEY)) {
			return MISSING; // the decoder drops Elixir's struct marker
		}
		long pairs = u32(object + 1);
		int[] index = this.rootPairs;
		if (object == this.start && index != null && index.length >= 2 * pairs) {
			for (int i = 2 * (int) pairs - 2; i >= 0; i -= 2) { // the last of repeated
																// keys wins
				if (keyMatches(index[i], name, nameBytes)) {
					return index[i + 1];
				}
			}
			return MISSING;
		}
		int p = object + 5;
		int found = MISSING;
		for (long i = 0; i < pairs; i++) {
			int value = skipTerm(p);
			if (keyMatches(p, name, nameBytes)) {
				found = value;
			}
			p = skipTerm(value);
		}
		return found;
	}

	private boolean keyMatches(int key, String name, byte[] nameBytes) {
		byte[] b = this.bytes;
		int tag = b[key] & 0xFF;
		int from;
		int length;
		boolean utf8;
		switch (tag) {
			case SMALL_ATOM_UTF8_EXT, SMALL_ATOM_EXT -> {
				from = key + 2;
				length = b[key + 1] & 0xFF;
				utf8 = tag == SMALL_ATOM_UTF8_EXT;
			}
			case ATOM_UTF8_EXT, ATOM_EXT, STRING_EXT -> {
				from = key + 3;
				length = u16(key + 1);
				utf8 = tag == ATOM_UTF8_EXT;
			}
			case BINARY_EXT -> {
				from = key + 5;
				length = (int) u32(key + 1);
				utf8 = true;
			}
			case NIL_EXT -> {
				return name.isEmpty();
			}
			default -> {
				return name.equals(EtfDecoder.termAt(b, key).asString()); // integer keys:
																			// their
																			// decimal
																			// text
			}
		}
		if (Arrays.equals(b, from, from + length, nameBytes, 0, nameBytes.length)) {
			return utf8 || isAscii(nameBytes); // Latin-1 text equals its bytes only where
												// they are ASCII
		}
		return !utf8 && !isAscii(b, from, length)
				&& name.equals(new String(b, from, length, StandardCharsets.ISO_8859_1));
	}

	@Override
	public int size(int array) {
		byte[] b = this.bytes;
		switch (b[array] & 0xFF) {
			case NIL_EXT:
				return 0;
			case STRING_EXT:
				return u16(array + 1);
			case SMALL_TUPLE_EXT:
				return b[array + 1] & 0xFF;
			case LARGE_TUPLE_EXT:
				return (int) u32(array + 1);
			default: {
				int count = (int) u32(array + 1);
				int p = array + 5;
				for (int i = 0; i < count; i++) {
					p = skipTerm(p);
				}
				return ((b[p] & 0xFF) == NIL_EXT) ? count : count + 1; // an improper
																		// list's tail is
																		// an element
			}
		}
	}

	@Override
	public int[] elements(int array) {
		byte[] b = this.bytes;
		int tag = b[array] & 0xFF;
		if (tag == STRING_EXT) {
			int[] positions = new int[u16(array + 1)];
			for (int i = 0; i < positions.length; i++) {
				positions[i] = BYTE_ELEMENT | (array + 3 + i);
			}
			return positions;
		}
		int count;
		int p;
		switch (tag) {
			case NIL_EXT -> {
				return new int[0];
			}
			case SMALL_TUPLE_EXT -> {
				count = b[array + 1] & 0xFF;
				p = array + 2;
			}
			default -> {
				count = (int) u32(array + 1);
				p = array + 5;
			}
		}
		int[] positions = new int[count];
		for (int i = 0; i < count; i++) {
			positions[i] = p;
			p = skipTerm(p);
		}
		if (tag == LIST_EXT && (b[p] & 0xFF) != NIL_EXT) {
			positions = Arrays.copyOf(positions, count + 1);
			positions[count] = p;
		}
		return positions;
	}

	@Override
	public String string(int position) {
		byte[] b = this.bytes;
		int tag = b[position] & 0xFF;
		return switch (tag) {
			case BINARY_EXT -> new String(b, position + 5, (int) u32(position + 1), StandardCharsets.UTF_8);
			case SMALL_BIG_EXT, LARGE_BIG_EXT -> EtfDecoder.termAt(b, position).stringValue();
			default -> new String(b, atomText(position), atomLength(position),
					(tag == SMALL_ATOM_UTF8_EXT || tag == ATOM_UTF8_EXT) ? StandardCharsets.UTF_8
							: StandardCharsets.ISO_8859_1);
		};
	}

	@Override
	public long longValue(int position) {
		byte[] b = this.bytes;
		if ((position & BYTE_ELEMENT) != 0) {
			return b[position & ~BYTE_ELEMENT] & 0xFF;
		}
		return switch (b[position] & 0xFF) {
			case SMALL_INTEGER_EXT -> b[position + 1] & 0xFF;
			case INTEGER_EXT -> (int) u32(position + 1);
			default -> EtfDecoder.termAt(b, position).longValue();
		};
	}

	@Override
	public BigInteger bigIntegerValue(int position) {
		return BigInteger.valueOf(longValue(position));
	}

	@Override
	public double doubleValue(int position) {
		return EtfDecoder.termAt(this.bytes, position).doubleValue();
	}

	/** The position after the term at {@code p}. */
	private int skipTerm(int p) {
		byte[] b = this.bytes;
		int tag = b[p] & 0xFF;
		switch (tag) {
			case SMALL_INTEGER_EXT:
				return p + 2;
			case INTEGER_EXT:
				return p + 5;
			case BINARY_EXT:
				return p + 5 + (int) u32(p + 1);
			case SMALL_ATOM_UTF8_EXT:
			case SMALL_ATOM_EXT:
				return p + 2 + (b[p + 1] & 0xFF);
			case ATOM_UTF8_EXT:
			case ATOM_EXT:
			case STRING_EXT:
				return p + 3 + u16(p + 1);
			case NIL_EXT:
				return p + 1;
			case SMALL_BIG_EXT:
				return p + 3 + (b[p + 1] & 0xFF);
			case LARGE_BIG_EXT:
				return p + 6 + (int) u32(p + 1);
			case NEW_FLOAT_EXT:
				return p + 9;
			case FLOAT_EXT:
				return p + 32;
			case MAP_EXT: {
				long pairs = u32(p + 1);
				int q = p + 5;
				for (long i = 0; i < pairs; i++) {
					q = skipTerm(skipTerm(q));
				}
				return q;
			}
			case LIST_EXT: {
				long count = u32(p + 1);
				int q = p + 5;
				for (long i = 0; i <= count; i++) { // the elements and the tail
					q = skipTerm(q);
				}
				return q;
			}
			case SMALL_TUPLE_EXT:
			case LARGE_TUPLE_EXT: {
				long arity = (tag == SMALL_TUPLE_EXT) ? b[p + 1] & 0xFF : u32(p + 1);
				int q = p + ((tag == SMALL_TUPLE_EXT) ? 2 : 5);
				for (long i = 0; i < arity; i++) {
					q = skipTerm(q);
				}
				return q;
			}
			default:
				throw new IllegalStateException("Unexpected ETF tag " + tag + " in validated data");
		}
	}

	private int atomLength(int position) {
		int tag = this.bytes[position] & 0xFF;
		return (tag == SMALL_ATOM_EXT || tag == SMALL_ATOM_UTF8_EXT) ? this.bytes[position + 1] & 0xFF
				: u16(position + 1);
	}

	private int atomText(int position) {
		int tag = this.bytes[position] & 0xFF;
		return (tag == SMALL_ATOM_EXT || tag == SMALL_ATOM_UTF8_EXT) ? position + 2 : position + 3;
	}

	private int u16(int p) {
		return ((this.bytes[p] & 0xFF) << 8) | (this.bytes[p + 1] & 0xFF);
	}

	private long u32(int p) {
		byte[] b = this.bytes;
		return (((b[p] & 0xFFL) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF));
	}

	private static boolean isAscii(byte[] bytes) {
		return isAscii(bytes, 0, bytes.length);
	}

	private static boolean isAscii(byte[] bytes, int from, int length) {
		for (int i = from; i < from + length; i++) {
			if (bytes[i] < 0) {
				return false;
			}
		}
		return true;
	}

}
