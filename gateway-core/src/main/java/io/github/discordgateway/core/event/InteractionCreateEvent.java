package io.github.discordgateway.core.event;

import io.github.discordgateway.core.GatewayDispatch;
import tools.jackson.databind.JsonNode;

/**
 * {@code INTERACTION_CREATE}: a user ran a command, pressed a component or submitted a modal. It is
 * delivered over the gateway only when the application has no interactions endpoint URL. Values are
 * read from the event data when asked for.
 */
public class InteractionCreateEvent extends GatewayDispatchEvent {

	private static final long serialVersionUID = 1L;

	/** The dispatch type of this event. */
	public static final String TYPE = "INTERACTION_CREATE";

	/**
	 * Creates the event.
	 * @param dispatch an {@code INTERACTION_CREATE} dispatch
	 */
	public InteractionCreateEvent(GatewayDispatch dispatch) {
		super(dispatch);
	}

	/** The interaction id. */
	public long getInteractionId() {
		return Snowflake.parse(getData().path("id"));
	}

	/** The id of the application the interaction is for. */
	public long getApplicationId() {
		return Snowflake.parse(getData().path("application_id"));
	}

	/**
	 * The interaction type: 1 ping, 2 application command, 3 message component, 4 autocomplete,
	 * 5 modal submit; {@code 0} if absent. (Named so as not to hide {@link #getType()}, the dispatch
	 * type.)
	 */
	public int getInteractionType() {
		return EventData.integer(getData().get("type"), 0);
	}

	/** The guild id, or {@code null} outside a guild. */
	public Long getGuildId() {
		return Snowflake.parseOrNull(getData().get("guild_id"));
	}

	/** The channel id, or {@code null} if absent. */
	public Long getChannelId() {
		return Snowflake.parseOrNull(getData().get("channel_id"));
	}

	/** The id of the invoking user: {@code member.user.id} in a guild, {@code user.id} elsewhere. */
	public long getUserId() {
		JsonNode member = getData().get("member");
		JsonNode user = (member != null && member.isObject()) ? member.path("user") : getData().path("user");
		return Snowflake.parse(user.path("id"));
	}

	/** The command name ({@code data.name}) for commands and autocomplete, otherwise {@code null}. */
	public String getCommandName() {
		return EventData.text(getData().path("data").get("name"));
	}

	/** The custom id ({@code data.custom_id}) for components and modals, otherwise {@code null}. */
	public String getCustomId() {
		return EventData.text(getData().path("data").get("custom_id"));
	}

	/**
	 * The interaction token needed to respond (valid for 15 minutes). It is a secret for that time:
	 * do not log it.
	 */
	public String getInteractionToken() {
		return EventData.text(getData().get("token"));
	}

}
