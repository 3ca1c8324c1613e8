package io.github.discordgateway.core.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.discordgateway.core.internal.payload.GatewayPayload;

/**
 * One WebSocket connection of a shard: reassembles and decompresses what arrives, decodes
 * it and hands payloads to the {@link ShardSession}; owns the connection's decompression
 * context and heartbeats. Never reused: every reconnect creates a new one.
 */
final class GatewayConnection implements GatewayTransport.Handler {

	/** The close code reported when a connection ends without a close frame. */
	static final int NO_CLOSE_FRAME = 1006;

	private static final Logger logger = LoggerFactory.getLogger(GatewayConnection.class);

	private final ShardSession owner;

	private final ShardContext context;

	private final TransportDecoder decoder;

	private final Object sendLock = new Object();

	private volatile GatewayTransport.Connection socket;

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

	/** Opens the connection through the context's transport. */
	CompletableFuture<?> open(URI uri) {
		return this.context.transport().connect(uri, this);
	}

	Heartbeater heartbeater() {
		return this.heartbeater;
	}

	@Override
	public void onOpen(GatewayTransport.Connection connection) {
		this.socket = connection;
		this.owner.onOpen(this);
	}

	@Override
	public void onText(String part, boolean last) {
		receive(part, null, last);
	}

	@Override
	public void onBinary(ByteBuffer part, boolean last) {
		receive(null, part, last);
	}

	private void receive(String text, ByteBuffer binary, boolean last) {
		this.receivedSinceBeat = true;
		GatewayPayload payload;
		int wireLength;
		int decodedLength;
		synchronized (this.decoder) {
			if (this.released) {
				return;
			}
			try {
				boolean complete = (binary != null) ? this.decoder.acceptBinary(binary, last)
						: this.decoder.acceptText(text, last);
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
	public void onError(Throwable exception) {
		this.owner.onConnectionLost(this, NO_CLOSE_FRAME, "transport error: " + exception);
	}

	@Override
	public void onClose(int code, String reason) {
		this.owner.onConnectionLost(this, code, reason);
		release();
	}

	void startHeartbeat(Duration interval) {
		this.limiter = new SendRateLimiter(interval);
		this.heartbeater = new Heartbeater(this, interval);
		this.heartbeater.start(this.context.scheduler());
	}

	/** The gateway acknowledged a heartbeat (opcode 11). */
	void onHeartbeatAck() {
		Heartbeater beats = this.heartbeater;
		if (beats != null) {
			beats.acknowledged();
		}
	}

	/** The gateway asked for a heartbeat (opcode 1): one is sent at once. */
	void onHeartbeatRequest() {
		Heartbeater beats = this.heartbeater;
		if (beats != null) {
			beats.beatNow();
		}
		else {
			sendHeartbeat();
		}
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
		GatewayTransport.Connection session = this.socket;
		if (session == null || this.released) {
			return false;
		}
		try {
			synchronized (this.sendLock) {
				session.send(payload);
			}
			this.context.observer().payloadSent(this.owner.id(), opcode);
			return true;
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Shard {}: sending opcode {} failed", this.owner.id(), opcode, ex);
			this.owner.onConnectionLost(this, NO_CLOSE_FRAME, "send failed: " + ex.getMessage());
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
		GatewayTransport.Connection session = this.socket;
		if (session != null && session.isOpen()) {
			try {
				session.close(code, reason);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Shard {}: closing the connection failed", this.owner.id(), ex);
			}
		}
		release();
	}

	/**
	 * Closes on the I/O executor and waits at most the close timeout for the close
	 * handshake; frees the connection's resources either way.
	 */
	void closeAndWait(int code, String reason) {
		CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> close(code, reason),
				this.context.ioExecutor());
		try {
			closed.get(this.context.options().closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			logger.debug("Shard {}: the close handshake did not finish in time", this.owner.id());
			release();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			release();
		}
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

}
