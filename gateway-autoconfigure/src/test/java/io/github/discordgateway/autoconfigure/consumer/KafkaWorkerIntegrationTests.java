package io.github.discordgateway.autoconfigure.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;

import io.github.discordgateway.autoconfigure.consumer.WorkerTestSupport.Recorder;
import io.github.discordgateway.broker.GatewayCommandEnvelope;
import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.consumer.kafka.KafkaEventConsumer;
import io.github.discordgateway.core.GatewayCommandSender;
import io.github.discordgateway.core.GatewayException;
import io.github.discordgateway.core.GuildMembersRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Workers consuming a Kafka topic on spring-kafka's embedded KRaft broker. */
class KafkaWorkerIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int PARTITIONS = 4;

	private static EmbeddedKafkaKraftBroker broker;

	private static KafkaProducer<String, byte[]> producer;

	private final List<ConfigurableApplicationContext> workers = new ArrayList<>();

	private String prefix;

	@BeforeAll
	static void startBroker() {
		broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
		broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
		broker.afterPropertiesSet();
		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
				new StringSerializer(), new ByteArraySerializer());
	}

	@AfterAll
	static void stopBroker() {
		producer.close();
		broker.destroy();
	}

	@BeforeEach
	void createTopics() {
		this.prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);
		broker.addTopics(new NewTopic(topic(), PARTITIONS, (short) 1), new NewTopic(topic() + ".dlt", 1, (short) 1),
				new NewTopic(this.prefix + "-commands", 1, (short) 1));
	}

	@AfterEach
	void stopWorkers() {
		this.workers.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void twoWorkersOfOneGroupKeepEachGuildsOrderAndDropAResumesReplays() {
		Recorder first = worker().getBean(Recorder.class);
		Recorder second = worker().getBean(Recorder.class);
		awaitAssignment(this.workers.get(0), this.workers.get(1));
		List<GatewayEnvelope> sent = IntStream.rangeClosed(1, 120)
			.mapToObj((seq) -> WorkerTestSupport.message("s1", seq, String.valueOf(2000 + seq % 6), "m" + seq))
			.toList();
		sent.forEach(this::send);
		sent.subList(90, 120).forEach(this::send);

		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(List.of(first.handled.size() + second.handled.size(), duplicates()))
				.as("handled, duplicates")
				.isEqualTo(List.of(120, 30L)));
		List<String> all = new ArrayList<>(first.handledList());
		all.addAll(second.handledList());
		assertThat(all).hasSize(120).doesNotHaveDuplicates();
		for (Recorder recorder : List.of(first, second)) {
			Map<Long, List<Long>> byGuild = new HashMap<>();
			recorder.messages.forEach(
					(message) -> byGuild.computeIfAbsent(message[0], (guild) -> new ArrayList<>()).add(message[1]));
			byGuild.forEach((guild, sequences) -> assertThat(sequences).as("guild %s", guild).isSorted());
		}
		assertThat(first.handled).as("both workers take part").isNotEmpty();
		assertThat(second.handled).isNotEmpty();
	}

	@Test
	void deadLettersCarryTheErrorAndCommandsGoBackThroughTheCommandTopic() throws Exception {
		ConfigurableApplicationContext worker = worker();
		Recorder recorder = worker.getBean(Recorder.class);
		recorder.poison = (seq) -> seq == 3;
		GatewayEnvelope poison = WorkerTestSupport.message("s1", 3, "3000", "poison");
		send(WorkerTestSupport.message("s1", 2, "3000", "before"));
		send(poison);
		producer.send(new ProducerRecord<>(topic(), "3000", "not an envelope".getBytes(StandardCharsets.UTF_8)));
		send(WorkerTestSupport.message("s1", 4, "3000", "after"));

		List<ConsumerRecord<String, byte[]>> dead = read(topic() + ".dlt", 2);
		assertThat(header(dead.get(0), "discord-error")).isEqualTo("java.lang.IllegalStateException: poison 3");
		assertThat(header(dead.get(0), "discord-attempts")).isEqualTo("3");
		assertThat(header(dead.get(0), "discord-type")).isEqualTo("MESSAGE_CREATE");
		assertThat(dead.get(0).value()).isEqualTo(poison.toJson());
		assertThat(dead.get(0).key()).isEqualTo("3000");
		assertThat(header(dead.get(1), "discord-error"))
			.startsWith("io.github.discordgateway.broker.EnvelopeFormatException: ");
		await().atMost(WAIT).until(() -> recorder.handled.size() == 2);
		assertThat(recorder.handledList()).containsExactly("0:2", "0:4");
		assertThat(worker.getBean(KafkaEventConsumer.class).statistics().deadLetters()).isEqualTo(2);

		GatewayCommandSender commands = worker.getBean(GatewayCommandSender.class);
		commands.updateVoiceState(3000, 77L, false, true).get(10, TimeUnit.SECONDS);
		CompletableFuture<List<JsonNode>> members = commands
			.requestGuildMembers(GuildMembersRequest.byIds(3000, List.of(9L)));
		List<ConsumerRecord<String, byte[]>> sentCommands = read(this.prefix + "-commands", 2);
		GatewayCommandEnvelope voice = GatewayCommandEnvelope.fromJson(sentCommands.get(0).value());
		assertThat(sentCommands.get(0).key()).isEqualTo("3000");
		assertThat(voice.opcode()).isEqualTo(4);
		assertThat(new String(voice.data(), StandardCharsets.UTF_8)).contains("\"channel_id\":\"77\"")
			.contains("\"self_deaf\":true");
		GatewayCommandEnvelope request = GatewayCommandEnvelope.fromJson(sentCommands.get(1).value());
		assertThat(request.opcode()).isEqualTo(8);
		send(WorkerTestSupport.event("s1", 5, "GUILD_MEMBERS_CHUNK", "3000",
				"{\"guild_id\":\"3000\",\"members\":[{\"user\":{\"id\":\"9\"}}],\"chunk_index\":0,\"chunk_count\":1,"
						+ "\"nonce\":\"" + request.nonce() + "\"}"));
		assertThat(members.get(WAIT.toSeconds(), TimeUnit.SECONDS)).singleElement()
			.satisfies((member) -> assertThat(member.path("user").path("id").asString()).isEqualTo("9"));
	}

	@Test
	void aWorkerWithoutItsReplyTopicSaysSoInItsHealthAndItsMemberRequests() {
		// A broker that creates no topics, as production ones often are configured.
		String replies = this.prefix + "-missing-replies";
		ConfigurableApplicationContext worker = worker("discord.gateway.consumer.kafka.reply-topic=" + replies,
				"spring.kafka.consumer.properties.allow.auto.create.topics=false");
		DiscordGatewayConsumerHealthIndicator health = worker.getBean(DiscordGatewayConsumerHealthIndicator.class);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(health.health().getDetails().get("commandReplies")).asString()
				.startsWith("the replies are not read yet: ")
				.contains("The reply topic " + replies + " has no partitions"));
		assertThat(health.health().getStatus()).as("events still flow").isEqualTo(Status.UP);
		CompletableFuture<List<JsonNode>> members = worker.getBean(GatewayCommandSender.class)
			.requestGuildMembers(GuildMembersRequest.byIds(3000, List.of(9L)).withTimeout(Duration.ofMillis(500)));
		assertThat(members).failsWithin(WAIT)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(GatewayException.class)
			.withMessageContaining("The member request was not sent")
			.withMessageContaining(replies);
	}

	@Test
	void theUncommittedRecordOfAStoppedWorkerGoesToTheWorkerThatTakesItsPartitions() throws Exception {
		ConfigurableApplicationContext dying = worker();
		Recorder dyingRecorder = dying.getBean(Recorder.class);
		dyingRecorder.blockOn = 5;
		awaitAssignment(dying);
		for (int seq = 1; seq <= 20; seq++) {
			send(WorkerTestSupport.message("s1", seq, "4000", "m" + seq));
		}
		assertThat(dyingRecorder.blocked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		Recorder survivor = worker().getBean(Recorder.class);
		dying.close();

		await().atMost(WAIT).until(() -> survivor.handled.size() == 16);
		assertThat(dyingRecorder.handledList()).containsExactly("0:1", "0:2", "0:3", "0:4");
		assertThat(survivor.handledList())
			.containsExactlyElementsOf(IntStream.rangeClosed(5, 20).mapToObj((seq) -> "0:" + seq).toList());
	}

	private ConfigurableApplicationContext worker(String... extra) {
		String[] properties = Stream
			.concat(Stream.of("spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
					"discord.gateway.consumer.source=kafka", "discord.gateway.consumer.group=" + this.prefix + "-group",
					"discord.gateway.consumer.kafka.topic=" + topic(),
					"discord.gateway.consumer.kafka.dead-letter-topic=" + topic() + ".dlt",
					"discord.gateway.consumer.kafka.command-topic=" + this.prefix + "-commands",
					"discord.gateway.consumer.max-attempts=3", "discord.gateway.consumer.initial-backoff=5ms",
					"discord.gateway.consumer.max-backoff=10ms", "discord.gateway.consumer.shutdown-timeout=200ms",
					// A member learns of a rebalance with its next heartbeat (3 s by
					// default)
					"spring.kafka.consumer.properties.heartbeat.interval.ms=250"), Stream.of(extra))
			.toArray(String[]::new);
		ConfigurableApplicationContext context = WorkerTestSupport.startWorker(properties);
		this.workers.add(context);
		return context;
	}

	private void awaitAssignment(ConfigurableApplicationContext... contexts) {
		await().atMost(WAIT)
			.until(() -> Stream.of(contexts)
				.map((context) -> context.getBean(KafkaEventConsumer.class).assignedPartitions())
				.allMatch((assigned) -> !assigned.isEmpty())
					&& Stream.of(contexts)
						.mapToInt((context) -> context.getBean(KafkaEventConsumer.class).assignedPartitions().size())
						.sum() == PARTITIONS);
	}

	private long duplicates() {
		return this.workers.stream()
			.mapToLong((context) -> context.getBean(KafkaEventConsumer.class).statistics().duplicates())
			.sum();
	}

	private String topic() {
		return this.prefix + "-events";
	}

	private void send(GatewayEnvelope envelope) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic(), envelope.partitionKey(),
				envelope.toJson());
		record.headers().add("discord-type", envelope.type().getBytes(StandardCharsets.UTF_8));
		record.headers().add("discord-shard", Integer.toString(envelope.shardId()).getBytes(StandardCharsets.UTF_8));
		record.headers().add("discord-seq", Long.toString(envelope.sequence()).getBytes(StandardCharsets.UTF_8));
		producer.send(record);
		producer.flush();
	}

	private static List<ConsumerRecord<String, byte[]>> read(String topic, int count) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringDeserializer(),
				new ByteArrayDeserializer())) {
			TopicPartition partition = new TopicPartition(topic, 0);
			consumer.assign(List.of(partition));
			consumer.seekToBeginning(List.of(partition));
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			await().atMost(WAIT).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
				return records.size() >= count;
			});
			return records;
		}
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

}
