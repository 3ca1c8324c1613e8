/**
 * The protocol client's implementation: one session per shard
 * ({@link io.github.discordgateway.core.internal.ShardSession}, its handshake, recovery
 * and state), the connection, heartbeats, the command outbox, codecs and transport
 * decompression, discovery, identify admission and shard leases. Classes are
 * package-private unless another package of the client needs them:
 * <ul>
 * <li>{@code core.manager} creates and runs the shards: {@code ShardSession},
 * {@code ShardContext}, {@code ShardLeaseKeeper}, {@code GatewayLocator},
 * {@code GatewayBotInfo}, {@code IdentifyBudget}, {@code GatewayTransport},
 * {@code SpringWebSocketTransport} and {@code PayloadCodec};</li>
 * <li>the codecs ({@code JsonCodec}, {@code EtfCodec}) and {@code ReceivePipeline} are
 * measured on their own by gateway-benchmarks.</li>
 * </ul>
 * No module other than gateway-core may import this package; the build's architecture
 * rules check it.
 */
package io.github.discordgateway.core.internal;
