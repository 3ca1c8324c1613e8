package io.github.discordgateway.core;

/**
 * Why a shard's connection ended.
 *
 * @param closeCode the WebSocket close code ({@code 1006} when the connection dropped
 * without a close frame)
 * @param reason a human-readable reason
 * @param recovery what the shard does next; {@code null} when the application stopped the
 * shard
 * @param willReconnect whether the shard reconnects on its own
 */
public record ShardDisconnect(int closeCode, String reason, GatewayCloseCode.Recovery recovery, boolean willReconnect) {

}
