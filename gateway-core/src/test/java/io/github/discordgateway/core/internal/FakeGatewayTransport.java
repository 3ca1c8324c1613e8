package io.github.discordgateway.core.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.internal.payload.GatewayPayload;

/**
 * A {@link GatewayTransport} without sockets: every connect becomes a
 * {@link FakeConnection} the test opens, feeds with frames and closes, and that records
 * what the session sent.
 */
final class FakeGatewayTransport implements GatewayTransport {

	private static final PayloadCodec CODEC = PayloadCodec.forEncoding(GatewayEncoding.JSON);

	private final List<FakeConnection> connections = new ArrayList<>();

	@Override
	public CompletableFuture<?> connect(URI uri, Handler handler) {
		FakeConnection connection = new FakeConnection(uri, handler);
		this.connections.add(connection);
		return connection.established;
	}

	List<FakeConnection> connections() {
		return this.connections;
	}

	FakeConnection latest() {
		return this.connections.get(this.connections.size() - 1);
	}

	static final class FakeConnection implements GatewayTransport.Connection {

		private final URI uri;

		private final Handler handler;

		private final CompletableFuture<Void> established = new CompletableFuture<>();

		private final List<GatewayPayload> sent = new ArrayList<>();

		private Integer closeCode;

		private String closeReason;

		private boolean closedByGateway;

		FakeConnection(URI uri, Handler handler) {
			this.uri = uri;
			this.handler = handler;
		}

		URI uri() {
			return this.uri;
		}

		/** The WebSocket handshake succeeds. */
		FakeConnection open() {
			this.handler.onOpen(this);
			this.established.complete(null);
			return this;
		}

		/** The WebSocket handshake fails. */
		void refuse(Throwable failure) {
			this.established.completeExceptionally(failure);
		}

		/** The gateway sends one payload as a text frame. */
		void receive(String json) {
			this.handler.onText(json, true);
		}

		/** The gateway closes the connection. */
		void closedByGateway(int code, String reason) {
			this.closedByGateway = true;
			this.handler.onClose(code, reason);
		}

		List<GatewayPayload> sent() {
			return this.sent;
		}

		List<Integer> sentOpcodes() {
			return this.sent.stream().map(GatewayPayload::op).toList();
		}

		/** The last payload sent with the given opcode, or {@code null}. */
		GatewayPayload lastSent(int opcode) {
			for (int i = this.sent.size() - 1; i >= 0; i--) {
				if (this.sent.get(i).op() == opcode) {
					return this.sent.get(i);
				}
			}
			return null;
		}

		/** The close code this client sent, or {@code null} if it did not close. */
		Integer closeCode() {
			return this.closeCode;
		}

		String closeReason() {
			return this.closeReason;
		}

		@Override
		public void send(EncodedPayload payload) {
			byte[] bytes = payload.toBytes();
			this.sent.add(CODEC.decode(bytes, 0, bytes.length));
		}

		@Override
		public boolean isOpen() {
			return this.established.isDone() && !this.established.isCompletedExceptionally() && this.closeCode == null
					&& !this.closedByGateway;
		}

		@Override
		public void close(int code, String reason) {
			this.closeCode = code;
			this.closeReason = reason;
		}

	}

}
