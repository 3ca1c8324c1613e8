package io.github.discordgateway.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Decides when a shard may IDENTIFY. Discord allows one IDENTIFY per concurrency bucket
 * ({@code shard_id % max_concurrency}) per 5 seconds for the whole bot, across every
 * process that runs its shards, and judges the spacing by when the IDENTIFYs arrive;
 * breaking the rule gets the IDENTIFY refused. So a slot is handed out as an
 * {@link IdentifySlot} that is told when its IDENTIFY was written, and the next slot of
 * the bucket counts from that moment. The default {@link InProcessIdentifyCoordinator} is
 * right for a bot whose shards all run in one process; a fleet shares one coordinator,
 * such as the Redis one of the auto-configuration. Resumes never ask for a slot.
 */
public interface IdentifyCoordinator {

	/**
	 * Waits for the shard's next identify slot.
	 * @param shardId the shard about to identify
	 * @param maxConcurrency the bot's {@code max_concurrency}
	 * @return a future completed with the slot when the shard may identify; cancelling it
	 * gives up the wait (a slot already handed out must be
	 * {@linkplain IdentifySlot#release() released})
	 */
	CompletableFuture<IdentifySlot> acquire(int shardId, int maxConcurrency);

	/**
	 * Discord reported the bot's session-start budget (discovery). A coordinator shared
	 * by a fleet may keep one budget for every instance from it; the default does nothing
	 * (each process then counts its own starts).
	 * @param limit the budget as discovery reported it
	 */
	default void sessionStartLimitDiscovered(SessionStartLimit limit) {
	}

	/**
	 * The shards of this process that wait for a slot because a session-start budget the
	 * coordinator keeps beyond this process (a fleet's) is spent. Health reports them
	 * beside those the process's own budget holds back.
	 * @return their ids; empty by default
	 */
	default List<Integer> shardsHeldBackByBudget() {
		return List.of();
	}

}
