package io.github.discordgateway.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import io.github.discordgateway.test.internal.HttpRequest;
import io.github.discordgateway.test.internal.JsonSupport;
import io.github.discordgateway.test.internal.WebSocketChannel;
import io.github.discordgateway.test.internal.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection to the simulator: what the client asked for (path, host,
 * query), everything it sent, how the connection ended, and fault-injection methods.
 * Thread-safe; recorded lists are snapshots.
 *
 * <p>
 * Encoding and framing live in {@link ConnectionWire}, the handling of what the client
 * sends in {@link ClientPayloads}, HELLO and heartbeats in {@link ConnectionHeartbeats}.
 */
public final class SimulatedConnection {

	private static final Logger log = LoggerFactory.getLogger(SimulatedConnection.class);

	private final GatewaySimulator simulator;

	private final int id;

	private final HttpRequest request;

	private final WebSocketChannel channel;

	private final Instant openedAt = Instant.now();

	private final ReceivedPayloads received;

	private final ConnectionWire wire;

	private final ConnectionHeartbeats heartbeats;

	private final ClientPayloads clientPayloads;

	private volatile boolean authenticated;

	private volatile SimulatedSession session;

	private volatile Integer serverCloseCode;

	private volatile String serverCloseReason;

	private volatile Integer clientCloseCode;

	private volatile String clientCloseReason;

	private volatile Instant closedAt;

	SimulatedConnection(GatewaySimulator simulator, int id, HttpRequest request, WebSocketChannel channel) {
		this.simulator = simulator;
		this.id = id;
		this.request = request;
		this.channel = channel;
		this.received = new ReceivedPayloads(simulator.config().receivedPayloadLimit);
		this.wire = new ConnectionWire(channel, request.query(), simulator.config(), () -> this.closedAt != null);
		this.heartbeats = new ConnectionHeartbeats(this, channel, simulator.config(), simulator.scheduler());
		this.clientPayloads = new ClientPayloads(simulator, this, this.wire);
	}

	// ------------------------------------------------------------------ recorded facts

	/**
	 * Sequential id of this connection within its simulator (1, 2, ...).
	 * @return connection id
	 */
	public int id() {
		return id;
	}

	/**
	 * Request path of the upgrade, e.g. {@code /} or {@code /resume}.
	 * @return path
	 */
	public String path() {
		return request.path();
	}

	/**
	 * {@code Host} header of the upgrade request, e.g. {@code 127.0.0.1:39871}.
	 * @return host header, or an empty string when absent
	 */
	public String host() {
		String host = request.header("host");
		return host == null ? "" : host;
	}

	/**
	 * Query parameters of the upgrade request ({@code v}, {@code encoding},
	 * {@code compress}, ...).
	 * @return immutable map
	 */
	public Map<String, String> query() {
		return request.query();
	}

	/**
	 * When the upgrade completed.
	 * @return open time
	 */
	public Instant openedAt() {
		return openedAt;
	}

	/**
	 * When the TCP connection ended.
	 * @return close time, empty while open
	 */
	public Optional<Instant> closedAt() {
		return Optional.ofNullable(closedAt);
	}

	/**
	 * Whether the TCP connection is still open.
	 * @return whether open
	 */
	public boolean isOpen() {
		return closedAt == null;
	}

	/**
	 * Close code the simulator sent in its close frame.
	 * @return the code, or empty if the simulator sent none
	 */
	public OptionalInt serverCloseCode() {
		Integer code = serverCloseCode;
		return code == null ? OptionalInt.empty() : OptionalInt.of(code);
	}

	/**
	 * Reason the simulator sent in its close frame.
	 * @return the reason, or empty
	 */
	public Optional<String> serverCloseReason() {
		return Optional.ofNullable(serverCloseReason);
	}

	/**
	 * Close code the client sent in its close frame (1005 for a close frame without a
	 * code; also recorded when the client only answered a server close).
	 * @return the code, or empty if the client sent no close frame
	 */
	public OptionalInt clientCloseCode() {
		Integer code = clientCloseCode;
		return code == null ? OptionalInt.empty() : OptionalInt.of(code);
	}

	/**
	 * Reason the client sent in its close frame.
	 * @return the reason, or empty
	 */
	public Optional<String> clientCloseReason() {
		return Optional.ofNullable(clientCloseReason);
	}

	/**
	 * The session this connection identified or resumed (kept after the connection ends).
	 * @return the session, or empty
	 */
	public Optional<SimulatedSession> session() {
		return Optional.ofNullable(session);
	}

	/**
	 * Every decodable payload received, in order.
	 * @return snapshot
	 */
	public List<ReceivedPayload> received() {
		return this.received.all();
	}

	/**
	 * Received payloads with one opcode.
	 * @param op opcode, e.g. 1 for heartbeats
	 * @return snapshot
	 */
	public List<ReceivedPayload> received(int op) {
		return this.received.withOp(op);
	}

	/**
	 * Heartbeats (op 1) received, with arrival time
	 * ({@link ReceivedPayload#receivedAt()}) and sequence
	 * ({@link ReceivedPayload#sequence()}).
	 * @return snapshot
	 */
	public List<ReceivedPayload> heartbeats() {
		return received(1);
	}

	// ------------------------------------------------------------------ fault injection

	/**
	 * Sends a close frame with this code and reason, then closes the socket when the
	 * client answers (or after 2 s). Session-ending codes (4003, 4004, 4005, 4007, 4009,
	 * 4010–4014) invalidate the session; others leave it resumable. On a
	 * {@link #goSilent() silent} connection the socket is aborted instead.
	 * @param code close code (1000–4999; not 1004–1006 or 1015)
	 * @param reason reason (truncated to 123 UTF-8 bytes)
	 */
	public void close(int code, String reason) {
		if (code < 1000 || code > 4999 || (code >= 1004 && code <= 1006) || code == 1015) {
			throw new IllegalArgumentException("Close code " + code + " cannot be sent in a close frame");
		}
		if (channel.isSilent()) {
			channel.abort();
			return;
		}
		serverClose(code, reason);
	}

	/**
	 * Closes the TCP connection abruptly (RST, no close frame). The session stays
	 * resumable.
	 */
	public void dropTcp() {
		channel.abort();
	}

	/**
	 * Turns the connection into a zombie: from now on nothing is written (no ACKs,
	 * dispatches, pongs or close frames) and everything read is ignored, but the socket
	 * stays open until the client gives up on it. Dispatches for the session are still
	 * sequenced and buffered for a later RESUME.
	 */
	public void goSilent() {
		channel.goSilent();
	}

	/**
	 * How many frames a {@link #goSilent() silent} connection has read and ignored, so
	 * that a test can wait until what it sent was really swallowed.
	 * @return the count
	 */
	public long ignoredFrames() {
		return channel.framesIgnored();
	}

	/**
	 * Withholds (or resumes sending) heartbeat ACKs on this connection; heartbeats are
	 * still recorded.
	 * @param withhold {@code true} to stop ACKing
	 */
	public void withholdAcks(boolean withhold) {
		this.heartbeats.withholdAcks(withhold);
	}

	/**
	 * Sends op 7 RECONNECT (the socket stays open; the client is expected to close and
	 * resume).
	 */
	public void sendReconnect() {
		sendJson(JsonSupport.envelope(7, "null"));
	}

	/**
	 * Sends op 9 INVALID_SESSION. The connection becomes unauthenticated (the client may
	 * IDENTIFY or, if {@code resumable}, RESUME again on it); with {@code false} the
	 * session is ended.
	 * @param resumable the {@code d} value
	 */
	public void sendInvalidSession(boolean resumable) {
		endSession(!resumable);
		sendJson(JsonSupport.envelope(9, Boolean.toString(resumable)));
	}

	/**
	 * Sends a server heartbeat request (op 1); the client should answer with a heartbeat
	 * at once.
	 */
	public void requestHeartbeat() {
		sendJson(JsonSupport.envelope(1, "null"));
	}

	/**
	 * Sends a complete gateway payload (JSON envelope, not sequenced) through the
	 * connection's encoder and compressor, e.g. an unknown opcode
	 * {@code {"op":99,"d":null}}.
	 * @param payloadJson the payload
	 */
	public void sendPayload(String payloadJson) {
		sendJson(payloadJson.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sends a complete payload split in pieces: with zlib-stream, its compressed bytes go
	 * out as {@code parts} separate binary messages (only the last ends with
	 * {@code 00 00 FF FF}); without transport compression, as one text message of
	 * {@code parts} frames (continuation frames).
	 * @param payloadJson the payload
	 * @param parts number of pieces (&ge; 1)
	 */
	public void sendPayloadSplit(String payloadJson, int parts) {
		this.wire.send(payloadJson.getBytes(StandardCharsets.UTF_8), parts, this.wire.framesPerMessage());
	}

	/**
	 * Changes how every later payload on this connection is cut up.
	 * @param messageParts zlib-stream only: messages per compressed payload (&ge; 1)
	 * @param framesPerMessage frames per WebSocket message (&ge; 1; continuation frames)
	 */
	public void setFraming(int messageParts, int framesPerMessage) {
		if (messageParts < 1 || framesPerMessage < 1) {
			throw new IllegalArgumentException("parts must be >= 1");
		}
		this.wire.setFraming(messageParts, framesPerMessage);
	}

	/**
	 * Sends bytes as one binary WebSocket message, bypassing encoder and compressor (this
	 * corrupts a zlib-stream unless the bytes continue it correctly).
	 * @param message message bytes
	 */
	public void sendRaw(byte[] message) {
		this.wire.sendRaw(true, message);
	}

	/**
	 * Sends text as one text WebSocket message, bypassing encoder and compressor.
	 * @param text message text
	 */
	public void sendRawText(String text) {
		this.wire.sendRaw(false, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sends a binary message that ends with the zlib flush suffix but is not valid
	 * deflate data ({@code FF FF FF FF 00 00 FF FF}), so the client's inflater fails.
	 * @throws IllegalStateException if the connection does not use transport compression
	 */
	public void sendCorruptCompressed() {
		if (!this.wire.compressed()) {
			throw new IllegalStateException("Connection " + id + " does not use transport compression");
		}
		sendRaw(new byte[] { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, (byte) 0xFF, (byte) 0xFF });
	}

	/**
	 * Dispatches, through this connection's session, a {@code GUILD_MEMBERS_CHUNK} whose
	 * JSON is at least {@code minBytes} long (padded with synthetic members), to test
	 * large-message handling.
	 * @param minBytes minimum size of the payload's {@code d} in bytes
	 * @return the sequence number assigned
	 * @throws IllegalStateException if this connection does not currently carry a session
	 */
	public long sendOversized(int minBytes) {
		SimulatedSession current = session;
		if (current == null || current.connection().orElse(null) != this) {
			throw new IllegalStateException("Connection " + id + " carries no session");
		}
		return current.dispatchRaw("GUILD_MEMBERS_CHUNK", this.simulator.memberChunks().oversized(current, minBytes));
	}

	// ------------------------------------------------------------------ internals

	boolean isAuthenticated() {
		return this.authenticated;
	}

	/**
	 * Called under the session's lock when this connection starts or resumes it, before
	 * READY or the replay is sent.
	 */
	void onSessionStarted(SimulatedSession newSession) {
		this.session = newSession;
		this.authenticated = true;
	}

	void record(ReceivedPayload payload) {
		this.received.add(payload);
	}

	void heartbeatReceived() {
		this.heartbeats.received();
	}

	/** Runs the connection on the calling thread until it ends. */
	void run() {
		String v = this.request.query().get("v");
		if (!"10".equals(v) && !"9".equals(v)) {
			serverClose(4012, "Invalid API version");
		}
		else if (!this.wire.encodingSupported()) {
			serverClose(1008,
					"Unsupported encoding '" + this.request.query().get("encoding") + "' (supported: json, etf)");
		}
		else if (!this.wire.compressionSupported()) {
			serverClose(1008, "Unsupported compress '" + this.request.query().get("compress")
					+ "' (supported: zlib-stream, zstd-stream)");
		}
		else {
			this.heartbeats.start(this.simulator.helloDelay());
		}
		this.channel.readLoop(new Listener());
	}

	boolean sendJson(byte[] json) {
		return this.wire.send(json);
	}

	void serverClose(int code, String reason) {
		// Recorded before the frame goes out: the client's echo can be read (and must be
		// recognised as an echo, not as a client-initiated close) before sendClose
		// returns.
		Integer previousCode = this.serverCloseCode;
		String previousReason = this.serverCloseReason;
		this.serverCloseCode = code;
		this.serverCloseReason = reason;
		if (!this.channel.sendClose(code, reason)) {
			this.serverCloseCode = previousCode;
			this.serverCloseReason = previousReason;
			return;
		}
		log.debug("Simulator closed connection {} with {} {}", this.id, code, reason);
		endSession(GatewaySimulator.endsSession(code));
		try {
			this.simulator.scheduler().schedule(this.channel::closeSocket, 2, TimeUnit.SECONDS);
		}
		catch (RuntimeException ex) {
			this.channel.closeSocket(); // scheduler already shut down
		}
	}

	/**
	 * Leaves the session (ending it if asked); the connection is no longer authenticated.
	 */
	private void endSession(boolean invalidate) {
		SimulatedSession current = this.session;
		this.authenticated = false;
		if (current != null) {
			current.detach(this, invalidate);
		}
	}

	private void onTerminated() {
		this.closedAt = Instant.now();
		this.heartbeats.stop();
		this.wire.close();
		SimulatedSession current = this.session;
		if (current != null) {
			current.detach(this, false);
		}
		log.debug("Connection {} ended (server code {}, client code {})", this.id, this.serverCloseCode,
				this.clientCloseCode);
	}

	private final class Listener implements WebSocketListener {

		@Override
		public void onMessage(byte[] data, boolean binary) {
			if (SimulatedConnection.this.serverCloseCode == null && SimulatedConnection.this.closedAt == null) {
				SimulatedConnection.this.clientPayloads.onMessage(data, binary);
			}
		}

		@Override
		public void onCloseFrame(int code, String reason) {
			SimulatedConnection.this.clientCloseCode = code;
			SimulatedConnection.this.clientCloseReason = reason;
			if (SimulatedConnection.this.serverCloseCode == null) { // client-initiated
																	// close
				endSession(code == 1000 || code == 1001);
			}
		}

		@Override
		public void onTerminated(boolean abnormal) {
			SimulatedConnection.this.onTerminated();
		}

	}

	@Override
	public String toString() {
		return "SimulatedConnection[id=" + id + ", path=" + path() + ", query=" + query() + ", open=" + isOpen()
				+ ", serverClose=" + serverCloseCode + ", clientClose=" + clientCloseCode + "]";
	}

}
