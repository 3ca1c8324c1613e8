package io.github.discordgateway.autoconfigure;

import java.util.Objects;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Reports an invalid {@code discord.gateway.token} like Boot reports any invalid property
 * (the property, where it was set and why), except that it never shows the value: Boot's
 * own analyzer, which it runs before, would print the secret. Registered in
 * {@code META-INF/spring.factories}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class BotTokenFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationPropertyValueException> {

	private final Environment environment;

	BotTokenFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationPropertyValueException cause) {
		if (!GatewayOptionsFactory.TOKEN_PROPERTY.equals(cause.getName())) {
			return null;
		}
		StringBuilder description = new StringBuilder("Invalid value for configuration property '")
			.append(cause.getName())
			.append("'");
		Origin origin = origin(cause.getName());
		if (origin != null) {
			description.append(" (originating from '").append(origin).append("')");
		}
		description.append(". The value is not shown: it is a secret.")
			.append(String.format("%n%nValidation failed for the following reason:%n%n"))
			.append(cause.getReason());
		return new FailureAnalysis(description.toString(), "Review the value of the property with the provided reason.",
				cause);
	}

	private Origin origin(String name) {
		if (!(this.environment instanceof ConfigurableEnvironment configurable)) {
			return null;
		}
		return configurable.getPropertySources()
			.stream()
			.filter((source) -> source.containsProperty(name))
			.map((PropertySource<?> source) -> OriginLookup.getOrigin(source, name))
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

}
