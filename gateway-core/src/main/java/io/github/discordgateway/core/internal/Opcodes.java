package io.github.discordgateway.core.internal;

import io.github.discordgateway.core.spi.GatewayCommands;

/** Gateway opcodes (API v10). */
final class Opcodes {

	static final int DISPATCH = 0;

	static final int HEARTBEAT = 1;

	static final int IDENTIFY = 2;

	static final int PRESENCE_UPDATE = GatewayCommands.PRESENCE_UPDATE;

	static final int VOICE_STATE_UPDATE = GatewayCommands.VOICE_STATE_UPDATE;

	static final int RESUME = 6;

	static final int RECONNECT = 7;

	static final int REQUEST_GUILD_MEMBERS = GatewayCommands.REQUEST_GUILD_MEMBERS;

	static final int INVALID_SESSION = 9;

	static final int HELLO = 10;

	static final int HEARTBEAT_ACK = 11;

	private Opcodes() {
	}

}
