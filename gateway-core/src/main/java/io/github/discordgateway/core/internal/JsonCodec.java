package io.github.discordgateway.core.internal;

import java.util.Arrays;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decodes and encodes JSON payloads. The envelope ({@code op}, {@code s}, {@code t}) is read with
 * the streaming parser. An object or array {@code d} is only tokenized, which checks all of it
 * (syntax, UTF-8, escapes, numbers, nesting) at a fraction of the cost of building its tree, and
 * its bytes are kept for {@link GatewayPayload#data()} to parse when somebody asks; other values
 * become a tree at once. Thread-safe.
 */
public final class JsonCodec implements PayloadCodec {

	// readTree(parser) reads d in the middle of the envelope; the envelope's own end is checked below.
	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	/** Decodes one payload from {@code bytes[offset, offset + length)}. */
	@Override
	public GatewayPayload decode(byte[] bytes, int offset, int length) {
		try (JsonParser parser = MAPPER.createParser(bytes, offset, length)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new PayloadDecodeException("json", "A gateway payload must be a JSON object");
			}
			int op = -1;
			long sequence = -1;
			String type = null;
			JsonNode data = NullNode.getInstance();
			byte[] deferredData = null;
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
					case "s" -> sequence = (value == JsonToken.VALUE_NUMBER_INT) ? parser.getLongValue() : -1;
					case "t" -> type = (value == JsonToken.VALUE_STRING) ? parser.getString() : null;
					case "d" -> {
						if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
							// offsets are relative to the start of the payload
							int start = (int) parser.currentTokenLocation().getByteOffset();
							parser.skipChildren();
							int end = (int) parser.currentLocation().getByteOffset();
							deferredData = Arrays.copyOfRange(bytes, offset + start, offset + end);
							data = null;
						}
						else {
							deferredData = null;
							data = MAPPER.readTree(parser);
						}
					}
					default -> parser.skipChildren();
				}
			}
			if (parser.nextToken() != null) {
				throw new PayloadDecodeException("json", "Unexpected data after the payload object");
			}
			if (op < 0) {
				throw new PayloadDecodeException("missing-op", "The payload has no op");
			}
			return (deferredData != null) ? GatewayPayload.deferred(op, sequence, type, deferredData, JsonCodec::parseData)
					: new GatewayPayload(op, sequence, type, data);
		}
		catch (JacksonException ex) {
			throw new PayloadDecodeException("json", "Invalid JSON payload: " + ex.getOriginalMessage(), ex);
		}
	}

	/** Parses data that {@link #decode} has already checked. */
	private static JsonNode parseData(byte[] data) {
		try {
			return MAPPER.readTree(data);
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
