package io.github.discordgateway.core.internal;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

import org.springframework.scheduling.TaskScheduler;

import io.github.discordgateway.core.GatewayException;
import io.github.discordgateway.core.ShardState;

/**
 * Application commands (presence, voice state, member requests, ...) of one shard that
 * wait for a READY session or for the connection's send rate limit
 * ({@link SendRateLimiter}), sent in submission order. Guarded by the session's lock, so
 * that a command is only written to the connection that is current and READY at that
 * moment; like IDENTIFY and RESUME, commands are written under it (a write is bounded by
 * the transport's send timeout). The commands' futures are completed outside the lock, so
 * that nothing the application chained to them runs under it.
 */
final class CommandOutbox {

	/** Discord closes the connection (4002) for a payload above this size. */
	static final int MAX_SEND_BYTES = 4096;

	/** Commands that may wait before {@link #submit} refuses more. */
	static final int CAPACITY = 1024;

	private final int shardId;

	private final Object lock;

	private final TaskScheduler scheduler;

	private final Clock clock;

	// Asked under the lock: the connection commands may be written to, or null
	private final Supplier<GatewayConnection> readyConnection;

	private final ArrayDeque<Command> commands = new ArrayDeque<>();

	private ScheduledFuture<?> retry;

	/**
	 * @param lock the session's lock
	 * @param readyConnection the current connection while the session is READY, else
	 * {@code null}; asked under the lock
	 */
	CommandOutbox(int shardId, Object lock, TaskScheduler scheduler, Supplier<GatewayConnection> readyConnection) {
		this.shardId = shardId;
		this.lock = lock;
		this.scheduler = scheduler;
		this.clock = scheduler.getClock();
		this.readyConnection = readyConnection;
	}

	/**
	 * Queues a command and sends what may be sent.
	 * @param state the shard's state, which decides whether anything can be sent at all
	 * @return completes when the command was written, or fails if it never will be
	 */
	CompletableFuture<Void> submit(int opcode, EncodedPayload payload, ShardState state) {
		int size = payload.size();
		if (size > MAX_SEND_BYTES) {
			return CompletableFuture.failedFuture(new IllegalArgumentException("Opcode " + opcode + " payload is "
					+ size + " bytes; Discord refuses payloads above " + MAX_SEND_BYTES + " bytes (close 4002)"));
		}
		if (state == ShardState.IDLE || state == ShardState.STANDBY || state == ShardState.STOPPING
				|| state.isTerminal()) {
			return CompletableFuture
				.failedFuture(new GatewayException("Shard " + this.shardId + " is " + state + "; nothing can be sent"));
		}
		Command command = new Command(opcode, payload, new CompletableFuture<>());
		synchronized (this.lock) {
			if (this.commands.size() >= CAPACITY) {
				return CompletableFuture.failedFuture(new GatewayException("Shard " + this.shardId + " already has "
						+ CAPACITY + " commands waiting for the gateway's rate limit; slow down"));
			}
			this.commands.add(command);
		}
		flush();
		return command.sent();
	}

	/** Sends queued commands while the session is READY and the rate limit allows. */
	void flush() {
		List<CompletableFuture<Void>> sent = null;
		synchronized (this.lock) {
			while (!this.commands.isEmpty() && this.retry == null) {
				GatewayConnection conn = this.readyConnection.get();
				if (conn == null) {
					break;
				}
				Command next = this.commands.peek();
				long wait = conn.sendCommand(next.opcode(), next.payload());
				if (wait < 0) {
					break;
				}
				if (wait > 0) {
					this.retry = this.scheduler.schedule(this::retry, this.clock.instant().plusNanos(wait));
					break;
				}
				this.commands.poll();
				sent = (sent != null) ? sent : new ArrayList<>();
				sent.add(next.sent());
			}
		}
		if (sent != null) {
			sent.forEach((future) -> future.complete(null));
		}
	}

	/** Fails every queued command with the given reason and cancels a pending retry. */
	void failAll(String reason) {
		List<Command> failed;
		synchronized (this.lock) {
			failed = new ArrayList<>(this.commands);
			this.commands.clear();
			if (this.retry != null) {
				this.retry.cancel(false);
				this.retry = null;
			}
		}
		failed.forEach((command) -> command.sent()
			.completeExceptionally(new GatewayException("Shard " + this.shardId + " " + reason)));
	}

	private void retry() {
		synchronized (this.lock) {
			this.retry = null;
		}
		flush();
	}

	private record Command(int opcode, EncodedPayload payload, CompletableFuture<Void> sent) {
	}

}
