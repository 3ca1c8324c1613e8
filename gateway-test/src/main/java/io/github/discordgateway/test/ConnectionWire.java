package io.github.discordgateway.test;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.github.discordgateway.test.internal.PayloadEncoder;
import io.github.discordgateway.test.internal.PayloadEncoders;
import io.github.discordgateway.test.internal.TransportCompressor;
import io.github.discordgateway.test.internal.TransportCompressors;
import io.github.discordgateway.test.internal.WebSocketChannel;
import tools.jackson.databind.JsonNode;

/**
 * How one connection's payloads travel: the encoding ({@code json}/{@code etf}) and
 * transport compression its query string asked for, payloads cut into several messages
 * (zlib-stream) or frames, one writer at a time so that the compression stream stays in
 * order, and decoding of what the client sends. Thread-safe.
 */
final class ConnectionWire {

	private final WebSocketChannel channel;

	private final BooleanSupplier ended;

	private final Object sendLock = new Object();

	private final PayloadEncoder encoder;

	private final TransportCompressor compressor;

	private final boolean encodingSupported;

	private final boolean compressionSupported;

	private volatile int messageParts;

	private volatile int framesPerMessage;

	ConnectionWire(WebSocketChannel channel, Map<String, String> query, SimulatorConfig config, BooleanSupplier ended) {
		this.channel = channel;
		this.ended = ended;
		this.messageParts = config.zlibMessageParts;
		this.framesPerMessage = config.framesPerMessage;
		Optional<PayloadEncoder> requestedEncoder = PayloadEncoders.forName(query.get("encoding"), config.etfUtf8Atoms);
		Optional<TransportCompressor> requestedCompressor = TransportCompressors.create(query.get("compress"));
		this.encodingSupported = requestedEncoder.isPresent();
		this.compressionSupported = requestedCompressor.isPresent();
		this.encoder = requestedEncoder.orElseGet(() -> PayloadEncoders.forName(null).orElseThrow());
		this.compressor = requestedCompressor.orElseGet(() -> TransportCompressors.create(null).orElseThrow());
	}

	boolean encodingSupported() {
		return this.encodingSupported;
	}

	boolean compressionSupported() {
		return this.compressionSupported;
	}

	/** Whether payloads travel in binary messages (ETF, or any transport compression). */
	boolean binaryEncoding() {
		return this.encoder.binary();
	}

	boolean compressed() {
		return this.compressor.binary();
	}

	JsonNode decode(byte[] data) {
		return this.encoder.decode(data);
	}

	void setFraming(int messageParts, int framesPerMessage) {
		this.messageParts = messageParts;
		this.framesPerMessage = framesPerMessage;
	}

	int framesPerMessage() {
		return this.framesPerMessage;
	}

	/**
	 * Encodes, compresses and sends one payload with the connection's framing.
	 * @return {@code false} when nothing was sent (connection closing, silent or gone)
	 */
	boolean send(byte[] json) {
		return send(json, this.messageParts, this.framesPerMessage);
	}

	boolean send(byte[] json, int parts, int frames) {
		synchronized (this.sendLock) {
			if (this.ended.getAsBoolean() || this.channel.isCloseSent() || this.channel.isSilent()
					|| this.channel.isSocketClosed()) {
				return false;
			}
			byte[] data = this.compressor.compress(this.encoder.encode(json));
			boolean binary = this.compressor.binary() || this.encoder.binary();
			if (!this.compressor.splittableAcrossMessages() || parts <= 1) {
				int frameCount = this.compressor.splittableAcrossMessages() ? frames : Math.max(frames, parts);
				return this.channel.sendMessage(binary, data, frameCount);
			}
			int count = Math.min(parts, data.length);
			int start = 0;
			for (int i = 0; i < count; i++) {
				int end = (i == count - 1) ? data.length : (int) ((long) data.length * (i + 1) / count);
				while (i < count - 1 && end > start + 1 && endsWithFlush(data, end)) {
					end--; // a non-final part must not look complete
				}
				if (end <= start) {
					continue;
				}
				if (!this.channel.sendMessage(true, Arrays.copyOfRange(data, start, end), frames)) {
					return false;
				}
				start = end;
			}
			return true;
		}
	}

	/** Sends one message as is, bypassing encoder and compressor. */
	void sendRaw(boolean binary, byte[] message) {
		synchronized (this.sendLock) {
			this.channel.sendMessage(binary, message, 1);
		}
	}

	/** Releases the compressor once the connection has ended. */
	void close() {
		synchronized (this.sendLock) {
			this.compressor.close();
		}
	}

	private static boolean endsWithFlush(byte[] data, int end) {
		return end >= 4 && data[end - 4] == 0 && data[end - 3] == 0 && data[end - 2] == (byte) 0xFF
				&& data[end - 1] == (byte) 0xFF;
	}

}
