package io.github.discordgateway.core.internal;

import java.net.URI;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.spi.GatewayCommands;

/**
 * What a shard sends to open or continue a session: the gateway URL's query (version,
 * encoding, compression) and the IDENTIFY and RESUME payloads. Both payloads carry the
 * token: they are encoded here and never logged.
 */
final class HandshakePayloads {

	private final int shardId;

	private final ShardContext context;

	private final GatewayOptions options;

	HandshakePayloads(int shardId, ShardContext context) {
		this.shardId = shardId;
		this.context = context;
		this.options = context.options();
	}

	/** The URL to connect to: the given gateway or resume URL with the query added. */
	URI connectUri(URI base) {
		StringBuilder url = new StringBuilder(base.toString());
		if (base.getRawPath() == null || base.getRawPath().isEmpty()) {
			url.append('/');
		}
		url.append((base.getRawQuery() == null) ? '?' : '&')
			.append("v=10&encoding=")
			.append(this.options.encoding().queryValue());
		String compress = this.options.compression().queryValue();
		if (compress != null) {
			url.append("&compress=").append(compress);
		}
		return URI.create(url.toString());
	}

	EncodedPayload identify() {
		ObjectNode data = this.context.codec().objectNode();
		data.put("token", this.options.token().reveal());
		data.put("intents", this.options.intents());
		ObjectNode properties = data.putObject("properties");
		properties.put("os", this.options.os());
		properties.put("browser", this.options.browser());
		properties.put("device", this.options.device());
		data.put("large_threshold", this.options.largeThreshold());
		ArrayNode shard = data.putArray("shard");
		shard.add(this.shardId);
		shard.add(this.context.shardTotal());
		if (this.options.presence() != null) {
			data.set("presence", GatewayCommands.presence(this.options.presence()));
		}
		return this.context.codec().encode(Opcodes.IDENTIFY, data);
	}

	/**
	 * @param sequence the last sequence received, or {@code 0} for none (sent as
	 * {@code null})
	 */
	EncodedPayload resume(String sessionId, long sequence) {
		ObjectNode data = this.context.codec().objectNode();
		data.put("token", this.options.token().reveal());
		data.put("session_id", sessionId);
		if (sequence > 0) {
			data.put("seq", sequence);
		}
		else {
			data.putNull("seq");
		}
		return this.context.codec().encode(Opcodes.RESUME, data);
	}

}
