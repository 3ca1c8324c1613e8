package io.github.discordgateway.core;

import java.time.Duration;

/**
 * Makes sure that each shard of a fleet runs on exactly one live instance. Before a shard
 * opens a connection (or takes its saved session) its instance must hold the shard's
 * lease; the lease lasts {@link #ttl()} unless renewed, and the instance renews it every
 * third of that while it runs the shard. An instance configured for a shard whose lease
 * another instance holds keeps the shard in {@link ShardState#STANDBY} and asks again
 * every {@link #pollInterval()}: when the holder dies its lease expires, and a standby
 * takes the shard over within {@code ttl + pollInterval}. When the holder stops
 * gracefully it saves the session and releases the lease, so a standby resumes the
 * session at its next poll.
 * <p>
 * The methods may block on a remote store; the
 * {@link io.github.discordgateway.core.manager.GatewayShardManager} calls them on its own
 * threads (never on a socket or heartbeat thread) and gives up on a call that does not
 * answer within a third of the TTL. Implementations should bound their own calls well
 * below that. See {@link InMemoryShardLeaseManager} for several managers in one JVM; the
 * Redis one of the auto-configuration serves a fleet.
 */
public interface ShardLeaseManager {

	/**
	 * This instance's id: stored in the leases it holds and shown by the other instances
	 * as the owner of those shards. Must differ between instances and contain no secret.
	 * @return the instance id
	 */
	String instanceId();

	/**
	 * How long a lease lasts without renewal: the longest time a shard stays without an
	 * owner after its owner died.
	 * @return the lease time to live
	 */
	Duration ttl();

	/**
	 * How often a standby asks whether a lease became free.
	 * @return the poll interval; by default a fifth of the TTL
	 */
	default Duration pollInterval() {
		return ttl().dividedBy(5);
	}

	/**
	 * Takes a shard's lease if nobody holds it.
	 * @param shardId the shard id
	 * @param shardTotal the shard total (leases of different totals are different leases)
	 * @return the id of the instance that holds the lease now: {@link #instanceId()} when
	 * this instance took it or held it already
	 */
	String acquire(int shardId, int shardTotal);

	/**
	 * Extends this instance's lease of a shard by the TTL.
	 * @param shardId the shard id
	 * @param shardTotal the shard total
	 * @return {@code false} if this instance no longer holds the lease (it expired or
	 * another instance holds it): the shard must stop at once
	 */
	boolean renew(int shardId, int shardTotal);

	/**
	 * Gives up this instance's lease of a shard, so that a standby takes it over at once.
	 * Does nothing if the lease is not this instance's (any more).
	 * @param shardId the shard id
	 * @param shardTotal the shard total
	 */
	void release(int shardId, int shardTotal);

}
