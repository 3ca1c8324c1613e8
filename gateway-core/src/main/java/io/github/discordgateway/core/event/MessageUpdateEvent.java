package io.github.discordgateway.core.event;

import io.github.discordgateway.core.GatewayDispatch;

/**
 * {@code MESSAGE_UPDATE}: a message was edited (or embeds were added to it). Values are
 * read straight from the received bytes when asked for.
 */
public class MessageUpdateEvent extends GatewayDispatchEvent {

	private static final long serialVersionUID = 1L;

	/** The dispatch type of this event. */
	public static final String TYPE = "MESSAGE_UPDATE";

	/**
	 * Creates the event.
	 * @param dispatch a {@code MESSAGE_UPDATE} dispatch
	 */
	public MessageUpdateEvent(GatewayDispatch dispatch) {
		super(dispatch);
	}

	/** The id of the edited message. */
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

	/**
	 * The message text after the edit, or {@code null} if the update does not carry it.
	 */
	public String getContent() {
		return getDispatch().text(MessageCreateEvent.CONTENT);
	}

	/** The author's user id, or {@code null} if the update does not carry the author. */
	public Long getAuthorId() {
		return getDispatch().snowflakeOrNull(MessageCreateEvent.AUTHOR_ID);
	}

	/** The author's username, or {@code null} if absent. */
	public String getAuthorUsername() {
		return getDispatch().text(MessageCreateEvent.AUTHOR_USERNAME);
	}

}
