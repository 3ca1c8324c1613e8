package io.github.discordgateway.core.event;

import io.github.discordgateway.core.DataPath;
import io.github.discordgateway.core.GatewayDispatch;

/**
 * {@code MESSAGE_CREATE}: a message was sent in a channel the bot can see. Without the
 * privileged {@code MESSAGE_CONTENT} intent the content of most guild messages is empty.
 * Values are read straight from the received bytes when asked for, without building the
 * data's tree.
 */
public class MessageCreateEvent extends GatewayDispatchEvent {

	private static final long serialVersionUID = 1L;

	/** The dispatch type of this event. */
	public static final String TYPE = "MESSAGE_CREATE";

	static final DataPath ID = DataPath.of("id");

	static final DataPath CHANNEL_ID = DataPath.of("channel_id");

	static final DataPath GUILD_ID = DataPath.of("guild_id");

	static final DataPath CONTENT = DataPath.of("content");

	static final DataPath AUTHOR_ID = DataPath.of("author", "id");

	static final DataPath AUTHOR_USERNAME = DataPath.of("author", "username");

	static final DataPath AUTHOR_GLOBAL_NAME = DataPath.of("author", "global_name");

	static final DataPath AUTHOR_BOT = DataPath.of("author", "bot");

	private static final DataPath MEMBER_NICK = DataPath.of("member", "nick");

	private static final DataPath MEMBER_ROLES = DataPath.of("member", "roles");

	private static final DataPath WEBHOOK_ID = DataPath.of("webhook_id");

	private static final DataPath MENTIONS = DataPath.of("mentions");

	private static final DataPath MENTION_ROLES = DataPath.of("mention_roles");

	private static final DataPath MENTION_EVERYONE = DataPath.of("mention_everyone");

	/**
	 * Creates the event.
	 * @param dispatch a {@code MESSAGE_CREATE} dispatch
	 */
	public MessageCreateEvent(GatewayDispatch dispatch) {
		super(dispatch);
	}

	/** The message id. */
	public long getMessageId() {
		return getDispatch().snowflake(ID);
	}

	/** The channel id. */
	public long getChannelId() {
		return getDispatch().snowflake(CHANNEL_ID);
	}

	/** The guild id, or {@code null} for a direct message. */
	public Long getGuildId() {
		return getDispatch().snowflakeOrNull(GUILD_ID);
	}

	/**
	 * The message text; empty when it has none or the bot may not read it, never
	 * {@code null}.
	 */
	public String getContent() {
		String content = getDispatch().text(CONTENT);
		return (content != null) ? content : "";
	}

	/** The author's user id (a webhook id for webhook messages). */
	public long getAuthorId() {
		return getDispatch().snowflake(AUTHOR_ID);
	}

	/** The author's username, or {@code null} if absent. */
	public String getAuthorUsername() {
		return getDispatch().text(AUTHOR_USERNAME);
	}

	/**
	 * The author's display name ({@code global_name}), or {@code null} when they have
	 * none.
	 */
	public String getAuthorGlobalName() {
		return getDispatch().text(AUTHOR_GLOBAL_NAME);
	}

	/** Whether the author is a bot (this bot included). */
	public boolean isAuthorBot() {
		return getDispatch().bool(AUTHOR_BOT, false);
	}

	/** The author's nickname in the guild ({@code member.nick}), or {@code null}. */
	public String getMemberNick() {
		return getDispatch().text(MEMBER_NICK);
	}

	/**
	 * The ids of the author's roles in the guild ({@code member.roles}); empty outside a
	 * guild.
	 */
	public long[] getMemberRoleIds() {
		return getDispatch().snowflakes(MEMBER_ROLES, DataPath.root());
	}

	/** The webhook id if a webhook sent the message, otherwise {@code null}. */
	public Long getWebhookId() {
		return getDispatch().snowflakeOrNull(WEBHOOK_ID);
	}

	/** The number of users the message mentions. */
	public int getMentionCount() {
		return getDispatch().count(MENTIONS);
	}

	/** The ids of the users the message mentions. */
	public long[] getMentionIds() {
		return getDispatch().snowflakes(MENTIONS, ID);
	}

	/** The number of roles the message mentions. */
	public int getMentionRoleCount() {
		return getDispatch().count(MENTION_ROLES);
	}

	/** The ids of the roles the message mentions. */
	public long[] getMentionRoleIds() {
		return getDispatch().snowflakes(MENTION_ROLES, DataPath.root());
	}

	/** Whether the message mentions {@code @everyone} or {@code @here}. */
	public boolean isMentionEveryone() {
		return getDispatch().bool(MENTION_EVERYONE, false);
	}

	/**
	 * Whether the message mentions the given user.
	 * @param userId a user id, for example the bot's own ({@link ReadyEvent#getUserId()})
	 */
	public boolean mentions(long userId) {
		for (long id : getMentionIds()) {
			if (id == userId) {
				return true;
			}
		}
		return false;
	}

}
