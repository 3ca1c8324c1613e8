package io.github.discordgateway.test.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewaySessionStore;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.StoredSession;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.SimulatedConnection;
import io.github.discordgateway.test.SimulatedSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A graceful shutdown whose session cannot be saved delivers what it received instead of
 * dropping it.
 */
class HandoverFailureTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Test
	void aFailedSaveKeepsAndDeliversTheBacklog() throws Exception {
		CountDownLatch listenerBlocked = new CountDownLatch(1);
		CountDownLatch finalSaveTried = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		GatewayListener slowListener = (dispatch) -> {
			if ("MESSAGE_CREATE".equals(dispatch.type()) && listenerBlocked.getCount() > 0) {
				listenerBlocked.countDown();
				awaitLatch(release);
			}
		};
		FailingStore store = new FailingStore(finalSaveTried);
		try (GatewaySimulator simulator = ClientHarness.simulator().build().start();
				ClientHarness harness = new ClientHarness(simulator,
						(options) -> options.closeTimeout(Duration.ofSeconds(5)), slowListener, store)
					.start()) {
			store.harness = harness;
			await().atMost(WAIT).until(harness::isReady);
			SimulatedSession session = simulator.session(0).orElseThrow();
			SimulatedConnection connection = session.connection().orElseThrow();
			for (int i = 0; i < 20; i++) {
				simulator.dispatchFixture("MESSAGE_CREATE");
			}
			assertThat(listenerBlocked.await(10, TimeUnit.SECONDS)).isTrue();
			await().atMost(WAIT).until(() -> harness.shard().snapshot().deliveryBacklog() > 0);

			CompletableFuture<Void> stopped = CompletableFuture.runAsync(harness.manager::stop);
			assertThat(finalSaveTried.await(10, TimeUnit.SECONDS)).isTrue();
			release.countDown();
			stopped.get(20, TimeUnit.SECONDS);

			List<Long> delivered = harness.recorder.dispatches.stream().map(GatewayDispatch::sequence).toList();
			assertThat(delivered).isEqualTo(LongStream.rangeClosed(1, session.lastSequence()).boxed().toList());
			await().atMost(WAIT).until(() -> connection.clientCloseCode().isPresent());
			assertThat(connection.clientCloseCode().getAsInt()).as("nobody resumes the session: it ends")
				.isEqualTo(1000);
			assertThat(harness.recorder.sessionStoreFailures.get("save")).as("the failed save on stop, observed")
				.hasValue(1);
		}
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A store that is down: every save fails; counts the save made while the shard stops.
	 */
	private static final class FailingStore implements GatewaySessionStore {

		private final CountDownLatch finalSaveTried;

		volatile ClientHarness harness;

		FailingStore(CountDownLatch finalSaveTried) {
			this.finalSaveTried = finalSaveTried;
		}

		@Override
		public void save(StoredSession session) {
			ClientHarness current = this.harness;
			GatewayShard shard = (current != null) ? current.shard() : null;
			if (shard != null && shard.state() == ShardState.STOPPING) {
				this.finalSaveTried.countDown();
			}
			throw new IllegalStateException("disk full");
		}

		@Override
		public Optional<StoredSession> take(int shardId, int shardTotal) {
			return Optional.empty();
		}

	}

}
