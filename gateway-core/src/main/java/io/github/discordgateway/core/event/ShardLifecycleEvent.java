package io.github.discordgateway.core.event;

import org.springframework.context.ApplicationEvent;

/**
 * Base class of the events about a shard's session and connection
 * ({@link ShardReadyEvent}, {@link ShardResumedEvent}, {@link ShardDisconnectedEvent});
 * listen to it to see all of them. They are published on the shard's delivery thread, in
 * order with its dispatches.
 */
public abstract class ShardLifecycleEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final int shardId;

	/**
	 * Creates the event.
	 * @param source the object that published the event
	 * @param shardId the shard the event is about
	 */
	protected ShardLifecycleEvent(Object source, int shardId) {
		super(source);
		this.shardId = shardId;
	}

	/** The shard the event is about. */
	public int getShardId() {
		return this.shardId;
	}

}
