package io.github.discordgateway.benchmarks.peer.jda;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import net.dv8tion.jda.api.GatewayEncoding;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Activity;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;

/**
 * Flood peer for JDA: {@code JDABuilder.createLight} (no caches) pointed at the flood gateway through
 * {@link RestConfig#setBaseUrl} and a session controller whose {@code getGateway()} returns the
 * gateway URL. Counts MESSAGE_CREATE as raw gateway events ({@code --count=raw}, default) or as
 * {@link MessageReceivedEvent}s ({@code --count=message}); with {@code --read=true} the message
 * listener also reads every message's content, author name and channel id, as the sample-app's
 * listener does. Same protocol as the other peers: a
 * presence update after the warm-up, {@code FLOOD_CLIENT_DONE lastEventMicros=...} after the last.
 */
public final class JdaFloodPeer extends ListenerAdapter {

	static final String TOKEN = "MTIzODQ5NjI5NzM0NjQ4NTY1Ng.GFlood.benchmark-token-not-a-real-one";

	private final AtomicLong count = new AtomicLong();

	private final long warmup;

	private final long total;

	private final boolean raw;

	private final boolean read;

	private long sink;

	private JdaFloodPeer(long warmup, long events, boolean raw, boolean read) {
		this.warmup = warmup;
		this.total = warmup + events;
		this.raw = raw;
		this.read = read;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> values = new HashMap<>(Map.of("events", "200000", "warmup", "50000", "encoding", "json",
				"compression", "zlib-stream", "count", "raw", "read", "false"));
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (arg.startsWith("--") && eq > 2) {
				values.put(arg.substring(2, eq), arg.substring(eq + 1));
			}
		}
		int port = Integer.parseInt(values.get("port"));
		if (!values.get("compression").equals("zlib-stream")) {
			System.out.println("FLOOD_CLIENT_UNSUPPORTED JDA supports only zlib-stream transport compression");
			System.exit(5);
		}
		boolean raw = values.get("count").equals("raw");
		JdaFloodPeer peer = new JdaFloodPeer(Long.parseLong(values.get("warmup")), Long.parseLong(values.get("events")),
				raw, Boolean.parseBoolean(values.get("read")));
		String gateway = "ws://127.0.0.1:" + port;
		JDA jda = JDABuilder.createLight(TOKEN, EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT))
			.setRestConfig(new RestConfig().setBaseUrl("http://127.0.0.1:" + port + "/api/v10/"))
			.setSessionController(new ConcurrentSessionController() {
				@Override
				public String getGateway() {
					return gateway;
				}
			})
			.setGatewayEncoding(values.get("encoding").equals("etf") ? GatewayEncoding.ETF : GatewayEncoding.JSON)
			.setCompression(Compression.ZLIB)
			.setRawEventsEnabled(raw)
			.addEventListeners(peer)
			.build();
		jda.awaitShutdown();
	}

	@Override
	public void onReady(ReadyEvent event) {
		System.out.println("FLOOD_CLIENT_READY shard=0 uptimeMillis=" + ManagementFactory.getRuntimeMXBean().getUptime());
	}

	@Override
	public void onRawGateway(RawGatewayEvent event) {
		if (this.raw && "MESSAGE_CREATE".equals(event.getType())) {
			counted(event.getJDA());
		}
	}

	@Override
	public void onMessageReceived(MessageReceivedEvent event) {
		if (!this.raw) {
			if (this.read) {
				this.sink += event.getMessage().getContentRaw().length() + event.getAuthor().getName().length()
						+ event.getChannel().getIdLong();
			}
			counted(event.getJDA());
		}
	}

	private void counted(JDA jda) {
		long n = this.count.incrementAndGet();
		if (n == this.warmup) {
			System.out.println("FLOOD_CLIENT_WARM count=" + n);
			jda.getPresence().setActivity(Activity.playing("flood"));
		}
		if (n == this.total) {
			long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
			System.out.println("FLOOD_CLIENT_DONE lastEventMicros=" + micros + " count=" + n);
			System.out.flush();
			new Thread(() -> System.exit(0)).start();
		}
	}

}
