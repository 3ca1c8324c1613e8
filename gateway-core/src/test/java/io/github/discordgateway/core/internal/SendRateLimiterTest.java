package io.github.discordgateway.core.internal;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SendRateLimiterTest {

	@Test
	void reservesRoomForEveryHeartbeatOfTheWindow() {
		// 41.25 s heartbeats: 2 beats per minute + IDENTIFY/RESUME and margin
		assertThat(new SendRateLimiter(Duration.ofMillis(41250)).commandLimit()).isEqualTo(115);
		assertThat(new SendRateLimiter(Duration.ofSeconds(10)).commandLimit()).isEqualTo(111);
		// absurdly short intervals never take more than half of the budget
		assertThat(new SendRateLimiter(Duration.ofMillis(100)).commandLimit()).isEqualTo(60);
	}

	@Test
	void refusesCommandsAboveTheirShareAndSaysHowLongToWait() {
		SendRateLimiter limiter = new SendRateLimiter(Duration.ofMillis(41250));
		for (int i = 0; i < 115; i++) {
			assertThat(limiter.tryAcquireCommand()).isZero();
		}
		long wait = limiter.tryAcquireCommand();
		assertThat(wait).isGreaterThan(Duration.ofSeconds(59).toNanos())
			.isLessThanOrEqualTo(Duration.ofSeconds(60).toNanos());
	}

	@Test
	void heartbeatsAreNeverRefusedButCount() {
		SendRateLimiter limiter = new SendRateLimiter(Duration.ofMillis(41250));
		for (int i = 0; i < 200; i++) {
			limiter.recordPriority();
		}
		assertThat(limiter.tryAcquireCommand()).isPositive();
	}

	@Test
	void priorityAndCommandsShareTheWindow() {
		SendRateLimiter limiter = new SendRateLimiter(Duration.ofMillis(41250));
		limiter.recordPriority();
		limiter.recordPriority();
		int granted = 0;
		while (limiter.tryAcquireCommand() == 0) {
			granted++;
		}
		assertThat(granted).isEqualTo(113);
	}

}
