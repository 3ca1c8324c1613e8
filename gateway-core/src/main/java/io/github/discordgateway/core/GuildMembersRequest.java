package io.github.discordgateway.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A Request Guild Members (opcode 8): either members whose username starts with
 * {@code query} ({@code ""} with limit 0 means everyone, which needs the GUILD_MEMBERS
 * intent), or up to 100 members by id.
 *
 * @param guildId the guild
 * @param query a username prefix, or {@code null} when {@code userIds} is used
 * @param limit maximum members for a query (0 = no limit, only with {@code ""})
 * @param userIds members by id (at most 100), or empty when {@code query} is used
 * @param presences whether to include presences (needs GUILD_PRESENCES)
 * @param timeout how long to wait for every chunk
 */
public record GuildMembersRequest(long guildId, String query, int limit, List<Long> userIds, boolean presences,
		Duration timeout) {

	public GuildMembersRequest {
		userIds = List.copyOf(userIds);
		Objects.requireNonNull(timeout, "timeout");
		if ((query == null) == userIds.isEmpty()) {
			throw new IllegalArgumentException("A member request takes either a query or user ids");
		}
		if (userIds.size() > 100) {
			throw new IllegalArgumentException("A member request takes at most 100 user ids but got " + userIds.size());
		}
		if (limit < 0) {
			throw new IllegalArgumentException("limit must not be negative");
		}
	}

	/**
	 * Members whose username starts with {@code prefix} ({@code ""} and limit 0 for
	 * everyone).
	 */
	public static GuildMembersRequest byQuery(long guildId, String prefix, int limit) {
		return new GuildMembersRequest(guildId, prefix, limit, List.of(), false, Duration.ofSeconds(30));
	}

	/** Members by id. */
	public static GuildMembersRequest byIds(long guildId, List<Long> userIds) {
		return new GuildMembersRequest(guildId, null, 0, userIds, false, Duration.ofSeconds(30));
	}

	/** The same request with presences included. */
	public GuildMembersRequest withPresences() {
		return new GuildMembersRequest(this.guildId, this.query, this.limit, this.userIds, true, this.timeout);
	}

	/** The same request with another timeout. */
	public GuildMembersRequest withTimeout(Duration timeout) {
		return new GuildMembersRequest(this.guildId, this.query, this.limit, this.userIds, this.presences, timeout);
	}

}
