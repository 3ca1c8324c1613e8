package io.github.discordgateway.autoconfigure.forwarding;

import org.springframework.boot.context.properties.bind.Binder;

import io.github.discordgateway.autoconfigure.OnEnumPropertyCondition;
import io.github.discordgateway.autoconfigure.forwarding.DiscordGatewayForwardingProperties.Target;

/**
 * Matches when {@code discord.gateway.forwarding.target} names one target, however it is
 * spelled ({@code redis-stream}, {@code REDIS_STREAM}, …).
 */
abstract class ForwardingTargetCondition extends OnEnumPropertyCondition<Target> {

	static final String PROPERTY = DiscordGatewayForwardingProperties.PREFIX + ".target";

	ForwardingTargetCondition(Target target) {
		super(PROPERTY, Target.class, target, Target.NONE);
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
