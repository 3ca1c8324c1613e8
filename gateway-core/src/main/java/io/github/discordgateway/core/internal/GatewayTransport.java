package io.github.discordgateway.core.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Opens WebSocket connections to the gateway: the one seam between the protocol client
 * and a WebSocket library. Sessions and their connections see only this interface;
 * {@link SpringWebSocketTransport} (Tomcat's client by default) is the implementation in
 * production.
 */
interface GatewayTransport {

	/**
	 * Opens a connection. {@link Handler#onOpen} is called once it is established, before
	 * any message; afterwards the handler receives every frame and finally the close.
	 * @param uri the gateway URL, with its query
	 * @param handler receives what happens on the connection
	 * @return completes when the connection is established, or fails if it cannot be
	 */
	CompletableFuture<?> connect(URI uri, Handler handler);

	/**
	 * What happens on one connection, called by the transport's threads (messages and the
	 * close of one connection in order).
	 */
	interface Handler {

		void onOpen(Connection connection);

		/** A text frame or part of one ({@code last} is false until its final part). */
		void onText(String part, boolean last);

		/** A binary frame or part of one ({@code last} is false until its final part). */
		void onBinary(ByteBuffer part, boolean last);

		/** The connection failed (it is closed or about to be). */
		void onError(Throwable error);

		/** The connection is closed, with the peer's close code or 1006 if none. */
		void onClose(int code, String reason);

	}

	/** An open connection. Sends must not overlap (callers serialize them). */
	interface Connection {

		/** Writes one payload as a text or binary frame, as it was encoded. */
		void send(EncodedPayload payload) throws IOException;

		boolean isOpen();

		/** Sends a close frame. */
		void close(int code, String reason) throws IOException;

	}

}
