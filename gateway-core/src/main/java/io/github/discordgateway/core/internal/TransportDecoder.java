package io.github.discordgateway.core.internal;

import java.nio.ByteBuffer;

import io.github.discordgateway.core.GatewayCompression;

/**
 * Turns the WebSocket messages of one connection into complete, decompressed payload
 * bytes. One instance per connection, never shared or reused across connections.
 */
abstract sealed class TransportDecoder permits TransportDecoder.Plain, ZlibStreamDecoder, ZstdStreamDecoder {

	static TransportDecoder create(GatewayCompression compression, boolean binaryEncoding, int maxPayloadBytes) {
		return switch (compression) {
			case NONE -> new Plain(binaryEncoding, maxPayloadBytes);
			case ZLIB_STREAM -> new ZlibStreamDecoder(maxPayloadBytes);
			case ZSTD_STREAM -> new ZstdStreamDecoder(maxPayloadBytes);
		};
	}

	/**
	 * Adds a part of a binary WebSocket message.
	 * @return whether a complete payload is now available from {@link #payload()}
	 */
	abstract boolean acceptBinary(ByteBuffer part, boolean lastPart);

	/**
	 * Adds a part of a text WebSocket message.
	 * @return whether a complete payload is now available from {@link #payload()}
	 */
	abstract boolean acceptText(String part, boolean lastPart);

	/**
	 * The buffer holding the complete payload in {@code [0, payloadLength())}; valid
	 * until the next call.
	 */
	abstract byte[] payload();

	abstract int payloadLength();

	/** Wire bytes of the payload last completed. */
	abstract int wireLength();

	/** Prepares for the next payload, releasing large buffers. */
	abstract void payloadConsumed();

	/** Releases native resources. */
	abstract void close();

	/** Size of the buffers held right now. */
	abstract long retainedBytes();

	/**
	 * No transport compression: JSON arrives as text messages, ETF as binary messages,
	 * possibly in parts.
	 */
	static final class Plain extends TransportDecoder {

		private final boolean binary;

		private final ByteAccumulator message;

		Plain(boolean binary, int maxPayloadBytes) {
			this.binary = binary;
			this.message = new ByteAccumulator(4096, maxPayloadBytes, "A payload");
		}

		@Override
		boolean acceptBinary(ByteBuffer part, boolean lastPart) {
			if (!this.binary) {
				throw new PayloadDecodeException("frame-type",
						"Received a binary message on a JSON connection without transport compression, where JSON arrives as text");
			}
			this.message.append(part);
			return lastPart;
		}

		@Override
		boolean acceptText(String part, boolean lastPart) {
			if (this.binary) {
				throw new PayloadDecodeException("frame-type",
						"Received a text message on an ETF connection, where every message is binary");
			}
			byte[] utf8 = part.getBytes(java.nio.charset.StandardCharsets.UTF_8);
			this.message.append(utf8, 0, utf8.length);
			return lastPart;
		}

		@Override
		byte[] payload() {
			return this.message.array();
		}

		@Override
		int payloadLength() {
			return this.message.length();
		}

		@Override
		int wireLength() {
			return this.message.length();
		}

		@Override
		void payloadConsumed() {
			this.message.clear();
		}

		@Override
		void close() {
		}

		@Override
		long retainedBytes() {
			return this.message.capacity();
		}

	}

}
