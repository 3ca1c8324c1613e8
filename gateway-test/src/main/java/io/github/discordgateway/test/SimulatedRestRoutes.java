package io.github.discordgateway.test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.github.discordgateway.test.internal.HttpRequest;
import io.github.discordgateway.test.internal.HttpResponse;
import io.github.discordgateway.test.internal.LoginRestApi;

/**
 * The simulator's HTTP side: discovery ({@code GET /api/v10/gateway},
 * {@code GET /api/v10/gateway/bot} with the live {@code session_start_limit}), failures
 * injected into discovery, and the login routes of {@link LoginRestApi}. Thread-safe.
 */
final class SimulatedRestRoutes {

	private static final Pattern DISCOVERY_PATH = Pattern.compile("/api(/v\\d+)?/gateway(/bot)?/?");

	private final SimulatorConfig config;

	private final IdentifyLimits limits;

	private final Supplier<String> gatewayUrl;

	private final LoginRestApi login;

	private final AtomicInteger discoveryRequests = new AtomicInteger();

	private final AtomicInteger discoveryFailuresLeft = new AtomicInteger();

	private volatile int discoveryFailureStatus = 500;

	SimulatedRestRoutes(SimulatorConfig config, IdentifyLimits limits, Supplier<String> gatewayUrl) {
		this.config = config;
		this.limits = limits;
		this.gatewayUrl = gatewayUrl;
		this.login = new LoginRestApi(config.token);
	}

	HttpResponse handle(HttpRequest request) {
		if (!DISCOVERY_PATH.matcher(request.path()).matches()) {
			return this.login.handle(request);
		}
		this.discoveryRequests.incrementAndGet();
		if (!"GET".equals(request.method())) {
			return LoginRestApi.methodNotAllowed();
		}
		if (this.discoveryFailuresLeft.getAndUpdate((n) -> (n > 0) ? n - 1 : 0) > 0) {
			return injectedFailure(this.discoveryFailureStatus);
		}
		if (!request.path().contains("/bot")) {
			return LoginRestApi.gateway(this.gatewayUrl.get());
		}
		if (!this.login.isAuthorized(request)) {
			return LoginRestApi.unauthorized();
		}
		return LoginRestApi.gatewayBot(this.gatewayUrl.get(), this.config.shards, this.config.sessionStartTotal,
				this.limits.sessionStartsRemaining(), this.limits.sessionStartsResetAfter().toMillis(),
				this.config.maxConcurrency);
	}

	private static HttpResponse injectedFailure(int status) {
		if (status == 429) {
			return HttpResponse
				.json(429, "{\"message\": \"You are being rate limited.\", \"retry_after\": 1.0, \"global\": false}")
				.withHeader("Retry-After", "1");
		}
		return HttpResponse.json(status,
				"{\"message\": \"" + status + ": " + HttpResponse.reason(status) + "\", \"code\": 0}");
	}

	void failNext(int count, int status) {
		this.discoveryFailureStatus = status;
		this.discoveryFailuresLeft.set(count);
	}

	int discoveryRequests() {
		return this.discoveryRequests.get();
	}

}
