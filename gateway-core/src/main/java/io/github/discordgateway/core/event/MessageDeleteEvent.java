package io.github.discordgateway.core.event;

import io.github.discordgateway.core.DataPath;
import io.github.discordgateway.core.GatewayDispatch;

/**
 * {@code MESSAGE_DELETE}: a message was deleted. Values are read straight from the
 * received bytes when asked for.
 */
public class MessageDeleteEvent extends GatewayDispatchEvent {

	private static final long serialVersionUID = 1L;

	/** The dispatch type of this event. */
	public static final String TYPE = "MESSAGE_DELETE";

	/**
	 * Creates the event.
	 * @param dispatch a {@code MESSAGE_DELETE} dispatch
	 */
	public MessageDeleteEvent(GatewayDispatch dispatch) {
		super(dispatch);
	}

	/** The id of the deleted message. */
	public long getMessageId() {
		return getDispatch().snowflake(MessageCreateEvent.ID);
	}

	/** The channel id. */
	public long getChannelId() {
		return getDispatch().snowflake(MessageCreateEvent.CHANNEL_ID);
	}

	/** The guild id, or {@code null} for a direct message. */
	public Long getGuildId() {
		return getDispatch().snowflakeOrNull(MessageCreateEvent.GUILD_ID);
	}

}
