package io.github.discordgateway.autoconfigure.forwarding;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.springframework.util.FileSystemUtils;

import kafka.tools.StorageTool;

/**
 * A single-node KRaft Kafka (broker and controller) in a child JVM, started from the
 * Kafka jars on the test classpath (the ones spring-kafka's embedded broker uses), that a
 * test can kill and start again on the same port and log directory. The in-process
 * embedded broker cannot do that: {@code EmbeddedKafkaKraftBroker} has no restart, and a
 * new one binds new ports and a new, empty log directory.
 */
final class KafkaBrokerProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private final Path directory;

	private final Path config;

	private final int port;

	private Process process;

	private KafkaBrokerProcess(Path directory, Path config, int port) {
		this.directory = directory;
		this.config = config;
		this.port = port;
	}

	/**
	 * Formats a new log directory and launches the broker on two free loopback ports,
	 * without waiting for it ({@link #awaitReady()}).
	 */
	static KafkaBrokerProcess start() throws IOException {
		Path directory = Files.createTempDirectory("kafka-outage-");
		int port = freePort();
		int controllerPort = freePort();
		Path config = directory.resolve("server.properties");
		Files.writeString(config, String.join("\n", "process.roles=broker,controller", "node.id=1",
				"listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
				"advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
				"listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
				"controller.quorum.voters=1@127.0.0.1:" + controllerPort, "log.dirs=" + directory.resolve("data"),
				"offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
				"transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0", "num.partitions=1",
				"auto.create.topics.enable=false", "offsets.topic.num.partitions=1",
				// A quick start and restart: a single voter elects itself and its broker
				// unfences after its first heartbeats.
				"controller.quorum.election.timeout.ms=300", "controller.quorum.fetch.timeout.ms=600",
				"broker.heartbeat.interval.ms=200", "broker.session.timeout.ms=3000", ""));
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		int formatted = StorageTool.execute(
				new String[] { "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString() },
				new PrintStream(output, true, StandardCharsets.UTF_8));
		if (formatted != 0) {
			throw new IllegalStateException("Formatting the Kafka log directory failed: " + output);
		}
		KafkaBrokerProcess broker = new KafkaBrokerProcess(directory, config, port);
		broker.launch();
		return broker;
	}

	String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	/**
	 * Starts the broker again on the same port and log directory and returns once it
	 * answers.
	 */
	void restart() throws IOException {
		launch();
		awaitReady();
	}

	private void launch() throws IOException {
		this.process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				"kafka.Kafka", this.config.toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
			.start();
	}

	/** Waits until the broker answers. */
	void awaitReady() {
		try (Admin admin = admin()) {
			await().atMost(START_TIMEOUT).ignoreExceptions().until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("The Kafka broker exited; see " + log());
				}
				return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
			});
		}
	}

	/** Kills the broker process (SIGKILL): a crash, not a clean shutdown. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	void createTopic(String name, int partitions) throws Exception {
		try (Admin admin = admin()) {
			admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
	}

	private Path log() {
		return this.directory.resolve("broker.log");
	}

	private Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				4000));
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null) {
			kill();
		}
		FileSystemUtils.deleteRecursively(this.directory.toFile());
	}

	/** A port the system picked as free (loopback); the broker binds it right after. */
	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
