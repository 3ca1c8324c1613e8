package io.github.discordgateway.core;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shard leases kept in this JVM: for several
 * {@link io.github.discordgateway.core.manager.GatewayShardManager}s of one process that
 * share one instance of this class (each through a {@link #forInstance(String) view} with
 * its own id), and for tests. A fleet of processes needs a shared store such as Redis.
 */
public final class InMemoryShardLeaseManager {

	private final Duration ttl;

	private final Duration pollInterval;

	private final Map<String, Lease> leases = new ConcurrentHashMap<>();

	/**
	 * @param ttl how long a lease lasts without renewal
	 * @param pollInterval how often a standby asks again
	 */
	public InMemoryShardLeaseManager(Duration ttl, Duration pollInterval) {
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive but was " + ttl);
		}
		if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("pollInterval must be positive but was " + pollInterval);
		}
		this.ttl = ttl;
		this.pollInterval = pollInterval;
	}

	/**
	 * The leases as seen by one instance.
	 * @param instanceId the instance's id
	 * @return a lease manager for that instance
	 */
	public ShardLeaseManager forInstance(String instanceId) {
		Objects.requireNonNull(instanceId, "instanceId");
		return new ShardLeaseManager() {

			@Override
			public String instanceId() {
				return instanceId;
			}

			@Override
			public Duration ttl() {
				return InMemoryShardLeaseManager.this.ttl;
			}

			@Override
			public Duration pollInterval() {
				return InMemoryShardLeaseManager.this.pollInterval;
			}

			@Override
			public String acquire(int shardId, int shardTotal) {
				long now = System.nanoTime();
				return InMemoryShardLeaseManager.this.leases.compute(key(shardId, shardTotal), (key, lease) -> {
					if (lease == null || lease.expired(now) || lease.owner.equals(instanceId)) {
						return new Lease(instanceId, now + InMemoryShardLeaseManager.this.ttl.toNanos());
					}
					return lease;
				}).owner;
			}

			@Override
			public boolean renew(int shardId, int shardTotal) {
				long now = System.nanoTime();
				Lease renewed = InMemoryShardLeaseManager.this.leases.computeIfPresent(key(shardId, shardTotal),
						(key, lease) -> (lease.owner.equals(instanceId) && !lease.expired(now))
								? new Lease(instanceId, now + InMemoryShardLeaseManager.this.ttl.toNanos()) : lease);
				return renewed != null && renewed.owner.equals(instanceId) && !renewed.expired(now);
			}

			@Override
			public void release(int shardId, int shardTotal) {
				InMemoryShardLeaseManager.this.leases.computeIfPresent(key(shardId, shardTotal),
						(key, lease) -> lease.owner.equals(instanceId) ? null : lease);
			}

			@Override
			public String toString() {
				return "InMemoryShardLeaseManager[instance=" + instanceId + "]";
			}

		};
	}

	private static String key(int shardId, int shardTotal) {
		return shardTotal + ":" + shardId;
	}

	private record Lease(String owner, long expiresAt) {

		boolean expired(long now) {
			return now - this.expiresAt >= 0;
		}

	}

}
