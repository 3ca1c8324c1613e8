package io.github.discordgateway.core.event;

import io.github.discordgateway.core.GatewayDispatch;

/**
 * {@code MESSAGE_CREATE}: a message was sent in a channel the bot can see. Without the privileged
 * {@code MESSAGE_CONTENT} intent the content of most guild messages is empty. Values are read from
 * the event data when asked for.
 */
public class MessageCreateEvent extends GatewayDispatchEvent {

	private static final long serialVersionUID = 1L;

	/** The dispatch type of this event. */
	public static final String TYPE = "MESSAGE_CREATE";

	/**
	 * Creates the event.
	 * @param dispatch a {@code MESSAGE_CREATE} dispatch
	 */
	public MessageCreateEvent(GatewayDispatch dispatch) {
		super(dispatch);
	}

	/** The message id. */
	public long getMessageId() {
		return Snowflake.parse(getData().path("id"));
	}

	/** The channel id. */
	public long getChannelId() {
		return Snowflake.parse(getData().path("channel_id"));
	}

	/** The guild id, or {@code null} for a direct message. */
	public Long getGuildId() {
		return Snowflake.parseOrNull(getData().get("guild_id"));
	}

	/** The message text; empty when it has none or the bot may not read it, never {@code null}. */
	public String getContent() {
		String content = EventData.text(getData().get("content"));
		return (content != null) ? content : "";
	}

	/** The author's user id (a webhook id for webhook messages). */
	public long getAuthorId() {
		return Snowflake.parse(getData().path("author").path("id"));
	}

	/** The author's username, or {@code null} if absent. */
	public String getAuthorUsername() {
		return EventData.text(getData().path("author").get("username"));
	}

	/** Whether the author is a bot (this bot included). */
	public boolean isAuthorBot() {
		return EventData.bool(getData().path("author").get("bot"), false);
	}

	/** The webhook id if a webhook sent the message, otherwise {@code null}. */
	public Long getWebhookId() {
		return Snowflake.parseOrNull(getData().get("webhook_id"));
	}

	/** The number of users the message mentions. */
	public int getMentionCount() {
		return EventData.count(getData().get("mentions"));
	}

	/** The number of roles the message mentions. */
	public int getMentionRoleCount() {
		return EventData.count(getData().get("mention_roles"));
	}

	/** Whether the message mentions {@code @everyone} or {@code @here}. */
	public boolean isMentionEveryone() {
		return EventData.bool(getData().get("mention_everyone"), false);
	}

	/**
	 * Whether the message mentions the given user.
	 * @param userId a user id, for example the bot's own ({@link ReadyEvent#getUserId()})
	 */
	public boolean mentions(long userId) {
		for (var mention : getData().path("mentions")) {
			Long id = Snowflake.parseOrNull(mention.get("id"));
			if (id != null && id == userId) {
				return true;
			}
		}
		return false;
	}

}
