package io.github.discordgateway.test.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Regression test (found by SoakTest): one corrupt zlib frame followed by more traffic on
 * the same connection must be counted once, not once per message that arrives before the
 * abandoned connection closes. The connection stops decoding at its first failure, and
 * only the current connection reports.
 */
class DecodeFailureCountTest {

	@Test
	void aCorruptFrameIsCountedOnceEvenWhenMoreDataFollowsOnTheBrokenConnection() {
		GatewaySimulator simulator = ClientHarness.simulator().build().start();
		try (ClientHarness harness = new ClientHarness(simulator, (options) -> options).start()) {
			for (int round = 1; round <= 20; round++) {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> harness.isReady()
							&& simulator.session(0).flatMap(SimulatedSession::connection).isPresent());
				SimulatedSession session = simulator.session(0).orElseThrow();
				SimulatedConnection connection = session.connection().orElseThrow();
				long before = harness.recorder.decodeFailures("decompression");
				connection.sendCorruptCompressed();
				for (int i = 0; i < 50; i++) {
					session.dispatch("MESSAGE_CREATE", "{\"id\":\"" + i + "\",\"channel_id\":\"1\",\"content\":\"m\"}");
				}
				int resumes = round;
				await().atMost(Duration.ofSeconds(10)).until(() -> harness.recorder.resumedReplays.size() >= resumes);
				assertThat(harness.recorder.decodeFailures("decompression") - before)
					.as("decode failures reported for one corrupt frame (round %d)", round)
					.isEqualTo(1);
			}
		}
	}

}
