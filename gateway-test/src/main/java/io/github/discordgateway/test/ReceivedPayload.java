package io.github.discordgateway.test;

import java.time.Instant;
import java.util.OptionalLong;

import tools.jackson.databind.JsonNode;

/**
 * One gateway payload the simulator received from a client and could decode.
 *
 * <p>
 * {@link #toString()} never prints the data of IDENTIFY/RESUME payloads (they carry the
 * token); {@link #raw()} and {@link #d()} do contain it.
 */
public final class ReceivedPayload {

	private final int connectionId;

	private final int op;

	private final JsonNode d;

	private final String raw;

	private final Instant receivedAt;

	ReceivedPayload(int connectionId, int op, JsonNode d, String raw, Instant receivedAt) {
		this.connectionId = connectionId;
		this.op = op;
		this.d = d;
		this.raw = raw;
		this.receivedAt = receivedAt;
	}

	/**
	 * Id of the connection ({@link SimulatedConnection#id()}) that carried the payload.
	 * @return connection id
	 */
	public int connectionId() {
		return connectionId;
	}

	/**
	 * The opcode.
	 * @return {@code op}
	 */
	public int op() {
		return op;
	}

	/**
	 * The {@code d} field (a {@code NullNode} when null, a {@code MissingNode} when
	 * absent). Treat as read-only.
	 * @return {@code d}
	 */
	public JsonNode d() {
		return d;
	}

	/**
	 * The payload exactly as received (decoded to text for JSON).
	 * @return raw payload text (for ETF, the decoded payload rendered as JSON)
	 */
	public String raw() {
		return raw;
	}

	/**
	 * When the simulator finished receiving the payload.
	 * @return receive time
	 */
	public Instant receivedAt() {
		return receivedAt;
	}

	/**
	 * For a heartbeat (op 1) the sequence it carried; for a RESUME (op 6) its
	 * {@code seq}.
	 * @return the sequence, or empty when {@code null}/absent or not applicable
	 */
	public OptionalLong sequence() {
		JsonNode value = op == 6 ? d.path("seq") : op == 1 ? d : null;
		if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
			return OptionalLong.of(value.longValue());
		}
		return OptionalLong.empty();
	}

	@Override
	public String toString() {
		String data = (op == 2 || op == 6) ? "<redacted>" : d.toString();
		if (data.length() > 200) {
			data = data.substring(0, 200) + "...";
		}
		return "ReceivedPayload[conn=" + connectionId + ", op=" + op + ", d=" + data + ", at=" + receivedAt + "]";
	}

}
