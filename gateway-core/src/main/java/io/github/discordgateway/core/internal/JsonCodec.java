package io.github.discordgateway.core.internal;

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
 * the streaming parser; only {@code d} becomes a tree, so no intermediate envelope object is built.
 * Thread-safe.
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
