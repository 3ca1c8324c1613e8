package io.github.discordgateway.benchmarks.peer.starter;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.github.discordgateway.core.GatewayPresence;
import io.github.discordgateway.core.event.GatewayDispatchEvent;
import io.github.discordgateway.core.event.ShardReadyEvent;
import io.github.discordgateway.core.manager.GatewayShardManager;

/**
 * Flood peer for discord-gateway-spring: a plain Boot application with the starter and one
 * {@code @EventListener} that counts MESSAGE_CREATE dispatches. After the warm-up dispatches it
 * sends a presence update (the flood server's cue to start the measured flood); after the measured
 * ones it prints {@code FLOOD_CLIENT_DONE lastEventMicros=...} and exits. With {@code --read-data=true}
 * the listener also reads each message's {@code content} from the event data.
 */
@SpringBootApplication
public class StarterFloodPeer {

	public static void main(String[] args) {
		PeerArgs peer = PeerArgs.parse(args);
		SpringApplication app = new SpringApplication(StarterFloodPeer.class);
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.main.web-application-type", "none");
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.main.keep-alive", "true");
		properties.put("discord.gateway.token", PeerArgs.TOKEN);
		properties.put("discord.gateway.api-base-url", "http://127.0.0.1:" + peer.port() + "/api/v10");
		properties.put("discord.gateway.intents", "GUILDS, GUILD_MESSAGES, MESSAGE_CONTENT");
		properties.put("discord.gateway.encoding", peer.encoding());
		properties.put("discord.gateway.compression", peer.compression());
		properties.put("flood.events", Long.toString(peer.events()));
		properties.put("flood.warmup", Long.toString(peer.warmup()));
		properties.put("flood.read-data", Boolean.toString(peer.readData()));
		app.setDefaultProperties(properties);
		app.run(args);
	}

	/** The one listener: counts MESSAGE_CREATE. */
	@Component
	static class Counter {

		private final AtomicLong count = new AtomicLong();

		private final long warmup;

		private final long total;

		private final GatewayShardManager manager;

		private final boolean readData;

		private long sink;

		Counter(GatewayShardManager manager, org.springframework.core.env.Environment env) {
			this.manager = manager;
			this.warmup = env.getRequiredProperty("flood.warmup", Long.class);
			this.total = this.warmup + env.getRequiredProperty("flood.events", Long.class);
			this.readData = env.getRequiredProperty("flood.read-data", Boolean.class);
		}

		@EventListener
		void onReady(ShardReadyEvent event) {
			System.out.println("FLOOD_CLIENT_READY shard=" + event.getShardId() + " uptimeMillis="
					+ ManagementFactory.getRuntimeMXBean().getUptime());
		}

		@EventListener
		void onDispatch(GatewayDispatchEvent event) {
			if (!"MESSAGE_CREATE".equals(event.getType())) {
				return;
			}
			if (this.readData) {
				// a listener that looks at the message: forces the data tree to exist
				this.sink += event.getData().path("content").asString("").length();
			}
			long n = this.count.incrementAndGet();
			if (n == this.warmup) {
				System.out.println("FLOOD_CLIENT_WARM count=" + n);
				this.manager.updatePresence(new GatewayPresence("online", List.of(), false));
			}
			if (n == this.total) {
				long micros = PeerArgs.epochMicros();
				System.out.println("FLOOD_CLIENT_DONE lastEventMicros=" + micros + " count=" + n);
				System.out.flush();
				new Thread(() -> System.exit(0)).start();
			}
		}

	}

}
