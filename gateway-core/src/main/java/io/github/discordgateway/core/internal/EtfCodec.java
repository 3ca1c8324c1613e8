package io.github.discordgateway.core.internal;

import tools.jackson.databind.JsonNode;

import io.github.discordgateway.core.internal.payload.GatewayPayload;

/**
 * {@code encoding=etf}: Erlang External Term Format in binary messages, both ways, with a
 * decoder and an encoder of our own (no Erlang runtime). Received payloads decode into
 * the same Jackson tree the JSON codec builds (see {@link EtfDecoder} for the exact
 * normalisation, notably snowflakes as decimal strings); sent payloads are written as
 * erlpack writes them (see {@link EtfEncoder}). Stateless and thread-safe.
 */
public final class EtfCodec implements PayloadCodec {

	@Override
	public GatewayPayload decode(byte[] bytes, int offset, int length) {
		return new EtfDecoder(bytes, offset, length).readEnvelope();
	}

	@Override
	public EncodedPayload encode(int op, JsonNode data) {
		return EncodedPayload.binary(EtfEncoder.encodePayload(op, data));
	}

	@Override
	public EncodedPayload heartbeat(long sequence) {
		return EncodedPayload.binary(EtfEncoder.encodeHeartbeat(sequence));
	}

	@Override
	public boolean isBinary() {
		return true;
	}

	/**
	 * Decodes one whole ETF message (version byte and one term) into a tree.
	 * @throws PayloadDecodeException if the bytes are not one valid term
	 */
	public static JsonNode decodeTerm(byte[] bytes, int offset, int length) {
		return EtfDecoder.decodeTerm(bytes, offset, length);
	}

	/**
	 * Encodes a tree as one ETF message (version byte and one term), as erlpack would.
	 */
	public static byte[] encodeTerm(JsonNode node) {
		return EtfEncoder.encodeTerm(node);
	}

}
