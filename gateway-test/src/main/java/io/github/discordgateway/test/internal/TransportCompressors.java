package io.github.discordgateway.test.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.zip.Deflater;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;

/** Factory of {@link TransportCompressor}s by query-parameter value. */
public final class TransportCompressors {

	private TransportCompressors() {
	}

	/**
	 * Creates a compressor for a {@code compress} query value.
	 * @param name the value; {@code null}, empty or {@code none} means no compression
	 * @return a fresh compressor, or empty when the value is not supported
	 */
	public static Optional<TransportCompressor> create(String name) {
		if (name == null || name.isEmpty() || name.equals("none")) {
			return Optional.of(new Identity());
		}
		if (name.equals("zlib-stream")) {
			return Optional.of(new ZlibStream());
		}
		if (name.equals("zstd-stream")) {
			return Optional.of(new ZstdStream());
		}
		return Optional.empty();
	}

	/** No compression. */
	static final class Identity implements TransportCompressor {

		@Override
		public String name() {
			return "none";
		}

		@Override
		public boolean binary() {
			return false;
		}

		@Override
		public boolean splittableAcrossMessages() {
			return false;
		}

		@Override
		public byte[] compress(byte[] payload) {
			return payload;
		}

		@Override
		public void close() {
		}

	}

	/**
	 * zlib-stream: one {@link Deflater} (RFC 1950 header, not nowrap) for the whole
	 * connection; every payload ends with a SYNC_FLUSH ({@code 00 00 FF FF}).
	 */
	static final class ZlibStream implements TransportCompressor {

		private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, false);

		private final byte[] buffer = new byte[64 * 1024];

		private boolean closed;

		@Override
		public String name() {
			return "zlib-stream";
		}

		@Override
		public boolean binary() {
			return true;
		}

		@Override
		public boolean splittableAcrossMessages() {
			return true;
		}

		@Override
		public synchronized byte[] compress(byte[] payload) {
			if (closed) {
				throw new IllegalStateException("compressor closed");
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, payload.length / 4));
			deflater.setInput(payload);
			while (true) {
				int n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
				out.write(buffer, 0, n);
				if (n < buffer.length) {
					break;
				}
			}
			return out.toByteArray();
		}

		@Override
		public synchronized void close() {
			if (!closed) {
				closed = true;
				deflater.end();
			}
		}

	}

	/**
	 * zstd-stream: one zstd frame per connection that is started at connect time and
	 * never finished (no content size); every payload is compressed through the same
	 * context and flushed at its end, so each WebSocket message holds exactly one payload
	 * and the client decompresses it without waiting for a frame end.
	 */
	static final class ZstdStream implements TransportCompressor {

		private final ZstdCompressCtx context = new ZstdCompressCtx().setLevel(3);

		private ByteBuffer input = ByteBuffer.allocateDirect(64 * 1024);

		private final ByteBuffer output = ByteBuffer.allocateDirect(64 * 1024);

		private final byte[] chunk = new byte[64 * 1024];

		private boolean closed;

		@Override
		public String name() {
			return "zstd-stream";
		}

		@Override
		public boolean binary() {
			return true;
		}

		@Override
		public boolean splittableAcrossMessages() {
			return false;
		}

		@Override
		public synchronized byte[] compress(byte[] payload) {
			if (closed) {
				throw new IllegalStateException("compressor closed");
			}
			if (input.capacity() < payload.length) {
				input = ByteBuffer.allocateDirect(Math.max(payload.length, input.capacity() * 2));
			}
			input.clear();
			input.put(payload).flip();
			ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, payload.length / 4));
			boolean flushed;
			do {
				output.clear();
				flushed = context.compressDirectByteBufferStream(output, input, EndDirective.FLUSH);
				output.flip();
				int count = output.remaining();
				output.get(chunk, 0, count);
				out.write(chunk, 0, count);
			}
			while (!flushed || input.hasRemaining());
			return out.toByteArray();
		}

		@Override
		public synchronized void close() {
			if (!closed) {
				closed = true;
				context.close();
			}
		}

	}

}
