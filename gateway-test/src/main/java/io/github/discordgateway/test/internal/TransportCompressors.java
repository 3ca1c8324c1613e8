package io.github.discordgateway.test.internal;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.zip.Deflater;

/** Factory of {@link TransportCompressor}s by query-parameter value. */
public final class TransportCompressors {

    private TransportCompressors() {
    }

    /**
     * Creates a compressor for a {@code compress} query value.
     *
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
        return Optional.empty(); // zstd-stream: not implemented yet
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
     * zlib-stream: one {@link Deflater} (RFC 1950 header, not nowrap) for the whole connection; every payload ends
     * with a SYNC_FLUSH ({@code 00 00 FF FF}).
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
}
