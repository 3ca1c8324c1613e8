package io.github.discordgateway.core.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;

import org.springframework.scheduling.TaskScheduler;

import io.github.discordgateway.core.AcknowledgingGatewayListener;
import io.github.discordgateway.core.DataPath;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayException;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.ShardDisconnect;
import tools.jackson.databind.JsonNode;

/**
 * Correlates GUILD_MEMBERS_CHUNK dispatches with the member request that asked for them
 * (by nonce) and completes the request's future with every member once the last chunk
 * arrived. Sits in front of the application's listener, which still receives every
 * dispatch.
 */
public class MemberChunkCollector implements GatewayListener {

	private static final DataPath NONCE = DataPath.of("nonce");

	private static final DataPath RATE_LIMITED_NONCE = DataPath.of("meta", "nonce");

	private final GatewayListener delegate;

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private MemberChunkCollector(GatewayListener delegate) {
		this.delegate = delegate;
	}

	/** A collector in front of the listener; acknowledging too when the listener is. */
	public static MemberChunkCollector of(GatewayListener delegate) {
		return (delegate instanceof AcknowledgingGatewayListener acknowledging) ? new Acknowledging(acknowledging)
				: new MemberChunkCollector(delegate);
	}

	/** Registers a request before it is sent; the future fails after the timeout. */
	public CompletableFuture<List<JsonNode>> register(String nonce, Duration timeout, TaskScheduler scheduler) {
		Pending request = new Pending();
		this.pending.put(nonce, request);
		ScheduledFuture<?> expiry = scheduler.schedule(() -> {
			if (this.pending.remove(nonce) != null) {
				request.result.completeExceptionally(
						new TimeoutException("No complete GUILD_MEMBERS_CHUNK answer within " + timeout.toMillis()
								+ " ms (" + request.chunksSeen + " of " + request.expectedChunks + " chunks)"));
			}
		}, Instant.now().plus(timeout));
		request.result.whenComplete((members, failure) -> expiry.cancel(false));
		return request.result;
	}

	/** The request could not be sent. */
	public void abandon(String nonce, Throwable failure) {
		Pending request = this.pending.remove(nonce);
		if (request != null) {
			request.result.completeExceptionally(failure);
		}
	}

	@Override
	public void onDispatch(GatewayDispatch dispatch) {
		observe(dispatch);
		this.delegate.onDispatch(dispatch);
	}

	/**
	 * The nonce of a member request that a dispatch answers: a GUILD_MEMBERS_CHUNK's, or
	 * the request's that RATE_LIMITED refused. Read without decoding the rest of the
	 * data.
	 * @param dispatch any dispatch
	 * @return the nonce, or {@code null} for other dispatches and answers without one
	 */
	public static String nonceOf(GatewayDispatch dispatch) {
		return switch (dispatch.type()) {
			case "GUILD_MEMBERS_CHUNK" -> dispatch.text(NONCE);
			case "RATE_LIMITED" -> dispatch.text(RATE_LIMITED_NONCE);
			default -> null;
		};
	}

	final void observe(GatewayDispatch dispatch) {
		// Only the nonce is read before a request is known to wait for it: chunks
		// answering another process's request (a worker's, through the gateway service)
		// pass without their members being decoded.
		String nonce = this.pending.isEmpty() ? null : nonceOf(dispatch);
		if (nonce == null) {
			return;
		}
		if ("GUILD_MEMBERS_CHUNK".equals(dispatch.type())) {
			Pending request = this.pending.get(nonce);
			if (request != null) {
				collect(nonce, request, dispatch.data());
			}
			return;
		}
		Pending refused = this.pending.remove(nonce);
		if (refused != null) {
			refused.result.completeExceptionally(new GatewayException("Discord rate-limited the member request; "
					+ "retry after " + dispatch.data().path("retry_after").asDouble() + " s"));
		}
	}

	private void collect(String nonce, Pending request, JsonNode data) {
		synchronized (request) {
			data.path("members").forEach(request.members::add);
			request.chunksSeen++;
			request.expectedChunks = data.path("chunk_count").asInt(1);
			if (request.chunksSeen < request.expectedChunks) {
				return;
			}
		}
		if (this.pending.remove(nonce, request)) {
			request.result.complete(List.copyOf(request.members));
		}
	}

	@Override
	public void onShardReady(int shardId, String sessionId) {
		this.delegate.onShardReady(shardId, sessionId);
	}

	@Override
	public void onShardSessionRestored(int shardId, String sessionId, long sequence) {
		this.delegate.onShardSessionRestored(shardId, sessionId, sequence);
	}

	@Override
	public void onShardResumed(int shardId, long replayedEvents) {
		this.delegate.onShardResumed(shardId, replayedEvents);
	}

	@Override
	public void onShardDisconnected(int shardId, ShardDisconnect disconnect) {
		this.delegate.onShardDisconnected(shardId, disconnect);
	}

	private static final class Acknowledging extends MemberChunkCollector implements AcknowledgingGatewayListener {

		private final AcknowledgingGatewayListener acknowledging;

		Acknowledging(AcknowledgingGatewayListener delegate) {
			super(delegate);
			this.acknowledging = delegate;
		}

		@Override
		public CompletionStage<?> deliver(GatewayDispatch dispatch) {
			observe(dispatch);
			return this.acknowledging.deliver(dispatch);
		}

		@Override
		public int maxInFlight() {
			return this.acknowledging.maxInFlight();
		}

		@Override
		public void onDispatch(GatewayDispatch dispatch) {
			super.onDispatch(dispatch);
		}

	}

	private static final class Pending {

		final CompletableFuture<List<JsonNode>> result = new CompletableFuture<>();

		final List<JsonNode> members = new ArrayList<>();

		int chunksSeen;

		int expectedChunks = 1;

	}

}
