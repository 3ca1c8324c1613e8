package io.github.discordgateway.core;

import java.util.Objects;

import tools.jackson.databind.JsonNode;

/**
 * One gateway dispatch (opcode 0) as received by a shard.
 *
 * @param shardId the shard that received it
 * @param sequence its sequence number ({@code s}) within the session
 * @param type its event name ({@code t}), for example {@code MESSAGE_CREATE}
 * @param data its event data ({@code d}); treat it as read-only
 */
public record GatewayDispatch(int shardId, long sequence, String type, JsonNode data) {

	public GatewayDispatch {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(data, "data");
	}

	@Override
	public String toString() {
		return "GatewayDispatch[shard=" + this.shardId + ", s=" + this.sequence + ", t=" + this.type + "]";
	}

}
