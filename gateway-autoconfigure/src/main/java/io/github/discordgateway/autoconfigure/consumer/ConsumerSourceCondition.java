package io.github.discordgateway.autoconfigure.consumer;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import io.github.discordgateway.autoconfigure.consumer.DiscordGatewayConsumerProperties.Source;

/**
 * Matches when {@code discord.gateway.consumer.source} names one source, however it is
 * spelled ({@code redis-stream}, {@code REDIS_STREAM}, …).
 */
abstract class ConsumerSourceCondition extends SpringBootCondition {

	static final String SOURCE = DiscordGatewayConsumerProperties.PREFIX + ".source";

	private final Source source;

	ConsumerSourceCondition(Source source) {
		this.source = source;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Gateway consumer source " + this.source);
		Source configured;
		try {
			configured = Binder.get(context.getEnvironment()).bind(SOURCE, Source.class).orElse(null);
		}
		catch (RuntimeException ex) {
			return ConditionOutcome.noMatch(message.because(SOURCE + " is invalid"));
		}
		return (configured == this.source) ? ConditionOutcome.match(message.because(SOURCE + " is " + configured))
				: ConditionOutcome.noMatch(message.because(SOURCE + " is " + configured));
	}

	static final class Kafka extends ConsumerSourceCondition {

		Kafka() {
			super(Source.KAFKA);
		}

	}

	static final class RedisStream extends ConsumerSourceCondition {

		RedisStream() {
			super(Source.REDIS_STREAM);
		}

	}

}
