/**
 * The entry point of the protocol client:
 * {@link io.github.discordgateway.core.manager.GatewayShardManager}, built by its
 * {@link io.github.discordgateway.core.manager.GatewayShardManager.Builder}. The manager
 * is the public face of a runtime in {@code core.internal} that discovers the gateway,
 * runs one session per shard id (started and stopped together) and routes commands to the
 * shard of a guild; the types it takes and gives are in
 * {@code io.github.discordgateway.core}.
 */
package io.github.discordgateway.core.manager;
