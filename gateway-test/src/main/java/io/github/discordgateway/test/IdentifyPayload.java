package io.github.discordgateway.test;

import tools.jackson.databind.JsonNode;

/**
 * What an IDENTIFY asks for, once its {@code d} passed Discord's checks: the shard (when
 * one was sent) and the intents. {@link #parse} answers a payload that fails them with
 * the close code Discord uses.
 *
 * @param shardId shard id ({@code 0} when none was sent)
 * @param shardCount shard count ({@code 1} when none was sent)
 * @param sharded whether the payload had a {@code shard} array (READY echoes it)
 * @param intents the intents bitfield
 */
record IdentifyPayload(int shardId, int shardCount, boolean sharded, long intents) {

	/**
	 * Checks the {@code d} of an IDENTIFY in the order Discord's gateway reports its
	 * faults.
	 * @param d the payload's {@code d}
	 * @param config the simulator's settings (token, privileged intents, sharding)
	 * @return the accepted payload
	 * @throws Rejected with the close code and reason for an invalid payload
	 */
	static IdentifyPayload parse(JsonNode d, SimulatorConfig config) {
		if (!d.isObject()) {
			throw new Rejected(4001, "Invalid identify payload");
		}
		JsonNode token = d.path("token");
		if (!token.isString() || !config.tokenMatches(token.stringValue())) {
			throw new Rejected(4004, "Authentication failed");
		}
		JsonNode properties = d.path("properties");
		if (!properties.isObject() || !hasProperty(properties, "os") || !hasProperty(properties, "browser")
				|| !hasProperty(properties, "device")) {
			throw new Rejected(4001, "Invalid connection properties");
		}
		JsonNode intentsNode = d.path("intents");
		if (!intentsNode.isIntegralNumber() || !intentsNode.canConvertToLong()) {
			throw new Rejected(4013, "Invalid intent(s)");
		}
		long intents = intentsNode.longValue();
		if (intents < 0 || (intents & ~GatewaySimulator.DEFINED_INTENTS) != 0) {
			throw new Rejected(4013, "Invalid intent(s)");
		}
		if ((intents & GatewaySimulator.PRIVILEGED_INTENTS & ~config.allowedPrivilegedIntents) != 0) {
			throw new Rejected(4014, "Disallowed intent(s)");
		}
		int shardId = 0;
		int shardCount = 1;
		JsonNode shard = d.path("shard");
		boolean sharded = !shard.isMissingNode() && !shard.isNull();
		if (sharded) {
			if (!shard.isArray() || shard.size() != 2 || !shard.get(0).canConvertToInt()
					|| !shard.get(1).canConvertToInt() || !shard.get(0).isIntegralNumber()
					|| !shard.get(1).isIntegralNumber()) {
				throw new Rejected(4010, "Invalid shard");
			}
			shardId = shard.get(0).intValue();
			shardCount = shard.get(1).intValue();
			if (shardCount < 1 || shardId < 0 || shardId >= shardCount) {
				throw new Rejected(4010, "Invalid shard");
			}
		}
		if (config.shardingRequired && config.shards > 1 && shardCount < 2) {
			throw new Rejected(4011, "Sharding required");
		}
		return new IdentifyPayload(shardId, shardCount, sharded, intents);
	}

	private static boolean hasProperty(JsonNode properties, String name) {
		return properties.path(name).isString() || properties.path("$" + name).isString();
	}

	/** An IDENTIFY that Discord would answer by closing the connection. */
	static final class Rejected extends RuntimeException {

		final int closeCode;

		Rejected(int closeCode, String reason) {
			super(reason, null, false, false);
			this.closeCode = closeCode;
		}

	}

}
