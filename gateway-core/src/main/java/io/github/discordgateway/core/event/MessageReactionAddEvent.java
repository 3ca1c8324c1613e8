package io.github.discordgateway.core.event;

import io.github.discordgateway.core.DataPath;
import io.github.discordgateway.core.GatewayDispatch;

/**
 * {@code MESSAGE_REACTION_ADD}: a user reacted to a message. Values are read straight
 * from the received bytes when asked for.
 */
public class MessageReactionAddEvent extends GatewayDispatchEvent {

	private static final long serialVersionUID = 1L;

	/** The dispatch type of this event. */
	public static final String TYPE = "MESSAGE_REACTION_ADD";

	private static final DataPath USER_ID = DataPath.of("user_id");

	private static final DataPath MESSAGE_ID = DataPath.of("message_id");

	private static final DataPath EMOJI_ID = DataPath.of("emoji", "id");

	private static final DataPath EMOJI_NAME = DataPath.of("emoji", "name");

	/**
	 * Creates the event.
	 * @param dispatch a {@code MESSAGE_REACTION_ADD} dispatch
	 */
	public MessageReactionAddEvent(GatewayDispatch dispatch) {
		super(dispatch);
	}

	/** The id of the user who reacted. */
	public long getUserId() {
		return getDispatch().snowflake(USER_ID);
	}

	/** The id of the message reacted to. */
	public long getMessageId() {
		return getDispatch().snowflake(MESSAGE_ID);
	}

	/** The channel id. */
	public long getChannelId() {
		return getDispatch().snowflake(MessageCreateEvent.CHANNEL_ID);
	}

	/** The guild id, or {@code null} for a direct message. */
	public Long getGuildId() {
		return getDispatch().snowflakeOrNull(MessageCreateEvent.GUILD_ID);
	}

	/** The custom emoji's id, or {@code null} for a Unicode emoji. */
	public Long getEmojiId() {
		return getDispatch().snowflakeOrNull(EMOJI_ID);
	}

	/**
	 * The emoji: the Unicode emoji itself, or a custom emoji's name ({@code null} if it
	 * was deleted).
	 */
	public String getEmojiName() {
		return getDispatch().text(EMOJI_NAME);
	}

}
