package io.github.discordgateway.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the gateway is enabled but cannot connect for lack of a token: the case
 * that must not pass silently.
 */
class OnMissingDiscordGatewayTokenCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("MissingDiscordGatewayToken");
		if (!Binder.get(context.getEnvironment())
			.bind(DiscordGatewayProperties.PREFIX + ".enabled", Boolean.class)
			.orElse(true)) {
			return ConditionOutcome.noMatch(message.because("the gateway is disabled on purpose"));
		}
		if (context.getEnvironment().getProperty(DiscordGatewayProperties.PREFIX + ".consumer.source") != null) {
			return ConditionOutcome
				.noMatch(message.because("this is a worker: it consumes forwarded events and needs no token"));
		}
		ConditionOutcome gateway = new OnDiscordGatewayCondition().getMatchOutcome(context, metadata);
		return gateway.isMatch() ? ConditionOutcome.noMatch(message.because("the gateway has a token"))
				: ConditionOutcome.match(message.because("the gateway is enabled but " + gateway.getMessage()));
	}

}
