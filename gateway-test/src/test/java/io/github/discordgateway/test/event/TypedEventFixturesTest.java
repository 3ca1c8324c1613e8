package io.github.discordgateway.test.event;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.event.GatewayDispatchEvent;
import io.github.discordgateway.core.event.GuildCreateEvent;
import io.github.discordgateway.core.event.InteractionCreateEvent;
import io.github.discordgateway.core.event.InteractionCreateEvent.CommandOption;
import io.github.discordgateway.core.event.MessageCreateEvent;
import io.github.discordgateway.core.internal.EtfCodec;
import io.github.discordgateway.core.internal.JsonCodec;
import io.github.discordgateway.core.internal.payload.GatewayPayload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typed events read the protocol fixtures straight from the bytes, JSON and ETF,
 * exactly as from the Jackson tree: every accessor is checked against the tree of the
 * same dispatch and against the fixture's values read with Jackson.
 */
class TypedEventFixturesTest {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@ParameterizedTest
	@ValueSource(strings = { "json", "etf" })
	void messageCreateReadsFromTheBytes(String encoding) throws IOException {
		JsonNode fixture = fixture("message_create.json");
		JsonNode d = fixture.get("d");
		MessageCreateEvent fromBytes = new MessageCreateEvent(fromBytes(fixture, encoding));
		MessageCreateEvent fromTree = new MessageCreateEvent(fromTree(fromBytes));
		assertThat(fromBytes.getContent()).isEqualTo(d.get("content").stringValue()).isNotEmpty();
		assertThat(fromBytes.getAuthorUsername()).isEqualTo(d.path("author").get("username").stringValue());
		assertThat(fromBytes.getChannelId()).isEqualTo(Long.parseLong(d.get("channel_id").stringValue()));
		assertThat(fromBytes.getMessageId()).isEqualTo(Long.parseLong(d.get("id").stringValue()));
		assertThat(fromBytes.getGuildId()).isEqualTo(Long.parseLong(d.get("guild_id").stringValue()));
		assertThat(fromBytes.getAuthorId()).isEqualTo(Long.parseLong(d.path("author").get("id").stringValue()));
		assertThat(fromBytes.getMentionIds()).containsExactly(600335263181880268L);
		assertThat(fromBytes.getMemberRoleIds()).containsExactly(614183259855027236L);
		assertThat(fromBytes.getMentionRoleIds()).containsExactly(831468760136142788L);
		assertThat(fromBytes.mentions(600335263181880268L)).isTrue();
		assertSameReads(fromBytes, fromTree, MessageCreateEvent::getContent, MessageCreateEvent::getAuthorUsername,
				MessageCreateEvent::getAuthorGlobalName, MessageCreateEvent::isAuthorBot,
				MessageCreateEvent::getAuthorId, MessageCreateEvent::getChannelId, MessageCreateEvent::getGuildId,
				MessageCreateEvent::getMessageId, MessageCreateEvent::getWebhookId, MessageCreateEvent::getMemberNick,
				(event) -> Arrays.toString(event.getMemberRoleIds()), (event) -> Arrays.toString(event.getMentionIds()),
				(event) -> Arrays.toString(event.getMentionRoleIds()), MessageCreateEvent::getMentionCount,
				MessageCreateEvent::getMentionRoleCount, MessageCreateEvent::isMentionEveryone);
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "etf" })
	void interactionCreateReadsFromTheBytes(String encoding) throws IOException {
		JsonNode fixture = fixture("interaction_create.json");
		JsonNode d = fixture.get("d");
		InteractionCreateEvent fromBytes = new InteractionCreateEvent(fromBytes(fixture, encoding));
		InteractionCreateEvent fromTree = new InteractionCreateEvent(fromTree(fromBytes));
		assertThat(fromBytes.getCommandName()).isEqualTo("book");
		assertThat(fromBytes.getInteractionToken()).isEqualTo(d.get("token").stringValue());
		assertThat(fromBytes.getUserId())
			.isEqualTo(Long.parseLong(d.path("member").path("user").get("id").stringValue()));
		assertThat(fromBytes.getOptions()).containsExactly(new CommandOption("machine", 3, "cnc-router", List.of()),
				new CommandOption("minutes", 4, 90L, List.of()),
				new CommandOption("supervisor", 6, "488271345402611926", List.of()),
				new CommandOption("notify", 5, true, List.of()));
		assertThat(fromBytes.toString()).doesNotContain(d.get("token").stringValue());
		assertSameReads(fromBytes, fromTree, InteractionCreateEvent::getInteractionId,
				InteractionCreateEvent::getApplicationId, InteractionCreateEvent::getInteractionType,
				InteractionCreateEvent::getGuildId, InteractionCreateEvent::getChannelId,
				InteractionCreateEvent::getUserId, InteractionCreateEvent::getUsername,
				InteractionCreateEvent::getCommandId, InteractionCreateEvent::getCommandName,
				InteractionCreateEvent::getCustomId, InteractionCreateEvent::getOptions,
				InteractionCreateEvent::getInteractionToken);
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "etf" })
	void guildCreateReadsFromTheBytes(String encoding) throws IOException {
		JsonNode fixture = fixture("guild_create.json");
		JsonNode d = fixture.get("d");
		GuildCreateEvent fromBytes = new GuildCreateEvent(fromBytes(fixture, encoding));
		GuildCreateEvent fromTree = new GuildCreateEvent(fromTree(fromBytes));
		assertThat(fromBytes.getName()).isEqualTo(d.get("name").stringValue());
		assertThat(fromBytes.getMemberCount()).isEqualTo(d.get("member_count").intValue());
		assertSameReads(fromBytes, fromTree, GuildCreateEvent::getGuildId, GuildCreateEvent::getName,
				GuildCreateEvent::getMemberCount, GuildCreateEvent::isUnavailable, GuildCreateEvent::isLarge,
				GuildCreateEvent::getChannelCount, GuildCreateEvent::getThreadCount, GuildCreateEvent::getRoleCount,
				GuildCreateEvent::getIncludedMemberCount);
	}

	@SafeVarargs
	private static <E> void assertSameReads(E fromBytes, E fromTree, Function<E, Object>... accessors) {
		List<Object> bytesValues = new ArrayList<>();
		List<Object> treeValues = new ArrayList<>();
		for (Function<E, Object> accessor : accessors) {
			bytesValues.add(accessor.apply(fromBytes));
			treeValues.add(accessor.apply(fromTree));
		}
		assertThat(bytesValues).isEqualTo(treeValues);
	}

	/** The fixture as received: its bytes decoded by the codec, data kept as bytes. */
	private static GatewayDispatch fromBytes(JsonNode fixture, String encoding) {
		byte[] bytes = encoding.equals("etf") ? EtfCodec.encodeTerm(fixture) : MAPPER.writeValueAsBytes(fixture);
		GatewayPayload payload = encoding.equals("etf") ? new EtfCodec().decode(bytes, 0, bytes.length)
				: new JsonCodec().decode(bytes, 0, bytes.length);
		assertThat(payload.dataReader()).isNotNull();
		return new GatewayDispatch(0, payload.sequence(), payload.type(), payload);
	}

	/** The same dispatch with its data given as a tree. */
	private static GatewayDispatch fromTree(GatewayDispatchEvent event) {
		GatewayDispatch dispatch = event.getDispatch();
		return new GatewayDispatch(dispatch.shardId(), dispatch.sequence(), dispatch.type(), dispatch.data());
	}

	private static JsonNode fixture(String name) throws IOException {
		try (InputStream in = TypedEventFixturesTest.class
			.getResourceAsStream("/io/github/discordgateway/test/fixtures/" + name)) {
			return MAPPER.readTree(in);
		}
	}

}
