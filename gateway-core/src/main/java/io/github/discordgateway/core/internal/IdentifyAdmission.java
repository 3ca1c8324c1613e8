package io.github.discordgateway.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.github.discordgateway.core.IdentifySlot;

/**
 * Admission of one shard to IDENTIFY: a start reserved from the daily budget
 * ({@link IdentifyBudget}), then a slot from the identify coordinator. The reserved start
 * is {@linkplain #spend spent} when the IDENTIFY is written and refunded otherwise,
 * exactly once. Guarded by the session's lock.
 */
final class IdentifyAdmission {

	private final int shardId;

	private final ShardContext context;

	private final Clock clock;

	private CompletableFuture<IdentifySlot> pending;

	IdentifyAdmission(int shardId, ShardContext context) {
		this.shardId = shardId;
		this.context = context;
		this.clock = context.scheduler().getClock();
	}

	/**
	 * Reserves a start from the daily budget.
	 * @return {@link Duration#ZERO} when reserved, otherwise how long to wait for the
	 * budget to reset
	 */
	Duration reserve() {
		return this.context.identifyBudget().reserve(this.shardId);
	}

	/**
	 * Waits for the identify slot for a reserved start. If the coordinator fails the
	 * start is refunded and {@code failed} is told, unless the wait was
	 * {@linkplain #cancel cancelled}.
	 */
	void acquire(Consumer<IdentifySlot> granted, Consumer<Throwable> failed) {
		CompletableFuture<IdentifySlot> slot = this.context.identifyCoordinator()
			.acquire(this.shardId, this.context.maxConcurrency());
		this.pending = slot;
		slot.whenComplete((grantedSlot, failure) -> {
			if (failure == null) {
				granted.accept(grantedSlot);
				return;
			}
			this.context.identifyBudget().refund();
			if (!(Failures.unwrap(failure) instanceof CancellationException)) {
				failed.accept(failure);
			}
		});
	}

	/**
	 * The IDENTIFY was written (counted even if the write failed: it may have reached the
	 * gateway in part).
	 */
	void spend(IdentifySlot slot) {
		slot.identifySent(this.clock.instant());
		this.context.identifyBudget().spend();
	}

	/** A granted slot is not used: the connection it was for is gone. */
	void decline(IdentifySlot slot) {
		slot.release();
		this.context.identifyBudget().refund();
	}

	/** Stops waiting for a slot (the reserved start is refunded). */
	void cancel() {
		if (this.pending != null) {
			this.pending.cancel(false);
		}
	}

	/** The shard no longer needs a start (it stopped). */
	void forget() {
		this.context.identifyBudget().forget(this.shardId);
	}

}
