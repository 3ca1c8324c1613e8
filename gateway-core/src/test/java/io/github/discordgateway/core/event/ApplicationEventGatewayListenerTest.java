package io.github.discordgateway.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.event.EventListener;

import io.github.discordgateway.core.GatewayCloseCode;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.ShardDisconnect;
import tools.jackson.databind.json.JsonMapper;

class ApplicationEventGatewayListenerTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static GatewayDispatch dispatch(String type, long sequence) {
		return new GatewayDispatch(3, sequence, type, json.readTree("{\"id\":\"1\"}"));
	}

	@Test
	void choosesTheTypedClassByType() {
		List<Object> published = new ArrayList<>();
		ApplicationEventGatewayListener listener = new ApplicationEventGatewayListener(published::add);
		listener.onDispatch(dispatch("READY", 1));
		listener.onDispatch(dispatch("GUILD_CREATE", 2));
		listener.onDispatch(dispatch("MESSAGE_CREATE", 3));
		listener.onDispatch(dispatch("INTERACTION_CREATE", 4));
		listener.onDispatch(dispatch("MESSAGE_REACTION_ADD", 5));
		listener.onDispatch(dispatch("SOMETHING_NEW", 6));
		assertThat(published).extracting((event) -> event.getClass().getSimpleName())
			.containsExactly("ReadyEvent", "GuildCreateEvent", "MessageCreateEvent", "InteractionCreateEvent",
					"MessageReactionAddEvent", "GatewayDispatchEvent");
		GatewayDispatchEvent unknown = (GatewayDispatchEvent) published.get(5);
		assertThat(unknown.getShardId()).isEqualTo(3);
		assertThat(unknown.getSequence()).isEqualTo(6);
		assertThat(unknown.getType()).isEqualTo("SOMETHING_NEW");
		assertThat(unknown.getData().path("id").asString()).isEqualTo("1");
		assertThat(unknown.getSource()).isSameAs(unknown.getDispatch());
	}

	@Test
	void additionalFactoriesTakePrecedence() {
		List<Object> published = new ArrayList<>();
		ApplicationEventGatewayListener listener = new ApplicationEventGatewayListener(published::add,
				Map.of("MESSAGE_REACTION_ADD", ReactionEvent::new, "READY", ReactionEvent::new));
		listener.onDispatch(dispatch("MESSAGE_REACTION_ADD", 1));
		listener.onDispatch(dispatch("READY", 2));
		listener.onDispatch(dispatch("MESSAGE_CREATE", 3));
		assertThat(published).hasExactlyElementsOfTypes(ReactionEvent.class, ReactionEvent.class,
				MessageCreateEvent.class);
		assertThat(listener.factories()).containsKeys("READY", "GUILD_CREATE", "MESSAGE_CREATE", "INTERACTION_CREATE",
				"MESSAGE_REACTION_ADD");
	}

	@Test
	void publishesLifecycleEvents() {
		List<Object> published = new ArrayList<>();
		ApplicationEventGatewayListener listener = new ApplicationEventGatewayListener(published::add);
		listener.onShardReady(1, "session");
		listener.onShardResumed(2, 17);
		listener.onShardDisconnected(3,
				new ShardDisconnect(4014, "Disallowed intents", GatewayCloseCode.Recovery.FATAL, false));
		assertThat(published).hasSize(3);
		ShardReadyEvent ready = (ShardReadyEvent) published.get(0);
		assertThat(ready.getShardId()).isEqualTo(1);
		assertThat(ready.getSessionId()).isEqualTo("session");
		ShardResumedEvent resumed = (ShardResumedEvent) published.get(1);
		assertThat(resumed.getShardId()).isEqualTo(2);
		assertThat(resumed.getReplayedEvents()).isEqualTo(17);
		ShardDisconnectedEvent disconnected = (ShardDisconnectedEvent) published.get(2);
		assertThat(disconnected.getShardId()).isEqualTo(3);
		assertThat(disconnected.getCloseCode()).isEqualTo(4014);
		assertThat(disconnected.getGatewayCloseCode()).isEqualTo(GatewayCloseCode.DISALLOWED_INTENTS);
		assertThat(disconnected.getReason()).isEqualTo("Disallowed intents");
		assertThat(disconnected.isWillReconnect()).isFalse();
		assertThat(disconnected.getRecovery()).isEqualTo(GatewayCloseCode.Recovery.FATAL);
	}

	@Test
	void eventListenersSeeTypedGenericAndConditionalEvents() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Listeners.class)) {
			Listeners listeners = context.getBean(Listeners.class);
			ApplicationEventGatewayListener listener = new ApplicationEventGatewayListener(context);
			listener.onDispatch(dispatch("MESSAGE_CREATE", 1));
			listener.onDispatch(dispatch("MESSAGE_REACTION_ADD", 2));
			listener.onDispatch(dispatch("TYPING_START", 3));
			listener.onShardReady(3, "s");
			assertThat(listeners.messages).extracting(GatewayDispatchEvent::getSequence).containsExactly(1L);
			assertThat(listeners.all).extracting(GatewayDispatchEvent::getType)
				.containsExactly("MESSAGE_CREATE", "MESSAGE_REACTION_ADD", "TYPING_START");
			assertThat(listeners.reactions).extracting(GatewayDispatchEvent::getSequence).containsExactly(2L);
			assertThat(listeners.lifecycle).hasSize(1);
		}
	}

	static class ReactionEvent extends GatewayDispatchEvent {

		ReactionEvent(GatewayDispatch dispatch) {
			super(dispatch);
		}

	}

	static class Listeners {

		final List<MessageCreateEvent> messages = new ArrayList<>();

		final List<GatewayDispatchEvent> all = new ArrayList<>();

		final List<GatewayDispatchEvent> reactions = new ArrayList<>();

		final List<ShardLifecycleEvent> lifecycle = new ArrayList<>();

		@EventListener
		void onMessage(MessageCreateEvent event) {
			this.messages.add(event);
		}

		@EventListener
		void onAny(GatewayDispatchEvent event) {
			this.all.add(event);
		}

		@EventListener(condition = "#event.type == 'MESSAGE_REACTION_ADD'")
		void onReaction(GatewayDispatchEvent event) {
			this.reactions.add(event);
		}

		@EventListener
		void onLifecycle(ShardLifecycleEvent event) {
			this.lifecycle.add(event);
		}

	}

}
