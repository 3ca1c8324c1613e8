package io.github.discordgateway.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.discordgateway.test.internal.HttpRequest;
import io.github.discordgateway.test.internal.JsonSupport;
import io.github.discordgateway.test.internal.PayloadEncoder;
import io.github.discordgateway.test.internal.PayloadEncoders;
import io.github.discordgateway.test.internal.TransportCompressor;
import io.github.discordgateway.test.internal.TransportCompressors;
import io.github.discordgateway.test.internal.WebSocketChannel;
import io.github.discordgateway.test.internal.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One WebSocket connection to the simulator: what the client asked for (path, host,
 * query), everything it sent, how the connection ended, and fault-injection methods.
 * Thread-safe; recorded lists are snapshots.
 */
public final class SimulatedConnection {

	private static final Logger log = LoggerFactory.getLogger(SimulatedConnection.class);

	private static final int MAX_PAYLOAD_BYTES = 4096;

	private final GatewaySimulator simulator;

	private final int id;

	private final HttpRequest request;

	private final WebSocketChannel channel;

	private final Instant openedAt = Instant.now();

	private final List<ReceivedPayload> received = new CopyOnWriteArrayList<>();

	private final ArrayDeque<Long> rateWindow = new ArrayDeque<>();

	private final Object sendLock = new Object();

	private final PayloadEncoder encoder;

	private final TransportCompressor compressor;

	private final boolean encodingSupported;

	private final boolean compressionSupported;

	private volatile boolean authenticated;

	private volatile SimulatedSession session;

	private volatile boolean withholdAcks;

	private volatile long lastBeatNanos;

	private volatile int messageParts;

	private volatile int framesPerMessage;

	private volatile Integer serverCloseCode;

	private volatile String serverCloseReason;

	private volatile Integer clientCloseCode;

	private volatile String clientCloseReason;

	private volatile Instant closedAt;

	private volatile ScheduledFuture<?> heartbeatMonitor;

	private volatile ScheduledFuture<?> helloTask;

	SimulatedConnection(GatewaySimulator simulator, int id, HttpRequest request, WebSocketChannel channel) {
		this.simulator = simulator;
		this.id = id;
		this.request = request;
		this.channel = channel;
		this.messageParts = simulator.config().zlibMessageParts;
		this.framesPerMessage = simulator.config().framesPerMessage;
		Optional<PayloadEncoder> requestedEncoder = PayloadEncoders.forName(request.query().get("encoding"),
				simulator.config().etfUtf8Atoms);
		Optional<TransportCompressor> requestedCompressor = TransportCompressors
			.create(request.query().get("compress"));
		this.encodingSupported = requestedEncoder.isPresent();
		this.compressionSupported = requestedCompressor.isPresent();
		this.encoder = requestedEncoder.orElseGet(() -> PayloadEncoders.forName(null).orElseThrow());
		this.compressor = requestedCompressor.orElseGet(() -> TransportCompressors.create(null).orElseThrow());
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
		return List.copyOf(received);
	}

	/**
	 * Received payloads with one opcode.
	 * @param op opcode, e.g. 1 for heartbeats
	 * @return snapshot
	 */
	public List<ReceivedPayload> received(int op) {
		return received.stream().filter(p -> p.op() == op).toList();
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
		this.withholdAcks = withhold;
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
		SimulatedSession current = session;
		authenticated = false;
		if (current != null) {
			current.detach(this, !resumable);
		}
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
		sendJson(payloadJson.getBytes(StandardCharsets.UTF_8), parts, framesPerMessage);
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
		this.messageParts = messageParts;
		this.framesPerMessage = framesPerMessage;
	}

	/**
	 * Sends bytes as one binary WebSocket message, bypassing encoder and compressor (this
	 * corrupts a zlib-stream unless the bytes continue it correctly).
	 * @param message message bytes
	 */
	public void sendRaw(byte[] message) {
		synchronized (sendLock) {
			channel.sendMessage(true, message, 1);
		}
	}

	/**
	 * Sends text as one text WebSocket message, bypassing encoder and compressor.
	 * @param text message text
	 */
	public void sendRawText(String text) {
		synchronized (sendLock) {
			channel.sendMessage(false, text.getBytes(StandardCharsets.UTF_8), 1);
		}
	}

	/**
	 * Sends a binary message that ends with the zlib flush suffix but is not valid
	 * deflate data ({@code FF FF FF FF 00 00 FF FF}), so the client's inflater fails.
	 * @throws IllegalStateException if the connection does not use transport compression
	 */
	public void sendCorruptCompressed() {
		if (!compressor.binary()) {
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
		return current.dispatchRaw("GUILD_MEMBERS_CHUNK", simulator.oversizedChunk(current, minBytes));
	}

	// ------------------------------------------------------------------ internals

	GatewaySimulator simulatorRef() {
		return simulator;
	}

	boolean isAuthenticated() {
		return authenticated;
	}

	/** Runs the connection on the calling thread until it ends. */
	void run() {
		String v = request.query().get("v");
		WebSocketListener listener = new Listener();
		if (!"10".equals(v) && !"9".equals(v)) {
			serverClose(4012, "Invalid API version");
		}
		else if (!encodingSupported) {
			serverClose(1008, "Unsupported encoding '" + request.query().get("encoding") + "' (supported: json, etf)");
		}
		else if (!compressionSupported) {
			serverClose(1008, "Unsupported compress '" + request.query().get("compress")
					+ "' (supported: zlib-stream, zstd-stream)");
		}
		else {
			long delayMs = simulator.helloDelay().toMillis();
			if (delayMs > 0) {
				helloTask = simulator.scheduler().schedule(this::sendHello, delayMs, TimeUnit.MILLISECONDS);
			}
			else {
				sendHello();
			}
		}
		channel.readLoop(listener);
	}

	private void sendHello() {
		GatewaySimulator.Config config = simulator.config();
		long interval = config.heartbeatInterval.toMillis();
		sendJson(JsonSupport.envelope(10, "{\"heartbeat_interval\":" + interval
				+ ",\"_trace\":[\"[\\\"gateway-simulator-" + id + "\\\",{\\\"micros\\\":0.0}]\"]}"));
		lastBeatNanos = System.nanoTime();
		if (config.heartbeatTimeoutFactor > 0 && closedAt == null) {
			long timeoutNanos = (long) (interval * 1_000_000L * config.heartbeatTimeoutFactor);
			long period = Math.max(10, Math.min(1000, interval / 10));
			heartbeatMonitor = simulator.scheduler().scheduleAtFixedRate(() -> {
				if (!channel.isSilent() && !channel.isCloseSent() && System.nanoTime() - lastBeatNanos > timeoutNanos) {
					log.debug("Connection {} missed heartbeats; closing with 4000", id);
					serverClose(4000, "Heartbeat timed out");
				}
			}, period, period, TimeUnit.MILLISECONDS);
		}
	}

	boolean sendJson(byte[] json) {
		return sendJson(json, messageParts, framesPerMessage);
	}

	private boolean sendJson(byte[] json, int parts, int frames) {
		synchronized (sendLock) {
			if (closedAt != null || channel.isCloseSent() || channel.isSilent() || channel.isSocketClosed()) {
				return false;
			}
			byte[] data = compressor.compress(encoder.encode(json));
			boolean binary = compressor.binary() || encoder.binary();
			if (!compressor.splittableAcrossMessages() || parts <= 1) {
				int frameCount = compressor.splittableAcrossMessages() ? frames : Math.max(frames, parts);
				return channel.sendMessage(binary, data, frameCount);
			}
			int count = Math.min(parts, data.length);
			int start = 0;
			for (int i = 0; i < count; i++) {
				int end = i == count - 1 ? data.length : (int) ((long) data.length * (i + 1) / count);
				while (i < count - 1 && end > start + 1 && endsWithFlush(data, end)) {
					end--; // a non-final part must not look complete
				}
				if (end <= start) {
					continue;
				}
				byte[] part = java.util.Arrays.copyOfRange(data, start, end);
				if (!channel.sendMessage(true, part, frames)) {
					return false;
				}
				start = end;
			}
			return true;
		}
	}

	private static boolean endsWithFlush(byte[] data, int end) {
		return end >= 4 && data[end - 4] == 0 && data[end - 3] == 0 && data[end - 2] == (byte) 0xFF
				&& data[end - 1] == (byte) 0xFF;
	}

	private void serverClose(int code, String reason) {
		// Recorded before the frame goes out: the client's echo can be read (and must be
		// recognised as
		// an echo, not as a client-initiated close) before sendClose returns.
		Integer previousCode = serverCloseCode;
		String previousReason = serverCloseReason;
		serverCloseCode = code;
		serverCloseReason = reason;
		if (!channel.sendClose(code, reason)) {
			serverCloseCode = previousCode;
			serverCloseReason = previousReason;
			return;
		}
		log.debug("Simulator closed connection {} with {} {}", id, code, reason);
		SimulatedSession current = session;
		authenticated = false;
		if (current != null) {
			current.detach(this, GatewaySimulator.endsSession(code));
		}
		try {
			simulator.scheduler().schedule(channel::closeSocket, 2, TimeUnit.SECONDS);
		}
		catch (RuntimeException e) {
			channel.closeSocket(); // scheduler already shut down
		}
	}

	private void onPayload(byte[] data, boolean binaryMessage) {
		long now = System.nanoTime();
		GatewaySimulator.Config config = simulator.config();
		rateWindow.addLast(now);
		while (!rateWindow.isEmpty() && now - rateWindow.getFirst() > config.sendLimitWindow.toNanos()) {
			rateWindow.removeFirst();
		}
		if (rateWindow.size() > config.sendLimit) {
			serverClose(4008, "Rate limited");
			return;
		}
		if (data.length > MAX_PAYLOAD_BYTES) {
			serverClose(4002, "Payload too large");
			return;
		}
		if (encoder.binary() && !binaryMessage) {
			serverClose(4002, "Error while decoding payload"); // ETF travels in binary
																// messages only
			return;
		}
		JsonNode payload;
		try {
			payload = encoder.decode(data);
		}
		catch (RuntimeException e) {
			serverClose(4002, "Error while decoding payload");
			return;
		}
		if (payload == null || !payload.isObject()) {
			serverClose(4002, "Error while decoding payload");
			return;
		}
		JsonNode opNode = payload.get("op");
		if (opNode == null || !opNode.isIntegralNumber() || !opNode.canConvertToInt()) {
			serverClose(4001, "Invalid opcode");
			return;
		}
		int op = opNode.intValue();
		JsonNode d = payload.path("d");
		String raw = encoder.binary() ? payload.toString() : new String(data, StandardCharsets.UTF_8);
		ReceivedPayload record = new ReceivedPayload(id, op, d, raw, Instant.now());
		received.add(record);
		simulator.record(record);
		switch (op) {
			case 1 -> onHeartbeat(d);
			case 2 -> onIdentify(d, now);
			case 6 -> onResume(d);
			case 3, 4, 8, 31, 43 -> {
				if (!authenticated) {
					serverClose(4003, "Not authenticated");
				}
				else if (op == 8) {
					simulator.requestGuildMembers(this, session, d);
				}
			}
			default -> serverClose(4001, "Unknown opcode");
		}
	}

	private void onHeartbeat(JsonNode d) {
		if (!(d.isNull() || d.isMissingNode() || d.isIntegralNumber())) {
			serverClose(4001, "Invalid heartbeat");
			return;
		}
		lastBeatNanos = System.nanoTime();
		if (!withholdAcks) {
			sendJson(JsonSupport.envelope(11, "null"));
		}
	}

	private void onIdentify(JsonNode d, long arrivedAtNanos) {
		if (authenticated) {
			serverClose(4005, "Already authenticated");
			return;
		}
		GatewaySimulator.IdentifyResult result = simulator.identify(this, d, arrivedAtNanos);
		if (result.closeCode() != 0) {
			serverClose(result.closeCode(), result.reason());
		}
		else if (result.session() == null) {
			sendJson(JsonSupport.envelope(9, "false"));
		}
	}

	/** Called by the simulator under the new session's lock, before READY is sent. */
	void onSessionStarted(SimulatedSession newSession) {
		session = newSession;
		authenticated = true;
	}

	private void onResume(JsonNode d) {
		if (authenticated) {
			serverClose(4005, "Already authenticated");
			return;
		}
		JsonNode token = d.path("token");
		JsonNode sessionId = d.path("session_id");
		JsonNode seq = d.path("seq");
		if (!token.isString() || !sessionId.isString()
				|| !(seq.isNull() || seq.isMissingNode() || (seq.isIntegralNumber() && seq.canConvertToLong()))) {
			serverClose(4001, "Invalid resume payload");
			return;
		}
		if (!simulator.tokenMatches(token.stringValue())) {
			serverClose(4004, "Authentication failed");
			return;
		}
		SimulatedSession target = simulator.findSession(sessionId.stringValue());
		if (target == null) {
			sendJson(JsonSupport.envelope(9, "false"));
			return;
		}
		long from = seq.isIntegralNumber() ? seq.longValue() : 0;
		SimulatedSession.ResumeOutcome outcome = target.resume(this, from, () -> {
			session = target;
			authenticated = true;
		});
		switch (outcome) {
			case RESUMED -> log.debug("Connection {} resumed session {} from seq {}", id, target.id(), from);
			case INVALID_SESSION -> sendJson(JsonSupport.envelope(9, "false"));
			case INVALID_SEQ -> serverClose(4007, "Invalid seq");
			default -> throw new IllegalStateException();
		}
	}

	private void onTerminated() {
		closedAt = Instant.now();
		ScheduledFuture<?> monitor = heartbeatMonitor;
		if (monitor != null) {
			monitor.cancel(false);
		}
		ScheduledFuture<?> hello = helloTask;
		if (hello != null) {
			hello.cancel(false);
		}
		synchronized (sendLock) {
			compressor.close();
		}
		SimulatedSession current = session;
		if (current != null) {
			current.detach(this, false);
		}
		log.debug("Connection {} ended (server code {}, client code {})", id, serverCloseCode, clientCloseCode);
	}

	private final class Listener implements WebSocketListener {

		@Override
		public void onMessage(byte[] data, boolean binary) {
			if (serverCloseCode == null && closedAt == null) {
				onPayload(data, binary);
			}
		}

		@Override
		public void onCloseFrame(int code, String reason) {
			clientCloseCode = code;
			clientCloseReason = reason;
			if (serverCloseCode == null) { // client-initiated close
				SimulatedSession current = session;
				authenticated = false;
				if (current != null) {
					current.detach(SimulatedConnection.this, code == 1000 || code == 1001);
				}
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
