package io.github.discordgateway.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.GatewaySessionStore;
import io.github.discordgateway.core.IdentifyCoordinator;
import io.github.discordgateway.core.InProcessIdentifyCoordinator;
import io.github.discordgateway.core.ShardLeaseManager;

/**
 * Creates the shards of one start of a {@link ShardRuntime} from what discovery answered:
 * the shard total and the ids this process runs, the session-start budget, the identify
 * coordinator, and one session (with a lease keeper when shard leases are on) per id,
 * sharing one {@link ShardContext}.
 */
final class ShardLauncher {

	private static final Logger logger = LoggerFactory.getLogger(ShardRuntime.class);

	private final GatewayOptions options;

	private final GatewayListener listener;

	private final GatewayObserver observer;

	private final GatewayTransport transport;

	private final ManagerThreads threads;

	private final GatewayLocator gateway;

	private final IdentifyCoordinator identifyCoordinator;

	private final GatewaySessionStore sessionStore;

	private final ShardLeaseManager leaseManager;

	ShardLauncher(GatewayOptions options, GatewayListener listener, GatewayObserver observer,
			GatewayTransport transport, ManagerThreads threads, GatewayLocator gateway,
			IdentifyCoordinator identifyCoordinator, GatewaySessionStore sessionStore, ShardLeaseManager leaseManager) {
		this.options = options;
		this.listener = listener;
		this.observer = observer;
		this.transport = transport;
		this.threads = threads;
		this.gateway = gateway;
		this.identifyCoordinator = identifyCoordinator;
		this.sessionStore = sessionStore;
		this.leaseManager = leaseManager;
	}

	/**
	 * Creates the shards, without connecting them.
	 * @param info the discovery answer, or {@code null} when the gateway URL and the
	 * shard total are configured
	 * @return the shards, not connected yet
	 * @throws NoShardToRunException when the options cannot run with the total discovery
	 * recommended
	 */
	LaunchedShards launch(GatewayBotInfo info) {
		if (info != null && info.sessionStartRemaining() == 0) {
			logger.warn("Discord reports no session starts left today (resets in {} s); identifies will be refused",
					info.sessionStartResetAfterMillis() / 1000);
		}
		int total = (this.options.shardTotal() != null) ? this.options.shardTotal()
				: (info != null) ? info.shards() : 1;
		String totalText = (this.options.shardTotal() != null) ? "configured shard total " + total
				: "shard total " + total + " recommended by Discord (GET /gateway/bot)";
		String problem = this.options.problemWithShardTotal(total, totalText);
		if (problem != null) {
			throw new NoShardToRunException(problem);
		}
		IdentifyBudget budget = (info != null) ? new IdentifyBudget(info.sessionStartTotal(),
				info.sessionStartRemaining(), Duration.ofMillis(info.sessionStartResetAfterMillis()))
				: IdentifyBudget.assumed();
		IdentifyCoordinator coordinator = (this.identifyCoordinator != null) ? this.identifyCoordinator
				: new InProcessIdentifyCoordinator(this.threads.scheduler(), this.options.identifyInterval());
		if (info != null) {
			coordinator.sessionStartLimitDiscovered(budget.snapshot());
		}
		ShardContext context = new ShardContext(this.options, total, this.transport, this.threads.scheduler(),
				this.threads.io(), this.threads.delivery(), this.gateway, coordinator,
				(info != null) ? info.maxConcurrency() : 1, budget, PayloadCodec.forEncoding(this.options.encoding()),
				this.listener, this.observer, this.sessionStore);
		List<ShardSession> sessions = new ArrayList<>();
		List<ShardLeaseKeeper> keepers = new ArrayList<>();
		for (int id : this.options.resolveShardIds(total)) {
			ShardSession session = new ShardSession(id, context);
			sessions.add(session);
			if (this.leaseManager != null) {
				keepers.add(new ShardLeaseKeeper(session, total, this.leaseManager, this.threads.scheduler(),
						this.threads.io()));
			}
		}
		return new LaunchedShards(total, budget, sessions, keepers, this.leaseManager, this.threads.io());
	}

	/** The options give this process no shard to run with the shard total. */
	static final class NoShardToRunException extends RuntimeException {

		NoShardToRunException(String message) {
			super(message);
		}

	}

}
