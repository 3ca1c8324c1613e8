/**
 * The protocol client's implementation: the runtime of a manager
 * ({@link io.github.discordgateway.core.internal.ShardRuntime}: threads, discovery, the
 * shards of a start and their leases), one session per shard (its handshake, recovery and
 * state), the connection, heartbeats, the command outbox, codecs and transport
 * decompression, identify admission. Everything is package-private except:
 * <ul>
 * <li>{@code ShardRuntime}, the one class {@code core.manager} uses;</li>
 * <li>the codecs ({@code PayloadCodec}, {@code JsonCodec}, {@code EtfCodec}) and
 * {@code ReceivePipeline}, which gateway-benchmarks measures on their own.</li>
 * </ul>
 * {@code core.internal.payload} holds the decoded payload and its data reader, which
 * {@link io.github.discordgateway.core.GatewayDispatch} reads through. No module other
 * than gateway-core may import either package; the build's architecture rules check it.
 */
package io.github.discordgateway.core.internal;
