package io.github.discordgateway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.github.discordgateway.core.event.ApplicationEventGatewayListener;
import io.github.discordgateway.core.event.MessageCreateEvent;

class GatewayDispatchOfJsonTest {

	@Test
	void buildsTheSameTypedEventAsAShardDelivers() {
		byte[] json = "{\"id\":\"5\",\"channel_id\":\"7\",\"content\":\"hi\",\"author\":{\"id\":\"1\",\"username\":\"ada\"}}"
			.getBytes(StandardCharsets.UTF_8);
		GatewayDispatch dispatch = GatewayDispatch.ofJson(2, 42, "MESSAGE_CREATE", json);
		json[0] = '['; // the dispatch keeps its own copy

		var event = new ApplicationEventGatewayListener((published) -> {
		}).createEvent(dispatch);
		assertThat(event).isInstanceOf(MessageCreateEvent.class);
		MessageCreateEvent message = (MessageCreateEvent) event;
		assertThat(message.getShardId()).isEqualTo(2);
		assertThat(message.getSequence()).isEqualTo(42);
		assertThat(message.getContent()).isEqualTo("hi");
		assertThat(message.getAuthorUsername()).isEqualTo("ada");
		assertThat(message.getChannelId()).isEqualTo(7);
	}

	@Test
	void rejectsDataThatIsNotOneCompleteJsonValue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> GatewayDispatch.ofJson(0, 1, "X", "{\"a\":".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("not valid JSON");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> GatewayDispatch.ofJson(0, 1, "X", "{} {}".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("after its JSON value");
		assertThatIllegalArgumentException().isThrownBy(() -> GatewayDispatch.ofJson(0, 1, "X", new byte[0]))
			.withMessageContaining("empty");
	}

}
