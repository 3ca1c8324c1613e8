package io.github.discordgateway.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;

/**
 * The gateway commands an application sends: presence, voice state and guild member
 * requests. {@link io.github.discordgateway.core.manager.GatewayShardManager} sends them
 * through the shards of this process; on a worker that consumes events from a broker, an
 * implementation in {@code gateway-consumer} sends them through the broker to the gateway
 * service that owns the shard. Inject this interface and the same code runs in both
 * places.
 */
public interface GatewayCommandSender {

	/**
	 * Updates the bot's presence on every shard (opcode 3). Discord allows 5 presence
	 * updates per 20 s per shard.
	 * @return completes when the command was sent (in-process) or handed to the broker
	 * (worker)
	 */
	CompletableFuture<Void> updatePresence(GatewayPresence presence);

	/** Updates the bot's presence on one shard (opcode 3). */
	CompletableFuture<Void> updatePresence(int shardId, GatewayPresence presence);

	/**
	 * Joins, moves or leaves ({@code channelId == null}) a voice channel (opcode 4),
	 * through the shard that holds the guild.
	 */
	CompletableFuture<Void> updateVoiceState(long guildId, Long channelId, boolean selfMute, boolean selfDeaf);

	/**
	 * Requests guild members (opcode 8) through the shard that holds the guild and
	 * collects every GUILD_MEMBERS_CHUNK of the answer (matched by nonce).
	 * @return the members (Discord member objects), or a failure after the request's
	 * timeout or when Discord rate-limits the request
	 */
	CompletableFuture<List<JsonNode>> requestGuildMembers(GuildMembersRequest request);

}
