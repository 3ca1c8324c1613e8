/**
 * The protocol client's public API. Start with
 * {@link io.github.discordgateway.core.GatewayShardManager} (built by its
 * {@link io.github.discordgateway.core.GatewayShardManager.Builder} from
 * {@link io.github.discordgateway.core.GatewayOptions} and a
 * {@link io.github.discordgateway.core.GatewayListener}); it runs the shards, sends the
 * commands of {@link io.github.discordgateway.core.GatewayCommandSender} and exposes each
 * shard as a {@link io.github.discordgateway.core.GatewayShard}. Dispatches arrive as
 * {@link io.github.discordgateway.core.GatewayDispatch} (and as the Spring events of
 * {@code core.event}); {@link io.github.discordgateway.core.GatewayObserver} receives
 * metrics hooks. The extension points for a fleet are one small interface each, with an
 * in-process default: {@link io.github.discordgateway.core.IdentifyCoordinator},
 * {@link io.github.discordgateway.core.GatewaySessionStore} and
 * {@link io.github.discordgateway.core.ShardLeaseManager}; {@code core.spi} holds what
 * broker integrations share with the manager.
 * <p>
 * Everything in {@code core.internal} is the client's implementation and may change in
 * any release; a few of its classes are public only so that this package can use them,
 * and no other module may import them (the build's architecture rules check it).
 */
package io.github.discordgateway.core;
