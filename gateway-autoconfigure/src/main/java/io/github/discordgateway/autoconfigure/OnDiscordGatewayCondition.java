package io.github.discordgateway.autoconfigure;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition behind {@link ConditionalOnDiscordGateway}. Its messages never contain
 * the token.
 */
class OnDiscordGatewayCondition extends SpringBootCondition {

	private static final String ENABLED = DiscordGatewayProperties.PREFIX + ".enabled";

	private static final String TOKEN = DiscordGatewayProperties.PREFIX + ".token";

	private static final String CONSUMER_SOURCE = DiscordGatewayProperties.PREFIX + ".consumer.source";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnDiscordGateway.class);
		Binder binder = Binder.get(context.getEnvironment());
		boolean enabled = binder.bind(ENABLED, Boolean.class).orElse(true);
		if (!enabled) {
			return ConditionOutcome.noMatch(message.because(ENABLED + " is false"));
		}
		String source = context.getEnvironment().getProperty(CONSUMER_SOURCE);
		if (source != null) {
			return ConditionOutcome.noMatch(message.because("worker mode: " + CONSUMER_SOURCE + " is set, so this "
					+ "process consumes forwarded events and opens no gateway connection"));
		}
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		if (beanFactory != null
				&& beanFactory.getBeanNamesForType(DiscordGatewayConnectionDetails.class, true, false).length > 0) {
			return ConditionOutcome.match(message.because("a DiscordGatewayConnectionDetails bean is defined"));
		}
		String token = binder.bind(TOKEN, String.class).orElse(null);
		if (token == null) {
			return ConditionOutcome.noMatch(message.because(TOKEN + " is not set"));
		}
		if (token.isBlank()) {
			return ConditionOutcome.noMatch(message.because(TOKEN + " is empty"));
		}
		return ConditionOutcome.match(message.because(TOKEN + " is set"));
	}

}
