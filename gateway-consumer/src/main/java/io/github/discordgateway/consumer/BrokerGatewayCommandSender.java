package io.github.discordgateway.consumer;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.discordgateway.broker.GatewayCommandEnvelope;
import io.github.discordgateway.core.GatewayCommandSender;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayPresence;
import io.github.discordgateway.core.GuildMembersRequest;
import io.github.discordgateway.core.spi.GatewayCommands;
import io.github.discordgateway.core.spi.MemberChunkCollector;

/**
 * The {@link GatewayCommandSender} of a worker: each command becomes a
 * {@link GatewayCommandEnvelope} on the broker, which the gateway instance that owns the
 * target shard reads and sends within Discord's rate limits. The command data is built
 * exactly as in-process, and a command whose gateway payload would exceed Discord's 4096
 * bytes fails here. The futures complete when the broker confirmed the write (not when
 * Discord received it); a member request's future completes with the members of the
 * GUILD_MEMBERS_CHUNK events that come back through the consumer with the request's
 * nonce, or fails after the request's timeout. Only this worker can complete its
 * requests: with several workers in a group, the chunks must reach this one (see
 * {@code docs/forwarding.md}).
 */
public class BrokerGatewayCommandSender implements GatewayCommandSender, AutoCloseable {

	/** Discord closes the connection (4002) on a payload above this size. */
	static final int MAX_PAYLOAD_BYTES = 4096;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final CommandPublisher publisher;

	private final TaskScheduler scheduler;

	private final ThreadPoolTaskScheduler ownScheduler;

	private final MemberChunkCollector memberChunks = MemberChunkCollector.of((dispatch) -> {
	});

	/**
	 * @param publisher writes the command envelopes
	 * @param scheduler times member requests out; {@code null} for a daemon thread of its
	 * own, stopped by {@link #close()}
	 */
	public BrokerGatewayCommandSender(CommandPublisher publisher, TaskScheduler scheduler) {
		this.publisher = Objects.requireNonNull(publisher, "publisher");
		if (scheduler != null) {
			this.scheduler = scheduler;
			this.ownScheduler = null;
		}
		else {
			this.ownScheduler = new ThreadPoolTaskScheduler();
			this.ownScheduler.setPoolSize(1);
			this.ownScheduler.setThreadNamePrefix("gateway-commands-");
			this.ownScheduler.setDaemon(true);
			this.ownScheduler.setRemoveOnCancelPolicy(true);
			this.ownScheduler.initialize();
			this.scheduler = this.ownScheduler;
		}
	}

	/** Stops the scheduler this sender created for itself, if any. */
	@Override
	public void close() {
		if (this.ownScheduler != null) {
			this.ownScheduler.shutdown();
		}
	}

	/**
	 * Completes member requests from the GUILD_MEMBERS_CHUNK (and RATE_LIMITED)
	 * dispatches it sees: hand it every consumed dispatch (see {@link EnvelopeHandler}).
	 */
	public GatewayListener replyListener() {
		return this.memberChunks;
	}

	@Override
	public CompletableFuture<Void> updatePresence(GatewayPresence presence) {
		return send(GatewayCommands.PRESENCE_UPDATE, null, null, null, GatewayCommands.presence(presence));
	}

	@Override
	public CompletableFuture<Void> updatePresence(int shardId, GatewayPresence presence) {
		return send(GatewayCommands.PRESENCE_UPDATE, shardId, null, null, GatewayCommands.presence(presence));
	}

	@Override
	public CompletableFuture<Void> updateVoiceState(long guildId, Long channelId, boolean selfMute, boolean selfDeaf) {
		return send(GatewayCommands.VOICE_STATE_UPDATE, null, Long.toUnsignedString(guildId), null,
				GatewayCommands.voiceState(guildId, channelId, selfMute, selfDeaf));
	}

	@Override
	public CompletableFuture<List<JsonNode>> requestGuildMembers(GuildMembersRequest request) {
		String nonce = UUID.randomUUID().toString().replace("-", "");
		CompletableFuture<List<JsonNode>> members = this.memberChunks.register(nonce, request.timeout(),
				this.scheduler);
		send(GatewayCommands.REQUEST_GUILD_MEMBERS, null, Long.toUnsignedString(request.guildId()), nonce,
				GatewayCommands.requestGuildMembers(request, nonce))
			.whenComplete((sent, failure) -> {
				if (failure != null) {
					this.memberChunks.abandon(nonce, failure);
				}
			});
		return members;
	}

	private CompletableFuture<Void> send(int opcode, Integer shardId, String guildId, String nonce, JsonNode data) {
		byte[] json = JSON.writeValueAsBytes(data);
		int size = ("{\"op\":" + opcode + ",\"d\":}").length() + json.length;
		if (size > MAX_PAYLOAD_BYTES) {
			return CompletableFuture.failedFuture(new IllegalArgumentException("Opcode " + opcode + " payload is "
					+ size + " bytes; Discord refuses payloads above " + MAX_PAYLOAD_BYTES + " bytes (close 4002)"));
		}
		try {
			return this.publisher
				.publish(new GatewayCommandEnvelope(opcode, shardId, guildId, nonce, Instant.now(), json));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

}
