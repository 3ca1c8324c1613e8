package io.github.discordgateway.core.internal;

import java.net.URI;

/**
 * The answer of {@code GET /gateway/bot}.
 *
 * @param url the gateway URL (without query)
 * @param shards the recommended shard count
 * @param sessionStartTotal identifies allowed per window
 * @param sessionStartRemaining identifies left in the current window
 * @param sessionStartResetAfterMillis time until the window resets
 * @param maxConcurrency identify concurrency buckets
 */
record GatewayBotInfo(URI url, int shards, int sessionStartTotal, int sessionStartRemaining,
		long sessionStartResetAfterMillis, int maxConcurrency) {

}
