package io.github.discordgateway.core.internal;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * {@code compress=zlib-stream}: the whole connection is one zlib stream and each payload
 * ends with a sync flush ({@code 00 00 FF FF}). A payload may span several WebSocket
 * messages, and a message may arrive in several parts, so compressed bytes are collected
 * until a complete message ends with the flush marker, then inflated through the
 * connection's single {@link Inflater}.
 */
final class ZlibStreamDecoder extends TransportDecoder {

	private static final byte[] SYNC_FLUSH = { 0x00, 0x00, (byte) 0xFF, (byte) 0xFF };

	private final Inflater inflater = new Inflater();

	private final ByteAccumulator compressed;

	private final ByteAccumulator inflated;

	private int wireLength;

	ZlibStreamDecoder(int maxPayloadBytes) {
		this.compressed = new ByteAccumulator(1024, maxPayloadBytes, "A compressed payload");
		this.inflated = new ByteAccumulator(4096, maxPayloadBytes, "A decompressed payload");
	}

	@Override
	boolean acceptBinary(ByteBuffer part, boolean lastPart) {
		this.compressed.append(part);
		if (!lastPart || !this.compressed.endsWith(SYNC_FLUSH)) {
			return false;
		}
		inflate();
		return true;
	}

	@Override
	boolean acceptText(String part, boolean lastPart) {
		throw new PayloadDecodeException("frame-type",
				"Received a text message on a zlib-stream connection, where every message is binary");
	}

	private void inflate() {
		this.wireLength = this.compressed.length();
		this.inflater.setInput(this.compressed.array(), 0, this.compressed.length());
		try {
			while (true) {
				int free = this.inflated.ensureFree();
				int count = this.inflater.inflate(this.inflated.array(), this.inflated.length(), free);
				this.inflated.advance(count);
				if (count < free && (this.inflater.needsInput() || this.inflater.finished())) {
					break;
				}
				if (count == 0 && this.inflater.needsDictionary()) {
					throw new PayloadDecodeException("decompression", "The zlib stream asks for a preset dictionary");
				}
			}
		}
		catch (DataFormatException ex) {
			throw new PayloadDecodeException("decompression", "Corrupt zlib-stream data: " + ex.getMessage(), ex);
		}
		finally {
			this.compressed.clear();
		}
		if (this.inflater.finished()) {
			throw new PayloadDecodeException("decompression",
					"The server ended the zlib stream, which never ends in zlib-stream");
		}
	}

	@Override
	byte[] payload() {
		return this.inflated.array();
	}

	@Override
	int payloadLength() {
		return this.inflated.length();
	}

	@Override
	int wireLength() {
		return this.wireLength;
	}

	@Override
	void payloadConsumed() {
		this.inflated.clear();
	}

	@Override
	void close() {
		this.inflater.end();
	}

	@Override
	long retainedBytes() {
		return (long) this.compressed.capacity() + this.inflated.capacity();
	}

}
