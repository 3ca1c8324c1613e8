package io.github.discordgateway.core;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a shard needs to resume its session from another process: no token, only the
 * session.
 *
 * @param shardId the shard id
 * @param shardTotal the shard total it identified with
 * @param sessionId the session id from READY
 * @param resumeGatewayUrl READY's {@code resume_gateway_url}, or {@code null} to resume
 * through the main gateway
 * @param sequence the sequence number of the last dispatch delivered to the application
 * @param encoding the encoding the session was opened with
 * @param compression the transport compression
 * @param savedAt when the session was saved
 * @param seal the integrity check the shard put on the record (an HMAC keyed from the bot
 * token, never the token itself), or {@code null} for an unsealed record, which a shard
 * does not resume
 */
public record StoredSession(int shardId, int shardTotal, String sessionId, URI resumeGatewayUrl, long sequence,
		GatewayEncoding encoding, GatewayCompression compression, Instant savedAt, String seal) {

	public StoredSession {
		Objects.requireNonNull(sessionId, "sessionId");
		Objects.requireNonNull(encoding, "encoding");
		Objects.requireNonNull(compression, "compression");
		Objects.requireNonNull(savedAt, "savedAt");
	}

	/** An unsealed record; the shard that saves it seals it. */
	public StoredSession(int shardId, int shardTotal, String sessionId, URI resumeGatewayUrl, long sequence,
			GatewayEncoding encoding, GatewayCompression compression, Instant savedAt) {
		this(shardId, shardTotal, sessionId, resumeGatewayUrl, sequence, encoding, compression, savedAt, null);
	}

	/** The same record with the given seal. */
	public StoredSession withSeal(String seal) {
		return new StoredSession(this.shardId, this.shardTotal, this.sessionId, this.resumeGatewayUrl, this.sequence,
				this.encoding, this.compression, this.savedAt, seal);
	}

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	/** The JSON form that stores keep. */
	public String toJson() {
		ObjectNode node = MAPPER.createObjectNode();
		node.put("shardId", this.shardId);
		node.put("shardTotal", this.shardTotal);
		node.put("sessionId", this.sessionId);
		node.put("resumeGatewayUrl", (this.resumeGatewayUrl != null) ? this.resumeGatewayUrl.toString() : null);
		node.put("sequence", this.sequence);
		node.put("encoding", this.encoding.name());
		node.put("compression", this.compression.name());
		node.put("savedAt", this.savedAt.toString());
		node.put("seal", this.seal);
		return MAPPER.writeValueAsString(node);
	}

	/**
	 * Reads the form written by {@link #toJson()}.
	 * @throws RuntimeException (a Jackson, parse or null-pointer failure) if the text is
	 * not one
	 */
	public static StoredSession fromJson(String json) {
		JsonNode node = MAPPER.readTree(json);
		String resumeUrl = node.path("resumeGatewayUrl").asString(null);
		return new StoredSession(node.path("shardId").asInt(), node.path("shardTotal").asInt(),
				node.path("sessionId").asString(null), (resumeUrl != null) ? URI.create(resumeUrl) : null,
				node.path("sequence").asLong(), GatewayEncoding.valueOf(node.path("encoding").asString()),
				GatewayCompression.valueOf(node.path("compression").asString()),
				Instant.parse(node.path("savedAt").asString()), node.path("seal").asString(null));
	}

}
