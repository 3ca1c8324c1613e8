package io.github.discordgateway.test.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.discordgateway.core.FileGatewaySessionStore;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.StoredSession;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.SimulatedSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bot process killed with SIGKILL leaves its checkpoints behind; the next start resumes
 * every shard from them (no IDENTIFY) and gets what was sent after the checkpoint
 * replayed.
 */
class CrashRecoveryTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int SHARDS = 2;

	@TempDir
	Path directory;

	@Test
	void aKilledProcessIsResumedByTheNextStart() throws Exception {
		// A generous heartbeat timeout: a child JVM starting on a busy machine may beat
		// late.
		try (GatewaySimulator simulator = ClientHarness.simulator()
			.shards(SHARDS)
			.guilds(4)
			.replayBufferSize(100_000)
			.heartbeatTimeoutFactor(6)
			.build()
			.start()) {
			Map<Integer, Set<Long>> deliveredByChild = new ConcurrentHashMap<>();
			Process child = startChild(simulator, deliveredByChild);
			try {
				await().atMost(WAIT)
					.until(() -> simulator.sessions().size() == SHARDS
							&& simulator.sessions().stream().allMatch(SimulatedSession::isConnected));
				simulator.startTraffic(200, "MESSAGE_CREATE");
				// Checkpoints come with heartbeats (every 500 ms here): wait for one past
				// some traffic on each shard.
				await().atMost(WAIT).ignoreExceptions().until(() -> checkpointed(0) > 20 && checkpointed(1) > 20);
			}
			finally {
				child.destroyForcibly();
				child.waitFor();
			}
			// Discord keeps the sessions and buffers what it sends while nobody is
			// connected.
			await().atMost(WAIT).until(() -> simulator.sessions().stream().noneMatch(SimulatedSession::isConnected));
			simulator.stopTraffic();
			int identifiesBefore = simulator.identifies().size();
			int resumesBefore = simulator.resumes().size();
			for (int i = 0; i < 10; i++) {
				simulator.dispatchFixture("MESSAGE_CREATE");
			}

			ClientHarness next = new ClientHarness(simulator, (options) -> options, null,
					new FileGatewaySessionStore(this.directory, Duration.ofMinutes(2)))
				.start();
			try {
				await().atMost(WAIT)
					.until(() -> next.recorder.lifecycle.stream()
						.filter((event) -> event.startsWith("resumed:"))
						.count() == SHARDS);
				assertThat(simulator.identifies()).as("no IDENTIFY after the restart").hasSize(identifiesBefore);
				assertThat(simulator.resumes()).hasSize(resumesBefore + SHARDS);
				for (SimulatedSession session : simulator.sessions()) {
					int shard = session.shardId();
					await().atMost(WAIT).untilAsserted(() -> {
						Set<Long> all = new TreeSet<>(deliveredByChild.getOrDefault(shard, Set.of()));
						next.recorder.dispatches.stream()
							.filter((dispatch) -> dispatch.shardId() == shard)
							.map(GatewayDispatch::sequence)
							.forEach(all::add);
						assertThat(all).as("shard %d: every sequence delivered at least once", shard)
							.containsExactlyElementsOf(
									LongStream.rangeClosed(1, session.lastSequence()).boxed().toList());
					});
				}
			}
			finally {
				next.manager.stop();
			}
		}
	}

	private long checkpointed(int shard) throws IOException {
		Path file = this.directory.resolve("shard-" + shard + "-of-" + SHARDS + ".json");
		return Files.exists(file) ? StoredSession.fromJson(Files.readString(file)).sequence() : -1;
	}

	private Process startChild(GatewaySimulator simulator, Map<Integer, Set<Long>> delivered) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(CrashChild.class.getName());
		command.add(simulator.apiBaseUrl());
		command.add(this.directory.toString());
		command.add(ClientHarness.TOKEN);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					if (line.startsWith("delivered ")) {
						String[] parts = line.split(" ");
						delivered.computeIfAbsent(Integer.parseInt(parts[1]), (shard) -> ConcurrentHashMap.newKeySet())
							.add(Long.parseLong(parts[2]));
					}
				}
			}
			catch (IOException ex) {
				// the child was killed
			}
		}, "crash-child-output");
		reader.setDaemon(true);
		reader.start();
		return process;
	}

}
