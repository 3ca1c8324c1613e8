package io.github.discordgateway.core.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.github.discordgateway.core.BotToken;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.IdentifySlot;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission to IDENTIFY: a start reserved from the daily budget is spent once the
 * IDENTIFY is written and given back, exactly once, whenever none is.
 */
class IdentifyAdmissionTests {

	private final ManualScheduler scheduler = new ManualScheduler();

	private final IdentifyBudget budget = new IdentifyBudget(1000, 1, Duration.ofHours(1), this.scheduler.getClock());

	private final CompletableFuture<IdentifySlot> slotFuture = new CompletableFuture<>();

	private final RecordingSlot slot = new RecordingSlot();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	private final List<IdentifySlot> granted = new CopyOnWriteArrayList<>();

	private final IdentifyAdmission admission = new IdentifyAdmission(0, context());

	@Test
	void aWrittenIdentifySpendsTheReservedStart() {
		assertThat(this.admission.reserve()).isZero();
		acquire();
		this.slotFuture.complete(this.slot);
		assertThat(this.granted).containsExactly(this.slot);
		this.admission.spend(this.slot);
		assertThat(this.slot.sentAt).isEqualTo(this.scheduler.now());
		assertThat(this.budget.snapshot().remaining()).isZero();
		assertThat(this.admission.reserve()).as("the only start is spent").isPositive();
	}

	@Test
	void aDeclinedSlotIsReleasedAndTheStartGivenBack() {
		assertThat(this.admission.reserve()).isZero();
		acquire();
		this.slotFuture.complete(this.slot);
		this.admission.decline(this.slot);
		assertThat(this.slot.released).isTrue();
		assertThat(this.slot.sentAt).isNull();
		assertThat(this.budget.snapshot().remaining()).isOne();
		assertThat(this.admission.reserve()).isZero();
	}

	@Test
	void aFailedCoordinatorGivesTheStartBackAndIsReported() {
		assertThat(this.admission.reserve()).isZero();
		acquire();
		IllegalStateException failure = new IllegalStateException("coordinator down");
		this.slotFuture.completeExceptionally(failure);
		assertThat(this.failures).containsExactly(failure);
		assertThat(this.granted).isEmpty();
		assertThat(this.admission.reserve()).isZero();
	}

	@Test
	void aCancelledWaitGivesTheStartBackWithoutAFailure() {
		assertThat(this.admission.reserve()).isZero();
		acquire();
		this.admission.cancel();
		assertThat(this.slotFuture).isCancelled();
		assertThat(this.failures).isEmpty();
		assertThat(this.admission.reserve()).isZero();
	}

	@Test
	void aSpentBudgetMakesTheShardWaitForItsReset() {
		assertThat(this.admission.reserve()).isZero();
		this.admission.spend(this.slot);
		assertThat(this.admission.reserve()).isEqualTo(Duration.ofHours(1));
		assertThat(this.budget.heldBack()).containsExactly(0);
		this.admission.forget();
		assertThat(this.budget.heldBack()).isEmpty();
	}

	private void acquire() {
		this.admission.acquire(this.granted::add, this.failures::add);
	}

	private ShardContext context() {
		GatewayOptions options = GatewayOptions.builder(BotToken.of("MTIz.admission-token"))
			.gatewayUrl(URI.create("ws://gateway.test"))
			.shardTotal(1)
			.build();
		return new ShardContext(options, 1, new FakeGatewayTransport(), this.scheduler, Runnable::run, Runnable::run,
				null, (shardId, concurrency) -> this.slotFuture, 1, this.budget,
				PayloadCodec.forEncoding(GatewayEncoding.JSON), (GatewayListener) (dispatch) -> {
				}, GatewayObserver.NONE, null);
	}

	private static final class RecordingSlot implements IdentifySlot {

		private volatile Instant sentAt;

		private volatile boolean released;

		@Override
		public void identifySent(Instant writtenAt) {
			this.sentAt = writtenAt;
		}

		@Override
		public void release() {
			this.released = true;
		}

	}

}
