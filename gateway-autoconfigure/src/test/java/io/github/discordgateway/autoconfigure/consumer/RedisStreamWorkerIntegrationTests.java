package io.github.discordgateway.autoconfigure.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.discordgateway.autoconfigure.consumer.WorkerTestSupport.Recorder;
import io.github.discordgateway.autoconfigure.metrics.MicrometerGatewayObserver;
import io.github.discordgateway.broker.GatewayCommandEnvelope;
import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.consumer.redis.RedisStreamEventConsumer;
import io.github.discordgateway.core.GatewayCommandSender;
import io.github.discordgateway.core.GatewayPresence;
import io.github.discordgateway.core.GuildMembersRequest;
import io.github.discordgateway.core.event.GatewayDispatchEvent;
import io.github.discordgateway.core.event.MessageCreateEvent;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.test.redis.RedisServerExtension;
import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

/** Workers consuming a Redis stream on a real redis-server. */
@ExtendWith(RedisServerExtension.class)
class RedisStreamWorkerIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private RedisServer redis;

	private LettuceConnectionFactory connectionFactory;

	private String prefix;

	private final List<ConfigurableApplicationContext> workers = new ArrayList<>();

	@BeforeEach
	void setUp(RedisServer redis) {
		this.redis = redis;
		this.connectionFactory = redis.connectionFactory();
		this.prefix = RedisServer.uniquePrefix("worker");
	}

	@AfterEach
	void tearDown() {
		this.workers.forEach(ConfigurableApplicationContext::close);
		this.connectionFactory.destroy();
	}

	@Test
	void publishesTheSameSpringEventsAsInProcessAndCountsThem() {
		ConfigurableApplicationContext worker = worker("token-less-worker",
				"discord.gateway.token=a-token-a-worker-ignores");
		Recorder recorder = worker.getBean(Recorder.class);
		add(WorkerTestSupport.message("s1", 1, "81384788765712384", "hello from the broker"));
		add(WorkerTestSupport.event("s1", 2, "TYPING_START", "81384788765712384",
				"{\"channel_id\":\"77\",\"user_id\":\"42\"}"));
		await().atMost(WAIT).until(() -> recorder.handled.size() == 2);

		MessageCreateEvent message = recorder.messageEvents.peek();
		assertThat(message).isNotNull();
		assertThat(message.getContent()).isEqualTo("hello from the broker");
		assertThat(message.getAuthorUsername()).isEqualTo("ada");
		assertThat(message.getGuildId()).isEqualTo(81384788765712384L);
		assertThat(message.getSequence()).isEqualTo(1);
		assertThat(recorder.allEvents)
			.extracting(GatewayDispatchEvent::getType, (event) -> event.getClass().getSimpleName())
			.containsExactly(org.assertj.core.groups.Tuple.tuple("MESSAGE_CREATE", "MessageCreateEvent"),
					org.assertj.core.groups.Tuple.tuple("TYPING_START", "GatewayDispatchEvent"));
		assertThat(recorder.allEvents).element(1)
			.satisfies((event) -> assertThat(event.getData().path("user_id").asString()).isEqualTo("42"));

		assertThat(worker.getBeanProvider(GatewayShardManager.class).getIfAvailable())
			.as("a worker opens no gateway connection")
			.isNull();
		MeterRegistry meters = worker.getBean(MeterRegistry.class);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(meters.get(MicrometerGatewayObserver.DISPATCHES)
				.tags("shard", "0", "type", "MESSAGE_CREATE")
				.counter()
				.count()).isEqualTo(1));
		Health health = worker.getBean(DiscordGatewayConsumerHealthIndicator.class).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("source", "redis-stream")
			.containsEntry("group", this.prefix + "-group")
			.containsEntry("deadLetters", 0L);
		await().atMost(WAIT)
			.untilAsserted(
					() -> assertThat(worker.getBean(DiscordGatewayConsumerHealthIndicator.class).health().getDetails())
						.containsEntry("commandReplies", "ready"));
	}

	@Test
	void twoWorkersOfOneGroupHandleEverySequenceOnceAndDropReplays() {
		// Long enough that neither takes over entries the other has read and not yet
		// acknowledged.
		Recorder first = worker("a", "discord.gateway.consumer.redis.min-idle=10s").getBean(Recorder.class);
		Recorder second = worker("b", "discord.gateway.consumer.redis.min-idle=10s").getBean(Recorder.class);
		List<GatewayEnvelope> sent = new ArrayList<>();
		for (int seq = 1; seq <= 150; seq++) {
			sent.add(WorkerTestSupport.message(seq % 2, "session-" + (seq % 2), seq, String.valueOf(1000 + seq % 5),
					"m" + seq));
		}
		sent.forEach(this::add);
		// A forced resume: the gateway forwards the session's last 40 dispatches again.
		sent.subList(110, 150).forEach(this::add);
		Set<String> expected = new HashSet<>();
		sent.forEach((envelope) -> expected.add(envelope.shardId() + ":" + envelope.sequence()));

		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(
					List.of(first.handled.size() + second.handled.size(), duplicates("a") + duplicates("b")))
				.as("handled, duplicates")
				.isEqualTo(List.of(150, 40L)));
		List<String> all = new ArrayList<>(first.handledList());
		all.addAll(second.handledList());
		assertThat(all).hasSize(150).doesNotHaveDuplicates();
		assertThat(new HashSet<>(all)).isEqualTo(expected);
		assertThat(first.handled).as("both workers take part").isNotEmpty();
		assertThat(second.handled).isNotEmpty();
	}

	@Test
	void aListenerThatKeepsFailingSendsTheEnvelopeToTheDeadLettersWithTheError() {
		ConfigurableApplicationContext worker = worker("a");
		Recorder recorder = worker.getBean(Recorder.class);
		recorder.poison = (seq) -> seq == 3;
		GatewayEnvelope poison = WorkerTestSupport.message("s1", 3, "5000", "poison");
		add(WorkerTestSupport.message("s1", 2, "5000", "before"));
		add(poison);
		addRaw("{\"v\":1,\"shard\":0".getBytes(StandardCharsets.UTF_8));
		add(WorkerTestSupport.message("s1", 4, "5000", "after"));

		await().atMost(WAIT).until(() -> recorder.handled.size() == 2 && deadLetters().size() == 2);
		assertThat(recorder.handledList()).containsExactly("0:2", "0:4");
		assertThat(recorder.attempts).containsEntry(3L, 3);
		List<Map<String, String>> dead = deadLetters();
		assertThat(dead.get(0)).containsEntry("error", "java.lang.IllegalStateException: poison 3")
			.containsEntry("attempts", "3")
			.containsEntry("type", "MESSAGE_CREATE")
			.containsEntry("seq", "3")
			.containsEntry("group", this.prefix + "-group")
			.containsEntry("envelope", new String(poison.toJson(), StandardCharsets.UTF_8));
		assertThat(dead.get(1).get("error")).startsWith("io.github.discordgateway.broker.EnvelopeFormatException: ");
		assertThat(dead.get(1)).containsEntry("attempts", "0");
		await().atMost(WAIT).untilAsserted(() -> {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				assertThat(connection.streamCommands().xPending(bytes(stream()), group()).getTotalPendingMessages())
					.as("every entry acknowledged")
					.isZero();
			}
		});
		assertThat(worker.getBean(DiscordGatewayConsumerHealthIndicator.class).health().getDetails())
			.containsEntry("deadLetters", 2L);
	}

	@Test
	void theUnacknowledgedEntriesOfAStoppedWorkerAreTakenOverByAnother() throws Exception {
		ConfigurableApplicationContext dying = worker("dying", "discord.gateway.consumer.redis.batch-size=10");
		Recorder dyingRecorder = dying.getBean(Recorder.class);
		dyingRecorder.blockOn = 5;
		for (int seq = 1; seq <= 20; seq++) {
			add(WorkerTestSupport.message("s1", seq, "5000", "m" + seq));
		}
		assertThat(dyingRecorder.blocked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		Recorder survivor = worker("survivor").getBean(Recorder.class);
		dying.close();

		await().atMost(WAIT).until(() -> dyingRecorder.handled.size() + survivor.handled.size() == 20);
		assertThat(dyingRecorder.handledList()).containsExactly("0:1", "0:2", "0:3", "0:4");
		assertThat(survivor.handledList()).contains("0:5").hasSize(16).doesNotHaveDuplicates();
		RedisStreamEventConsumer consumer = this.workers.get(1).getBean(RedisStreamEventConsumer.class);
		assertThat(consumer.statistics().redeliveries()).isPositive();
	}

	@Test
	void commandsGoToTheCommandStreamAndMemberChunksCompleteTheRequest() throws Exception {
		ConfigurableApplicationContext worker = worker("a");
		GatewayCommandSender commands = worker.getBean(GatewayCommandSender.class);
		commands.updatePresence(playing("chess")).get(10, TimeUnit.SECONDS);
		CompletableFuture<List<JsonNode>> members = commands
			.requestGuildMembers(GuildMembersRequest.byQuery(81384788765712384L, "", 0));

		await().atMost(WAIT).until(() -> commandEntries().size() == 2);
		List<Map<String, String>> entries = commandEntries();
		assertThat(entries.get(0)).containsEntry("op", "3");
		GatewayCommandEnvelope presence = GatewayCommandEnvelope.fromJson(bytes(entries.get(0).get("envelope")));
		assertThat(presence.opcode()).isEqualTo(3);
		assertThat(presence.shardId()).isNull();
		assertThat(JSON.readTree(presence.data()).path("activities").path(0).path("name").asString())
			.isEqualTo("chess");
		GatewayCommandEnvelope request = GatewayCommandEnvelope.fromJson(bytes(entries.get(1).get("envelope")));
		assertThat(request.opcode()).isEqualTo(8);
		assertThat(request.guildId()).isEqualTo("81384788765712384");
		assertThat(request.nonce()).isNotBlank();
		assertThat(JSON.readTree(request.data()).path("nonce").asString()).isEqualTo(request.nonce());

		add(WorkerTestSupport.event("s1", 7, "GUILD_MEMBERS_CHUNK", "81384788765712384",
				chunk(request.nonce(), 0, 2, "1", "2")));
		add(WorkerTestSupport.event("s1", 8, "GUILD_MEMBERS_CHUNK", "81384788765712384",
				chunk(request.nonce(), 1, 2, "3")));
		assertThat(members.get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.extracting((member) -> member.path("user").path("id").asString())
			.containsExactly("1", "2", "3");

		String longName = "x".repeat(5000);
		assertThatThrownBy(() -> commands.updatePresence(playing(longName)).get())
			.isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("4096");
		assertThat(commandEntries()).hasSize(2);
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static GatewayPresence playing(String game) {
		return new GatewayPresence("online", List.of(new GatewayPresence.Activity(game, 0, null, null)), false);
	}

	private static String chunk(String nonce, int index, int count, String... userIds) {
		StringBuilder members = new StringBuilder();
		for (String id : userIds) {
			members.append((members.length() > 0) ? "," : "").append("{\"user\":{\"id\":\"").append(id).append("\"}}");
		}
		return "{\"guild_id\":\"81384788765712384\",\"members\":[" + members + "],\"chunk_index\":" + index
				+ ",\"chunk_count\":" + count + ",\"nonce\":\"" + nonce + "\"}";
	}

	private ConfigurableApplicationContext worker(String name, String... extra) {
		String[] properties = Stream.concat(Stream.of("spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + this.redis.port(), "discord.gateway.consumer.source=redis-stream",
				"discord.gateway.consumer.group=" + group(), "discord.gateway.consumer.redis.stream=" + stream(),
				"discord.gateway.consumer.redis.dead-letter-stream=" + stream() + ":dead",
				"discord.gateway.consumer.redis.command-stream=" + this.prefix + ":commands",
				"discord.gateway.consumer.redis.dedup-key-prefix=" + this.prefix + ":dedup",
				"discord.gateway.consumer.redis.consumer-name=" + name, "discord.gateway.consumer.redis.min-idle=400ms",
				"discord.gateway.consumer.redis.claim-interval=100ms", "discord.gateway.consumer.max-attempts=3",
				"discord.gateway.consumer.initial-backoff=5ms", "discord.gateway.consumer.max-backoff=10ms",
				"discord.gateway.consumer.shutdown-timeout=200ms"), Stream.of(extra))
			.toArray(String[]::new);
		ConfigurableApplicationContext context = WorkerTestSupport.startWorker(properties);
		this.workers.add(context);
		return context;
	}

	private long duplicates(String name) {
		return this.workers.stream()
			.map((context) -> context.getBean(RedisStreamEventConsumer.class))
			.filter((consumer) -> consumer.consumerName().equals(name))
			.mapToLong((consumer) -> consumer.statistics().duplicates())
			.sum();
	}

	private String group() {
		return this.prefix + "-group";
	}

	private String stream() {
		return this.prefix + ":events";
	}

	private void add(GatewayEnvelope envelope) {
		Map<byte[], byte[]> fields = new LinkedHashMap<>();
		fields.put(bytes("type"), bytes(envelope.type()));
		fields.put(bytes("shard"), bytes(Integer.toString(envelope.shardId())));
		fields.put(bytes("seq"), bytes(Long.toString(envelope.sequence())));
		fields.put(bytes("envelope"), envelope.toJson());
		xadd(stream(), fields);
	}

	private void addRaw(byte[] value) {
		xadd(stream(), Map.of(bytes("envelope"), value));
	}

	private void xadd(String key, Map<byte[], byte[]> fields) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.streamCommands().xAdd(StreamRecords.newRecord().in(bytes(key)).ofMap(fields));
		}
	}

	private List<Map<String, String>> deadLetters() {
		return entries(stream() + ":dead");
	}

	private List<Map<String, String>> commandEntries() {
		return entries(this.prefix + ":commands");
	}

	private List<Map<String, String>> entries(String key) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			List<ByteRecord> records = connection.streamCommands().xRange(bytes(key), Range.unbounded());
			List<Map<String, String>> entries = new ArrayList<>();
			for (ByteRecord record : records) {
				Map<String, String> fields = new LinkedHashMap<>();
				record.getValue()
					.forEach((field, value) -> fields.put(new String(field, StandardCharsets.UTF_8),
							new String(value, StandardCharsets.UTF_8)));
				entries.add(fields);
			}
			return entries;
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
