package io.github.discordgateway.benchmarks.peer.probe;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

import io.github.discordgateway.core.GatewayPresence;
import io.github.discordgateway.core.event.MessageCreateEvent;
import io.github.discordgateway.core.event.ShardReadyEvent;
import io.github.discordgateway.core.manager.GatewayShardManager;

/**
 * Counts MESSAGE_CREATE in the sample-app (only when {@code flood.events} is set): after
 * {@code flood.warmup} events it sends a presence update (the flood server's cue for the measured
 * flood; with no warm-up the flood follows READY at once), after {@code flood.warmup + flood.events}
 * it prints {@code FLOOD_CLIENT_DONE lastEventMicros=...} and exits. The same protocol as the
 * other flood peers; the sample's own listeners do the reading.
 */
@AutoConfiguration
@ConditionalOnProperty("flood.events")
public class FloodProbeAutoConfiguration {

	@Bean
	FloodProbe floodProbe(GatewayShardManager manager, Environment env) {
		long warmup = env.getProperty("flood.warmup", Long.class, 0L);
		return new FloodProbe(manager, warmup, warmup + env.getRequiredProperty("flood.events", Long.class));
	}

	/** The counting listener. */
	public static class FloodProbe {

		private final GatewayShardManager manager;

		private final long warmup;

		private final long total;

		private long count; // one shard: its events arrive on one thread at a time

		FloodProbe(GatewayShardManager manager, long warmup, long total) {
			this.manager = manager;
			this.warmup = warmup;
			this.total = total;
		}

		@EventListener
		public void onReady(ShardReadyEvent event) {
			System.out.println("FLOOD_CLIENT_READY shard=" + event.getShardId() + " uptimeMillis="
					+ ManagementFactory.getRuntimeMXBean().getUptime());
		}

		@EventListener
		public void onMessage(MessageCreateEvent event) {
			long n = ++this.count;
			if (n == this.warmup) {
				System.out.println("FLOOD_CLIENT_WARM count=" + n);
				this.manager.updatePresence(new GatewayPresence("online", List.of(), false));
			}
			if (n == this.total) {
				long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
				System.out.println("FLOOD_CLIENT_DONE lastEventMicros=" + micros + " count=" + n);
				System.out.flush();
				new Thread(() -> System.exit(0)).start();
			}
		}

	}

}
