package io.github.discordgateway.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.github.discordgateway.core.internal.payload.DataReader;

/**
 * Reads a dispatch's JSON data straight from its bytes, which {@link JsonScanner} has
 * already validated completely: so this reader checks nothing, it only finds. A position
 * is the index of a value's first byte. Strings are decoded exactly as Jackson decodes
 * them (UTF-8, every escape, {@code \\u} surrogates kept as they are), numbers take the
 * kind Jackson gives them (int or long, big integer, double), and a repeated property
 * name yields its last value, as in Jackson's tree.
 * <p>
 * The top-level object's properties come indexed: {@link JsonScanner} recorded where
 * their names and values are while it validated the bytes, so a field of the event costs
 * a look at a few names, not a walk over the bytes; nested objects are walked per lookup.
 * Immutable and thread-safe.
 */
final class JsonDataReader extends DataReader {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGH_BITS = 0x8080808080808080L;

	private static final int[] NO_ELEMENTS = new int[0];

	private final byte[] bytes;

	private final int start;

	private final int end;

	/**
	 * The top-level object's properties as the scanner recorded them, or {@code null}.
	 */
	private final RootIndex rootIndex;

	/**
	 * A reader over the whole of {@code bytes} (one valid JSON value without surrounding
	 * spaces), with the index of its top-level object that the scanner recorded while it
	 * validated them ({@link JsonScanner#skipObjectRecordingMembers}).
	 * @param members three ints per property, or {@code null} when the value is not an
	 * object
	 */
	JsonDataReader(byte[] bytes, int[] members, int memberInts) {
		this.bytes = bytes;
		this.start = 0;
		this.end = bytes.length;
		this.rootIndex = (members != null) ? new RootIndex(members, memberInts) : null;
	}

	@Override
	public int root() {
		return this.start;
	}

	@Override
	public int kind(int position) {
		return switch (this.bytes[position]) {
			case '{' -> OBJECT;
			case '[' -> ARRAY;
			case '"' -> STRING;
			case 't' -> TRUE;
			case 'f' -> FALSE;
			case 'n' -> NULL;
			default -> numberKind(position);
		};
	}

	@Override
	public int field(int object, String name, byte[] nameBytes) {
		if (object == this.start && this.rootIndex != null) {
			return this.rootIndex.find(this, name, nameBytes);
		}
		int found = MISSING;
		byte[] b = this.bytes;
		int p = skipSpaces(object + 1);
		if (b[p] == '}') {
			return MISSING;
		}
		while (true) {
			int nameEnd = nextQuoteOrBackslash(p + 1);
			boolean escaped = b[nameEnd] == '\\';
			if (escaped) {
				nameEnd = stringEnd(p);
			}
			int value = skipSpaces(skipSpaces(nameEnd + 1) + 1);
			if (nameMatches(p + 1, nameEnd, escaped, name, nameBytes)) {
				found = value;
			}
			p = skipSpaces(skipValue(value));
			if (b[p] != ',') {
				return found;
			}
			p = skipSpaces(p + 1);
		}
	}

	@Override
	public int size(int array) {
		byte[] b = this.bytes;
		int p = skipSpaces(array + 1);
		if (b[p] == ']') {
			return 0;
		}
		int count = 1;
		while (true) {
			p = skipSpaces(skipValue(p));
			if (b[p] != ',') {
				return count;
			}
			count++;
			p = skipSpaces(p + 1);
		}
	}

	@Override
	public int[] elements(int array) {
		byte[] b = this.bytes;
		int p = skipSpaces(array + 1);
		if (b[p] == ']') {
			return NO_ELEMENTS;
		}
		int[] positions = new int[4];
		int count = 0;
		while (true) {
			if (count == positions.length) {
				positions = Arrays.copyOf(positions, count * 2);
			}
			positions[count++] = p;
			p = skipSpaces(skipValue(p));
			if (b[p] != ',') {
				return (count == positions.length) ? positions : Arrays.copyOf(positions, count);
			}
			p = skipSpaces(p + 1);
		}
	}

	@Override
	public int element(int array, int index) {
		byte[] b = this.bytes;
		int p = skipSpaces(array + 1);
		if (b[p] == ']') {
			return MISSING;
		}
		for (int i = 0; i < index; i++) {
			p = skipSpaces(skipValue(p));
			if (b[p] != ',') {
				return MISSING;
			}
			p = skipSpaces(p + 1);
		}
		return p;
	}

	@Override
	public String string(int position) {
		int first = position + 1;
		byte[] b = this.bytes;
		int p = first;
		while (true) {
			p = nextQuoteOrBackslash(p);
			if (b[p] == '"') {
				return new String(b, first, p - first, StandardCharsets.UTF_8);
			}
			if (b[p] == '\\') {
				return unescape(first);
			}
		}
	}

	@Override
	public long longValue(int position) {
		byte[] b = this.bytes;
		int p = position;
		boolean negative = b[p] == '-';
		if (negative) {
			p++;
		}
		int stop = numberEnd(p);
		if (stop - p > 18) {
			return Long.parseLong(new String(b, position, stop - position, StandardCharsets.ISO_8859_1));
		}
		long value = 0;
		for (; p < stop; p++) {
			value = value * 10 + (b[p] - '0');
		}
		return negative ? -value : value;
	}

	@Override
	public BigInteger bigIntegerValue(int position) {
		return new BigInteger(numberText(position));
	}

	@Override
	public double doubleValue(int position) {
		return Double.parseDouble(numberText(position));
	}

	private String numberText(int position) {
		return new String(this.bytes, position, numberEnd(position) - position, StandardCharsets.ISO_8859_1);
	}

	private int numberKind(int position) {
		byte[] b = this.bytes;
		int p = (b[position] == '-') ? position + 1 : position;
		int digitsStart = p;
		while (p < this.end && b[p] >= '0' && b[p] <= '9') {
			p++;
		}
		if (p < this.end && (b[p] == '.' || b[p] == 'e' || b[p] == 'E')) {
			return FLOAT;
		}
		if (p - digitsStart <= 18) {
			return INTEGER;
		}
		try {
			Long.parseLong(new String(b, position, p - position, StandardCharsets.ISO_8859_1));
			return INTEGER;
		}
		catch (NumberFormatException ex) {
			return BIG_INTEGER;
		}
	}

	private int numberEnd(int p) {
		byte[] b = this.bytes;
		while (p < this.end) {
			int c = b[p];
			if ((c < '0' || c > '9') && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E') {
				break;
			}
			p++;
		}
		return p;
	}

	/**
	 * Whether the name in {@code bytes[from, to)} is {@code name}; an escaped name such
	 * as "\\u0069d" is compared by its text, which its bytes are not.
	 */
	private boolean nameMatches(int from, int to, boolean escaped, String name, byte[] nameBytes) {
		if (escaped) {
			return unescape(from).equals(name);
		}
		return Arrays.equals(this.bytes, from, to, nameBytes, 0, nameBytes.length);
	}

	/** The position after the value at {@code p}. */
	private int skipValue(int p) {
		byte[] b = this.bytes;
		switch (b[p]) {
			case '"':
				return stringEnd(p) + 1;
			case '{':
			case '[':
				return containerEnd(p);
			case 't':
			case 'n':
				return p + 4;
			case 'f':
				return p + 5;
			default:
				return numberEnd(p);
		}
	}

	/** The position after the object or array at {@code p}. */
	private int containerEnd(int p) {
		byte[] b = this.bytes;
		int depth = 0;
		while (true) {
			int c = b[p];
			if (c == '"') {
				p = stringEnd(p) + 1;
				continue;
			}
			if (c == '{' || c == '[') {
				depth++;
			}
			else if (c == '}' || c == ']') {
				if (--depth == 0) {
					return p + 1;
				}
			}
			p++;
		}
	}

	/**
	 * The position of the closing quote of the string whose opening quote is at
	 * {@code p}.
	 */
	private int stringEnd(int p) {
		byte[] b = this.bytes;
		p++;
		while (true) {
			p = nextQuoteOrBackslash(p);
			if (b[p] == '"') {
				return p;
			}
			p += 2; // an escape: its second byte may be a quote; a backslash is never the
					// last byte of a string
		}
	}

	/**
	 * The position of the next quote or backslash at or after {@code p} (there always is
	 * one).
	 */
	private int nextQuoteOrBackslash(int p) {
		byte[] b = this.bytes;
		int limit = this.end - Long.BYTES;
		while (p <= limit) {
			long word = (long) LONGS.get(b, p);
			long quotes = word ^ (ONES * '"');
			long backslashes = word ^ (ONES * '\\');
			long flags = (((quotes - ONES) & ~quotes) | ((backslashes - ONES) & ~backslashes)) & HIGH_BITS;
			if (flags != 0) {
				return p + (Long.numberOfTrailingZeros(flags) >>> 3);
			}
			p += Long.BYTES;
		}
		while (b[p] != '"' && b[p] != '\\') {
			p++;
		}
		return p;
	}

	private int skipSpaces(int p) {
		byte[] b = this.bytes;
		while (p < this.end) {
			int c = b[p];
			if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
				return p;
			}
			p++;
		}
		return p;
	}

	/**
	 * Decodes the escaped string whose text starts at {@code first} (after the opening
	 * quote).
	 */
	private String unescape(int first) {
		byte[] b = this.bytes;
		StringBuilder text = new StringBuilder();
		int segment = first;
		int p = first;
		while (true) {
			int c = b[p];
			if (c == '"') {
				break;
			}
			if (c != '\\') {
				p++;
				continue;
			}
			text.append(new String(b, segment, p - segment, StandardCharsets.UTF_8));
			int escape = b[p + 1];
			switch (escape) {
				case 'b' -> text.append('\b');
				case 'f' -> text.append('\f');
				case 'n' -> text.append('\n');
				case 'r' -> text.append('\r');
				case 't' -> text.append('\t');
				case 'u' ->
					text.append((char) Integer.parseInt(new String(b, p + 2, 4, StandardCharsets.ISO_8859_1), 16));
				default -> text.append((char) escape); // '"', '\\' and '/'
			}
			p += (escape == 'u') ? 6 : 2;
			segment = p;
		}
		return text.append(new String(b, segment, p - segment, StandardCharsets.UTF_8)).toString();
	}

	/** Where each top-level property's name and value are: three ints per property. */
	private static final class RootIndex {

		private final int[] entries;

		private final int count;

		RootIndex(int[] entries, int count) {
			this.entries = entries;
			this.count = count;
		}

		int find(JsonDataReader reader, String name, byte[] nameBytes) {
			int[] e = this.entries;
			for (int i = this.count - 3; i >= 0; i -= 3) {
				int nameEnd = e[i + 1];
				boolean escaped = nameEnd < 0;
				if (reader.nameMatches(e[i], escaped ? -nameEnd - 1 : nameEnd, escaped, name, nameBytes)) {
					return e[i + 2];
				}
			}
			return MISSING;
		}

	}

}
