package io.github.discordgateway.core;

import java.util.concurrent.CompletableFuture;

/**
 * Decides when a shard may IDENTIFY. Discord allows one IDENTIFY per concurrency bucket
 * ({@code shard_id % max_concurrency}) per 5 seconds for the whole bot, across every process that
 * runs its shards; breaking the rule gets the IDENTIFY refused. The default
 * {@link InProcessIdentifyCoordinator} is right for a bot whose shards all run in one process; a
 * fleet shares one coordinator, such as the Redis one of the auto-configuration.
 * Resumes never ask for a slot.
 */
public interface IdentifyCoordinator {

	/**
	 * Waits for the shard's next identify slot.
	 * @param shardId the shard about to identify
	 * @param maxConcurrency the bot's {@code max_concurrency}
	 * @return a future completed when the shard may identify; cancelling it gives up the wait
	 */
	CompletableFuture<Void> acquire(int shardId, int maxConcurrency);

}
