/**
 * The protocol client's public API. Start with
 * {@link io.github.discordgateway.core.manager.GatewayShardManager} (built by its
 * {@link io.github.discordgateway.core.manager.GatewayShardManager.Builder} from
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
 * broker integrations share with the client.
 * <p>
 * The packages depend one way: this package (the API types) on nothing of the client but
 * {@code core.internal.payload}, {@code core.internal} (the implementation) on this
 * package and {@code core.spi}, and {@code core.manager} (the entry point) on all of
 * them. Everything in {@code core.internal} may change in any release; it is
 * package-private but for the runtime the manager uses and the codecs the benchmarks
 * measure, and no other module may import it (the build's architecture rules check both).
 */
package io.github.discordgateway.core;
