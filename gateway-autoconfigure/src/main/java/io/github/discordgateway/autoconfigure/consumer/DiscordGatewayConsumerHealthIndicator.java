package io.github.discordgateway.autoconfigure.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.github.discordgateway.consumer.BrokerGatewayCommandSender;
import io.github.discordgateway.consumer.ConsumerStatistics;
import io.github.discordgateway.consumer.GatewayEventConsumer;

/**
 * Health of a worker's consumer, contributed as {@code discordGatewayConsumer}:
 * {@code UP} while it consumes, {@code DOWN} when the broker has been unreachable for
 * longer than {@code discord.gateway.consumer.down-after} or the consumer is stopped.
 * Details: source, group, origin (topic or stream), lag, dead letters, duplicates
 * dropped, redeliveries, the last broker failure while it lasts, and whether the worker
 * reads its command replies ({@code commandReplies}: {@code ready}, or why not: its
 * member requests are not sent until then).
 */
public class DiscordGatewayConsumerHealthIndicator extends AbstractHealthIndicator {

	private final GatewayEventConsumer consumer;

	private final Duration downAfter;

	private final BrokerGatewayCommandSender commandSender;

	public DiscordGatewayConsumerHealthIndicator(GatewayEventConsumer consumer, Duration downAfter) {
		this(consumer, downAfter, null);
	}

	/**
	 * @param commandSender the worker's command sender, whose replies the health reports,
	 * or {@code null}
	 */
	public DiscordGatewayConsumerHealthIndicator(GatewayEventConsumer consumer, Duration downAfter,
			BrokerGatewayCommandSender commandSender) {
		super("Discord gateway consumer health check failed");
		this.consumer = Objects.requireNonNull(consumer, "consumer");
		this.downAfter = Objects.requireNonNull(downAfter, "downAfter");
		this.commandSender = commandSender;
	}

	@Override
	protected void doHealthCheck(Health.Builder health) {
		ConsumerStatistics statistics = this.consumer.statistics();
		health.up();
		Instant unreachableSince = this.consumer.brokerUnreachableSince();
		if (!this.consumer.isRunning()) {
			health.down().withDetail("reason", "the consumer is stopped");
		}
		else if (unreachableSince != null) {
			Duration unreachable = Duration.between(unreachableSince, Instant.now());
			if (unreachable.compareTo(this.downAfter) > 0) {
				health.down()
					.withDetail("reason", "the broker has been unreachable for " + unreachable.toSeconds() + " s");
			}
			health.withDetail("brokerUnreachableSince", unreachableSince.toString())
				.withDetail("lastBrokerFailure", String.valueOf(this.consumer.lastBrokerFailure()));
		}
		health.withDetail("source", this.consumer.source())
			.withDetail("group", this.consumer.group())
			.withDetail("origin", this.consumer.origin())
			.withDetail("lag", this.consumer.lag())
			.withDetail("deadLetters", statistics.deadLetters())
			.withDetail("duplicatesDropped", statistics.duplicates())
			.withDetail("redeliveries", statistics.redeliveries());
		if (this.commandSender != null) {
			String notRead = this.commandSender.repliesNotReadReason();
			health.withDetail("commandReplies", (notRead != null) ? notRead : "ready");
		}
	}

}
