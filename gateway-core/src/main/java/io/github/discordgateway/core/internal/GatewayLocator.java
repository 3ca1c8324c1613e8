package io.github.discordgateway.core.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;

import io.github.discordgateway.core.GatewayException;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.TokenRejectedException;

/**
 * Where the shards connect and how many there are: the configured gateway URL, or the one
 * discovery ({@code GET /gateway/bot}) answered, cached and discovered again after a
 * connection to it failed. A startup discovery that failed is retried in the background
 * with {@link Backoff} until it succeeds or Discord rejects the token.
 */
final class GatewayLocator implements ShardContext.GatewayUrls {

	private static final Logger logger = LoggerFactory.getLogger(GatewayLocator.class);

	private final URI configuredUrl;

	private final GatewayDiscovery discovery;

	/** Guarded by itself; background attempts run one after the other. */
	private final Backoff backoff;

	private volatile URI discoveredUrl;

	public GatewayLocator(GatewayOptions options) {
		this.configuredUrl = options.gatewayUrl();
		this.discovery = new GatewayDiscovery(options.apiBaseUrl(), options.token());
		this.backoff = new Backoff(options.reconnectBackoffInitial(), options.reconnectBackoffMax());
	}

	/**
	 * Asks Discord once and remembers the gateway URL it answered.
	 * @return the answer; completes exceptionally as {@link GatewayDiscovery#fetch()}
	 * does
	 */
	public CompletableFuture<GatewayBotInfo> discover() {
		return this.discovery.fetch().thenApply((info) -> {
			this.discoveredUrl = info.url();
			return info;
		});
	}

	/**
	 * Discovers the gateway for a start: waits at most {@code wait} for the first answer
	 * and hands it to {@code found} on the calling thread. When that attempt fails or is
	 * slower, goes on in the background ({@link #discoverInBackground}) and returns.
	 * @param wait how long the caller may be held up
	 * @param scheduler runs the background attempts
	 * @param wanted asked before each background attempt and answer
	 * @param found receives the answer
	 * @param rejectedLater receives a rejection of the token that a background attempt
	 * got
	 * @throws TokenRejectedException when the first attempt got a rejection of the token
	 */
	public void discoverAtStart(Duration wait, TaskScheduler scheduler, BooleanSupplier wanted,
			Consumer<GatewayBotInfo> found, Consumer<TokenRejectedException> rejectedLater) {
		CompletableFuture<GatewayBotInfo> first = discover();
		GatewayBotInfo info;
		try {
			info = first.get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof TokenRejectedException rejected) {
				throw rejected;
			}
			logger.warn("Gateway discovery failed ({}); retrying in the background", ex.getCause().getMessage());
			discoverInBackground(null, scheduler, wanted, found, rejectedLater);
			return;
		}
		catch (TimeoutException ex) {
			logger.warn("Gateway discovery did not answer within {} s; continuing in the background", wait.toSeconds());
			discoverInBackground(first, scheduler, wanted, found, rejectedLater);
			return;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GatewayException("Interrupted while discovering the gateway", ex);
		}
		found.accept(info);
	}

	/**
	 * Waits for the given attempt, or, without one, for a new attempt after a backoff
	 * delay, and goes on with new attempts until one succeeds or Discord rejects the
	 * token.
	 * @param attempt an attempt still under way, or {@code null} to start after a delay
	 * @param scheduler runs the delayed attempts
	 * @param wanted asked before each attempt and answer; {@code false} ends the retries
	 * @param found receives the answer
	 * @param rejected receives the rejection of the token
	 */
	public void discoverInBackground(CompletableFuture<GatewayBotInfo> attempt, TaskScheduler scheduler,
			BooleanSupplier wanted, Consumer<GatewayBotInfo> found, Consumer<TokenRejectedException> rejected) {
		if (attempt == null) {
			Duration delay;
			synchronized (this.backoff) {
				delay = this.backoff.next();
			}
			scheduler.schedule(() -> {
				if (wanted.getAsBoolean()) {
					discoverInBackground(discover(), scheduler, wanted, found, rejected);
				}
			}, Instant.now().plus(delay));
			return;
		}
		attempt.whenComplete((info, failure) -> {
			if (!wanted.getAsBoolean()) {
				return;
			}
			if (failure == null) {
				synchronized (this.backoff) {
					this.backoff.reset();
				}
				found.accept(info);
				return;
			}
			Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
					? failure.getCause() : failure;
			if (cause instanceof TokenRejectedException tokenRejected) {
				rejected.accept(tokenRejected);
				return;
			}
			logger.warn("Gateway discovery failed ({}); retrying", cause.getMessage());
			discoverInBackground(null, scheduler, wanted, found, rejected);
		});
	}

	@Override
	public CompletableFuture<URI> resolve() {
		URI known = known();
		return (known != null) ? CompletableFuture.completedFuture(known) : discover().thenApply(GatewayBotInfo::url);
	}

	@Override
	public void invalidate() {
		this.discoveredUrl = null;
	}

	@Override
	public URI known() {
		return (this.configuredUrl != null) ? this.configuredUrl : this.discoveredUrl;
	}

}
