package io.github.discordgateway.core.event;

import io.github.discordgateway.core.GatewayDispatch;

/**
 * {@code GUILD_CREATE}: a guild became available, either the backfill of a guild listed in
 * {@code READY}, a guild returning from an outage, or the bot joining a new guild. During an outage
 * the payload may be an unavailable stub with only {@code id} and {@code unavailable}. Values are
 * read from the event data when asked for.
 */
public class GuildCreateEvent extends GatewayDispatchEvent {

	private static final long serialVersionUID = 1L;

	/** The dispatch type of this event. */
	public static final String TYPE = "GUILD_CREATE";

	/**
	 * Creates the event.
	 * @param dispatch a {@code GUILD_CREATE} dispatch
	 */
	public GuildCreateEvent(GatewayDispatch dispatch) {
		super(dispatch);
	}

	/** The guild id. */
	public long getGuildId() {
		return Snowflake.parse(getData().path("id"));
	}

	/** The guild name, or {@code null} (for example in an unavailable stub). */
	public String getName() {
		return EventData.text(getData().get("name"));
	}

	/** The guild's total member count ({@code member_count}), or {@code 0} if absent. */
	public int getMemberCount() {
		return EventData.integer(getData().get("member_count"), 0);
	}

	/** Whether the guild is unavailable because of an outage. */
	public boolean isUnavailable() {
		return EventData.bool(getData().get("unavailable"), false);
	}

	/** Whether the guild is above the {@code large_threshold}, so offline members are left out. */
	public boolean isLarge() {
		return EventData.bool(getData().get("large"), false);
	}

	/** The number of channels included in the payload. */
	public int getChannelCount() {
		return EventData.count(getData().get("channels"));
	}

	/** The number of threads included in the payload. */
	public int getThreadCount() {
		return EventData.count(getData().get("threads"));
	}

	/** The number of roles included in the payload. */
	public int getRoleCount() {
		return EventData.count(getData().get("roles"));
	}

	/**
	 * The number of members included in the payload. For large guilds, or without the privileged
	 * intents, this is far below {@link #getMemberCount()}.
	 */
	public int getIncludedMemberCount() {
		return EventData.count(getData().get("members"));
	}

}
