package io.github.discordgateway.core.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One WebSocket connection of a shard: reassembles and decompresses what arrives, decodes
 * it and hands payloads to the {@link ShardSession}; owns the connection's decompression
 * context and heartbeats. Never reused: every reconnect creates a new one.
 */
final class GatewayConnection implements WebSocketHandler {

	private static final Logger logger = LoggerFactory.getLogger(GatewayConnection.class);

	private final ShardSession owner;

	private final ShardContext context;

	private final TransportDecoder decoder;

	private final Object sendLock = new Object();

	private volatile URI uri;

	private volatile WebSocketSession socket;

	private volatile Heartbeater heartbeater;

	private volatile SendRateLimiter limiter;

	private volatile boolean receivedSinceBeat;

	private volatile boolean released;

	GatewayConnection(ShardSession owner, ShardContext context) {
		this.owner = owner;
		this.context = context;
		this.decoder = TransportDecoder.create(context.options().compression(), context.codec().isBinary(),
				context.options().maxPayloadBytes());
	}

	URI uri() {
		return this.uri;
	}

	void uri(URI uri) {
		this.uri = uri;
	}

	Heartbeater heartbeater() {
		return this.heartbeater;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		this.socket = session;
		this.owner.onOpen(this);
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
		this.receivedSinceBeat = true;
		GatewayPayload payload;
		int wireLength;
		int decodedLength;
		synchronized (this.decoder) {
			if (this.released) {
				return;
			}
			try {
				boolean complete;
				if (message instanceof BinaryMessage binary) {
					complete = this.decoder.acceptBinary(binary.getPayload(), binary.isLast());
				}
				else if (message instanceof TextMessage text) {
					complete = this.decoder.acceptText(text.getPayload(), text.isLast());
				}
				else {
					return;
				}
				if (!complete) {
					return;
				}
				wireLength = this.decoder.wireLength();
				decodedLength = this.decoder.payloadLength();
				payload = this.context.codec().decode(this.decoder.payload(), 0, decodedLength);
				this.decoder.payloadConsumed();
			}
			catch (PayloadDecodeException ex) {
				// The stream cannot be trusted past this point: read nothing more from
				// it.
				release();
				this.owner.onDecodeError(this, ex);
				return;
			}
		}
		this.context.observer().payloadReceived(this.owner.id(), wireLength, decodedLength);
		this.owner.onPayload(this, payload);
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		this.owner.onConnectionLost(this, CloseStatus.NO_CLOSE_FRAME.getCode(), "transport error: " + exception);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
		this.owner.onConnectionLost(this, closeStatus.getCode(), closeStatus.getReason());
		release();
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	void startHeartbeat(Duration interval) {
		this.limiter = new SendRateLimiter(interval);
		this.heartbeater = new Heartbeater(this, interval);
		this.heartbeater.start(this.context.scheduler());
	}

	void sendHeartbeat() {
		long sequence = this.owner.sequence();
		if (send(Opcodes.HEARTBEAT, this.context.codec().heartbeat(sequence))) {
			this.owner.checkpoint();
		}
	}

	void heartbeatAcknowledged(Duration latency) {
		this.context.observer().heartbeatAcknowledged(this.owner.id(), latency);
	}

	/** Clears and returns whether anything was received since the last call. */
	boolean takeReceivedFlag() {
		boolean received = this.receivedSinceBeat;
		this.receivedSinceBeat = false;
		return received;
	}

	boolean isReaderWaiting() {
		return this.owner.isDeliveryBackedUp();
	}

	void zombie() {
		this.owner.onZombie(this);
	}

	/**
	 * Sends a payload that keeps the session alive (heartbeat, IDENTIFY, RESUME): never
	 * held back by the rate limiter, but counted by it.
	 * @return whether it was sent
	 */
	boolean send(int opcode, EncodedPayload payload) {
		SendRateLimiter limiter = this.limiter;
		if (limiter != null) {
			limiter.recordPriority();
		}
		return transmit(opcode, payload);
	}

	/**
	 * Sends an application command if the rate limit allows it.
	 * @return {@code 0} when sent, the nanoseconds to wait for a slot, or {@code -1} if
	 * the connection is broken
	 */
	long sendCommand(int opcode, EncodedPayload payload) {
		SendRateLimiter limiter = this.limiter;
		if (limiter == null) {
			return -1;
		}
		long wait = limiter.tryAcquireCommand();
		if (wait > 0) {
			return wait;
		}
		return transmit(opcode, payload) ? 0 : -1;
	}

	/**
	 * Writes one payload. A failure to write means the connection is broken: it is
	 * reported to the shard, which reconnects.
	 */
	private boolean transmit(int opcode, EncodedPayload payload) {
		WebSocketSession session = this.socket;
		if (session == null || this.released) {
			return false;
		}
		try {
			synchronized (this.sendLock) {
				session.sendMessage(
						payload.isBinary() ? new BinaryMessage(payload.bytes()) : new TextMessage(payload.text()));
			}
			this.context.observer().payloadSent(this.owner.id(), opcode);
			return true;
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Shard {}: sending opcode {} failed", this.owner.id(), opcode, ex);
			this.owner.onConnectionLost(this, CloseStatus.NO_CLOSE_FRAME.getCode(), "send failed: " + ex.getMessage());
			return false;
		}
	}

	/**
	 * Stops heartbeating, sends a close frame with the given code and frees the
	 * decompression context.
	 */
	void close(int code, String reason) {
		Heartbeater beats = this.heartbeater;
		if (beats != null) {
			beats.stop();
		}
		WebSocketSession session = this.socket;
		if (session != null && session.isOpen()) {
			try {
				session.close(new CloseStatus(code, reason));
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Shard {}: closing the connection failed", this.owner.id(), ex);
			}
		}
		release();
	}

	/** Stops heartbeating and frees the decompression context. Idempotent. */
	void release() {
		Heartbeater beats = this.heartbeater;
		if (beats != null) {
			beats.stop();
		}
		synchronized (this.decoder) {
			if (!this.released) {
				this.released = true;
				this.decoder.close();
			}
		}
	}

	boolean isReleased() {
		return this.released;
	}

}
