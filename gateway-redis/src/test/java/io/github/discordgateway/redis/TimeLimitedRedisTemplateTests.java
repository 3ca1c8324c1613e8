package io.github.discordgateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

/**
 * The gateway's template gives up on a hung Redis (a redis-server of the test's own,
 * frozen with SIGSTOP) after its own timeout, and answers again once Redis does.
 */
class TimeLimitedRedisTemplateTests {

	@Test
	void commandsToAHungRedisTimeOutAndRecover() {
		try (RedisServer server = RedisServer.startDedicated()) {
			LettuceConnectionFactory connectionFactory = server.connectionFactory();
			try {
				TimeLimitedRedisTemplate redis = new TimeLimitedRedisTemplate(connectionFactory,
						Duration.ofMillis(500));
				redis.afterPropertiesSet();
				redis.opsForValue().set("time-limited", "1");
				server.suspend();
				try {
					// The template's own timeout, not Lettuce's (60 s, with another
					// message).
					assertThatExceptionOfType(QueryTimeoutException.class)
						.isThrownBy(() -> redis.opsForValue().get("time-limited"))
						.withMessage("Redis did not answer within 500 ms");
				}
				finally {
					server.resume();
				}
				assertThat(redis.opsForValue().get("time-limited")).isEqualTo("1");
			}
			finally {
				connectionFactory.destroy();
			}
		}
	}

	@Test
	void theTimeoutMustBePositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TimeLimitedRedisTemplate(new LettuceConnectionFactory(), Duration.ZERO))
			.withMessageContaining("timeout");
		assertThat(new TimeLimitedRedisTemplate(new LettuceConnectionFactory(), Duration.ofSeconds(2)).timeout())
			.isEqualTo(Duration.ofSeconds(2));
	}

}
