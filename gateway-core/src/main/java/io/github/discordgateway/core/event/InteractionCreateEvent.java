package io.github.discordgateway.core.event;

import java.util.ArrayList;
import java.util.List;

import io.github.discordgateway.core.DataPath;
import io.github.discordgateway.core.GatewayDispatch;

/**
 * {@code INTERACTION_CREATE}: a user ran a command, pressed a component or submitted a
 * modal. It is delivered over the gateway only when the application has no interactions
 * endpoint URL. Values are read straight from the received bytes when asked for.
 */
public class InteractionCreateEvent extends GatewayDispatchEvent {

	private static final long serialVersionUID = 1L;

	/** The dispatch type of this event. */
	public static final String TYPE = "INTERACTION_CREATE";

	private static final DataPath ID = DataPath.of("id");

	private static final DataPath APPLICATION_ID = DataPath.of("application_id");

	private static final DataPath INTERACTION_TYPE = DataPath.of("type");

	private static final DataPath GUILD_ID = DataPath.of("guild_id");

	private static final DataPath CHANNEL_ID = DataPath.of("channel_id");

	private static final DataPath MEMBER = DataPath.of("member");

	private static final DataPath MEMBER_USER_ID = DataPath.of("member", "user", "id");

	private static final DataPath MEMBER_USER_USERNAME = DataPath.of("member", "user", "username");

	private static final DataPath USER_ID = DataPath.of("user", "id");

	private static final DataPath USER_USERNAME = DataPath.of("user", "username");

	private static final DataPath DATA_ID = DataPath.of("data", "id");

	private static final DataPath DATA_NAME = DataPath.of("data", "name");

	private static final DataPath DATA_CUSTOM_ID = DataPath.of("data", "custom_id");

	private static final DataPath DATA_OPTIONS = DataPath.of("data", "options");

	private static final DataPath TOKEN = DataPath.of("token");

	/**
	 * Creates the event.
	 * @param dispatch an {@code INTERACTION_CREATE} dispatch
	 */
	public InteractionCreateEvent(GatewayDispatch dispatch) {
		super(dispatch);
	}

	/** The interaction id. */
	public long getInteractionId() {
		return getDispatch().snowflake(ID);
	}

	/** The id of the application the interaction is for. */
	public long getApplicationId() {
		return getDispatch().snowflake(APPLICATION_ID);
	}

	/**
	 * The interaction type: 1 ping, 2 application command, 3 message component, 4
	 * autocomplete, 5 modal submit; {@code 0} if absent. (Named so as not to hide
	 * {@link #getType()}, the dispatch type.)
	 */
	public int getInteractionType() {
		return getDispatch().integer(INTERACTION_TYPE, 0);
	}

	/** The guild id, or {@code null} outside a guild. */
	public Long getGuildId() {
		return getDispatch().snowflakeOrNull(GUILD_ID);
	}

	/** The channel id, or {@code null} if absent. */
	public Long getChannelId() {
		return getDispatch().snowflakeOrNull(CHANNEL_ID);
	}

	/**
	 * The id of the invoking user: {@code member.user.id} in a guild, {@code user.id}
	 * elsewhere.
	 */
	public long getUserId() {
		return getDispatch().snowflake(getDispatch().has(MEMBER) ? MEMBER_USER_ID : USER_ID);
	}

	/**
	 * The invoking user's username ({@code member.user} in a guild, {@code user}
	 * elsewhere), or {@code null}.
	 */
	public String getUsername() {
		return getDispatch().text(getDispatch().has(MEMBER) ? MEMBER_USER_USERNAME : USER_USERNAME);
	}

	/**
	 * The id of the command ({@code data.id}) for commands and autocomplete, otherwise
	 * {@code null}.
	 */
	public Long getCommandId() {
		return getDispatch().snowflakeOrNull(DATA_ID);
	}

	/**
	 * The command name ({@code data.name}) for commands and autocomplete, otherwise
	 * {@code null}.
	 */
	public String getCommandName() {
		return getDispatch().text(DATA_NAME);
	}

	/**
	 * The custom id ({@code data.custom_id}) for components and modals, otherwise
	 * {@code null}.
	 */
	public String getCustomId() {
		return getDispatch().text(DATA_CUSTOM_ID);
	}

	/**
	 * The options the user gave a command ({@code data.options}), with those of a
	 * subcommand or subcommand group nested in {@link CommandOption#options()}; empty
	 * when there are none.
	 */
	public List<CommandOption> getOptions() {
		return options(DATA_OPTIONS);
	}

	private List<CommandOption> options(DataPath array) {
		int count = getDispatch().count(array);
		List<CommandOption> options = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			DataPath option = array.index(i);
			options.add(new CommandOption(getDispatch().text(option.then("name")),
					getDispatch().integer(option.then("type"), 0), getDispatch().value(option.then("value")),
					options(option.then("options"))));
		}
		return options;
	}

	/**
	 * The interaction token needed to respond (valid for 15 minutes). It is a secret for
	 * that time: do not log it.
	 */
	public String getInteractionToken() {
		return getDispatch().text(TOKEN);
	}

	/**
	 * One option of a command as the user filled it in.
	 *
	 * @param name the option's name
	 * @param type the option type: 1 subcommand, 2 subcommand group, 3 string, 4 integer,
	 * 5 boolean, 6 user, 7 channel, 8 role, 9 mentionable, 10 number, 11 attachment;
	 * {@code 0} if absent
	 * @param value the value: a {@code String} (also the ids of users, channels, roles),
	 * a {@code Long}, a {@code Double} or a {@code Boolean}; {@code null} for subcommands
	 * and groups
	 * @param options the options of a subcommand or group, otherwise empty
	 */
	public record CommandOption(String name, int type, Object value, List<CommandOption> options) {
	}

}
