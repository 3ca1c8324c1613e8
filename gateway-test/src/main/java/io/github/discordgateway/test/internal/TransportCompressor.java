package io.github.discordgateway.test.internal;

/**
 * Server→client transport compression of one connection ({@code compress=} query
 * parameter). One instance per connection; calls are serialised by the caller. Add
 * {@code zstd-stream} by implementing this and registering it in
 * {@link TransportCompressors}.
 */
public interface TransportCompressor {

	/**
	 * The query-parameter value, e.g. {@code zlib-stream}, or {@code none}.
	 * @return the name
	 */
	String name();

	/**
	 * Whether compressed output must travel in binary messages.
	 * @return {@code true} for real compressors
	 */
	boolean binary();

	/**
	 * Whether one compressed payload may be spread over several WebSocket messages (the
	 * client buffers until a flush marker), as with zlib-stream.
	 * @return whether splitting across messages is legal
	 */
	boolean splittableAcrossMessages();

	/**
	 * Compresses one gateway payload, continuing the connection's stream.
	 * @param payload encoded payload
	 * @return bytes to send
	 */
	byte[] compress(byte[] payload);

	/**
	 * Releases native resources. Further {@link #compress(byte[])} calls are not allowed.
	 */
	void close();

}
