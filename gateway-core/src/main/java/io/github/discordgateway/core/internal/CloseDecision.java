package io.github.discordgateway.core.internal;

import io.github.discordgateway.core.GatewayCloseCode;
import io.github.discordgateway.core.GatewayCloseCode.Recovery;
import io.github.discordgateway.core.ShardDisconnect;

/**
 * What a close by the gateway means for the session (GATEWAY.md §5.6): resume, identify
 * with a new session, or stop for good, as {@link GatewayCloseCode} says (codes it does
 * not know are resumed), with the description logs and listeners show.
 *
 * @param code the close code
 * @param recovery what the shard does next
 * @param description the code's description and, if the gateway gave one, its reason
 */
record CloseDecision(int code, Recovery recovery, String description) {

	static CloseDecision of(int code, String reason) {
		String description = GatewayCloseCode.describe(code)
				+ ((reason != null && !reason.isBlank()) ? " (" + reason + ")" : "");
		return new CloseDecision(code, GatewayCloseCode.recoveryOf(code), description);
	}

	ShardDisconnect disconnect(boolean willReconnect) {
		return new ShardDisconnect(this.code, this.description, this.recovery, willReconnect);
	}

}
