package io.github.discordgateway.core;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * Gateway intents (API v10): the event groups a shard subscribes to when it identifies.
 * Privileged intents must be enabled for the application in the developer portal,
 * otherwise Discord closes the connection with {@code 4014}.
 */
public enum GatewayIntent {

	GUILDS(0, false), GUILD_MEMBERS(1, true), GUILD_MODERATION(2, false), GUILD_EXPRESSIONS(3, false),
	GUILD_INTEGRATIONS(4, false), GUILD_WEBHOOKS(5, false), GUILD_INVITES(6, false), GUILD_VOICE_STATES(7, false),
	GUILD_PRESENCES(8, true), GUILD_MESSAGES(9, false), GUILD_MESSAGE_REACTIONS(10, false),
	GUILD_MESSAGE_TYPING(11, false), DIRECT_MESSAGES(12, false), DIRECT_MESSAGE_REACTIONS(13, false),
	DIRECT_MESSAGE_TYPING(14, false), MESSAGE_CONTENT(15, true), GUILD_SCHEDULED_EVENTS(16, false),
	AUTO_MODERATION_CONFIGURATION(20, false), AUTO_MODERATION_EXECUTION(21, false), GUILD_MESSAGE_POLLS(24, false),
	DIRECT_MESSAGE_POLLS(25, false);

	/** Every intent that needs no approval: a sensible default for a new bot. */
	public static final Set<GatewayIntent> NON_PRIVILEGED;

	static {
		EnumSet<GatewayIntent> intents = EnumSet.noneOf(GatewayIntent.class);
		for (GatewayIntent intent : values()) {
			if (!intent.privileged) {
				intents.add(intent);
			}
		}
		NON_PRIVILEGED = java.util.Collections.unmodifiableSet(intents);
	}

	private final int bit;

	private final boolean privileged;

	GatewayIntent(int bit, boolean privileged) {
		this.bit = bit;
		this.privileged = privileged;
	}

	/** The value of this intent in the IDENTIFY {@code intents} bit field. */
	public int value() {
		return 1 << this.bit;
	}

	/**
	 * Whether Discord requires this intent to be enabled (and, for large apps, approved).
	 */
	public boolean isPrivileged() {
		return this.privileged;
	}

	/** The IDENTIFY bit field for the given intents. */
	public static int bitsOf(Collection<GatewayIntent> intents) {
		int bits = 0;
		for (GatewayIntent intent : intents) {
			bits |= intent.value();
		}
		return bits;
	}

}
