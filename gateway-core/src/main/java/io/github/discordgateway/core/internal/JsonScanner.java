package io.github.discordgateway.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Walks strict JSON (RFC 8259) in UTF-8 bytes and checks it without building anything: no
 * strings, no names, no nodes. The JSON codec uses it to read a payload's envelope and to
 * prove that the event data it keeps as bytes will parse later; on the way it records
 * where the data's top-level properties are, the index that the typed readers start from.
 * <p>
 * It must never accept what Jackson (default features and {@code StreamReadConstraints})
 * rejects, or a bad payload would surface in a listener instead of resetting the
 * connection; so it applies the same limits (nesting {@value #MAX_DEPTH}, numbers
 * {@value #MAX_NUMBER_LENGTH} digits, names {@value #MAX_NAME_BYTES}) and is stricter on
 * UTF-8 (overlong forms and encoded surrogates are refused). One instance per payload;
 * not thread-safe.
 */
final class JsonScanner {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGH_BITS = 0x8080808080808080L;

	/** Jackson's default nesting limit; the payload object itself is the first level. */
	static final int MAX_DEPTH = 500;

	/** Jackson's default limit on the digits of a number. */
	static final int MAX_NUMBER_LENGTH = 1000;

	/** Jackson's default limit on the characters of a property name, applied to bytes. */
	static final int MAX_NAME_BYTES = 50_000;

	private final byte[] bytes;

	private final int start;

	private final int end;

	private int pos;

	/**
	 * Where {@link #skipObjectRecordingMembers} records, while it runs; {@code null}
	 * otherwise.
	 */
	private int[] recorded;

	private int recordedLength;

	private int recordOrigin;

	JsonScanner(byte[] bytes, int offset, int length) {
		this.bytes = bytes;
		this.start = offset;
		this.pos = offset;
		this.end = offset + length;
	}

	/** The current position in the byte array. */
	int position() {
		return this.pos;
	}

	/**
	 * Skips whitespace and returns the next byte (0-255) without consuming it, or -1 at
	 * the end.
	 */
	int peek() {
		byte[] b = this.bytes;
		int p = this.pos;
		while (p < this.end) {
			int c = b[p] & 0xFF;
			if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
				this.pos = p;
				return c;
			}
			p++;
		}
		this.pos = p;
		return -1;
	}

	/** Consumes {@code expected} after optional whitespace. */
	void expect(char expected, String what) {
		if (peek() != expected) {
			throw error("expected " + what);
		}
		this.pos++;
	}

	/**
	 * Skips one value after optional whitespace.
	 * @param depth how many containers enclose the value
	 */
	void skipValue(int depth) {
		int c = peek();
		switch (c) {
			case '{' -> skipObject(depth + 1);
			case '[' -> skipArray(depth + 1);
			case '"' -> skipString(false);
			case 't' -> skipLiteral("true");
			case 'f' -> skipLiteral("false");
			case 'n' -> skipLiteral("null");
			case -1 -> throw error("unexpected end of input");
			default -> {
				if (c != '-' && (c < '0' || c > '9')) {
					throw error("unexpected character " + describe(c));
				}
				skipNumber();
			}
		}
	}

	/**
	 * Skips a string whose opening quote is at the current position.
	 * @param name whether it is a property name (which has a length limit)
	 * @return whether it contains escapes (its bytes between the quotes are then not its
	 * text)
	 */
	boolean skipString(boolean name) {
		byte[] b = this.bytes;
		int first = this.pos + 1;
		int p = first;
		boolean escaped = false;
		while (true) {
			if (p <= this.end - Long.BYTES) {
				long flags = bytesNeedingALook((long) LONGS.get(b, p));
				if (flags == 0) {
					p += Long.BYTES;
					continue;
				}
				p += Long.numberOfTrailingZeros(flags) >>> 3;
			}
			else if (p >= this.end) {
				this.pos = p;
				throw error("unterminated string");
			}
			int c = b[p];
			if (c >= 0x20 && c != '"' && c != '\\') {
				p++; // the last few bytes of the input, which are not a whole word
			}
			else if (c == '"') {
				break;
			}
			else if (c == '\\') {
				p = skipEscape(p);
				escaped = true;
			}
			else if (c < 0) {
				p = skipUtf8(p);
			}
			else {
				this.pos = p;
				throw error("unescaped control character " + describe(c) + " in a string");
			}
		}
		if (name && p - first > MAX_NAME_BYTES) {
			throw error("property name longer than " + MAX_NAME_BYTES + " bytes");
		}
		this.pos = p + 1;
		return escaped;
	}

	/**
	 * Skips a number at the current position.
	 * @return whether it is an integer (no fraction, no exponent)
	 */
	boolean skipNumber() {
		byte[] b = this.bytes;
		int p = this.pos;
		if (b[p] == '-') {
			p++;
		}
		int digitsStart = p;
		if (p < this.end && b[p] == '0') {
			p++;
		}
		else if (p < this.end && b[p] >= '1' && b[p] <= '9') {
			p = skipDigits(p + 1);
		}
		else {
			throw error("invalid number");
		}
		int digits = p - digitsStart;
		boolean integer = true;
		if (p < this.end && b[p] == '.') {
			int after = requireDigits(p + 1);
			digits += after - p - 1;
			p = after;
			integer = false;
		}
		if (p < this.end && (b[p] == 'e' || b[p] == 'E')) {
			p++;
			if (p < this.end && (b[p] == '+' || b[p] == '-')) {
				p++;
			}
			int after = requireDigits(p);
			digits += after - p;
			p = after;
			integer = false;
		}
		// Jackson counts digits only, not signs, points or exponent markers
		if (digits > MAX_NUMBER_LENGTH) {
			throw error("number of more than " + MAX_NUMBER_LENGTH + " digits");
		}
		this.pos = p;
		return integer;
	}

	/** A payload error at the current position. */
	PayloadDecodeException error(String message) {
		return new PayloadDecodeException("json",
				"Invalid JSON payload: " + message + " at byte " + (this.pos - this.start));
	}

	/**
	 * Skips the object at the current position, as {@link #skipValue} does, and records
	 * where each of its own properties is, relative to {@code origin}: for each, the
	 * start of the name's text, the position of its closing quote (negated minus one when
	 * the name has escapes) and the start of its value. The event data's readers use this
	 * as their index of the top level, so that they need not walk the bytes again.
	 * @return the three ints per property, in order, followed by unused space; the count
	 * is {@link #recordedLength()}
	 */
	int[] skipObjectRecordingMembers(int depth, int origin) {
		this.recorded = new int[96]; // a MESSAGE_CREATE has about 25 properties
		this.recordedLength = 0;
		this.recordOrigin = origin;
		skipObject(depth + 1);
		int[] members = this.recorded;
		this.recorded = null;
		return members;
	}

	/** How many ints {@link #skipObjectRecordingMembers} recorded. */
	int recordedLength() {
		return this.recordedLength;
	}

	private void skipObject(int depth) {
		checkDepth(depth);
		int[] members = this.recorded;
		this.recorded = null; // nested objects record nothing
		this.pos++;
		int c = peek();
		if (c == '}') {
			this.pos++;
			this.recorded = members;
			return;
		}
		while (true) {
			if (c != '"') {
				throw error("expected a property name");
			}
			int nameStart = this.pos + 1;
			boolean escaped = skipString(true);
			int nameEnd = this.pos - 1;
			expect(':', "':'");
			if (members != null) {
				peek();
				members = record(members, nameStart, nameEnd, escaped);
			}
			skipValue(depth);
			c = peek();
			this.pos++;
			if (c == '}') {
				this.recorded = members;
				return;
			}
			if (c != ',') {
				this.pos--;
				throw error("expected ',' or '}'");
			}
			c = peek();
		}
	}

	/**
	 * Appends one property's name start, name end and value start (the value is at the
	 * current position).
	 */
	private int[] record(int[] members, int nameStart, int nameEnd, boolean escaped) {
		int[] grown = (this.recordedLength + 3 > members.length) ? Arrays.copyOf(members, members.length * 2) : members;
		int origin = this.recordOrigin;
		grown[this.recordedLength] = nameStart - origin;
		grown[this.recordedLength + 1] = escaped ? -(nameEnd - origin) - 1 : nameEnd - origin;
		grown[this.recordedLength + 2] = this.pos - origin;
		this.recordedLength += 3;
		return grown;
	}

	private void skipArray(int depth) {
		checkDepth(depth);
		this.pos++;
		if (peek() == ']') {
			this.pos++;
			return;
		}
		while (true) {
			skipValue(depth);
			int c = peek();
			this.pos++;
			if (c == ']') {
				return;
			}
			if (c != ',') {
				this.pos--;
				throw error("expected ',' or ']'");
			}
		}
	}

	private void checkDepth(int depth) {
		if (depth > MAX_DEPTH) {
			throw error("nested deeper than " + MAX_DEPTH + " levels");
		}
	}

	private void skipLiteral(String literal) {
		int length = literal.length();
		if (this.end - this.pos < length) {
			throw error("unrecognized token");
		}
		for (int i = 0; i < length; i++) {
			if (this.bytes[this.pos + i] != literal.charAt(i)) {
				throw error("unrecognized token");
			}
		}
		this.pos += length;
	}

	private int skipDigits(int p) {
		byte[] b = this.bytes;
		while (p < this.end && b[p] >= '0' && b[p] <= '9') {
			p++;
		}
		return p;
	}

	private int requireDigits(int p) {
		int after = skipDigits(p);
		if (after == p) {
			this.pos = p;
			throw error("invalid number");
		}
		return after;
	}

	/** Checks the escape at {@code p} (a backslash); returns the position after it. */
	private int skipEscape(int p) {
		if (p + 1 >= this.end) {
			this.pos = p;
			throw error("unterminated string");
		}
		switch (this.bytes[p + 1]) {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
				return p + 2;
			}
			case 'u' -> {
				if (p + 6 > this.end) {
					this.pos = p;
					throw error("unterminated string");
				}
				for (int i = p + 2; i < p + 6; i++) {
					if (Character.digit(this.bytes[i], 16) < 0) {
						this.pos = p;
						throw error("invalid \\u escape");
					}
				}
				return p + 6;
			}
			default -> {
				this.pos = p;
				throw error("invalid escape");
			}
		}
	}

	/**
	 * Checks the multi-byte UTF-8 sequence at {@code p}; returns the position after it.
	 * Well-formed sequences only (Unicode table 3-7): no overlong forms, no surrogates,
	 * nothing above U+10FFFF.
	 */
	private int skipUtf8(int p) {
		int lead = this.bytes[p] & 0xFF;
		int length;
		int secondMin = 0x80;
		int secondMax = 0xBF;
		if (lead >= 0xC2 && lead <= 0xDF) {
			length = 2;
		}
		else if (lead >= 0xE0 && lead <= 0xEF) {
			length = 3;
			if (lead == 0xE0) {
				secondMin = 0xA0;
			}
			else if (lead == 0xED) {
				secondMax = 0x9F;
			}
		}
		else if (lead >= 0xF0 && lead <= 0xF4) {
			length = 4;
			if (lead == 0xF0) {
				secondMin = 0x90;
			}
			else if (lead == 0xF4) {
				secondMax = 0x8F;
			}
		}
		else {
			this.pos = p;
			throw error("invalid UTF-8 start byte " + describe(lead));
		}
		if (p + length > this.end) {
			this.pos = p;
			throw error("truncated UTF-8 sequence");
		}
		int second = this.bytes[p + 1] & 0xFF;
		boolean valid = second >= secondMin && second <= secondMax;
		for (int i = 2; valid && i < length; i++) {
			valid = (this.bytes[p + i] & 0xC0) == 0x80;
		}
		if (!valid) {
			this.pos = p;
			throw error("invalid UTF-8 sequence");
		}
		return p + length;
	}

	/**
	 * Flags the bytes of a little-endian word that need a closer look inside a string: a
	 * quote, a backslash, a control character or a non-ASCII byte. SWAR: the high bit of
	 * each byte lane is the flag. Lanes above a flagged one may be flagged wrongly (a
	 * borrow), but the lowest flag is always exact, and that is the only one read.
	 */
	private static long bytesNeedingALook(long word) {
		long quotes = word ^ (ONES * '"');
		long backslashes = word ^ (ONES * '\\');
		return (((quotes - ONES) & ~quotes) | ((backslashes - ONES) & ~backslashes) | (word - ONES * 0x20) | word)
				& HIGH_BITS;
	}

	private static String describe(int c) {
		return (c >= 0x21 && c < 0x7F) ? "'" + (char) c + "'" : String.format("0x%02X", c);
	}

}
