package io.github.discordgateway.core.internal;

import java.nio.ByteBuffer;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;

/**
 * {@code compress=zstd-stream}: the connection carries one zstd frame that never ends,
 * and every WebSocket message holds exactly one payload (the server flushes a block after
 * each). Each message is fed, part by part, through the connection's single streaming
 * {@link ZstdDecompressCtx}; the payload is complete at the end of the message, without
 * waiting for a frame end that never comes.
 *
 * <p>
 * zstd-jni streams between direct buffers, so input parts are copied into a small
 * reusable direct buffer and the output is drained from another into the reusable payload
 * buffer. The native context is freed by {@link #close()}; the direct buffers go with the
 * connection.
 */
final class ZstdStreamDecoder extends TransportDecoder {

	private static final int INPUT_CHUNK = 32 * 1024;

	private static final int OUTPUT_CHUNK = 64 * 1024;

	private final ZstdDecompressCtx context = new ZstdDecompressCtx();

	private final ByteBuffer input = ByteBuffer.allocateDirect(INPUT_CHUNK);

	private final ByteBuffer output = ByteBuffer.allocateDirect(OUTPUT_CHUNK);

	private final ByteAccumulator decompressed;

	private int wireLength;

	private int messageWireLength;

	ZstdStreamDecoder(int maxPayloadBytes) {
		this.decompressed = new ByteAccumulator(16384, maxPayloadBytes, "A decompressed payload");
	}

	@Override
	boolean acceptBinary(ByteBuffer part, boolean lastPart) {
		this.messageWireLength += part.remaining();
		try {
			while (part.hasRemaining()) {
				int count = Math.min(part.remaining(), INPUT_CHUNK);
				this.input.clear();
				ByteBuffer slice = part.duplicate();
				slice.limit(slice.position() + count);
				this.input.put(slice);
				part.position(part.position() + count);
				this.input.flip();
				decompress();
			}
		}
		catch (ZstdException ex) {
			this.messageWireLength = 0;
			throw new PayloadDecodeException("decompression", "Corrupt zstd-stream data: " + ex.getMessage(), ex);
		}
		if (!lastPart) {
			return false;
		}
		this.wireLength = this.messageWireLength;
		this.messageWireLength = 0;
		return true;
	}

	/**
	 * Runs {@link #input} through the context until it is consumed and the output is not
	 * full.
	 */
	private void decompress() {
		while (true) {
			this.output.clear();
			int before = this.input.position();
			this.context.decompressDirectByteBufferStream(this.output, this.input);
			int produced = this.output.position();
			if (produced > 0) {
				this.output.flip();
				this.decompressed.append(this.output);
			}
			if (!this.input.hasRemaining() && produced < OUTPUT_CHUNK) {
				return;
			}
			if (produced == 0 && this.input.position() == before) {
				throw new PayloadDecodeException("decompression", "The zstd stream makes no progress");
			}
		}
	}

	@Override
	boolean acceptText(String part, boolean lastPart) {
		throw new PayloadDecodeException("frame-type",
				"Received a text message on a zstd-stream connection, where every message is binary");
	}

	@Override
	byte[] payload() {
		return this.decompressed.array();
	}

	@Override
	int payloadLength() {
		return this.decompressed.length();
	}

	@Override
	int wireLength() {
		return this.wireLength;
	}

	@Override
	void payloadConsumed() {
		this.decompressed.clear();
	}

	@Override
	void close() {
		this.context.close();
	}

	@Override
	long retainedBytes() {
		return (long) this.decompressed.capacity() + INPUT_CHUNK + OUTPUT_CHUNK;
	}

}
