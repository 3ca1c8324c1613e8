package io.github.discordgateway.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identify window judged on arrival times that reach the limits out of order, as they
 * do when several connections' reader threads race for the lock.
 */
class IdentifyLimitsTest {

	private static final long MILLI = 1_000_000;

	@Test
	void withoutAWindowIdentifiesJudgedInReverseArrivalOrderAreAllAdmitted() {
		IdentifyLimits limits = limits(Duration.ZERO);
		long base = 1_000 * MILLI;
		assertThat(limits.admit(0, base + 2 * MILLI)).isTrue();
		assertThat(limits.admit(1, base + MILLI)).isTrue();
		assertThat(limits.admit(2, base)).isTrue();
		assertThat(limits.violations()).isZero();
		assertThat(limits.arrivalGaps().get(0)).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2));
	}

	@Test
	void withAWindowAnEarlierArrivalJudgedLateIsStillTooClose() {
		IdentifyLimits limits = limits(Duration.ofSeconds(5));
		long base = 1_000 * MILLI;
		assertThat(limits.admit(0, base + MILLI)).isTrue();
		assertThat(limits.admit(1, base)).isFalse();
		assertThat(limits.bucketViolations()).extracting(GatewaySimulator.BucketViolation::gap)
			.containsExactly(Duration.ofMillis(1));
		// The window runs from the latest accepted arrival, not from the refused one.
		assertThat(limits.admit(2, base + MILLI + Duration.ofSeconds(5).toNanos())).isTrue();
	}

	private static IdentifyLimits limits(Duration window) {
		return new IdentifyLimits(new SimulatorConfig(GatewaySimulator.builder().shards(3).identifyWindow(window)));
	}

}
