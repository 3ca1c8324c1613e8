package io.github.discordgateway.autoconfigure.forwarding;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import io.github.discordgateway.autoconfigure.forwarding.DiscordGatewayForwardingProperties.Target;

/**
 * Matches when {@code discord.gateway.forwarding.target} binds (relaxed, as the
 * properties do) to one target; a plain {@code @ConditionalOnProperty} would miss
 * {@code REDIS_STREAM} and {@code redis_stream}.
 */
abstract class ForwardingTargetCondition extends SpringBootCondition {

	static final String PROPERTY = DiscordGatewayForwardingProperties.PREFIX + ".target";

	private final Target target;

	ForwardingTargetCondition(Target target) {
		this.target = target;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Target configured = configured(Binder.get(context.getEnvironment()));
		return (configured == this.target) ? ConditionOutcome.match(PROPERTY + " is " + configured)
				: ConditionOutcome.noMatch(PROPERTY + " is " + configured + ", not " + this.target);
	}

	static Target configured(Binder binder) {
		return binder.bind(PROPERTY, Target.class).orElse(Target.NONE);
	}

	static final class Kafka extends ForwardingTargetCondition {

		Kafka() {
			super(Target.KAFKA);
		}

	}

	static final class RedisStream extends ForwardingTargetCondition {

		RedisStream() {
			super(Target.REDIS_STREAM);
		}

	}

}
