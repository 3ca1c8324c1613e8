package io.github.discordgateway.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

import io.github.discordgateway.core.internal.payload.GatewayPayload;

/**
 * Decodes and encodes JSON payloads. {@link JsonScanner} reads the envelope ({@code op},
 * {@code s}, {@code t}) and checks all of an object or array {@code d} (syntax, UTF-8,
 * escapes, numbers, nesting) without building anything, several times faster than
 * Jackson's tokenizer, which interns every property name; the bytes of {@code d} are kept
 * for {@link GatewayPayload#data()} to parse with Jackson when somebody asks, with the
 * index of its top-level properties that {@link JsonDataReader} reads single values from.
 * Thread-safe.
 */
public final class JsonCodec implements PayloadCodec {

	// readTree(parser) reads d in the middle of the envelope; the envelope's own end is
	// checked below.
	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	/** Decodes one payload from {@code bytes[offset, offset + length)}. */
	@Override
	public GatewayPayload decode(byte[] bytes, int offset, int length) {
		JsonScanner in = new JsonScanner(bytes, offset, length);
		if (in.peek() != '{') {
			throw new PayloadDecodeException("json", "A gateway payload must be a JSON object");
		}
		in.expect('{', "'{'");
		int op = -1;
		long sequence = -1;
		String type = null;
		JsonNode data = NullNode.getInstance();
		byte[] deferredData = null;
		int[] members = null;
		int memberInts = 0;
		int c = in.peek();
		while (c != '}') {
			if (c != '"') {
				throw in.error("expected a property name");
			}
			int nameStart = in.position() + 1;
			if (in.skipString(true)) {
				return decodeWithJackson(bytes, offset, length); // an escaped name: let
																	// Jackson unescape it
			}
			int nameLength = in.position() - 1 - nameStart;
			in.expect(':', "':'");
			int value = in.peek();
			int valueStart = in.position();
			if (nameLength == 1 && bytes[nameStart] == 'd') {
				members = null;
				if (value == '{') {
					members = in.skipObjectRecordingMembers(1, valueStart);
					memberInts = in.recordedLength();
				}
				else {
					in.skipValue(1);
				}
				if (value == '{' || value == '[') {
					deferredData = Arrays.copyOfRange(bytes, valueStart, in.position());
					data = null;
				}
				else {
					deferredData = null;
					data = scalar(bytes, valueStart, in.position() - valueStart);
				}
			}
			else if (nameLength == 2 && bytes[nameStart] == 'o' && bytes[nameStart + 1] == 'p') {
				if (!isNumber(value) || !in.skipNumber()) {
					throw new PayloadDecodeException("json", "The payload's op is not an integer");
				}
				op = (int) integer(bytes, valueStart, in.position(), Integer.MAX_VALUE, in);
			}
			else if (nameLength == 1 && bytes[nameStart] == 's') {
				if (isNumber(value)) {
					sequence = in.skipNumber() ? integer(bytes, valueStart, in.position(), Long.MAX_VALUE, in) : -1;
				}
				else {
					in.skipValue(1);
					sequence = -1;
				}
			}
			else if (nameLength == 1 && bytes[nameStart] == 't') {
				if (value == '"') {
					if (in.skipString(false)) {
						return decodeWithJackson(bytes, offset, length); // an escaped
																			// type: let
																			// Jackson
																			// unescape it
					}
					int typeLength = in.position() - valueStart - 2;
					type = NameCache.ascii(bytes, valueStart + 1, typeLength);
					if (type == null) {
						type = new String(bytes, valueStart + 1, typeLength, StandardCharsets.UTF_8);
					}
				}
				else {
					in.skipValue(1);
					type = null;
				}
			}
			else {
				in.skipValue(1);
			}
			c = in.peek();
			if (c == ',') {
				in.expect(',', "','");
				c = in.peek();
				if (c == '}') {
					throw in.error("expected a property name");
				}
			}
			else if (c != '}') {
				throw in.error("expected ',' or '}'");
			}
		}
		in.expect('}', "'}'");
		if (in.peek() != -1) {
			throw new PayloadDecodeException("json", "Unexpected data after the payload object");
		}
		if (op < 0) {
			throw new PayloadDecodeException("missing-op", "The payload has no op");
		}
		int[] index = members;
		int indexLength = memberInts;
		return (deferredData != null)
				? GatewayPayload.deferredJson(op, sequence, type, deferredData, JsonCodec::parseData,
						(bytesOfData) -> new JsonDataReader(bytesOfData, index, indexLength))
				: new GatewayPayload(op, sequence, type, data);
	}

	private static boolean isNumber(int c) {
		return c == '-' || (c >= '0' && c <= '9');
	}

	/**
	 * The value of the integer in {@code bytes[from, to)}, which must not exceed
	 * {@code max}.
	 */
	private static long integer(byte[] bytes, int from, int to, long max, JsonScanner in) {
		boolean negative = bytes[from] == '-';
		long value = 0;
		for (int i = negative ? from + 1 : from; i < to; i++) {
			int digit = bytes[i] - '0';
			if (value > (max - digit) / 10) {
				throw in.error("integer out of range");
			}
			value = value * 10 + digit;
		}
		return negative ? -value : value;
	}

	/**
	 * A small value that is not an object or array: null, a boolean, a number or a
	 * string.
	 */
	private static JsonNode scalar(byte[] bytes, int offset, int length) {
		return switch (bytes[offset]) {
			case 'n' -> NullNode.getInstance();
			case 't' -> BooleanNode.TRUE;
			case 'f' -> BooleanNode.FALSE;
			default -> parseData(bytes, offset, length);
		};
	}

	/**
	 * The general path, for payloads whose envelope names or type use escapes: Jackson
	 * reads the whole payload. Also the reference the scanner-based path is tested
	 * against.
	 */
	GatewayPayload decodeWithJackson(byte[] bytes, int offset, int length) {
		try (JsonParser parser = MAPPER.createParser(bytes, offset, length)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new PayloadDecodeException("json", "A gateway payload must be a JSON object");
			}
			int op = -1;
			long sequence = -1;
			String type = null;
			JsonNode data = NullNode.getInstance();
			String name;
			while ((name = parser.nextName()) != null) {
				JsonToken value = parser.nextToken();
				switch (name) {
					case "op" -> {
						if (value != JsonToken.VALUE_NUMBER_INT) {
							throw new PayloadDecodeException("json", "The payload's op is not an integer");
						}
						op = parser.getIntValue();
					}
					case "s" -> {
						sequence = (value == JsonToken.VALUE_NUMBER_INT) ? parser.getLongValue() : -1;
						parser.skipChildren(); // an s or t that is an object or array is
												// ignored, as the scanner ignores it
					}
					case "t" -> {
						type = (value == JsonToken.VALUE_STRING) ? parser.getString() : null;
						parser.skipChildren();
					}
					case "d" -> data = MAPPER.readTree(parser);
					default -> parser.skipChildren();
				}
			}
			if (parser.nextToken() != null) {
				throw new PayloadDecodeException("json", "Unexpected data after the payload object");
			}
			if (op < 0) {
				throw new PayloadDecodeException("missing-op", "The payload has no op");
			}
			return new GatewayPayload(op, sequence, type, data);
		}
		catch (JacksonException ex) {
			throw new PayloadDecodeException("json", "Invalid JSON payload: " + ex.getOriginalMessage(), ex);
		}
	}

	/** Parses data that {@link #decode} has already checked. */
	private static JsonNode parseData(byte[] data) {
		return parseData(data, 0, data.length);
	}

	private static JsonNode parseData(byte[] data, int offset, int length) {
		try {
			return MAPPER.readTree(data, offset, length);
		}
		catch (JacksonException ex) {
			throw new PayloadDecodeException("json", "Invalid JSON data: " + ex.getOriginalMessage(), ex);
		}
	}

	/** Encodes {@code {"op": op, "d": data}} as a text message. */
	@Override
	public EncodedPayload encode(int op, JsonNode data) {
		ObjectNode payload = JsonNodeFactory.instance.objectNode();
		payload.put("op", op);
		payload.set("d", data);
		return EncodedPayload.text(MAPPER.writeValueAsString(payload));
	}

	@Override
	public EncodedPayload heartbeat(long sequence) {
		return EncodedPayload.text("{\"op\":1,\"d\":" + ((sequence > 0) ? Long.toString(sequence) : "null") + "}");
	}

	@Override
	public boolean isBinary() {
		return false;
	}

}
