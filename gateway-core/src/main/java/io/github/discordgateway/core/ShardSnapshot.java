package io.github.discordgateway.core;

import java.time.Duration;
import java.time.Instant;

/**
 * What a shard looks like at one moment. Contains no secrets.
 *
 * @param shardId the shard id
 * @param shardTotal the total shard count it identified with
 * @param state its state
 * @param stateSince when it entered that state
 * @param sessionPresent whether it holds a session that can be resumed
 * @param sequence the last sequence number received ({@code 0} for none)
 * @param heartbeatLatency round trip of the last acknowledged heartbeat, or {@code null}
 * @param gatewayHost the host of the current or last gateway connection, or {@code null}
 * @param encoding the payload encoding
 * @param compression the transport compression
 * @param connectedSince when the current session became READY, or {@code null}
 * @param lastDispatchAt when the last dispatch arrived, or {@code null}
 * @param reconnects how many times the shard reconnected
 * @param lastDisconnect why the last connection ended, or {@code null}
 * @param deliveryBacklog dispatches and lifecycle callbacks received and not yet handed
 * to the listener (the depth of the shard's delivery queue)
 * @param owner with shard leases: the id of the instance that holds the shard's lease
 * (this instance's while it runs the shard, another one's while this one stands by), or
 * {@code null} without leases or while the holder is not known
 */
public record ShardSnapshot(int shardId, int shardTotal, ShardState state, Instant stateSince, boolean sessionPresent,
		long sequence, Duration heartbeatLatency, String gatewayHost, GatewayEncoding encoding,
		GatewayCompression compression, Instant connectedSince, Instant lastDispatchAt, long reconnects,
		ShardDisconnect lastDisconnect, int deliveryBacklog, String owner) {

}
