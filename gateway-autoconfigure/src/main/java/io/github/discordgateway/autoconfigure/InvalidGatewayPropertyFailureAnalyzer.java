package io.github.discordgateway.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidGatewayPropertyException} at startup: which property is wrong,
 * why, and what to do. Registered in {@code META-INF/spring.factories}.
 */
public class InvalidGatewayPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidGatewayPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidGatewayPropertyException cause) {
		String description = "The Discord Gateway configuration is invalid:\n\n    Property: " + cause.getProperty()
				+ "\n    Reason: " + cause.getReason() + "\n";
		StringBuilder action = new StringBuilder("Update '").append(cause.getProperty())
			.append("' in your application's configuration.");
		if (cause.getAction() != null) {
			action.append(' ').append(cause.getAction());
		}
		return new FailureAnalysis(description, action.toString(), cause);
	}

}
