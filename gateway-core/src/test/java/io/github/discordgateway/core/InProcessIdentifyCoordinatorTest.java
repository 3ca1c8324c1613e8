package io.github.discordgateway.core;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

class InProcessIdentifyCoordinatorTest {

	private static final Duration INTERVAL = Duration.ofMillis(300);

	private final ThreadPoolTaskScheduler scheduler = scheduler();

	private final InProcessIdentifyCoordinator coordinator = new InProcessIdentifyCoordinator(this.scheduler, INTERVAL);

	@AfterEach
	void stop() {
		this.scheduler.shutdown();
	}

	@Test
	void nextSlotCountsFromTheMomentTheIdentifyWasWritten() throws Exception {
		IdentifySlot first = this.coordinator.acquire(0, 1).get(1, TimeUnit.SECONDS);
		CompletableFuture<IdentifySlot> second = this.coordinator.acquire(1, 1);
		// However long the first takes to write its IDENTIFY, the second waits for it.
		assertThat(second).isNotDone();
		Instant written = Instant.now();
		first.identifySent(written);
		second.get(2, TimeUnit.SECONDS);
		assertThat(Duration.between(written, Instant.now())).isGreaterThanOrEqualTo(INTERVAL);
	}

	@Test
	void aReleasedSlotPassesOnAndBucketsAreIndependent() throws Exception {
		IdentifySlot unused = this.coordinator.acquire(0, 2).get(1, TimeUnit.SECONDS);
		assertThat(this.coordinator.acquire(1, 2).get(1, TimeUnit.SECONDS)).as("another bucket").isNotNull();
		CompletableFuture<IdentifySlot> next = this.coordinator.acquire(2, 2);
		assertThat(next).isNotDone();
		unused.release();
		assertThat(next.get(1, TimeUnit.SECONDS)).isNotNull();
	}

	@Test
	void aCancelledWaitGivesUpItsTurn() throws Exception {
		IdentifySlot first = this.coordinator.acquire(0, 1).get(1, TimeUnit.SECONDS);
		CompletableFuture<IdentifySlot> cancelled = this.coordinator.acquire(1, 1);
		CompletableFuture<IdentifySlot> behind = this.coordinator.acquire(2, 1);
		cancelled.cancel(false);
		first.release();
		assertThat(behind.get(1, TimeUnit.SECONDS)).isNotNull();
		assertThat(cancelled).isCancelled();
	}

	private static ThreadPoolTaskScheduler scheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.initialize();
		return scheduler;
	}

}
