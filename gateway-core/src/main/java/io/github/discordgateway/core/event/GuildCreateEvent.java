package io.github.discordgateway.core.event;

import io.github.discordgateway.core.DataPath;
import io.github.discordgateway.core.GatewayDispatch;

/**
 * {@code GUILD_CREATE}: a guild became available, either the backfill of a guild listed
 * in {@code READY}, a guild returning from an outage, or the bot joining a new guild.
 * During an outage the payload may be an unavailable stub with only {@code id} and
 * {@code unavailable}. Values are read straight from the received bytes when asked for
 * (its data can be megabytes: no tree is built unless {@link #getData()} is called).
 */
public class GuildCreateEvent extends GatewayDispatchEvent {

	private static final long serialVersionUID = 1L;

	/** The dispatch type of this event. */
	public static final String TYPE = "GUILD_CREATE";

	private static final DataPath ID = DataPath.of("id");

	private static final DataPath NAME = DataPath.of("name");

	private static final DataPath MEMBER_COUNT = DataPath.of("member_count");

	private static final DataPath UNAVAILABLE = DataPath.of("unavailable");

	private static final DataPath LARGE = DataPath.of("large");

	private static final DataPath CHANNELS = DataPath.of("channels");

	private static final DataPath THREADS = DataPath.of("threads");

	private static final DataPath ROLES = DataPath.of("roles");

	private static final DataPath MEMBERS = DataPath.of("members");

	/**
	 * Creates the event.
	 * @param dispatch a {@code GUILD_CREATE} dispatch
	 */
	public GuildCreateEvent(GatewayDispatch dispatch) {
		super(dispatch);
	}

	/** The guild id. */
	public long getGuildId() {
		return getDispatch().snowflake(ID);
	}

	/** The guild name, or {@code null} (for example in an unavailable stub). */
	public String getName() {
		return getDispatch().text(NAME);
	}

	/** The guild's total member count ({@code member_count}), or {@code 0} if absent. */
	public int getMemberCount() {
		return getDispatch().integer(MEMBER_COUNT, 0);
	}

	/** Whether the guild is unavailable because of an outage. */
	public boolean isUnavailable() {
		return getDispatch().bool(UNAVAILABLE, false);
	}

	/**
	 * Whether the guild is above the {@code large_threshold}, so offline members are left
	 * out.
	 */
	public boolean isLarge() {
		return getDispatch().bool(LARGE, false);
	}

	/** The number of channels included in the payload. */
	public int getChannelCount() {
		return getDispatch().count(CHANNELS);
	}

	/** The number of threads included in the payload. */
	public int getThreadCount() {
		return getDispatch().count(THREADS);
	}

	/** The number of roles included in the payload. */
	public int getRoleCount() {
		return getDispatch().count(ROLES);
	}

	/**
	 * The number of members included in the payload. For large guilds, or without the
	 * privileged intents, this is far below {@link #getMemberCount()}.
	 */
	public int getIncludedMemberCount() {
		return getDispatch().count(MEMBERS);
	}

}
