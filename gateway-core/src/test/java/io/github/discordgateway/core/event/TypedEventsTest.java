package io.github.discordgateway.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.discordgateway.core.GatewayDispatch;
import tools.jackson.databind.json.JsonMapper;

class TypedEventsTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static GatewayDispatch dispatch(String type, long sequence, String data) {
		return new GatewayDispatch(0, sequence, type, json.readTree(data));
	}

	@Test
	void readyEvent() {
		ReadyEvent event = new ReadyEvent(dispatch("READY", 1, """
				{"v":10,"user":{"id":"1238496297346485656","username":"Hollowbrook Helper","bot":true},
				 "shard":[0,2],"session_id":"9bbec5ae","resume_gateway_url":"wss://gateway-us-east1-b.discord.gg",
				 "guilds":[{"id":"614182298140617616","unavailable":true},{"id":286816342822083789,"unavailable":true}],
				 "application":{"id":"1238496297346485656","flags":8953856},"_trace":["x"]}
				"""));
		assertThat(event.getType()).isEqualTo("READY");
		assertThat(event.getSequence()).isEqualTo(1);
		assertThat(event.getSessionId()).isEqualTo("9bbec5ae");
		assertThat(event.getResumeGatewayUrl()).isEqualTo("wss://gateway-us-east1-b.discord.gg");
		assertThat(event.getGatewayVersion()).isEqualTo(10);
		assertThat(event.getUserId()).isEqualTo(1238496297346485656L);
		assertThat(event.getUsername()).isEqualTo("Hollowbrook Helper");
		assertThat(event.getApplicationId()).isEqualTo(1238496297346485656L);
		assertThat(event.getGuildIds()).containsExactly(614182298140617616L, 286816342822083789L);
		assertThat(event.getGuildCount()).isEqualTo(2);
		assertThat(event.getShardTotal()).isEqualTo(2);
		assertThat(event.toString()).isEqualTo("ReadyEvent[shard=0, s=1, t=READY]");
	}

	@Test
	void readyEventWithoutOptionalFields() {
		ReadyEvent event = new ReadyEvent(dispatch("READY", 1, "{\"user\":{\"id\":\"1\"}}"));
		assertThat(event.getSessionId()).isNull();
		assertThat(event.getApplicationId()).isNull();
		assertThat(event.getGuildIds()).isEmpty();
		assertThat(event.getShardTotal()).isNull();
	}

	@Test
	void guildCreateEvent() {
		GuildCreateEvent event = new GuildCreateEvent(dispatch("GUILD_CREATE", 2,
				"""
						{"id":"614182298140617616","name":"Hollowbrook Makers","member_count":1342,"large":true,"unavailable":false,
						 "channels":[{"id":"1"},{"id":"2"},{"id":"3"}],"threads":[{"id":"4"}],"roles":[{"id":"5"},{"id":"6"}],
						 "members":[{"user":{"id":"7"}},{"user":{"id":"8"}}]}
						"""));
		assertThat(event.getGuildId()).isEqualTo(614182298140617616L);
		assertThat(event.getName()).isEqualTo("Hollowbrook Makers");
		assertThat(event.getMemberCount()).isEqualTo(1342);
		assertThat(event.isLarge()).isTrue();
		assertThat(event.isUnavailable()).isFalse();
		assertThat(event.getChannelCount()).isEqualTo(3);
		assertThat(event.getThreadCount()).isEqualTo(1);
		assertThat(event.getRoleCount()).isEqualTo(2);
		assertThat(event.getIncludedMemberCount()).isEqualTo(2);
	}

	@Test
	void unavailableGuildStub() {
		GuildCreateEvent event = new GuildCreateEvent(dispatch("GUILD_CREATE", 2, "{\"id\":42,\"unavailable\":true}"));
		assertThat(event.getGuildId()).isEqualTo(42L);
		assertThat(event.isUnavailable()).isTrue();
		assertThat(event.getName()).isNull();
		assertThat(event.getMemberCount()).isZero();
		assertThat(event.getChannelCount()).isZero();
	}

	@Test
	void messageCreateEventInAGuild() {
		MessageCreateEvent event = new MessageCreateEvent(dispatch("MESSAGE_CREATE", 57,
				"""
						{"id":"1482443370451866602","channel_id":"701084625820645391","guild_id":"614182298140617616",
						 "content":"hello <@600335263181880268>","author":{"id":"806452109046337847","username":"Workshop Bulletin","bot":true},
						 "mentions":[{"id":"600335263181880268","username":"oren.builds"}],"mention_roles":["831468760136142788"],
						 "mention_everyone":false,"member":{"roles":[]}}
						"""));
		assertThat(event.getMessageId()).isEqualTo(1482443370451866602L);
		assertThat(event.getChannelId()).isEqualTo(701084625820645391L);
		assertThat(event.getGuildId()).isEqualTo(614182298140617616L);
		assertThat(event.getContent()).isEqualTo("hello <@600335263181880268>");
		assertThat(event.getAuthorId()).isEqualTo(806452109046337847L);
		assertThat(event.getAuthorUsername()).isEqualTo("Workshop Bulletin");
		assertThat(event.isAuthorBot()).isTrue();
		assertThat(event.getWebhookId()).isNull();
		assertThat(event.getMentionCount()).isOne();
		assertThat(event.getMentionRoleCount()).isOne();
		assertThat(event.isMentionEveryone()).isFalse();
		assertThat(event.mentions(600335263181880268L)).isTrue();
		assertThat(event.mentions(1L)).isFalse();
	}

	@Test
	void directMessageWithEtfStyleIntegers() {
		MessageCreateEvent event = new MessageCreateEvent(dispatch("MESSAGE_CREATE", 3,
				"""
						{"id":1482443370451866602,"channel_id":701084625820645391,"author":{"id":806452109046337847,"username":"u"}}
						"""));
		assertThat(event.getMessageId()).isEqualTo(1482443370451866602L);
		assertThat(event.getChannelId()).isEqualTo(701084625820645391L);
		assertThat(event.getGuildId()).isNull();
		assertThat(event.getContent()).isEmpty();
		assertThat(event.isAuthorBot()).isFalse();
		assertThat(event.getMentionCount()).isZero();
	}

	@Test
	void interactionCreateEventInAGuild() {
		InteractionCreateEvent event = new InteractionCreateEvent(dispatch("INTERACTION_CREATE", 58,
				"""
						{"id":"1482443469411444044","application_id":"1238496297346485656","type":2,"guild_id":"614182298140617616",
						 "channel_id":"701084625820645391","member":{"user":{"id":"182173386725779753"}},"token":"FIXTURE",
						 "data":{"id":"1239155108003552441","name":"book","type":1}}
						"""));
		assertThat(event.getType()).isEqualTo("INTERACTION_CREATE");
		assertThat(event.getInteractionId()).isEqualTo(1482443469411444044L);
		assertThat(event.getApplicationId()).isEqualTo(1238496297346485656L);
		assertThat(event.getInteractionType()).isEqualTo(2);
		assertThat(event.getGuildId()).isEqualTo(614182298140617616L);
		assertThat(event.getChannelId()).isEqualTo(701084625820645391L);
		assertThat(event.getUserId()).isEqualTo(182173386725779753L);
		assertThat(event.getCommandName()).isEqualTo("book");
		assertThat(event.getCustomId()).isNull();
		assertThat(event.getInteractionToken()).isEqualTo("FIXTURE");
		assertThat(event.toString()).doesNotContain("FIXTURE");
	}

	@Test
	void interactionCreateEventInADirectMessage() {
		InteractionCreateEvent event = new InteractionCreateEvent(dispatch("INTERACTION_CREATE", 5, """
				{"id":"1","application_id":"2","type":3,"user":{"id":"3"},"data":{"custom_id":"confirm"}}
				"""));
		assertThat(event.getUserId()).isEqualTo(3L);
		assertThat(event.getGuildId()).isNull();
		assertThat(event.getChannelId()).isNull();
		assertThat(event.getCommandName()).isNull();
		assertThat(event.getCustomId()).isEqualTo("confirm");
	}

}
