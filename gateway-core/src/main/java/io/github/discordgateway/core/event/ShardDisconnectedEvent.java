package io.github.discordgateway.core.event;

import java.util.Objects;

import io.github.discordgateway.core.GatewayCloseCode;
import io.github.discordgateway.core.ShardDisconnect;

/**
 * A shard's connection ended. {@link #isWillReconnect()} tells whether the shard
 * reconnects on its own; when it does not and {@link #getRecovery()} is
 * {@link GatewayCloseCode.Recovery#FATAL FATAL}, the configuration must change (for
 * example a rejected token or disallowed intents).
 */
public class ShardDisconnectedEvent extends ShardLifecycleEvent {

	private static final long serialVersionUID = 1L;

	private final transient ShardDisconnect disconnect;

	/**
	 * Creates the event.
	 * @param source the object that published the event
	 * @param shardId the shard
	 * @param disconnect why the connection ended
	 */
	public ShardDisconnectedEvent(Object source, int shardId, ShardDisconnect disconnect) {
		super(source, shardId);
		this.disconnect = Objects.requireNonNull(disconnect, "disconnect");
	}

	/** Why the connection ended, as reported by the shard. */
	public ShardDisconnect getDisconnect() {
		return this.disconnect;
	}

	/**
	 * The WebSocket close code ({@code 1006} when the connection dropped without a close
	 * frame).
	 */
	public int getCloseCode() {
		return this.disconnect.closeCode();
	}

	/**
	 * The known close code constant, or {@code null} for a code that is not documented.
	 */
	public GatewayCloseCode getGatewayCloseCode() {
		return GatewayCloseCode.of(this.disconnect.closeCode());
	}

	/** A human-readable reason. */
	public String getReason() {
		return this.disconnect.reason();
	}

	/** Whether the shard reconnects on its own. */
	public boolean isWillReconnect() {
		return this.disconnect.willReconnect();
	}

	/** What the shard does next. */
	public GatewayCloseCode.Recovery getRecovery() {
		return this.disconnect.recovery();
	}

	@Override
	public String toString() {
		return "ShardDisconnectedEvent[shard=" + getShardId() + ", code=" + getCloseCode() + ", recovery="
				+ getRecovery() + ", willReconnect=" + isWillReconnect() + "]";
	}

}
