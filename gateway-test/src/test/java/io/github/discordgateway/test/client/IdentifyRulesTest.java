package io.github.discordgateway.test.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.ReceivedPayload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Discord's identify rules as the simulator judges them at arrival: bucket spacing, the
 * daily session-start budget and backoff against a gateway that refuses every IDENTIFY.
 * The tests that mostly wait (a real 5 s window, an identify storm) run side by side with
 * the others; each has its own simulator and client.
 */
class IdentifyRulesTest {

	/** The simulator's scaled identify window (Discord: 5 s). */
	private static final Duration WINDOW = Duration.ofMillis(300);

	/**
	 * The client's scaled interval: the window plus a margin, as 5 s + 250 ms at Discord.
	 * The margin is wider than scaled because the simulator's arrival times carry the
	 * scheduling noise of a loaded machine (tens of milliseconds), which does not scale
	 * down with the window.
	 */
	private static final Duration INTERVAL = Duration.ofMillis(450);

	private static final Duration WAIT = Duration.ofSeconds(30);

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 4 })
	void sixteenShardsArriveSpacedPerBucket(int maxConcurrency) {
		try (ClientHarness harness = new ClientHarness(ClientHarness.simulator()
			.identifyWindow(WINDOW)
			.shards(16)
			.maxConcurrency(maxConcurrency)
			.build()
			.start(), (options) -> options.identifyInterval(INTERVAL)).start()) {
			await().atMost(WAIT).until(() -> allReady(harness, 16));
			assertSpacedPerBucket(harness.simulator, WINDOW, 16 - maxConcurrency);
		}
	}

	@Test
	@Execution(ExecutionMode.CONCURRENT)
	void realTimeSpacingHoldsAtTheServer() {
		// Discord's own numbers: 5 s window, default interval (5 s + margin), two shards
		// in one bucket.
		try (ClientHarness harness = new ClientHarness(
				ClientHarness.simulator().identifyWindow(Duration.ofSeconds(5)).shards(2).build().start(),
				(options) -> options.identifyInterval(GatewayOptions.DEFAULT_IDENTIFY_INTERVAL))
			.start()) {
			await().atMost(WAIT).until(() -> allReady(harness, 2));
			assertSpacedPerBucket(harness.simulator, Duration.ofSeconds(5), 1);
		}
	}

	@Test
	void aLowSessionStartLimitIsNeverOverspent() {
		Duration resetAfter = Duration.ofSeconds(3);
		Instant resetAt = Instant.now().plus(resetAfter);
		GatewaySimulator simulator = ClientHarness.simulator()
			.shards(4)
			.maxConcurrency(4)
			.sessionStartLimit(1000, 2, resetAfter)
			.build()
			.start();
		try (ClientHarness harness = new ClientHarness(simulator, (options) -> options).start()) {
			await().atMost(WAIT)
				.until(() -> harness.manager.shards()
					.stream()
					.filter((shard) -> shard.state() == ShardState.READY)
					.count() == 2);
			await().atMost(WAIT).until(() -> harness.manager.shardsHeldBackByIdentifyBudget().size() == 2);
			assertThat(simulator.identifies()).hasSize(2);
			await().atMost(WAIT).until(() -> allReady(harness, 4));
			List<ReceivedPayload> identifies = simulator.identifies();
			assertThat(identifies).hasSize(4);
			assertThat(identifies.subList(2, 4))
				.allSatisfy((identify) -> assertThat(identify.receivedAt()).isAfter(resetAt));
			assertThat(simulator.budgetOverruns()).isZero();
			assertThat(harness.manager.shardsHeldBackByIdentifyBudget()).isEmpty();
		}
	}

	@Test
	@Execution(ExecutionMode.CONCURRENT)
	void aRefusingGatewayGetsFewIdentifiesAndTheShardIsReadyAfterwards() {
		// Scaled by 1/10: op 9 waits 100–500 ms (Discord: 1–5 s), doubling; the storm
		// lasts 3 s (30 s).
		Duration storm = Duration.ofSeconds(3);
		GatewaySimulator simulator = ClientHarness.simulator().build().start();
		simulator.refuseIdentifiesFor(Duration.ofDays(1));
		try (ClientHarness harness = new ClientHarness(simulator,
				(options) -> options.invalidSessionDelay(Duration.ofMillis(100), Duration.ofMillis(500)))
			.start()) {
			// The storm window starts with the first IDENTIFY's arrival.
			await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> !simulator.identifies().isEmpty());
			Instant stormEnds = simulator.identifies().get(0).receivedAt().plus(storm);
			simulator.refuseIdentifiesFor(Duration.between(Instant.now(), stormEnds));
			await().atMost(WAIT).until(harness::isReady);
			long duringStorm = simulator.identifies()
				.stream()
				.filter((identify) -> identify.receivedAt().isBefore(stormEnds))
				.count();
			assertThat(duringStorm).isPositive().isLessThanOrEqualTo(5);
			assertThat(simulator.refusedIdentifies()).isBetween(1, 5);
			assertThat(simulator.identifyViolations()).isZero();
		}
	}

	private static boolean allReady(ClientHarness harness, int count) {
		List<GatewayShard> shards = harness.manager.shards();
		return shards.size() == count && shards.stream().allMatch((shard) -> shard.state() == ShardState.READY);
	}

	private static void assertSpacedPerBucket(GatewaySimulator simulator, Duration window, int expectedGaps) {
		assertThat(simulator.bucketViolations()).isEmpty();
		assertThat(simulator.identifyViolations()).isZero();
		Map<Integer, List<Duration>> gaps = simulator.identifyArrivalGaps();
		assertThat(gaps.values().stream().mapToInt(List::size).sum()).isEqualTo(expectedGaps);
		gaps.forEach((bucket, measured) -> assertThat(measured).as("arrival gaps of bucket %d", bucket)
			.allSatisfy((gap) -> assertThat(gap).isGreaterThanOrEqualTo(window)));
	}

}
