package io.github.discordgateway.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdentifyBudgetTest {

	private final MutableClock clock = new MutableClock();

	@Test
	void reservedStartsCountSoWaitingShardsCannotOverspend() {
		IdentifyBudget budget = new IdentifyBudget(1000, 2, Duration.ofMinutes(1), this.clock);
		assertThat(budget.reserve(0)).isZero();
		assertThat(budget.reserve(1)).isZero();
		assertThat(budget.reserve(2)).isEqualTo(Duration.ofMinutes(1));
		assertThat(budget.heldBack()).containsExactly(2);
		assertThat(budget.snapshot().remaining()).as("nothing spent before an IDENTIFY is written").isEqualTo(2);
	}

	@Test
	void onlyWrittenIdentifiesSpendAndRefundsGiveTheStartBack() {
		IdentifyBudget budget = new IdentifyBudget(1000, 1, Duration.ofMinutes(1), this.clock);
		assertThat(budget.reserve(0)).isZero();
		budget.refund();
		assertThat(budget.reserve(1)).isZero();
		budget.spend();
		assertThat(budget.snapshot().remaining()).isZero();
		assertThat(budget.reserve(0)).isPositive();
	}

	@Test
	void heldBackShardsGoWhenTheWindowResets() {
		IdentifyBudget budget = new IdentifyBudget(1000, 0, Duration.ofSeconds(30), this.clock);
		assertThat(budget.reserve(3)).isEqualTo(Duration.ofSeconds(30));
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(budget.reserve(3)).isZero();
		assertThat(budget.heldBack()).isEmpty();
		assertThat(budget.snapshot().remaining()).isEqualTo(1000);
	}

	@Test
	void withoutDiscoveryDiscordsStandardDailyLimitIsAssumed() {
		assertThat(IdentifyBudget.assumed().snapshot().total()).isEqualTo(1000);
	}

	private static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-12-03T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
