package io.github.discordgateway.autoconfigure.consumer;

import io.github.discordgateway.autoconfigure.OnEnumPropertyCondition;
import io.github.discordgateway.autoconfigure.consumer.DiscordGatewayConsumerProperties.Source;

/**
 * Matches when {@code discord.gateway.consumer.source} names one source, however it is
 * spelled ({@code redis-stream}, {@code REDIS_STREAM}, …).
 */
abstract class ConsumerSourceCondition extends OnEnumPropertyCondition<Source> {

	static final String SOURCE = DiscordGatewayConsumerProperties.PREFIX + ".source";

	ConsumerSourceCondition(Source source) {
		super(SOURCE, Source.class, source, null);
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
