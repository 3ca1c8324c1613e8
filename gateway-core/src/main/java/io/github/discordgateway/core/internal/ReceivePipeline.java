package io.github.discordgateway.core.internal;

import java.nio.ByteBuffer;

import io.github.discordgateway.core.GatewayCompression;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.internal.payload.GatewayPayload;

/**
 * The receive path of one connection without the socket: WebSocket messages in, decoded
 * payloads out, through the same {@link TransportDecoder} and {@link PayloadCodec} that
 * {@link GatewayConnection} uses. Internal: it exists for the benchmarks and tests. Not
 * thread-safe; one instance per simulated connection.
 */
public final class ReceivePipeline implements AutoCloseable {

	private final TransportDecoder decoder;

	private final PayloadCodec codec;

	public ReceivePipeline(GatewayEncoding encoding, GatewayCompression compression, int maxPayloadBytes) {
		this.codec = PayloadCodec.forEncoding(encoding);
		this.decoder = TransportDecoder.create(compression, this.codec.isBinary(), maxPayloadBytes);
	}

	/**
	 * Feeds a whole binary message.
	 * @return the payload it completes, or {@code null} if more messages are needed
	 * @throws PayloadDecodeException for corrupt data
	 */
	public GatewayPayload acceptBinary(ByteBuffer message) {
		return this.decoder.acceptBinary(message, true) ? decode() : null;
	}

	/**
	 * Feeds a whole text message.
	 * @return the payload it completes, or {@code null} if more messages are needed
	 * @throws PayloadDecodeException for corrupt data
	 */
	public GatewayPayload acceptText(String message) {
		return this.decoder.acceptText(message, true) ? decode() : null;
	}

	private GatewayPayload decode() {
		try {
			return this.codec.decode(this.decoder.payload(), 0, this.decoder.payloadLength());
		}
		finally {
			this.decoder.payloadConsumed();
		}
	}

	@Override
	public void close() {
		this.decoder.close();
	}

}
