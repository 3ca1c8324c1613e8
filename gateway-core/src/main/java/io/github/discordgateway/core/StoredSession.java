package io.github.discordgateway.core;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * What a shard needs to resume its session from another process: no token, only the session.
 *
 * @param shardId the shard id
 * @param shardTotal the shard total it identified with
 * @param sessionId the session id from READY
 * @param resumeGatewayUrl READY's {@code resume_gateway_url}, or {@code null} to resume through the
 * main gateway
 * @param sequence the sequence number of the last dispatch delivered to the application
 * @param encoding the encoding the session was opened with
 * @param compression the transport compression
 * @param savedAt when the session was saved
 */
public record StoredSession(int shardId, int shardTotal, String sessionId, URI resumeGatewayUrl, long sequence,
		GatewayEncoding encoding, GatewayCompression compression, Instant savedAt) {

	public StoredSession {
		Objects.requireNonNull(sessionId, "sessionId");
		Objects.requireNonNull(encoding, "encoding");
		Objects.requireNonNull(compression, "compression");
		Objects.requireNonNull(savedAt, "savedAt");
	}

}
