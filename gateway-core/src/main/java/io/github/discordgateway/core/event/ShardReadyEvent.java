package io.github.discordgateway.core.event;

/**
 * A shard established a new session after IDENTIFY. Published right after the shard's
 * {@link ReadyEvent}.
 */
public class ShardReadyEvent extends ShardLifecycleEvent {

	private static final long serialVersionUID = 1L;

	private final String sessionId;

	/**
	 * Creates the event.
	 * @param source the object that published the event
	 * @param shardId the shard
	 * @param sessionId the new session's id
	 */
	public ShardReadyEvent(Object source, int shardId, String sessionId) {
		super(source, shardId);
		this.sessionId = sessionId;
	}

	/** The new session's id. */
	public String getSessionId() {
		return this.sessionId;
	}

	@Override
	public String toString() {
		return "ShardReadyEvent[shard=" + getShardId() + "]";
	}

}
