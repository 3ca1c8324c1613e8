package io.github.discordgateway.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;

import io.github.discordgateway.core.GatewayCommandSender;
import io.github.discordgateway.core.GatewayPresence;
import io.github.discordgateway.core.GuildMembersRequest;
import io.github.discordgateway.core.spi.GatewayCommands;
import io.github.discordgateway.core.spi.MemberChunkCollector;

/**
 * The commands a bot sends through the gateway (opcodes 3, 4 and 8), each written by the
 * shard the {@link ShardRuntime} routes it to.
 */
final class ShardCommands implements GatewayCommandSender {

	private static final AtomicInteger NONCES = new AtomicInteger();

	private final ShardRuntime runtime;

	private final MemberChunkCollector memberChunks;

	ShardCommands(ShardRuntime runtime, MemberChunkCollector memberChunks) {
		this.runtime = runtime;
		this.memberChunks = memberChunks;
	}

	@Override
	public CompletableFuture<Void> updatePresence(GatewayPresence presence) {
		List<CompletableFuture<Void>> sent = new ArrayList<>();
		for (ShardSession shard : this.runtime.launched().sessions()) {
			sent.add(shard.send(GatewayCommands.PRESENCE_UPDATE, GatewayCommands.presence(presence)));
		}
		return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
	}

	@Override
	public CompletableFuture<Void> updatePresence(int shardId, GatewayPresence presence) {
		return this.runtime.launched()
			.require(shardId)
			.send(GatewayCommands.PRESENCE_UPDATE, GatewayCommands.presence(presence));
	}

	@Override
	public CompletableFuture<Void> updateVoiceState(long guildId, Long channelId, boolean selfMute, boolean selfDeaf) {
		return shardForGuild(guildId).send(GatewayCommands.VOICE_STATE_UPDATE,
				GatewayCommands.voiceState(guildId, channelId, selfMute, selfDeaf));
	}

	@Override
	public CompletableFuture<List<JsonNode>> requestGuildMembers(GuildMembersRequest request) {
		ShardSession shard = shardForGuild(request.guildId());
		String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong())
				+ Integer.toHexString(NONCES.incrementAndGet());
		CompletableFuture<List<JsonNode>> members = this.memberChunks.register(nonce, request.timeout(),
				this.runtime.scheduler());
		shard.send(GatewayCommands.REQUEST_GUILD_MEMBERS, GatewayCommands.requestGuildMembers(request, nonce))
			.whenComplete((sent, failure) -> {
				if (failure != null) {
					this.memberChunks.abandon(nonce, failure);
				}
			});
		return members;
	}

	private ShardSession shardForGuild(long guildId) {
		return this.runtime.launched().require(this.runtime.shardIdForGuild(guildId));
	}

}
