package io.github.discordgateway.autoconfigure.forwarding;

import java.time.Duration;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.github.discordgateway.forwarding.DispatchForwarder;
import io.github.discordgateway.forwarding.ForwardingStatus;

/**
 * Health of dispatch forwarding, contributed as {@code discordGatewayForwarding}:
 * {@code UP} while the broker confirms writes, {@code OUT_OF_SERVICE} once a write has
 * waited for its confirmation longer than
 * {@code discord.gateway.forwarding.unhealthy-after}. Not {@code DOWN}: the gateway
 * sessions are fine and restarting the process would not bring the broker back; the
 * shards hold back (stop reading) until the broker confirms again, and nothing is lost.
 * Details: the target, the destination, the unconfirmed envelopes, how long the oldest
 * has waited and the last failure.
 */
public class DiscordGatewayForwardingHealthIndicator extends AbstractHealthIndicator {

	private final DispatchForwarder forwarder;

	private final Duration unhealthyAfter;

	public DiscordGatewayForwardingHealthIndicator(DispatchForwarder forwarder, Duration unhealthyAfter) {
		super("Discord gateway forwarding health check failed");
		this.forwarder = forwarder;
		this.unhealthyAfter = unhealthyAfter;
	}

	@Override
	protected void doHealthCheck(Health.Builder health) {
		ForwardingStatus status = this.forwarder.status();
		boolean stuck = status.oldestUnconfirmed().compareTo(this.unhealthyAfter) > 0;
		health.status(stuck ? Status.OUT_OF_SERVICE : Status.UP)
			.withDetail("target", status.target())
			.withDetail("destination", status.destination())
			.withDetail("unconfirmed", status.unconfirmed())
			.withDetail("oldestUnconfirmedMillis", status.oldestUnconfirmed().toMillis());
		if (stuck) {
			health.withDetail("reason", "the broker has not confirmed a write for "
					+ status.oldestUnconfirmed().toSeconds() + " s; the shards stopped reading until it does");
		}
		if (status.lastFailure() != null) {
			health.withDetail("lastFailure", status.lastFailure());
		}
	}

}
