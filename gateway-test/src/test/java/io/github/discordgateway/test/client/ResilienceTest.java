package io.github.discordgateway.test.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.ResourceLockTarget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.discordgateway.core.GatewayCloseCode.Recovery;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.GatewayIntent;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.ReceivedPayload;
import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resume, reconnect, invalid sessions, close codes, zombies and hostile input, over real
 * sockets, once per encoding ({@link JsonResilienceTest}, {@link EtfResilienceTest}).
 * Every test has its own simulator and client; the few that spend seconds watching that
 * nothing happens run side by side with the others, and the one that checks for leftover
 * gateway threads runs alone.
 */
@ResourceLock(value = ResilienceTest.GATEWAY_THREADS, mode = ResourceAccessMode.READ,
		target = ResourceLockTarget.CHILDREN)
abstract class ResilienceTest {

	/** Held exclusively by a test that expects no gateway thread alive in the JVM. */
	static final String GATEWAY_THREADS = "gateway-threads";

	private static final Duration WAIT = Duration.ofSeconds(15);

	private final GatewayEncoding encoding;

	ResilienceTest(GatewayEncoding encoding) {
		this.encoding = encoding;
	}

	@Test
	void resumesOnTheResumeUrlAfterAServerCloseAndDeliversMissedEventsOnce() {
		try (ClientHarness harness = readyHarness(ClientHarness.simulator())) {
			SimulatedConnection first = harness.simulator.latestConnection().orElseThrow();
			SimulatedSession session = harness.simulator.session(0).orElseThrow();
			dispatchMessages(session, 20);
			await().atMost(WAIT).until(() -> harness.recorder.count("MESSAGE_CREATE") == 20);
			long sequenceBeforeDrop = session.lastSequence();

			first.close(4000, "unknown error");
			dispatchMessages(session, 30);

			await().atMost(WAIT).until(() -> harness.recorder.lifecycle.contains("resumed:0"));
			SimulatedConnection second = harness.simulator.latestConnection().orElseThrow();
			assertThat(second.path()).isEqualTo("/resume");
			assertThat(second.query()).containsEntry("v", "10").containsEntry("compress", "zlib-stream");
			ReceivedPayload resume = harness.simulator.resumes().get(0);
			assertThat(resume.d().path("session_id").asString()).isEqualTo(session.id());
			assertThat(resume.d().path("token").asString()).isEqualTo(ClientHarness.TOKEN);
			assertThat(resume.sequence().getAsLong()).isGreaterThanOrEqualTo(sequenceBeforeDrop);
			assertThat(harness.simulator.identifies()).hasSize(1);

			await().atMost(WAIT).until(() -> harness.recorder.count("MESSAGE_CREATE") == 50);
			assertDeliveredExactlyOnceInOrder(harness);
			assertThat(harness.recorder.resumedReplays).hasSize(1);
			assertThat(harness.recorder.disconnects).anySatisfy((disconnect) -> {
				assertThat(disconnect.closeCode()).isEqualTo(4000);
				assertThat(disconnect.willReconnect()).isTrue();
				assertThat(disconnect.recovery()).isEqualTo(Recovery.RESUME);
			});
		}
	}

	@Test
	void reconnectRequestClosesWithAResumableCodeAndResumes() {
		try (ClientHarness harness = readyHarness(ClientHarness.simulator())) {
			SimulatedConnection first = harness.simulator.latestConnection().orElseThrow();
			first.sendReconnect();
			await().atMost(WAIT).until(() -> harness.recorder.lifecycle.contains("resumed:0"));
			await().atMost(WAIT).until(() -> first.clientCloseCode().isPresent());
			assertThat(first.clientCloseCode().getAsInt()).isNotIn(1000, 1001);
			assertThat(harness.simulator.latestConnection().orElseThrow().path()).isEqualTo("/resume");
			assertThat(harness.simulator.identifies()).hasSize(1);
			assertThat(harness.recorder.reconnectReasons).containsKey("reconnect-request");
		}
	}

	@Test
	void resumableInvalidSessionResumesAfterARandomWait() {
		try (ClientHarness harness = readyHarness(ClientHarness.simulator())) {
			SimulatedConnection first = harness.simulator.latestConnection().orElseThrow();
			Instant sent = Instant.now();
			first.sendInvalidSession(true);
			await().atMost(WAIT).until(() -> harness.recorder.lifecycle.contains("resumed:0"));
			ReceivedPayload resume = harness.simulator.resumes().get(0);
			assertThat(Duration.between(sent, resume.receivedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(100));
			assertThat(harness.simulator.identifies()).hasSize(1);
		}
	}

	@Test
	@Execution(ExecutionMode.CONCURRENT)
	void nonResumableInvalidSessionIdentifiesAgainOnTheDiscoveryUrlAfterOneToFiveSeconds() {
		GatewaySimulator simulator = ClientHarness.simulator().build().start();
		try (ClientHarness harness = new ClientHarness(simulator,
				inEncoding((options) -> options.invalidSessionDelay(Duration.ofSeconds(1), Duration.ofSeconds(5))))
			.start()) {
			await().atMost(WAIT).until(harness::isReady);
			Instant sent = Instant.now();
			simulator.latestConnection().orElseThrow().sendInvalidSession(false);
			await().atMost(WAIT).until(() -> simulator.identifies().size() == 2);
			Duration waited = Duration.between(sent, simulator.identifies().get(1).receivedAt());
			assertThat(waited).isBetween(Duration.ofMillis(950), Duration.ofMillis(5500));
			assertThat(simulator.latestConnection().orElseThrow().path()).isNotEqualTo("/resume");
			assertThat(simulator.resumes()).isEmpty();
			await().atMost(WAIT)
				.until(() -> harness.recorder.lifecycle.stream().filter("ready:0"::equals).count() == 2);
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 4003, 4005, 4007, 4009 })
	void sessionEndingCloseCodesIdentifyAgainOnTheDiscoveryUrl(int code) {
		try (ClientHarness harness = readyHarness(ClientHarness.simulator())) {
			harness.simulator.latestConnection().orElseThrow().close(code, "session ended");
			await().atMost(WAIT).until(() -> harness.simulator.identifies().size() == 2);
			assertThat(harness.simulator.latestConnection().orElseThrow().path()).isNotEqualTo("/resume");
			assertThat(harness.simulator.resumes()).isEmpty();
			await().atMost(WAIT).until(harness::isReady);
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 4010, 4011, 4012, 4013, 4014 })
	@Execution(ExecutionMode.CONCURRENT)
	void fatalCloseCodesStopTheShardWithoutRetrying(int code) {
		try (ClientHarness harness = readyHarness(ClientHarness.simulator())) {
			harness.simulator.latestConnection().orElseThrow().close(code, "fatal");
			await().atMost(WAIT).until(() -> harness.shard().state() == ShardState.FAILED);
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(8))
				.until(() -> harness.simulator.connections().size() == 1);
			assertThat(harness.shard().snapshot().lastDisconnect().closeCode()).isEqualTo(code);
			await().atMost(WAIT)
				.until(() -> harness.recorder.disconnects.stream()
					.anyMatch((disconnect) -> disconnect.closeCode() == code && !disconnect.willReconnect()));
		}
	}

	@Test
	@Execution(ExecutionMode.CONCURRENT)
	void rejectedTokenAtIdentifyFailsWithoutRetrying() {
		GatewaySimulator simulator = ClientHarness.simulator().allowedPrivilegedIntents(0).build().start();
		try (ClientHarness harness = new ClientHarness(simulator, inEncoding(
				(options) -> options.intents(GatewayIntent.MESSAGE_CONTENT.value() | GatewayIntent.GUILDS.value())))
			.start()) {
			await().atMost(WAIT).until(() -> harness.shard() != null && harness.shard().state() == ShardState.FAILED);
			assertThat(harness.shard().snapshot().lastDisconnect().closeCode()).isEqualTo(4014);
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(8))
				.until(() -> simulator.identifies().size() == 1);
		}
	}

	@Test
	void zombieConnectionIsClosedWithAResumableCodeAndResumed() {
		try (ClientHarness harness = readyHarness(ClientHarness.simulator())) {
			SimulatedConnection zombie = harness.simulator.latestConnection().orElseThrow();
			zombie.goSilent();
			await().atMost(WAIT).until(() -> harness.recorder.lifecycle.contains("resumed:0"));
			assertThat(harness.recorder.reconnectReasons).containsKey("zombie");
			assertThat(harness.simulator.latestConnection().orElseThrow().id()).isNotEqualTo(zombie.id());
			assertThat(harness.simulator.identifies()).hasSize(1);
		}
	}

	@Test
	void withheldAcksOnAnIdleConnectionCountAsAZombie() {
		try (ClientHarness harness = readyHarness(ClientHarness.simulator())) {
			harness.simulator.latestConnection().orElseThrow().withholdAcks(true);
			await().atMost(WAIT).until(() -> harness.recorder.lifecycle.contains("resumed:0"));
			assertThat(harness.recorder.reconnectReasons).containsKey("zombie");
		}
	}

	@Test
	void busyConnectionWhoseAcksAreLateIsNotKilled() {
		try (ClientHarness harness = readyHarness(ClientHarness.simulator())) {
			SimulatedConnection connection = harness.simulator.latestConnection().orElseThrow();
			connection.withholdAcks(true);
			harness.simulator.startTraffic(40, "MESSAGE_CREATE", "TYPING_START");
			try {
				await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8)).until(connection::isOpen);
			}
			finally {
				harness.simulator.stopTraffic();
			}
			assertThat(harness.recorder.reconnectReasons).doesNotContainKey("zombie");
			assertThat(connection.heartbeats().size()).isGreaterThanOrEqualTo(5);
		}
	}

	@Test
	void droppedTcpConnectionIsResumed() {
		try (ClientHarness harness = readyHarness(ClientHarness.simulator())) {
			SimulatedSession session = harness.simulator.session(0).orElseThrow();
			harness.simulator.latestConnection().orElseThrow().dropTcp();
			dispatchMessages(session, 10);
			await().atMost(WAIT).until(() -> harness.recorder.count("MESSAGE_CREATE") == 10);
			assertThat(harness.simulator.identifies()).hasSize(1);
			assertThat(harness.simulator.resumes()).hasSize(1);
			assertDeliveredExactlyOnceInOrder(harness);
		}
	}

	@Test
	void corruptCompressedDataResetsAndResumes() {
		try (ClientHarness harness = readyHarness(ClientHarness.simulator())) {
			SimulatedSession session = harness.simulator.session(0).orElseThrow();
			harness.simulator.latestConnection().orElseThrow().sendCorruptCompressed();
			dispatchMessages(session, 10);
			await().atMost(WAIT).until(() -> harness.recorder.count("MESSAGE_CREATE") == 10);
			assertThat(harness.recorder.decodeFailures("decompression")).isEqualTo(1);
			assertThat(harness.simulator.resumes()).hasSize(1);
			assertDeliveredExactlyOnceInOrder(harness);
		}
	}

	@Test
	void textFrameOnACompressedConnectionResetsAndResumes() {
		try (ClientHarness harness = readyHarness(ClientHarness.simulator())) {
			harness.simulator.latestConnection().orElseThrow().sendRawText("{\"op\":11,\"d\":null}");
			await().atMost(WAIT).until(() -> harness.recorder.lifecycle.contains("resumed:0"));
			assertThat(harness.recorder.decodeFailures("frame-type")).isEqualTo(1);
		}
	}

	@Test
	void invalidJsonAndMissingOpResetAndResume() {
		try (ClientHarness harness = readyHarness(ClientHarness.simulator())) {
			harness.simulator.latestConnection().orElseThrow().sendPayload("{\"op\":0,\"d\":{\"unterminated\":");
			await().atMost(WAIT).until(() -> harness.recorder.lifecycle.contains("resumed:0"));
			harness.simulator.latestConnection().orElseThrow().sendPayload("{\"d\":{},\"s\":null}");
			await().atMost(WAIT).until(() -> harness.recorder.resumedReplays.size() == 2);
			assertThat(harness.recorder.decodeFailures(payloadErrorKind())).isEqualTo(1);
			assertThat(harness.recorder.decodeFailures("missing-op")).isEqualTo(1);
		}
	}

	@Test
	void malformedDataInsideAWellFormedEnvelopeResetsInsteadOfReachingListeners() {
		// dispatch data is checked on the socket thread even though its tree is built
		// only when read
		try (ClientHarness harness = readyHarness(ClientHarness.simulator())) {
			harness.simulator.latestConnection()
				.orElseThrow()
				.sendPayload("{\"op\":0,\"s\":null,\"t\":\"MESSAGE_CREATE\",\"d\":{\"id\":\"1\",\"content\":\"\\q\"}}");
			await().atMost(WAIT).until(() -> harness.recorder.lifecycle.contains("resumed:0"));
			dispatchMessages(harness.simulator.session(0).orElseThrow(), 3);
			await().atMost(WAIT).until(() -> harness.recorder.count("MESSAGE_CREATE") == 3);
			assertThat(harness.recorder.decodeFailures(payloadErrorKind())).isEqualTo(1);
			assertDeliveredExactlyOnceInOrder(harness);
		}
	}

	@Test
	void unknownOpcodesAreIgnoredAndUnknownEventsDelivered() {
		try (ClientHarness harness = readyHarness(ClientHarness.simulator())) {
			SimulatedConnection connection = harness.simulator.latestConnection().orElseThrow();
			connection.sendPayload("{\"op\":42,\"d\":{\"x\":1},\"s\":null,\"t\":null}");
			harness.simulator.session(0)
				.orElseThrow()
				.dispatch("SOMETHING_DISCORD_ADDED_TODAY", "{\"guild_id\":\"1\"}");
			await().atMost(WAIT).until(() -> harness.recorder.count("SOMETHING_DISCORD_ADDED_TODAY") == 1);
			assertThat(connection.isOpen()).isTrue();
			assertThat(harness.recorder.decodeFailures("unknown-opcode")).isEqualTo(1);
		}
	}

	@Test
	void payloadAboveTheCapResetsTheConnectionWithoutRunningOutOfMemory() {
		try (ClientHarness harness = readyHarness(ClientHarness.simulator(),
				(options) -> options.maxPayloadBytes(256 * 1024))) {
			harness.simulator.latestConnection().orElseThrow().sendOversized(1024 * 1024);
			await().atMost(WAIT).until(() -> harness.recorder.decodeFailures("too-large") >= 1);
			await().atMost(WAIT).until(() -> harness.simulator.resumes().size() >= 1);
			// the replayed oversized event is refused again; after a few tries the shard
			// starts a new session
			await().atMost(WAIT).until(() -> harness.simulator.identifies().size() == 2);
			await().atMost(WAIT).until(harness::isReady);
		}
	}

	@Test
	void listenerThatThrowsOrBlocksLongerThanAHeartbeatDoesNotHurtTheShard() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		GatewayListener slowAndBuggy = new GatewayListener() {
			@Override
			public void onDispatch(GatewayDispatch dispatch) {
				if (dispatch.type().equals("TYPING_START")) {
					throw new IllegalStateException("listener bug");
				}
				if (dispatch.type().equals("MESSAGE_CREATE")
						&& dispatch.data().path("content").asString("").equals("block")) {
					try {
						release.await(10, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			}
		};
		GatewaySimulator simulator = ClientHarness.simulator().build().start();
		try (ClientHarness harness = new ClientHarness(simulator, inEncoding((options) -> options), slowAndBuggy)
			.start()) {
			await().atMost(WAIT).until(harness::isReady);
			SimulatedSession session = simulator.session(0).orElseThrow();
			session.dispatch("TYPING_START", "{\"channel_id\":\"1\",\"user_id\":\"2\",\"timestamp\":1}");
			session.dispatch("MESSAGE_CREATE", "{\"id\":\"1\",\"channel_id\":\"1\",\"content\":\"block\"}");
			dispatchMessages(session, 20);
			SimulatedConnection connection = simulator.latestConnection().orElseThrow();
			// blocked for three heartbeat intervals: heartbeats go on and nobody calls it
			// a zombie
			await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(8)).until(connection::isOpen);
			assertThat(harness.recorder.count("MESSAGE_CREATE")).isZero();
			release.countDown();
			await().atMost(WAIT).until(() -> harness.recorder.count("MESSAGE_CREATE") == 21);
			assertThat(harness.recorder.reconnectReasons).isEmpty();
			assertThat(connection.heartbeats().size()).isGreaterThanOrEqualTo(3);
			assertDeliveredExactlyOnceInOrder(harness);
		}
	}

	@Test
	void stopDuringBackoffEndsPromptly() {
		GatewaySimulator simulator = ClientHarness.simulator().build().start();
		ClientHarness harness = new ClientHarness(simulator,
				inEncoding((options) -> options.reconnectBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30))))
			.start();
		try {
			await().atMost(WAIT).until(harness::isReady);
			simulator.latestConnection().orElseThrow().close(4000, "go away");
			await().atMost(WAIT)
				.until(() -> harness.shard().state() == ShardState.RECONNECTING
						|| harness.shard().state() == ShardState.CONNECTING);
			Instant stopping = Instant.now();
			harness.manager.stop();
			assertThat(Duration.between(stopping, Instant.now())).isLessThan(Duration.ofSeconds(5));
			assertThat(harness.manager.isRunning()).isFalse();
		}
		finally {
			harness.close();
		}
	}

	@Test
	void unreachableResumeUrlFallsBackToTheDiscoveryUrlAndStillResumes() {
		try (ClientHarness harness = readyHarness(
				ClientHarness.simulator().resumeGatewayUrl("ws://127.0.0.1:1/resume"))) {
			SimulatedSession session = harness.simulator.session(0).orElseThrow();
			harness.simulator.latestConnection().orElseThrow().close(4000, "unknown error");
			dispatchMessages(session, 5);
			await().atMost(WAIT).until(() -> harness.recorder.lifecycle.contains("resumed:0"));
			assertThat(harness.simulator.latestConnection().orElseThrow().path()).isNotEqualTo("/resume");
			assertThat(harness.simulator.identifies()).hasSize(1);
			assertThat(harness.recorder.reconnectReasons).containsKey("connect-failed");
			assertDeliveredExactlyOnceInOrder(harness);
		}
	}

	@Test
	@ResourceLock(value = GATEWAY_THREADS, mode = ResourceAccessMode.READ_WRITE)
	void stopWhileWaitingForHelloOrForAnIdentifySlotEndsPromptlyWithoutLeftoverThreads() {
		GatewaySimulator simulator = ClientHarness.simulator().shards(3).build().start();
		simulator.setHelloDelay(Duration.ofSeconds(30));
		ClientHarness waitingForHello = new ClientHarness(simulator, inEncoding((options) -> options)).start();
		await().atMost(WAIT).until(() -> simulator.openConnections().size() == 3);
		Instant stopping = Instant.now();
		waitingForHello.manager.stop();
		assertThat(Duration.between(stopping, Instant.now())).isLessThan(Duration.ofSeconds(5));

		simulator.setHelloDelay(Duration.ZERO);
		// one identify per 20 s: the other shards wait for a slot when the manager stops
		ClientHarness waitingForSlot = new ClientHarness(simulator,
				inEncoding((options) -> options.identifyInterval(Duration.ofSeconds(20))))
			.start();
		await().atMost(WAIT)
			.until(() -> waitingForSlot.manager.shards()
				.stream()
				.anyMatch((shard) -> shard.state() == ShardState.READY));
		stopping = Instant.now();
		waitingForSlot.close();
		assertThat(Duration.between(stopping, Instant.now())).isLessThan(Duration.ofSeconds(5));
		await().atMost(WAIT)
			.until(() -> Thread.getAllStackTraces()
				.keySet()
				.stream()
				.noneMatch((thread) -> thread.isAlive() && thread.getName().startsWith("gateway-")));
	}

	private ClientHarness readyHarness(GatewaySimulator.Builder simulator) {
		return readyHarness(simulator, (options) -> options);
	}

	private ClientHarness readyHarness(GatewaySimulator.Builder simulator,
			UnaryOperator<GatewayOptions.Builder> options) {
		ClientHarness harness = new ClientHarness(simulator.build().start(), inEncoding(options)).start();
		await().atMost(WAIT).until(harness::isReady);
		assertThat(harness.simulator.latestConnection().orElseThrow().query()).containsEntry("encoding",
				this.encoding.name().toLowerCase(Locale.ROOT));
		return harness;
	}

	/**
	 * Every harness of the suite speaks its encoding; a test's own options come after.
	 */
	private UnaryOperator<GatewayOptions.Builder> inEncoding(UnaryOperator<GatewayOptions.Builder> options) {
		return (builder) -> options.apply(builder.encoding(this.encoding));
	}

	/** The decode-failure kind of an unparsable payload in the suite's encoding. */
	private String payloadErrorKind() {
		return (this.encoding == GatewayEncoding.ETF) ? "etf" : "json";
	}

	private static void dispatchMessages(SimulatedSession session, int count) {
		for (int i = 0; i < count; i++) {
			session.dispatch("MESSAGE_CREATE",
					"{\"id\":\"" + (1000 + i) + "\",\"channel_id\":\"1\",\"content\":\"m" + i + "\"}");
		}
	}

	/**
	 * Every sequence number the simulator produced reached the listener exactly once, in
	 * order.
	 */
	private static void assertDeliveredExactlyOnceInOrder(ClientHarness harness) {
		await().atMost(WAIT).untilAsserted(() -> {
			long last = harness.simulator.session(0).orElseThrow().lastSequence();
			List<Long> sequences = harness.recorder.dispatches.stream().map(GatewayDispatch::sequence).toList();
			assertThat(sequences).isEqualTo(LongStream.rangeClosed(1, last).boxed().toList());
		});
	}

}
