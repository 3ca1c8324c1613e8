package io.github.discordgateway.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.discordgateway.core.ShardLeaseManager;

/**
 * The shards one start of a {@link ShardRuntime} created, with their lease keepers when
 * shard leases are on: connected together by {@link #start()} and closed together by
 * {@link #stop(Duration)}.
 */
final class LaunchedShards {

	private static final Logger logger = LoggerFactory.getLogger(ShardRuntime.class);

	/** Before the first start and after a stop. */
	static final LaunchedShards NONE = new LaunchedShards(0, null, List.of(), List.of(), null, null);

	private final int total;

	private final IdentifyBudget budget;

	private final List<ShardSession> sessions;

	/**
	 * One per shard, in the order of {@link #sessions}, with shard leases; else empty.
	 */
	private final List<ShardLeaseKeeper> leaseKeepers;

	private final ShardLeaseManager leaseManager;

	private final Executor io;

	LaunchedShards(int total, IdentifyBudget budget, List<ShardSession> sessions, List<ShardLeaseKeeper> leaseKeepers,
			ShardLeaseManager leaseManager, Executor io) {
		this.total = total;
		this.budget = budget;
		this.sessions = List.copyOf(sessions);
		this.leaseKeepers = List.copyOf(leaseKeepers);
		this.leaseManager = leaseManager;
		this.io = io;
	}

	/** The shard total. */
	int total() {
		return this.total;
	}

	/** The session-start budget the shards share. */
	IdentifyBudget budget() {
		return this.budget;
	}

	/** The sessions, in id order. */
	List<ShardSession> sessions() {
		return this.sessions;
	}

	boolean isEmpty() {
		return this.sessions.isEmpty();
	}

	/** The shard with the given id, or {@code null}. */
	ShardSession find(int shardId) {
		for (ShardSession shard : this.sessions) {
			if (shard.id() == shardId) {
				return shard;
			}
		}
		return null;
	}

	/** The shard with the given id, which must be one of these. */
	ShardSession require(int shardId) {
		ShardSession shard = find(shardId);
		if (shard == null) {
			throw new IllegalArgumentException("Shard " + shardId + " does not run in this process (it runs "
					+ this.sessions.stream().map(ShardSession::id).toList() + ")");
		}
		return shard;
	}

	/** Connects every shard, or, with shard leases, each once it holds its lease. */
	void start() {
		List<Integer> ids = this.sessions.stream().map(ShardSession::id).toList();
		if (this.leaseKeepers.isEmpty()) {
			logger.info("Starting {} of {} shard(s): {}", ids.size(), this.total, ids);
			this.sessions.forEach(ShardSession::start);
			return;
		}
		logger.info(
				"Starting {} of {} shard(s) {} as instance {}: each once it holds the shard's lease, "
						+ "standing by while another instance does",
				ids.size(), this.total, ids, this.leaseManager.instanceId());
		this.leaseKeepers.forEach(ShardLeaseKeeper::start);
	}

	/**
	 * Closes every shard in parallel and then releases its lease, waiting at most the
	 * close timeout (and, with leases, a third of their time to live for the releases).
	 */
	void stop(Duration closeTimeout) {
		this.leaseKeepers.forEach(ShardLeaseKeeper::stop);
		List<CompletableFuture<Void>> closes = new ArrayList<>();
		for (int i = 0; i < this.sessions.size(); i++) {
			ShardSession shard = this.sessions.get(i);
			ShardLeaseKeeper keeper = this.leaseKeepers.isEmpty() ? null : this.leaseKeepers.get(i);
			closes.add(CompletableFuture.runAsync(() -> {
				shard.stop();
				if (keeper != null) {
					keeper.release();
				}
			}, this.io));
		}
		long releaseWait = (this.leaseManager != null && !this.leaseKeepers.isEmpty())
				? this.leaseManager.ttl().dividedBy(3).toMillis() : 0;
		try {
			CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new))
				.get(closeTimeout.toMillis() + 1000 + releaseWait, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Not every shard closed cleanly in time");
		}
	}

}
