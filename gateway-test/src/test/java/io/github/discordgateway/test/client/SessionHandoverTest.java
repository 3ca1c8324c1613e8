package io.github.discordgateway.test.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.discordgateway.core.FileGatewaySessionStore;
import io.github.discordgateway.core.GatewayCompression;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.GatewaySessionStore;
import io.github.discordgateway.core.StoredSession;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redeploys: one process saves its session on stop, the next resumes it, and no event is
 * lost or doubled.
 */
class SessionHandoverTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@TempDir
	Path directory;

	@Test
	void nextProcessResumesWhereThePreviousStoppedWhileEventsKeepComing() {
		GatewaySessionStore store = new FileGatewaySessionStore(this.directory, Duration.ofMinutes(2));
		try (GatewaySimulator simulator = ClientHarness.simulator().replayBufferSize(100_000).build().start()) {
			ClientHarness first = new ClientHarness(simulator, (options) -> options, null, store).start();
			await().atMost(WAIT).until(first::isReady);
			SimulatedSession session = simulator.session(0).orElseThrow();
			SimulatedConnection firstConnection = session.connection().orElseThrow();
			simulator.startTraffic(300, "MESSAGE_CREATE", "TYPING_START", "PRESENCE_UPDATE");
			await().atMost(WAIT).until(() -> first.recorder.dispatches.size() > 200);
			first.manager.stop();
			await().atMost(WAIT).until(() -> firstConnection.clientCloseCode().isPresent());
			assertThat(firstConnection.clientCloseCode().getAsInt()).isNotIn(1000, 1001);
			long lastDeliveredByFirst = first.recorder.dispatches.get(first.recorder.dispatches.size() - 1).sequence();
			assertThat(Files.exists(this.directory.resolve("shard-0-of-1.json"))).isTrue();

			ClientHarness second = new ClientHarness(simulator, (options) -> options, null, store).start();
			try {
				await().atMost(WAIT).until(() -> second.recorder.lifecycle.contains("resumed:0"));
				simulator.stopTraffic();
				assertThat(simulator.identifies()).hasSize(1);
				assertThat(simulator.resumes()).hasSize(1);
				assertThat(simulator.resumes().get(0).sequence().getAsLong()).isEqualTo(lastDeliveredByFirst);
				assertThat(simulator.latestConnection().orElseThrow().path()).isEqualTo("/resume");
				await().atMost(WAIT).untilAsserted(() -> {
					List<Long> delivered = new ArrayList<>();
					first.recorder.dispatches.forEach((dispatch) -> delivered.add(dispatch.sequence()));
					second.recorder.dispatches.forEach((dispatch) -> delivered.add(dispatch.sequence()));
					assertThat(delivered).isEqualTo(LongStream.rangeClosed(1, session.lastSequence()).boxed().toList());
				});
				// The taken record is gone; while the second process runs it checkpoints
				// the session again.
				await().atMost(WAIT).ignoreExceptions().until(() -> storedSessionId().equals(session.id()));
			}
			finally {
				second.manager.stop();
			}
		}
	}

	@Test
	void expiredSessionFallsBackToIdentify() {
		GatewaySessionStore store = new FileGatewaySessionStore(this.directory, Duration.ofMinutes(2));
		try (GatewaySimulator simulator = ClientHarness.simulator()
			.resumeWindow(Duration.ofMillis(200))
			.build()
			.start()) {
			ClientHarness first = new ClientHarness(simulator, (options) -> options, null, store).start();
			await().atMost(WAIT).until(first::isReady);
			SimulatedSession old = simulator.session(0).orElseThrow();
			first.manager.stop();
			await().atMost(WAIT).until(old::isInvalidated);

			ClientHarness second = new ClientHarness(simulator, (options) -> options, null, store).start();
			try {
				await().atMost(WAIT).until(() -> second.recorder.lifecycle.contains("ready:0"));
				assertThat(simulator.resumes()).hasSize(1);
				assertThat(simulator.identifies()).hasSize(2);
				// Checkpoints name the new session, never the expired one.
				await().atMost(WAIT)
					.ignoreExceptions()
					.until(() -> storedSessionId().equals(simulator.session(0).orElseThrow().id()));
			}
			finally {
				second.manager.stop();
			}
		}
	}

	@Test
	void twoProcessesRacingForOneSavedSessionResumeItOnce() {
		GatewaySessionStore store = new FileGatewaySessionStore(this.directory, Duration.ofMinutes(2));
		try (GatewaySimulator simulator = ClientHarness.simulator().build().start()) {
			ClientHarness first = new ClientHarness(simulator, (options) -> options, null, store).start();
			await().atMost(WAIT).until(first::isReady);
			first.manager.stop();
			ClientHarness a = new ClientHarness(simulator, (options) -> options, null, store);
			ClientHarness b = new ClientHarness(simulator, (options) -> options, null, store);
			CompletableFuture.allOf(CompletableFuture.runAsync(a::start), CompletableFuture.runAsync(b::start)).join();
			try {
				await().atMost(WAIT).until(() -> a.isReady() && b.isReady());
				assertThat(simulator.resumes()).hasSize(1);
				assertThat(simulator.identifies()).hasSize(2);
				assertThat(
						Stream.of(a, b).filter((harness) -> harness.recorder.lifecycle.contains("resumed:0")).count())
					.isEqualTo(1);
			}
			finally {
				a.manager.stop();
				b.manager.stop();
			}
		}
	}

	@Test
	void savedSessionOfAnotherShardTotalIsIgnored() {
		GatewaySessionStore store = new FileGatewaySessionStore(this.directory, Duration.ofMinutes(2));
		store.save(new StoredSession(0, 2, "0123456789abcdef0123456789abcdef", null, 42, GatewayEncoding.JSON,
				GatewayCompression.ZLIB_STREAM, Instant.now()));
		try (ClientHarness harness = new ClientHarness(ClientHarness.simulator().build().start(), (options) -> options,
				null, store)
			.start()) {
			await().atMost(WAIT).until(harness::isReady);
			assertThat(harness.simulator.resumes()).isEmpty();
			assertThat(harness.simulator.identifies()).hasSize(1);
		}
	}

	@Test
	void withoutAStoreStopEndsTheSessionWithNormalClosure() {
		try (GatewaySimulator simulator = ClientHarness.simulator().build().start()) {
			GatewayShardManager manager = new ClientHarness(simulator, (options) -> options).start().manager;
			await().atMost(WAIT).until(() -> simulator.session(0).map(SimulatedSession::isConnected).orElse(false));
			SimulatedConnection connection = simulator.latestConnection().orElseThrow();
			manager.stop();
			await().atMost(WAIT).until(() -> connection.clientCloseCode().isPresent());
			assertThat(connection.clientCloseCode().getAsInt()).isEqualTo(1000);
			assertThat(this.directory).isEmptyDirectory();
		}
	}

	/** The session id of the record in the store, or "" (read without taking it). */
	private String storedSessionId() throws java.io.IOException {
		Path file = this.directory.resolve("shard-0-of-1.json");
		return Files.exists(file) ? StoredSession.fromJson(Files.readString(file)).sessionId() : "";
	}

}
