package io.github.discordgateway.autoconfigure.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;

import io.github.discordgateway.autoconfigure.consumer.WorkerTestSupport.Recorder;
import io.github.discordgateway.consumer.BrokerGatewayCommandSender;
import io.github.discordgateway.consumer.GatewayEventConsumer;
import io.github.discordgateway.core.GatewayCommandSender;
import io.github.discordgateway.core.GatewayPresence;
import io.github.discordgateway.core.GuildMembersRequest;
import io.github.discordgateway.forwarding.DispatchForwarder;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;
import io.github.discordgateway.test.redis.RedisServerExtension;
import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

/**
 * End to end: GatewaySimulator → a gateway application forwarding to the broker → two
 * workers of one consumer group. Every sequence of both shards is handled exactly once
 * across the workers, through a forced resume and copies of envelopes written again (as a
 * forwarder retry does); with Kafka each guild's events are handled in order; a worker's
 * command reaches the simulator, and its member requests complete when the other worker
 * consumes the answers.
 */
@ExtendWith(RedisServerExtension.class)
class GatewayToWorkersEndToEndTests {

	private static final String TOKEN = "end-to-end-token-NzkyNzE1NDU0MTk2MDg4ODQy";

	private static final Duration WAIT = Duration.ofSeconds(40);

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final String prefix = "e2e-" + UUID.randomUUID().toString().substring(0, 8);

	private GatewaySimulator simulator;

	@AfterEach
	void closeContextsThenTheSimulator() {
		// The gateways stop before the simulator does, so they never see it go away.
		this.contexts.forEach(ConfigurableApplicationContext::close);
		this.contexts.clear();
		if (this.simulator != null) {
			this.simulator.close();
		}
	}

	@Test
	void redisStream(RedisServer redis) {
		LettuceConnectionFactory connectionFactory = redis.connectionFactory();
		String stream = this.prefix + ":events";
		try {
			GatewaySimulator simulator = simulator();
			gateway(simulator, "--discord.gateway.forwarding.target=redis-stream",
					"--discord.gateway.forwarding.redis.stream=" + stream,
					"--discord.gateway.forwarding.redis.command-stream=" + this.prefix + ":commands",
					"--discord.gateway.forwarding.redis.command-poll-timeout=100ms",
					"--spring.data.redis.port=" + redis.port());
			List<String> redisWorker = List.of("spring.data.redis.port=" + redis.port(),
					"discord.gateway.consumer.source=redis-stream", "discord.gateway.consumer.redis.stream=" + stream,
					"discord.gateway.consumer.redis.command-stream=" + this.prefix + ":commands",
					"discord.gateway.consumer.redis.reply-stream-prefix=" + this.prefix + ":replies",
					"discord.gateway.consumer.redis.dedup-key-prefix=" + this.prefix + ":dedup");
			Recorder first = worker(redisWorker, "discord.gateway.consumer.redis.consumer-name=first")
				.getBean(Recorder.class);
			Recorder second = worker(redisWorker, "discord.gateway.consumer.redis.consumer-name=second")
				.getBean(Recorder.class);

			floodWithAResume(simulator);
			awaitForwarded();
			// The forwarder writes an envelope again when a write's confirmation was
			// lost: copy 25 entries.
			try (RedisConnection connection = connectionFactory.getConnection()) {
				List<ByteRecord> entries = connection.streamCommands()
					.xRange(stream.getBytes(StandardCharsets.UTF_8), Range.unbounded());
				for (ByteRecord entry : entries.subList(100, 125)) {
					connection.streamCommands()
						.xAdd(StreamRecords.newRecord()
							.in(stream.getBytes(StandardCharsets.UTF_8))
							.ofMap(entry.getValue()));
				}
			}
			assertEverySequenceHandledOnce(simulator, first, second, 25);
			assertCommandsReachTheShards(simulator);
			assertMemberRequestsCompleteThroughTheOtherWorker(simulator, second);
			try (RedisConnection connection = connectionFactory.getConnection()) {
				String replies = this.prefix + ":replies:"
						+ this.contexts.get(1).getBean(BrokerGatewayCommandSender.class).workerId();
				this.contexts.remove(1).close();
				assertThat(connection.keyCommands().exists(replies.getBytes(StandardCharsets.UTF_8)))
					.as("a stopped worker's reply stream is deleted")
					.isFalse();
			}
		}
		finally {
			connectionFactory.destroy();
		}
	}

	@Test
	void kafka() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 4);
		broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
		broker.afterPropertiesSet();
		String topic = this.prefix + "-events";
		broker.addTopics(new NewTopic(topic, 4, (short) 1), new NewTopic(this.prefix + "-commands", 1, (short) 1),
				new NewTopic(this.prefix + "-replies", 2, (short) 1));
		try {
			GatewaySimulator simulator = simulator();
			gateway(simulator, "--discord.gateway.forwarding.target=kafka",
					"--discord.gateway.forwarding.kafka.topic=" + topic,
					"--discord.gateway.forwarding.kafka.command-topic=" + this.prefix + "-commands",
					"--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString());
			List<String> kafkaWorker = List.of("spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
					"discord.gateway.consumer.source=kafka", "discord.gateway.consumer.kafka.topic=" + topic,
					"discord.gateway.consumer.kafka.command-topic=" + this.prefix + "-commands",
					"discord.gateway.consumer.kafka.reply-topic=" + this.prefix + "-replies",
					// A member learns of a rebalance with its next heartbeat (3 s by
					// default)
					"spring.kafka.consumer.properties.heartbeat.interval.ms=250");
			ConfigurableApplicationContext firstWorker = worker(kafkaWorker);
			ConfigurableApplicationContext secondWorker = worker(kafkaWorker);
			await().atMost(WAIT)
				.until(() -> Stream.of(firstWorker, secondWorker)
					.allMatch((context) -> !context
						.getBean(io.github.discordgateway.consumer.kafka.KafkaEventConsumer.class)
						.assignedPartitions()
						.isEmpty()));
			Recorder first = firstWorker.getBean(Recorder.class);
			Recorder second = secondWorker.getBean(Recorder.class);

			floodWithAResume(simulator);
			assertEverySequenceHandledOnce(simulator, first, second, 0);
			for (Recorder recorder : List.of(first, second)) {
				Map<Long, List<Long>> byGuild = new HashMap<>();
				recorder.messages.forEach(
						(message) -> byGuild.computeIfAbsent(message[0], (guild) -> new ArrayList<>()).add(message[1]));
				byGuild.forEach((guild, sequences) -> assertThat(sequences).as("guild %s in order", guild).isSorted());
			}
			assertCommandsReachTheShards(simulator);
			assertMemberRequestsCompleteThroughTheOtherWorker(simulator, second);
		}
		finally {
			this.contexts.forEach(ConfigurableApplicationContext::close);
			this.contexts.clear();
			broker.destroy();
		}
	}

	/**
	 * 150 messages, a forced resume of shard 0 (RECONNECT), 150 more, and 50 after the
	 * resume.
	 */
	private static void floodWithAResume(GatewaySimulator simulator) {
		dispatch(simulator, 150);
		SimulatedSession shard0 = simulator.session(0).orElseThrow();
		shard0.connection().orElseThrow().sendReconnect();
		dispatch(simulator, 150);
		await().atMost(WAIT).until(() -> shard0.resumeCount() == 1 && shard0.isConnected());
		dispatch(simulator, 50);
	}

	private static void dispatch(GatewaySimulator simulator, int count) {
		List<String> guilds = simulator.guildIds();
		for (int i = 0; i < count; i++) {
			String guild = guilds.get(i % guilds.size());
			int shard = (int) Long.remainderUnsigned(Long.parseUnsignedLong(guild) >>> 22, 2);
			simulator.session(shard)
				.orElseThrow()
				.dispatch("MESSAGE_CREATE", "{\"id\":\"" + (9000 + i) + "\",\"channel_id\":\"4242\",\"guild_id\":\""
						+ guild + "\",\"content\":\"event " + i + "\",\"author\":{\"id\":\"1\",\"username\":\"ada\"}}");
		}
	}

	private void awaitForwarded() {
		DispatchForwarder forwarder = this.contexts.get(0).getBean(DispatchForwarder.class);
		await().atMost(WAIT).until(() -> forwarder.unconfirmed() == 0);
	}

	private void assertEverySequenceHandledOnce(GatewaySimulator simulator, Recorder first, Recorder second,
			long copies) {
		Set<String> expected = new HashSet<>();
		for (SimulatedSession session : simulator.sessions()) {
			LongStream.rangeClosed(1, session.lastSequence())
				.forEach((seq) -> expected.add(session.shardId() + ":" + seq));
		}
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(first.handled.size() + second.handled.size()).as("handled")
				.isEqualTo(expected.size()));
		await().atMost(WAIT).untilAsserted(() -> assertThat(duplicates()).as("duplicates dropped").isEqualTo(copies));
		List<String> all = new ArrayList<>(first.handledList());
		all.addAll(second.handledList());
		assertThat(all).doesNotHaveDuplicates();
		assertThat(new HashSet<>(all)).isEqualTo(expected);
		assertThat(first.handled).as("both workers take part").isNotEmpty();
		assertThat(second.handled).isNotEmpty();
	}

	private void assertCommandsReachTheShards(GatewaySimulator simulator) {
		GatewayCommandSender commands = this.contexts.get(1).getBean(GatewayCommandSender.class);
		commands.updatePresence(new GatewayPresence("idle", List.of(), false)).orTimeout(10, TimeUnit.SECONDS).join();
		for (SimulatedSession session : simulator.sessions()) {
			SimulatedConnection connection = session.connection().orElseThrow();
			await().atMost(WAIT).until(() -> !connection.received(3).isEmpty());
			assertThat(connection.received(3).get(0).d().path("status").asString()).isEqualTo("idle");
		}
	}

	/**
	 * The first worker stops consuming, so the GUILD_MEMBERS_CHUNK answers to its member
	 * requests (one per guild) all reach the second worker, which publishes them as
	 * ordinary events and passes them on to the first through its reply channel.
	 */
	private void assertMemberRequestsCompleteThroughTheOtherWorker(GatewaySimulator simulator, Recorder second) {
		ConfigurableApplicationContext requester = this.contexts.get(1);
		requester.getBean(GatewayEventConsumer.class).stop();
		BrokerGatewayCommandSender commands = requester.getBean(BrokerGatewayCommandSender.class);
		List<CompletableFuture<List<JsonNode>>> requests = simulator.guildIds()
			.stream()
			.map((guild) -> commands.requestGuildMembers(
					GuildMembersRequest.byQuery(Long.parseUnsignedLong(guild), "", 0).withTimeout(WAIT)))
			.toList();
		for (int i = 0; i < requests.size(); i++) {
			List<JsonNode> members = requests.get(i).join();
			assertThat(members).as("members of guild %s", simulator.guildIds().get(i)).isNotEmpty();
		}
		// The answer is passed on before the consuming worker's listeners run.
		await().atMost(WAIT).untilAsserted(() -> {
			List<String> chunkNonces = second.allEvents.stream()
				.filter((event) -> "GUILD_MEMBERS_CHUNK".equals(event.getType()))
				.map((event) -> event.getData().path("nonce").asString())
				.toList();
			assertThat(chunkNonces).as("the second worker consumed the chunks as ordinary events")
				.hasSize(requests.size())
				.allMatch((nonce) -> nonce.startsWith(commands.workerId() + "."));
		});
	}

	private long duplicates() {
		return this.contexts.stream()
			.skip(1)
			.mapToLong((context) -> context.getBean(GatewayEventConsumer.class).statistics().duplicates())
			.sum();
	}

	private GatewaySimulator simulator() {
		this.simulator = GatewaySimulator.builder()
			.token(TOKEN)
			.shards(2)
			.guilds(6)
			.heartbeatInterval(Duration.ofSeconds(5))
			.identifyWindow(Duration.ZERO)
			.replayBufferSize(100_000)
			.build()
			.start();
		return this.simulator;
	}

	private void gateway(GatewaySimulator simulator, String... forwarding) {
		List<String> args = new ArrayList<>(List.of("--discord.gateway.token=" + TOKEN,
				"--discord.gateway.api-base-url=" + simulator.apiBaseUrl(), "--discord.gateway.identify-interval=0s",
				"--discord.gateway.forwarding.retry-backoff-max=200ms", "--spring.data.redis.host=127.0.0.1",
				"--spring.jmx.enabled=false"));
		args.addAll(List.of(forwarding));
		this.contexts.add(new SpringApplicationBuilder(GatewayApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.run(args.toArray(String[]::new)));
		await().atMost(WAIT)
			.until(() -> simulator.sessions().size() == 2
					&& simulator.sessions().stream().allMatch(SimulatedSession::isConnected));
	}

	private ConfigurableApplicationContext worker(List<String> source, String... extra) {
		List<String> properties = new ArrayList<>(source);
		properties.addAll(List.of("spring.data.redis.host=127.0.0.1", "discord.gateway.consumer.group=" + this.prefix,
				"discord.gateway.consumer.shutdown-timeout=200ms", "spring.jmx.enabled=false"));
		properties.addAll(List.of(extra));
		ConfigurableApplicationContext context = WorkerTestSupport.startWorker(properties.toArray(String[]::new));
		this.contexts.add(context);
		return context;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class GatewayApplication {

	}

}
