package io.github.discordgateway.core.internal;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

	@Test
	void growsExponentiallyWithFullJitterUpToTheCap() {
		Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
		long[] ceilings = { 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000 };
		for (long ceiling : ceilings) {
			assertThat(backoff.next().toMillis()).isBetween(0L, ceiling);
		}
		assertThat(backoff.failures()).isEqualTo(ceilings.length);
	}

	@Test
	void spreadsDelaysOverTheWholeRange() {
		long max = 0;
		long min = Long.MAX_VALUE;
		for (int i = 0; i < 200; i++) {
			Backoff backoff = new Backoff(Duration.ofSeconds(8), Duration.ofSeconds(60));
			long delay = backoff.next().toMillis();
			max = Math.max(max, delay);
			min = Math.min(min, delay);
		}
		assertThat(min).isLessThan(2000);
		assertThat(max).isGreaterThan(6000);
	}

	@Test
	void resetStartsSmallAgain() {
		Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(60));
		for (int i = 0; i < 20; i++) {
			backoff.next();
		}
		backoff.reset();
		assertThat(backoff.failures()).isZero();
		assertThat(backoff.next().toMillis()).isLessThanOrEqualTo(100);
	}

	@Test
	void neverOverflowsAfterManyFailures() {
		Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
		for (int i = 0; i < 200; i++) {
			assertThat(backoff.next().toMillis()).isBetween(0L, 30_000L);
		}
	}

}
