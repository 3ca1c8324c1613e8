package io.github.discordgateway.sample;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.github.discordgateway.core.event.GatewayDispatchEvent;
import io.github.discordgateway.core.event.GuildCreateEvent;
import io.github.discordgateway.core.event.MessageCreateEvent;
import io.github.discordgateway.core.event.ReadyEvent;
import io.github.discordgateway.core.event.ShardDisconnectedEvent;
import io.github.discordgateway.core.event.ShardResumedEvent;

/** Logs what the bot sees, and every few seconds a summary of events per type. */
@Component
public class BotActivityLog {

	private static final Logger logger = LoggerFactory.getLogger(BotActivityLog.class);

	private final Map<String, LongAdder> eventsSinceSummary = new ConcurrentHashMap<>();

	private final LongAdder eventsSinceStart = new LongAdder();

	@EventListener
	public void onReady(ReadyEvent event) {
		logger.info("Shard {} is ready as {} with {} guild(s)", event.getShardId(), event.getUsername(),
				event.getGuildIds().size());
	}

	@EventListener
	public void onGuild(GuildCreateEvent event) {
		logger.info("Guild available: {} ({} members)", event.getName(), event.getMemberCount());
	}

	@EventListener
	public void onMessage(MessageCreateEvent event) {
		logger.info("Message from {} in channel {}: {}", event.getAuthorUsername(), event.getChannelId(),
				abbreviate(event.getContent()));
	}

	@EventListener
	public void onResumed(ShardResumedEvent event) {
		logger.info("Shard {} resumed; {} missed event(s) replayed", event.getShardId(), event.getReplayedEvents());
	}

	@EventListener
	public void onDisconnected(ShardDisconnectedEvent event) {
		logger.info("Shard {} disconnected ({} {}); {}", event.getShardId(), event.getCloseCode(), event.getReason(),
				event.isWillReconnect() ? "reconnecting" : "not reconnecting");
	}

	@EventListener
	public void count(GatewayDispatchEvent event) {
		this.eventsSinceSummary.computeIfAbsent(event.getType(), (type) -> new LongAdder()).increment();
		this.eventsSinceStart.increment();
	}

	@Scheduled(fixedRateString = "${sample.summary-interval:10s}",
			initialDelayString = "${sample.summary-interval:10s}")
	public void logSummary() {
		Map<String, Long> counts = new TreeMap<>();
		this.eventsSinceSummary.forEach((type, count) -> {
			long value = count.sumThenReset();
			if (value > 0) {
				counts.put(type, value);
			}
		});
		logger.info("Events since last summary: {} ({} since start)", counts.isEmpty() ? "none" : counts,
				this.eventsSinceStart.sum());
	}

	private static String abbreviate(String text) {
		if (text == null) {
			return "";
		}
		return (text.length() > 80) ? text.substring(0, 77) + "..." : text;
	}

}
