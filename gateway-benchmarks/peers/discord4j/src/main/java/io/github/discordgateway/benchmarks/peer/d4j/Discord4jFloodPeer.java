package io.github.discordgateway.benchmarks.peer.d4j;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import discord4j.common.store.Store;
import discord4j.core.DiscordClient;
import discord4j.core.DiscordClientBuilder;
import discord4j.core.GatewayDiscordClient;
import discord4j.core.event.domain.lifecycle.ReadyEvent;
import discord4j.core.event.domain.message.MessageCreateEvent;
import discord4j.core.object.presence.ClientPresence;
import discord4j.core.shard.ShardingStrategy;
import discord4j.gateway.intent.Intent;
import discord4j.gateway.intent.IntentSet;
import discord4j.rest.request.RouterOptions;
import reactor.core.publisher.Flux;

/**
 * Flood peer for Discord4J: REST pointed at the flood gateway through {@link RouterOptions}' Discord
 * base URL (the gateway URL then comes from {@code GET /gateway}), one shard, and by default a no-op
 * store ({@code --store=default} keeps Discord4J's default in-memory store). Counts
 * {@link MessageCreateEvent}s. Same protocol as the other peers.
 */
public final class Discord4jFloodPeer {

	/** The fixtures' bot user id (1238496297346485656), base64, then two dummy parts. */
	static final String TOKEN = "MTIzODQ5NjI5NzM0NjQ4NTY1Ng.GFlood.benchmark-token-not-a-real-one";

	public static void main(String[] args) {
		Map<String, String> values = new HashMap<>(Map.of("events", "200000", "warmup", "50000", "encoding", "json",
				"compression", "zlib-stream", "store", "noop"));
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (arg.startsWith("--") && eq > 2) {
				values.put(arg.substring(2, eq), arg.substring(eq + 1));
			}
		}
		if (!values.get("encoding").equals("json") || !values.get("compression").equals("zlib-stream")) {
			System.out.println("FLOOD_CLIENT_UNSUPPORTED Discord4J speaks only encoding=json with compress=zlib-stream");
			System.exit(5);
		}
		String base = "http://127.0.0.1:" + values.get("port") + "/api/v10";
		long warmup = Long.parseLong(values.get("warmup"));
		long total = warmup + Long.parseLong(values.get("events"));
		AtomicLong count = new AtomicLong();
		DiscordClient client = DiscordClientBuilder.create(TOKEN)
			.setExtraOptions((o) -> new RouterOptions(o.getAuthorizationScheme(), o.getToken(), o.getReactorResources(),
					o.getExchangeStrategies(), o.getResponseTransformers(), o.getGlobalRateLimiter(),
					o.getRequestQueueFactory(), base))
			.build();
		var bootstrap = client.gateway()
			.setEnabledIntents(IntentSet.of(Intent.GUILDS, Intent.GUILD_MESSAGES, Intent.MESSAGE_CONTENT))
			.setSharding(ShardingStrategy.single());
		if (values.get("store").equals("noop")) {
			bootstrap = bootstrap.setStore(Store.noOp());
		}
		GatewayDiscordClient gateway = bootstrap.withEventDispatcher((dispatcher) -> Flux.merge(
				dispatcher.on(ReadyEvent.class).doOnNext((ready) -> System.out.println(
						"FLOOD_CLIENT_READY shard=0 uptimeMillis=" + ManagementFactory.getRuntimeMXBean().getUptime())),
				dispatcher.on(MessageCreateEvent.class).doOnNext((event) -> {
					long n = count.incrementAndGet();
					if (n == warmup) {
						System.out.println("FLOOD_CLIENT_WARM count=" + n);
						event.getClient().updatePresence(ClientPresence.online()).subscribe();
					}
					if (n == total) {
						long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
						System.out.println("FLOOD_CLIENT_DONE lastEventMicros=" + micros + " count=" + n);
						System.out.flush();
						new Thread(() -> System.exit(0)).start();
					}
				})))
			.login()
			.block();
		gateway.onDisconnect().block();
	}

}
