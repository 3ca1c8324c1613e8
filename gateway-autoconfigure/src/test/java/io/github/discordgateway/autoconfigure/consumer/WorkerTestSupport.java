package io.github.discordgateway.autoconfigure.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongPredicate;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.core.event.GatewayDispatchEvent;
import io.github.discordgateway.core.event.MessageCreateEvent;

/** A worker application for the consumer tests, and envelopes to feed it. */
final class WorkerTestSupport {

	private WorkerTestSupport() {
	}

	static ConfigurableApplicationContext startWorker(String... properties) {
		return new SpringApplicationBuilder(WorkerApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.properties(properties)
			.run();
	}

	static GatewayEnvelope message(String session, long seq, String guildId, String content) {
		return message(0, session, seq, guildId, content);
	}

	static GatewayEnvelope message(int shard, String session, long seq, String guildId, String content) {
		String data = "{\"id\":\"" + (1000 + seq) + "\",\"channel_id\":\"77\",\"guild_id\":\"" + guildId
				+ "\",\"content\":\"" + content + "\",\"author\":{\"id\":\"42\",\"username\":\"ada\"},\"mentions\":[]}";
		return new GatewayEnvelope(shard, 2, session, seq, "MESSAGE_CREATE", guildId, Instant.now(),
				data.getBytes(StandardCharsets.UTF_8));
	}

	static GatewayEnvelope event(String session, long seq, String type, String guildId, String data) {
		return new GatewayEnvelope(0, 1, session, seq, type, guildId, Instant.now(),
				data.getBytes(StandardCharsets.UTF_8));
	}

	/** What one worker's listeners saw. */
	static final class Recorder {

		/**
		 * "shard:seq" in the order the listeners handled them (successful calls only).
		 */
		final Queue<String> handled = new ConcurrentLinkedQueue<>();

		/** Guild id and sequence of every handled MESSAGE_CREATE, in handling order. */
		final Queue<long[]> messages = new ConcurrentLinkedQueue<>();

		final Queue<MessageCreateEvent> messageEvents = new ConcurrentLinkedQueue<>();

		final Queue<GatewayDispatchEvent> allEvents = new ConcurrentLinkedQueue<>();

		final Map<Long, Integer> attempts = new ConcurrentHashMap<>();

		/** Sequences the listener throws on, every time. */
		volatile LongPredicate poison = (seq) -> false;

		/** A sequence the listener blocks on until interrupted, or -1. */
		volatile long blockOn = -1;

		final CountDownLatch blocked = new CountDownLatch(1);

		@EventListener
		void onEvent(GatewayDispatchEvent event) throws InterruptedException {
			this.attempts.merge(event.getSequence(), 1, Integer::sum);
			if (this.poison.test(event.getSequence())) {
				throw new IllegalStateException("poison " + event.getSequence());
			}
			if (event.getSequence() == this.blockOn) {
				this.blocked.countDown();
				new CountDownLatch(1).await();
			}
			this.allEvents.add(event);
			this.handled.add(event.getShardId() + ":" + event.getSequence());
		}

		@EventListener
		void onMessage(MessageCreateEvent event) {
			if (!this.poison.test(event.getSequence()) && event.getSequence() != this.blockOn) {
				this.messageEvents.add(event);
				this.messages.add(new long[] { event.getGuildId(), event.getSequence() });
			}
		}

		Set<String> handledSet() {
			return Set.copyOf(this.handled);
		}

		List<String> handledList() {
			return List.copyOf(this.handled);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WorkerApplication {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

}
