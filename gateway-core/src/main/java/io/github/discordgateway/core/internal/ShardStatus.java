package io.github.discordgateway.core.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;

import io.github.discordgateway.core.ShardDisconnect;
import io.github.discordgateway.core.ShardSnapshot;
import io.github.discordgateway.core.ShardState;

/**
 * What a {@link ShardSnapshot} shows of one shard beyond its state and session: since
 * when it is in its state and since when it has been without a live session, the host it
 * is connected to and since when, how often it reconnected and why it last disconnected,
 * and who holds its lease. Guarded by the session's lock; {@link #unavailableSince()} and
 * the owner are also read without it.
 */
final class ShardStatus {

	private final int shardId;

	private final ShardContext context;

	private final Clock clock;

	private Instant stateSince;

	// Since when the shard has had no live session; null while READY
	private volatile Instant unavailableSince;

	// The URL the current connection was opened on (a resume URL must not weaken it)
	private URI connectedUri;

	private Instant connectedSince;

	private ShardDisconnect lastDisconnect;

	private long reconnects;

	// With shard leases: who holds this shard's lease (see ShardSnapshot#owner)
	private volatile String owner;

	ShardStatus(int shardId, ShardContext context) {
		this.shardId = shardId;
		this.context = context;
		this.clock = context.scheduler().getClock();
		this.stateSince = this.clock.instant();
		this.unavailableSince = this.stateSince;
	}

	void changed(ShardState previous, ShardState next) {
		this.stateSince = this.clock.instant();
		if (next == ShardState.READY) {
			this.unavailableSince = null;
		}
		else if (previous == ShardState.READY) {
			this.unavailableSince = this.stateSince;
		}
	}

	Instant unavailableSince() {
		return this.unavailableSince;
	}

	void connectingTo(URI uri) {
		this.connectedUri = uri;
	}

	URI connectedUri() {
		return this.connectedUri;
	}

	/** The session is live (READY or RESUMED). */
	void live() {
		this.connectedSince = this.clock.instant();
	}

	void reconnecting() {
		this.reconnects++;
	}

	void disconnected(ShardDisconnect disconnect) {
		this.lastDisconnect = disconnect;
		this.connectedSince = null;
	}

	void owner(String instanceId) {
		this.owner = instanceId;
	}

	ShardSnapshot snapshot(ShardState state, boolean sessionPresent, ReceivedSequence sequence,
			GatewayConnection connection, int deliveryBacklog) {
		Heartbeater beats = (connection != null) ? connection.heartbeater() : null;
		return new ShardSnapshot(this.shardId, this.context.shardTotal(), state, this.stateSince, sessionPresent,
				sequence.last(), (beats != null) ? beats.latency() : null,
				(this.connectedUri != null) ? this.connectedUri.getHost() : null, this.context.options().encoding(),
				this.context.options().compression(), this.connectedSince, sequence.lastDispatchAt(), this.reconnects,
				this.lastDisconnect, deliveryBacklog, this.owner);
	}

}
