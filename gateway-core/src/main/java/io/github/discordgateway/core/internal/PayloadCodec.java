package io.github.discordgateway.core.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.internal.payload.GatewayPayload;

/**
 * The payload encoding of a connection ({@code encoding=json|etf}). Both encodings decode
 * into the same Jackson tree, so listeners see one event model whatever the wire format.
 * Implementations are stateless and thread-safe; one instance is shared by every shard of
 * a manager.
 */
public interface PayloadCodec {

	/** The codec for an encoding. */
	static PayloadCodec forEncoding(GatewayEncoding encoding) {
		return switch (encoding) {
			case JSON -> new JsonCodec();
			case ETF -> new EtfCodec();
		};
	}

	/**
	 * Decodes one complete payload from {@code bytes[offset, offset + length)}.
	 * @throws PayloadDecodeException if the bytes are not a valid payload
	 */
	GatewayPayload decode(byte[] bytes, int offset, int length);

	/** Encodes {@code {"op": op, "d": data}} as one outgoing message. */
	EncodedPayload encode(int op, JsonNode data);

	/**
	 * A heartbeat ({@code op 1}) carrying {@code sequence}, or {@code null} when
	 * {@code sequence <= 0}.
	 */
	EncodedPayload heartbeat(long sequence);

	/** Whether this encoding travels in binary WebSocket messages. */
	boolean isBinary();

	/** A new empty object node for building outgoing data. */
	default ObjectNode objectNode() {
		return JsonNodeFactory.instance.objectNode();
	}

}
