package io.github.discordgateway.core.event;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.springframework.context.ApplicationEventPublisher;

import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.ShardDisconnect;

/**
 * A {@link GatewayListener} that publishes what shards deliver as Spring application
 * events: every dispatch as a {@link GatewayDispatchEvent} (a typed subclass such as
 * {@link MessageCreateEvent} when one is registered for its type), and lifecycle changes
 * as {@link ShardReadyEvent}, {@link ShardResumedEvent} and
 * {@link ShardDisconnectedEvent}.
 * <p>
 * This is the hot path: one event object per dispatch, one map lookup to choose its
 * class, and no parsing (typed events read single values straight from the received
 * bytes). Events are published synchronously on the shard's delivery thread. An exception
 * thrown by an {@code @EventListener} propagates to the shard, which logs it with the
 * event type and sequence and carries on with the next event; note that Spring skips the
 * remaining listeners of that one event.
 */
public class ApplicationEventGatewayListener implements GatewayListener {

	private static final Map<String, Function<GatewayDispatch, ? extends GatewayDispatchEvent>> DEFAULT_FACTORIES = Map
		.of(ReadyEvent.TYPE, ReadyEvent::new, GuildCreateEvent.TYPE, GuildCreateEvent::new, MessageCreateEvent.TYPE,
				MessageCreateEvent::new, MessageUpdateEvent.TYPE, MessageUpdateEvent::new, MessageDeleteEvent.TYPE,
				MessageDeleteEvent::new, MessageReactionAddEvent.TYPE, MessageReactionAddEvent::new,
				InteractionCreateEvent.TYPE, InteractionCreateEvent::new);

	private final ApplicationEventPublisher publisher;

	private final Map<String, Function<GatewayDispatch, ? extends GatewayDispatchEvent>> factories;

	/**
	 * Creates a listener that publishes the built-in typed events.
	 * @param publisher where to publish, usually the application context
	 */
	public ApplicationEventGatewayListener(ApplicationEventPublisher publisher) {
		this(publisher, Map.of());
	}

	/**
	 * Creates a listener with additional (or replacing) typed events.
	 * @param publisher where to publish, usually the application context
	 * @param additionalFactories event constructors by dispatch type, for example
	 * {@code Map.of("MESSAGE_REACTION_ADD", MyReactionEvent::new)}; they take precedence
	 * over the built-in ones
	 */
	public ApplicationEventGatewayListener(ApplicationEventPublisher publisher,
			Map<String, ? extends Function<GatewayDispatch, ? extends GatewayDispatchEvent>> additionalFactories) {
		this.publisher = Objects.requireNonNull(publisher, "publisher");
		Map<String, Function<GatewayDispatch, ? extends GatewayDispatchEvent>> all = new HashMap<>(DEFAULT_FACTORIES);
		all.putAll(additionalFactories);
		this.factories = all;
	}

	/**
	 * The dispatch types that have a typed event class, with their constructors
	 * (unmodifiable).
	 */
	public Map<String, Function<GatewayDispatch, ? extends GatewayDispatchEvent>> factories() {
		return Map.copyOf(this.factories);
	}

	/**
	 * Creates the event for a dispatch: an instance of the class registered for its type,
	 * otherwise a plain {@link GatewayDispatchEvent}.
	 * @param dispatch the dispatch
	 * @return the event to publish
	 */
	public GatewayDispatchEvent createEvent(GatewayDispatch dispatch) {
		Function<GatewayDispatch, ? extends GatewayDispatchEvent> factory = this.factories.get(dispatch.type());
		return (factory != null) ? factory.apply(dispatch) : new GatewayDispatchEvent(dispatch);
	}

	@Override
	public void onDispatch(GatewayDispatch dispatch) {
		this.publisher.publishEvent(createEvent(dispatch));
	}

	@Override
	public void onShardReady(int shardId, String sessionId) {
		this.publisher.publishEvent(new ShardReadyEvent(this, shardId, sessionId));
	}

	@Override
	public void onShardResumed(int shardId, long replayedEvents) {
		this.publisher.publishEvent(new ShardResumedEvent(this, shardId, replayedEvents));
	}

	@Override
	public void onShardDisconnected(int shardId, ShardDisconnect disconnect) {
		this.publisher.publishEvent(new ShardDisconnectedEvent(this, shardId, disconnect));
	}

}
