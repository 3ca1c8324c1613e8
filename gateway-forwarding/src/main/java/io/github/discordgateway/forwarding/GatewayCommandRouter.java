package io.github.discordgateway.forwarding;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.discordgateway.broker.GatewayCommandEnvelope;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.manager.GatewayShardManager;

/**
 * Sends the commands workers publish through the shards of this process: the envelope's
 * shard, else the shard of its guild, else every shard this process runs. Commands for
 * shards another instance runs are left to it. Each shard queues the command and sends it
 * within Discord's rate limits.
 */
public final class GatewayCommandRouter {

	private static final Logger logger = LoggerFactory.getLogger(GatewayCommandRouter.class);

	private static final JsonMapper JSON = JsonMapper.shared();

	private final GatewayShardManager manager;

	public GatewayCommandRouter(GatewayShardManager manager) {
		this.manager = manager;
	}

	/**
	 * Hands the command to its shards in this process.
	 * @return how many shards of this process took it (0 when it is another instance's)
	 */
	public int route(GatewayCommandEnvelope command) {
		List<GatewayShard> targets = targets(command);
		if (targets.isEmpty()) {
			return 0;
		}
		JsonNode data;
		try {
			data = JSON.readTree(command.data());
		}
		catch (JacksonException ex) {
			logger.error("Dropping {}: its data is not JSON ({})", command, ex.getOriginalMessage());
			return 0;
		}
		for (GatewayShard shard : targets) {
			shard.send(command.opcode(), data).whenComplete((sent, failure) -> {
				if (failure != null) {
					logger.warn("Shard {}: could not send {} ({})", shard.id(), command, failure.getMessage());
				}
			});
		}
		return targets.size();
	}

	private List<GatewayShard> targets(GatewayCommandEnvelope command) {
		if (command.shardId() != null) {
			return single(command.shardId());
		}
		if (command.guildId() != null) {
			Integer total = this.manager.shardTotal();
			if (total == null) {
				return List.of();
			}
			try {
				return single(this.manager.shardIdForGuild(Long.parseUnsignedLong(command.guildId())));
			}
			catch (NumberFormatException ex) {
				logger.error("Dropping {}: guild_id is not a snowflake", command);
				return List.of();
			}
		}
		return this.manager.shards();
	}

	private List<GatewayShard> single(int shardId) {
		GatewayShard shard = this.manager.shard(shardId);
		return (shard != null) ? List.of(shard) : List.of();
	}

}
