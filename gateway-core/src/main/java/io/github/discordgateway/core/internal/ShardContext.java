package io.github.discordgateway.core.internal;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.springframework.scheduling.TaskScheduler;

import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.GatewaySessionStore;
import io.github.discordgateway.core.IdentifyCoordinator;

/**
 * What every shard of a manager shares: configuration, the gateway URL, the identify
 * queue, the threads and the application's listener.
 *
 * @param options the configuration
 * @param shardTotal the total shard count
 * @param transport opens connections
 * @param scheduler runs heartbeats and timers (never blocking work); its clock is the
 * sessions' clock
 * @param ioExecutor runs blocking socket work such as close handshakes
 * @param deliveryExecutor runs listener callbacks
 * @param gatewayUrls resolves and caches the gateway URL
 * @param identifyCoordinator grants identify slots
 * @param maxConcurrency the bot's identify concurrency
 * @param identifyBudget the daily session-start budget
 * @param codec encodes and decodes payloads
 * @param listener receives dispatches and lifecycle callbacks
 * @param observer receives metrics hooks
 * @param sessionStore keeps sessions across restarts, or {@code null}
 */
record ShardContext(GatewayOptions options, int shardTotal, GatewayTransport transport, TaskScheduler scheduler,
		Executor ioExecutor, Executor deliveryExecutor, GatewayUrls gatewayUrls,
		IdentifyCoordinator identifyCoordinator, int maxConcurrency, IdentifyBudget identifyBudget, PayloadCodec codec,
		GatewayListener listener, GatewayObserver observer, GatewaySessionStore sessionStore) {

	/**
	 * Resolves and caches the gateway URL: explicit, or discovered and refetched after a
	 * failure.
	 */
	public interface GatewayUrls {

		CompletableFuture<URI> resolve();

		void invalidate();

		/**
		 * The configured or last discovered gateway URL, or {@code null} if none is
		 * known.
		 */
		URI known();

	}

}
