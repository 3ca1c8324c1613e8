package io.github.discordgateway.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidSessionBackoffTest {

	private static final Duration MIN = Duration.ofSeconds(1);

	private static final Duration MAX = Duration.ofSeconds(5);

	@Test
	void defaultScheduleDoublesFromOneToFiveSecondsUpToOneMinute() {
		InvalidSessionBackoff lowest = new InvalidSessionBackoff(MIN, MAX, (from, to) -> from);
		InvalidSessionBackoff highest = new InvalidSessionBackoff(MIN, MAX, (from, to) -> to);
		List<Long> low = new ArrayList<>();
		List<Long> high = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			low.add(lowest.next().toMillis());
			high.add(highest.next().toMillis());
		}
		assertThat(low).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L);
		assertThat(high).containsExactly(5_000L, 10_000L, 20_000L, 40_000L, 60_000L, 60_000L, 60_000L, 60_000L);
	}

	@Test
	void aRefusingGatewaySeesAtMostFiveIdentifiesInThirtySeconds() {
		// Even with the shortest waits: IDENTIFY at 0, 1, 3, 7 and 15 s, the next only at
		// 31 s.
		InvalidSessionBackoff backoff = new InvalidSessionBackoff(MIN, MAX, (from, to) -> from);
		long at = 0;
		int identifies = 0;
		while (at < 30_000) {
			identifies++;
			at += backoff.next().toMillis();
		}
		assertThat(identifies).isEqualTo(5);
	}

	@Test
	void resetStartsFromTheConfiguredRangeAgain() {
		InvalidSessionBackoff backoff = new InvalidSessionBackoff(MIN, MAX);
		for (int i = 0; i < 10; i++) {
			backoff.next();
		}
		backoff.reset();
		assertThat(backoff.next()).isBetween(MIN, MAX);
	}

	@Test
	void configuredMaximumAboveTheCapIsKept() {
		InvalidSessionBackoff backoff = new InvalidSessionBackoff(Duration.ofSeconds(90), Duration.ofSeconds(90),
				(from, to) -> from);
		assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(90));
		assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(90));
	}

}
