package io.github.discordgateway.core.event;

import org.springframework.context.ApplicationEvent;

import io.github.discordgateway.core.GatewayDispatch;
import tools.jackson.databind.JsonNode;

/**
 * A gateway dispatch, published for every event a shard receives, including types this
 * library has no typed class for. Typed events such as {@link MessageCreateEvent} extend
 * it, so a listener for this class sees every dispatch. Select types with a condition:
 *
 * <pre class="code">
 * &#64;EventListener(condition = "#event.type == 'MESSAGE_REACTION_ADD'")
 * void onReaction(GatewayDispatchEvent event) {
 *     long messageId = Snowflake.parse(event.getData().path("message_id"));
 * }
 * </pre>
 *
 * Listeners run on the shard's delivery thread, one event at a time and in sequence order
 * per shard; a slow listener delays later events of that shard (not heartbeats). The
 * event data is shared: treat it as read-only. {@link #toString()} shows no event data
 * (it may carry secrets such as interaction tokens).
 */
public class GatewayDispatchEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final transient GatewayDispatch dispatch;

	/**
	 * Creates an event for a dispatch; the dispatch is the event source.
	 * @param dispatch the dispatch as received by the shard
	 */
	public GatewayDispatchEvent(GatewayDispatch dispatch) {
		super(dispatch);
		this.dispatch = dispatch;
	}

	/** The dispatch this event carries. */
	public GatewayDispatch getDispatch() {
		return this.dispatch;
	}

	/** The id of the shard that received the dispatch. */
	public int getShardId() {
		return this.dispatch.shardId();
	}

	/** The sequence number ({@code s}) of the dispatch within its session. */
	public long getSequence() {
		return this.dispatch.sequence();
	}

	/** The event name ({@code t}), for example {@code MESSAGE_CREATE}. */
	public String getType() {
		return this.dispatch.type();
	}

	/** The event data ({@code d}); read-only. */
	public JsonNode getData() {
		return this.dispatch.data();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[shard=" + getShardId() + ", s=" + getSequence() + ", t=" + getType()
				+ "]";
	}

}
