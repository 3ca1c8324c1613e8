package io.github.discordgateway.core.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Writes a Jackson tree as Erlang External Term Format, making the choices Discord's
 * reference encoder (erlpack) makes, so the gateway accepts what we send:
 * <ul>
 * <li>objects: {@code MAP_EXT} with {@code BINARY_EXT} keys (the gateway closes with 4002
 * on atom keys);</li>
 * <li>strings: {@code BINARY_EXT} of the UTF-8 bytes (snowflakes stay strings, as in
 * JSON);</li>
 * <li>integers: 0..255 {@code SMALL_INTEGER_EXT}, other 32-bit {@code INTEGER_EXT},
 * larger {@code SMALL_BIG_EXT} ({@code LARGE_BIG_EXT} beyond 255 bytes);</li>
 * <li>other numbers: {@code NEW_FLOAT_EXT};</li>
 * <li>{@code null}, {@code true}, {@code false}: {@code SMALL_ATOM_EXT} {@code nil},
 * {@code true}, {@code false};</li>
 * <li>arrays: {@code LIST_EXT} with a {@code NIL_EXT} tail, the empty array as
 * {@code NIL_EXT}.</li>
 * </ul>
 * Not thread-safe; one instance per message.
 */
final class EtfEncoder {

	private static final byte[] NIL = { EtfDecoder.SMALL_ATOM_EXT, 3, 'n', 'i', 'l' };

	private static final byte[] TRUE = { EtfDecoder.SMALL_ATOM_EXT, 4, 't', 'r', 'u', 'e' };

	private static final byte[] FALSE = { EtfDecoder.SMALL_ATOM_EXT, 5, 'f', 'a', 'l', 's', 'e' };

	private byte[] buffer;

	private int length;

	EtfEncoder(int initialCapacity) {
		this.buffer = new byte[Math.max(16, initialCapacity)];
	}

	/** The whole message for one term, version byte included. */
	static byte[] encodeTerm(JsonNode node) {
		EtfEncoder encoder = new EtfEncoder(256);
		encoder.u8(EtfDecoder.VERSION);
		encoder.value(node, 0);
		return encoder.toByteArray();
	}

	/** {@code {"op": op, "d": data}}, keys in that order as erlpack writes them. */
	static byte[] encodePayload(int op, JsonNode data) {
		EtfEncoder encoder = new EtfEncoder(256);
		encoder.u8(EtfDecoder.VERSION);
		encoder.u8(EtfDecoder.MAP_EXT);
		encoder.u32(2);
		encoder.string("op");
		encoder.integer(op);
		encoder.string("d");
		encoder.value(data, 1);
		return encoder.toByteArray();
	}

	/** A heartbeat without building a tree. */
	static byte[] encodeHeartbeat(long sequence) {
		EtfEncoder encoder = new EtfEncoder(32);
		encoder.u8(EtfDecoder.VERSION);
		encoder.u8(EtfDecoder.MAP_EXT);
		encoder.u32(2);
		encoder.string("op");
		encoder.integer(Opcodes.HEARTBEAT);
		encoder.string("d");
		if (sequence > 0) {
			encoder.integer(sequence);
		}
		else {
			encoder.raw(NIL);
		}
		return encoder.toByteArray();
	}

	byte[] toByteArray() {
		return Arrays.copyOf(this.buffer, this.length);
	}

	void value(JsonNode node, int depth) {
		if (depth > EtfDecoder.MAX_DEPTH) {
			throw new IllegalArgumentException(
					"Data nested deeper than " + EtfDecoder.MAX_DEPTH + " levels cannot be sent");
		}
		switch (node.getNodeType()) {
			case OBJECT -> {
				u8(EtfDecoder.MAP_EXT);
				u32(node.size());
				for (Map.Entry<String, JsonNode> field : node.properties()) {
					string(field.getKey());
					value(field.getValue(), depth + 1);
				}
			}
			case ARRAY -> {
				int size = node.size();
				if (size > 0) {
					u8(EtfDecoder.LIST_EXT);
					u32(size);
					for (int i = 0; i < size; i++) {
						value(node.get(i), depth + 1);
					}
				}
				u8(EtfDecoder.NIL_EXT);
			}
			case STRING -> string(node.stringValue());
			case NUMBER -> {
				if (node.isIntegralNumber()) {
					if (node.canConvertToLong()) {
						integer(node.longValue());
					}
					else {
						bigInteger(node.bigIntegerValue());
					}
				}
				else {
					u8(EtfDecoder.NEW_FLOAT_EXT);
					u64(Double.doubleToLongBits(node.doubleValue()));
				}
			}
			case BOOLEAN -> raw(node.booleanValue() ? TRUE : FALSE);
			case NULL, MISSING -> raw(NIL);
			case BINARY -> {
				byte[] data = node.binaryValue();
				u8(EtfDecoder.BINARY_EXT);
				u32(data.length);
				raw(data);
			}
			default -> throw new IllegalArgumentException("Cannot encode a " + node.getNodeType() + " node as ETF");
		}
	}

	void string(String text) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		u8(EtfDecoder.BINARY_EXT);
		u32(utf8.length);
		raw(utf8);
	}

	void integer(long value) {
		if (value >= 0 && value <= 255) {
			u8(EtfDecoder.SMALL_INTEGER_EXT);
			u8((int) value);
		}
		else if (value == (int) value) {
			u8(EtfDecoder.INTEGER_EXT);
			u32((int) value);
		}
		else {
			// |Long.MIN_VALUE| does not fit a long but is right as an unsigned one
			long magnitude = (value < 0) ? -value : value;
			int digits = (64 - Long.numberOfLeadingZeros(magnitude) + 7) / 8;
			u8(EtfDecoder.SMALL_BIG_EXT);
			u8(digits);
			u8((value < 0) ? 1 : 0);
			for (int i = 0; i < digits; i++) {
				u8((int) (magnitude >>> (8 * i)));
			}
		}
	}

	private void bigInteger(BigInteger value) {
		byte[] bigEndian = value.abs().toByteArray();
		int skip = (bigEndian.length > 1 && bigEndian[0] == 0) ? 1 : 0;
		int digits = bigEndian.length - skip;
		if (digits <= 255) {
			u8(EtfDecoder.SMALL_BIG_EXT);
			u8(digits);
		}
		else {
			u8(EtfDecoder.LARGE_BIG_EXT);
			u32(digits);
		}
		u8((value.signum() < 0) ? 1 : 0);
		for (int i = bigEndian.length - 1; i >= skip; i--) {
			u8(bigEndian[i]);
		}
	}

	private void u8(int value) {
		ensure(1);
		this.buffer[this.length++] = (byte) value;
	}

	private void u32(int value) {
		ensure(4);
		byte[] b = this.buffer;
		int p = this.length;
		b[p] = (byte) (value >>> 24);
		b[p + 1] = (byte) (value >>> 16);
		b[p + 2] = (byte) (value >>> 8);
		b[p + 3] = (byte) value;
		this.length = p + 4;
	}

	private void u64(long value) {
		u32((int) (value >>> 32));
		u32((int) value);
	}

	private void raw(byte[] data) {
		ensure(data.length);
		System.arraycopy(data, 0, this.buffer, this.length, data.length);
		this.length += data.length;
	}

	private void ensure(int more) {
		if (this.length + more > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.length + more));
		}
	}

}
