package io.github.discordgateway.core.event;

/**
 * A shard resumed its session after a reconnect; the events it missed were replayed
 * before this event.
 */
public class ShardResumedEvent extends ShardLifecycleEvent {

	private static final long serialVersionUID = 1L;

	private final long replayedEvents;

	/**
	 * Creates the event.
	 * @param source the object that published the event
	 * @param shardId the shard
	 * @param replayedEvents how many missed dispatches the gateway replayed
	 */
	public ShardResumedEvent(Object source, int shardId, long replayedEvents) {
		super(source, shardId);
		this.replayedEvents = replayedEvents;
	}

	/** How many missed dispatches the gateway replayed. */
	public long getReplayedEvents() {
		return this.replayedEvents;
	}

	@Override
	public String toString() {
		return "ShardResumedEvent[shard=" + getShardId() + ", replayed=" + this.replayedEvents + "]";
	}

}
