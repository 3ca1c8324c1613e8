package io.github.discordgateway.test.internal;

/**
 * Receives events from a {@link WebSocketChannel} read loop. All calls happen on the
 * connection's reader thread.
 */
public interface WebSocketListener {

	/**
	 * A complete (reassembled) data message arrived.
	 * @param data message bytes (unmasked)
	 * @param binary {@code true} for a binary message, {@code false} for text
	 */
	void onMessage(byte[] data, boolean binary);

	/**
	 * The peer sent a close frame.
	 * @param code the close code, or 1005 when the frame had no code
	 * @param reason the close reason (may be empty)
	 */
	void onCloseFrame(int code, String reason);

	/**
	 * The socket is gone (after a close handshake, an abort or an I/O error). Called
	 * exactly once.
	 * @param abnormal {@code true} when the connection ended without a completed close
	 * handshake
	 */
	void onTerminated(boolean abnormal);

}
