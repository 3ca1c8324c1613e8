package io.github.discordgateway.autoconfigure.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.SimulatedSession;
import io.github.discordgateway.test.internal.JsonSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Dispatches through the simulator's sessions and remembers, per session and sequence,
 * the type and the exact {@code d} bytes the simulator sent, to check forwarded envelopes
 * against.
 */
final class ForwardedFlood {

	private static final String[] TYPES = { "MESSAGE_CREATE", "MESSAGE_REACTION_ADD", "TYPING_START" };

	private final GatewaySimulator simulator;

	/** session id → sequence → what the simulator sent. */
	private final Map<String, Map<Long, Sent>> sent = new HashMap<>();

	private int counter;

	ForwardedFlood(GatewaySimulator simulator) {
		this.simulator = simulator;
	}

	/**
	 * Dispatches {@code count} events over the given shards' sessions, guild events of
	 * those shards.
	 */
	void dispatch(int count, int... shards) {
		List<String> guilds = this.simulator.guildIds();
		for (int i = 0; i < count; i++) {
			int shard = shards[i % shards.length];
			SimulatedSession session = this.simulator.session(shard).orElseThrow();
			List<String> shardGuilds = guildsOf(guilds, shard, session.shardCount());
			String guild = shardGuilds.get(this.counter % shardGuilds.size());
			String type = TYPES[this.counter % TYPES.length];
			ObjectNode data = JsonSupport.MAPPER.createObjectNode();
			data.put("guild_id", guild);
			data.put("channel_id", "4242");
			data.put("content", "event " + this.counter + " caf\u00e9 \"quoted\" \\ \u2603");
			data.putArray("embeds").addObject().put("n", this.counter).put("f", 1.5);
			this.counter++;
			dispatch(session, type, data);
		}
	}

	void dispatch(SimulatedSession session, String type, JsonNode data) {
		long seq = session.dispatch(type, data);
		this.sent.computeIfAbsent(session.id(), (id) -> new LinkedHashMap<>())
			.put(seq, new Sent(type, JsonSupport.write(data)));
	}

	int size() {
		return this.sent.values().stream().mapToInt(Map::size).sum();
	}

	/**
	 * Checks envelopes in the order the broker holds them (grouped as {@code orderKey}
	 * says, for example by shard or by Kafka key): every dispatch sent appears exactly
	 * once with the exact data, no (session, seq) twice, and sequences rise within each
	 * session and group.
	 */
	void assertForwarded(List<GatewayEnvelope> envelopes, Function<GatewayEnvelope, String> orderKey) {
		Map<String, Long> lastSequence = new HashMap<>();
		Map<String, Map<Long, GatewayEnvelope>> seen = new HashMap<>();
		for (GatewayEnvelope envelope : envelopes) {
			GatewayEnvelope earlier = seen.computeIfAbsent(envelope.sessionId(), (id) -> new HashMap<>())
				.put(envelope.sequence(), envelope);
			assertThat(earlier).as("(session, seq) forwarded twice: %s", envelope).isNull();
			String group = orderKey.apply(envelope) + "/" + envelope.sessionId();
			Long last = lastSequence.put(group, envelope.sequence());
			assertThat(last == null || last < envelope.sequence())
				.as("order within %s: %s after %s", group, envelope.sequence(), last)
				.isTrue();
		}
		this.sent.forEach((session, bySequence) -> bySequence.forEach((seq, sent) -> {
			GatewayEnvelope envelope = seen.getOrDefault(session, Map.of()).get(seq);
			assertThat(envelope).as("session %s seq %d (%s) forwarded", session, seq, sent.type).isNotNull();
			assertThat(envelope.type()).isEqualTo(sent.type);
			assertThat(new String(envelope.data(), StandardCharsets.UTF_8))
				.isEqualTo(new String(sent.data, StandardCharsets.UTF_8));
			assertThat(envelope.data()).isEqualTo(sent.data);
			assertThat(envelope.guildId())
				.isEqualTo(JsonSupport.MAPPER.readTree(sent.data).path("guild_id").asString());
		}));
	}

	/** Every envelope's sequences per session, to compare with what the broker holds. */
	static Map<String, List<Long>> sequences(List<GatewayEnvelope> envelopes) {
		Map<String, List<Long>> sequences = new LinkedHashMap<>();
		envelopes.forEach((envelope) -> sequences.computeIfAbsent(envelope.sessionId(), (id) -> new ArrayList<>())
			.add(envelope.sequence()));
		return sequences;
	}

	private static List<String> guildsOf(List<String> guilds, int shard, int shardCount) {
		List<String> onShard = guilds.stream()
			.filter((guild) -> (int) Long.remainderUnsigned(Long.parseUnsignedLong(guild) >>> 22, shardCount) == shard)
			.toList();
		if (onShard.isEmpty()) {
			throw new IllegalStateException("No simulated guild on shard " + shard + "; add guilds");
		}
		return onShard;
	}

	private record Sent(String type, byte[] data) {
	}

}
