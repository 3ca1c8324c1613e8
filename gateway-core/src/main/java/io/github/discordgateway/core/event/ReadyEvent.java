package io.github.discordgateway.core.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.github.discordgateway.core.GatewayDispatch;
import tools.jackson.databind.JsonNode;

/**
 * {@code READY}: a shard established a new session after IDENTIFY. Every guild of the
 * shard is listed as unavailable; a {@link GuildCreateEvent} follows for each. Values are
 * read from the event data when asked for. A {@link ShardReadyEvent} is published right
 * after this event.
 */
public class ReadyEvent extends GatewayDispatchEvent {

	private static final long serialVersionUID = 1L;

	/** The dispatch type of this event. */
	public static final String TYPE = "READY";

	/**
	 * Creates the event.
	 * @param dispatch a {@code READY} dispatch
	 */
	public ReadyEvent(GatewayDispatch dispatch) {
		super(dispatch);
	}

	/** The session id needed to resume, or {@code null} if absent. */
	public String getSessionId() {
		return EventData.text(getData().get("session_id"));
	}

	/** The session-specific URL to resume on, or {@code null} if absent. */
	public String getResumeGatewayUrl() {
		return EventData.text(getData().get("resume_gateway_url"));
	}

	/** The gateway version in use ({@code v}), or {@code 0} if absent. */
	public int getGatewayVersion() {
		return EventData.integer(getData().get("v"), 0);
	}

	/** The bot user's id. */
	public long getUserId() {
		return Snowflake.parse(getData().path("user").path("id"));
	}

	/** The bot user's username, or {@code null} if absent. */
	public String getUsername() {
		return EventData.text(getData().path("user").get("username"));
	}

	/** The application id, or {@code null} if absent. */
	public Long getApplicationId() {
		return Snowflake.parseOrNull(getData().path("application").get("id"));
	}

	/**
	 * The ids of the guilds of this shard, in the order received (a new list on every
	 * call).
	 */
	public List<Long> getGuildIds() {
		JsonNode guilds = getData().get("guilds");
		if (guilds == null || !guilds.isArray()) {
			return Collections.emptyList();
		}
		List<Long> ids = new ArrayList<>(guilds.size());
		for (JsonNode guild : guilds) {
			ids.add(Snowflake.parse(guild.path("id")));
		}
		return ids;
	}

	/** The number of guilds of this shard. */
	public int getGuildCount() {
		return EventData.count(getData().get("guilds"));
	}

	/**
	 * The total shard count echoed in {@code shard: [id, total]}, or {@code null} when
	 * the shard identified without sharding. The shard id is {@link #getShardId()}.
	 */
	public Integer getShardTotal() {
		JsonNode shard = getData().get("shard");
		if (shard == null || !shard.isArray() || shard.size() != 2 || !shard.get(1).canConvertToInt()) {
			return null;
		}
		return shard.get(1).intValue();
	}

}
