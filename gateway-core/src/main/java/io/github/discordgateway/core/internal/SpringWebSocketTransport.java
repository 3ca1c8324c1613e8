package io.github.discordgateway.core.internal;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import io.github.discordgateway.core.GatewayCompression;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.GatewayOptions;

/**
 * The {@link GatewayTransport} over a Spring {@link WebSocketClient}; by default
 * {@link StandardWebSocketClient} on Tomcat's JSR-356 container, configured here and
 * nowhere else.
 */
final class SpringWebSocketTransport implements GatewayTransport {

	private static final int UNUSED_TEXT_BUFFER_CHARS = 256;

	private final WebSocketClient client;

	public SpringWebSocketTransport(WebSocketClient client) {
		this.client = client;
	}

	/** Tomcat's WebSocket client, tuned for gateway connections. */
	public static SpringWebSocketTransport tomcat(GatewayOptions options) {
		WebSocketContainer container = ContainerProvider.getWebSocketContainer();
		if (options.compression() != GatewayCompression.NONE || options.encoding() == GatewayEncoding.ETF) {
			// Every message is binary, yet Tomcat gives each session a text buffer of
			// 8192 chars (16 KiB, an eighth of an idle shard) unless told otherwise.
			container.setDefaultMaxTextMessageBufferSize(UNUSED_TEXT_BUFFER_CHARS);
		}
		StandardWebSocketClient client = new StandardWebSocketClient(container);
		// A send that cannot complete (a dead peer with a full TCP window) must fail, not
		// hang a timer thread, and a peer that never answers our close frame must not
		// keep its socket for Tomcat's default 30 s.
		client.setUserProperties(Map.of("org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT", 10_000L,
				"org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT", 5_000L));
		return new SpringWebSocketTransport(client);
	}

	@Override
	public CompletableFuture<?> connect(URI uri, Handler handler) {
		return this.client.execute(new HandlerAdapter(handler), new WebSocketHttpHeaders(), uri);
	}

	private static final class HandlerAdapter implements WebSocketHandler {

		private final Handler handler;

		HandlerAdapter(Handler handler) {
			this.handler = handler;
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			this.handler.onOpen(new SessionConnection(session));
		}

		@Override
		public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
			if (message instanceof BinaryMessage binary) {
				this.handler.onBinary(binary.getPayload(), binary.isLast());
			}
			else if (message instanceof TextMessage text) {
				this.handler.onText(text.getPayload(), text.isLast());
			}
		}

		@Override
		public void handleTransportError(WebSocketSession session, Throwable exception) {
			this.handler.onError(exception);
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
			this.handler.onClose(closeStatus.getCode(), closeStatus.getReason());
		}

		@Override
		public boolean supportsPartialMessages() {
			return true;
		}

	}

	private record SessionConnection(WebSocketSession session) implements Connection {

		@Override
		public void send(EncodedPayload payload) throws IOException {
			this.session
				.sendMessage(payload.isBinary() ? new BinaryMessage(payload.bytes()) : new TextMessage(payload.text()));
		}

		@Override
		public boolean isOpen() {
			return this.session.isOpen();
		}

		@Override
		public void close(int code, String reason) throws IOException {
			this.session.close(new CloseStatus(code, reason));
		}

	}

}
