package io.github.discordgateway.forwarding;

import java.time.Duration;

/**
 * What a {@link DispatchForwarder} is waiting for, for health checks.
 *
 * @param target the broker target ({@code kafka}, {@code redis-stream})
 * @param destination the topic or stream
 * @param unconfirmed envelopes written or waiting to be written and not confirmed yet
 * @param oldestUnconfirmed how long the oldest of them has waited, or
 * {@link Duration#ZERO}
 * @param lastFailure the last write failure's description since the last confirmed write,
 * or {@code null}
 */
public record ForwardingStatus(String target, String destination, int unconfirmed, Duration oldestUnconfirmed,
		String lastFailure) {

}
