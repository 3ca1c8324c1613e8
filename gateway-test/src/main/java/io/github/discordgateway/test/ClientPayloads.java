package io.github.discordgateway.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;

import io.github.discordgateway.test.internal.JsonSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * What the simulator does with each message a client sends on one connection, in
 * Discord's order: the send rate limit (4008), the size limit (4002), decoding (4002),
 * the opcode (4001), then heartbeat, IDENTIFY, RESUME and the commands that need an
 * authenticated connection (4003). Runs on the connection's read thread.
 */
final class ClientPayloads {

	private static final Logger log = LoggerFactory.getLogger(ClientPayloads.class);

	private static final int MAX_PAYLOAD_BYTES = 4096;

	private final GatewaySimulator simulator;

	private final SimulatedConnection connection;

	private final ConnectionWire wire;

	private final ArrayDeque<Long> rateWindow = new ArrayDeque<>();

	ClientPayloads(GatewaySimulator simulator, SimulatedConnection connection, ConnectionWire wire) {
		this.simulator = simulator;
		this.connection = connection;
		this.wire = wire;
	}

	void onMessage(byte[] data, boolean binaryMessage) {
		long now = System.nanoTime();
		SimulatorConfig config = this.simulator.config();
		this.rateWindow.addLast(now);
		while (!this.rateWindow.isEmpty() && now - this.rateWindow.getFirst() > config.sendLimitWindow.toNanos()) {
			this.rateWindow.removeFirst();
		}
		if (this.rateWindow.size() > config.sendLimit) {
			this.connection.serverClose(4008, "Rate limited");
			return;
		}
		if (data.length > MAX_PAYLOAD_BYTES) {
			this.connection.serverClose(4002, "Payload too large");
			return;
		}
		if (this.wire.binaryEncoding() && !binaryMessage) {
			// ETF travels in binary messages only
			this.connection.serverClose(4002, "Error while decoding payload");
			return;
		}
		JsonNode payload;
		try {
			payload = this.wire.decode(data);
		}
		catch (RuntimeException ex) {
			this.connection.serverClose(4002, "Error while decoding payload");
			return;
		}
		if (payload == null || !payload.isObject()) {
			this.connection.serverClose(4002, "Error while decoding payload");
			return;
		}
		JsonNode opNode = payload.get("op");
		if (opNode == null || !opNode.isIntegralNumber() || !opNode.canConvertToInt()) {
			this.connection.serverClose(4001, "Invalid opcode");
			return;
		}
		int op = opNode.intValue();
		JsonNode d = payload.path("d");
		String raw = this.wire.binaryEncoding() ? payload.toString() : new String(data, StandardCharsets.UTF_8);
		ReceivedPayload record = new ReceivedPayload(this.connection.id(), op, d, raw, Instant.now());
		this.connection.record(record);
		this.simulator.record(record);
		switch (op) {
			case 1 -> onHeartbeat(d);
			case 2 -> onIdentify(d, now);
			case 6 -> onResume(d);
			case 3, 4, 8, 31, 43 -> {
				if (!this.connection.isAuthenticated()) {
					this.connection.serverClose(4003, "Not authenticated");
				}
				else if (op == 8) {
					this.simulator.memberChunks().answer(this.connection.session().orElse(null), d);
				}
			}
			default -> this.connection.serverClose(4001, "Unknown opcode");
		}
	}

	private void onHeartbeat(JsonNode d) {
		if (!(d.isNull() || d.isMissingNode() || d.isIntegralNumber())) {
			this.connection.serverClose(4001, "Invalid heartbeat");
			return;
		}
		this.connection.heartbeatReceived();
	}

	private void onIdentify(JsonNode d, long arrivedAtNanos) {
		if (this.connection.isAuthenticated()) {
			this.connection.serverClose(4005, "Already authenticated");
			return;
		}
		SimulatedSession session;
		try {
			session = this.simulator.identify(this.connection, d, arrivedAtNanos);
		}
		catch (IdentifyPayload.Rejected rejected) {
			this.connection.serverClose(rejected.closeCode, rejected.getMessage());
			return;
		}
		if (session == null) {
			this.connection.sendJson(JsonSupport.envelope(9, "false"));
		}
	}

	private void onResume(JsonNode d) {
		if (this.connection.isAuthenticated()) {
			this.connection.serverClose(4005, "Already authenticated");
			return;
		}
		JsonNode token = d.path("token");
		JsonNode sessionId = d.path("session_id");
		JsonNode seq = d.path("seq");
		if (!token.isString() || !sessionId.isString()
				|| !(seq.isNull() || seq.isMissingNode() || (seq.isIntegralNumber() && seq.canConvertToLong()))) {
			this.connection.serverClose(4001, "Invalid resume payload");
			return;
		}
		if (!this.simulator.config().tokenMatches(token.stringValue())) {
			this.connection.serverClose(4004, "Authentication failed");
			return;
		}
		SimulatedSession target = this.simulator.findSession(sessionId.stringValue());
		if (target == null) {
			this.connection.sendJson(JsonSupport.envelope(9, "false"));
			return;
		}
		long from = seq.isIntegralNumber() ? seq.longValue() : 0;
		SimulatedSession.ResumeOutcome outcome = target.resume(this.connection, from,
				() -> this.connection.onSessionStarted(target));
		switch (outcome) {
			case RESUMED ->
				log.debug("Connection {} resumed session {} from seq {}", this.connection.id(), target.id(), from);
			case INVALID_SESSION -> this.connection.sendJson(JsonSupport.envelope(9, "false"));
			case INVALID_SEQ -> this.connection.serverClose(4007, "Invalid seq");
			default -> throw new IllegalStateException();
		}
	}

}
