package io.github.discordgateway.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.github.discordgateway.core.TokenRejectedException;

/**
 * Reports a {@link TokenRejectedException} (Discord answered 401 to gateway discovery) at
 * startup. Registered in {@code META-INF/spring.factories}.
 */
public class TokenRejectedFailureAnalyzer extends AbstractFailureAnalyzer<TokenRejectedException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TokenRejectedException cause) {
		return new FailureAnalysis(
				"Discord rejected the bot token set in '" + DiscordGatewayProperties.PREFIX + ".token'.\n\n    Reason: "
						+ cause.getMessage() + "\n",
				"Copy the current token from the Bot page of the Discord developer portal (reset it if it leaked) and set it "
						+ "in '" + DiscordGatewayProperties.PREFIX + ".token', or set '"
						+ DiscordGatewayProperties.PREFIX + ".enabled=false' to run without connecting.",
				cause);
	}

}
