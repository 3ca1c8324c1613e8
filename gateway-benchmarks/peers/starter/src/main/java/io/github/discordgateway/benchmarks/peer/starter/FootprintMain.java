package io.github.discordgateway.benchmarks.peer.starter;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

import io.github.discordgateway.core.BotToken;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayIntent;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.manager.GatewayShardManager;

/**
 * Footprint of idle connected shards: runs a {@link GatewayShardManager} with {@code --shards=S}
 * against a gateway simulator in another process ({@code --api=http://127.0.0.1:PORT/api/v10}),
 * waits until every shard is READY, lets them idle, and compares the JVM after full GCs with the
 * same JVM before the manager started: heap used, native memory committed (NMT summary, without the
 * Java heap; needs {@code -XX:NativeMemoryTracking=summary}), resident set size, live threads, and
 * the classes whose live bytes grew most. Prints one {@code FOOTPRINT key=value ...} line and a few
 * {@code FOOTPRINT_*} detail lines.
 */
public final class FootprintMain {

	private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");

	private static final Pattern NMT_CATEGORY = Pattern.compile("-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

	public static void main(String[] args) throws Exception {
		Map<String, String> values = new HashMap<>(Map.of("shards", "1", "idle-seconds", "10", "token",
				"MTIzODQ5NjI5NzM0NjQ4NTY1Ng.GFlood.benchmark-token-not-a-real-one", "compression", "zlib-stream",
				"encoding", "json"));
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (arg.startsWith("--") && eq > 2) {
				values.put(arg.substring(2, eq), arg.substring(eq + 1));
			}
		}
		int shards = Integer.parseInt(values.get("shards"));
		Snapshot before = Snapshot.take();

		CountDownLatch ready = new CountDownLatch(shards);
		GatewayListener listener = new GatewayListener() {
			@Override
			public void onDispatch(GatewayDispatch dispatch) {
			}

			@Override
			public void onShardReady(int shardId, String sessionId) {
				ready.countDown();
			}
		};
		GatewayOptions options = GatewayOptions.builder(BotToken.of(values.get("token")))
			.apiBaseUrl(URI.create(values.get("api")))
			.shardTotal(shards)
			.intents(GatewayIntent.bitsOf(List.of(GatewayIntent.GUILDS)))
			.identifyInterval(Duration.ZERO)
			.encoding(io.github.discordgateway.core.GatewayEncoding.valueOf(values.get("encoding").toUpperCase()))
			.compression(io.github.discordgateway.core.GatewayCompression
				.valueOf(values.get("compression").toUpperCase().replace('-', '_')))
			.build();
		GatewayShardManager manager = GatewayShardManager.builder(options, listener).build();
		long startNanos = System.nanoTime();
		manager.start();
		boolean allReady = ready.await(300, TimeUnit.SECONDS);
		long readyMillis = (System.nanoTime() - startNanos) / 1_000_000;
		long jvmToReadyMillis = ManagementFactory.getRuntimeMXBean().getUptime();
		if (!allReady) {
			System.out.println("FOOTPRINT_ERROR only " + (shards - ready.getCount()) + " of " + shards + " shards READY");
		}
		Thread.sleep(Long.parseLong(values.get("idle-seconds")) * 1000);
		Snapshot after = Snapshot.take();

		long heap = after.heapUsed - before.heapUsed;
		long nativeKb = after.nativeCommittedKb() - before.nativeCommittedKb();
		long rssKb = after.rssKb - before.rssKb;
		System.out.printf("FOOTPRINT shards=%d allReady=%s startToReadyMillis=%d jvmStartToReadyMillis=%d "
				+ "heapBefore=%d heapAfter=%d heapDelta=%d nativeCommittedKbBefore=%d nativeCommittedKbAfter=%d "
				+ "nativeDeltaKb=%d rssKbBefore=%d rssKbAfter=%d rssDeltaKb=%d threadsBefore=%d threadsAfter=%d "
				+ "heapPerShard=%d nativePerShardKb=%.1f rssPerShardKb=%.1f threadsPerShard=%.3f%n",
				shards, allReady, readyMillis, jvmToReadyMillis, before.heapUsed, after.heapUsed, heap,
				before.nativeCommittedKb(), after.nativeCommittedKb(), nativeKb, before.rssKb, after.rssKb, rssKb,
				before.threads, after.threads, heap / shards, nativeKb / (double) shards, rssKb / (double) shards,
				(after.threads - before.threads) / (double) shards);
		StringBuilder categories = new StringBuilder("FOOTPRINT_NMT_DELTA_KB");
		for (Map.Entry<String, Long> e : after.nmt.entrySet()) {
			long delta = e.getValue() - before.nmt.getOrDefault(e.getKey(), 0L);
			if (delta != 0 && !e.getKey().equals("Java Heap")) {
				categories.append(' ').append(e.getKey().replace(' ', '_')).append('=').append(delta);
			}
		}
		System.out.println(categories);
		List<Map.Entry<String, Long>> grown = new ArrayList<>();
		for (Map.Entry<String, long[]> e : after.histogram.entrySet()) {
			long delta = e.getValue()[1] - before.histogram.getOrDefault(e.getKey(), new long[2])[1];
			grown.add(Map.entry(e.getKey(), delta));
		}
		grown.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
		for (Map.Entry<String, Long> e : grown.subList(0, Math.min(25, grown.size()))) {
			long instances = after.histogram.get(e.getKey())[0]
					- before.histogram.getOrDefault(e.getKey(), new long[2])[0];
			System.out.printf("FOOTPRINT_HISTO %s bytes=%d instances=%d perShardBytes=%d%n", e.getKey(), e.getValue(),
					instances, e.getValue() / shards);
		}
		Map<String, Integer> threadGroups = new java.util.TreeMap<>();
		for (Thread t : Thread.getAllStackTraces().keySet()) {
			threadGroups.merge(t.getName().replaceAll("\\d+$", "N"), 1, Integer::sum);
		}
		System.out.println("FOOTPRINT_THREADS " + threadGroups);
		manager.stop();
		System.exit(allReady ? 0 : 1);
	}

	/** The JVM after full GCs. */
	record Snapshot(long heapUsed, Map<String, Long> nmt, long nmtTotalCommittedKb, long rssKb, int threads,
			Map<String, long[]> histogram) {

		static Snapshot take() throws Exception {
			for (int i = 0; i < 4; i++) {
				System.gc();
				Thread.sleep(250);
			}
			long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			String summary = diagnostic("vmNativeMemory", "summary");
			Map<String, Long> nmt = new LinkedHashMap<>();
			Matcher m = NMT_CATEGORY.matcher(summary);
			while (m.find()) {
				nmt.put(m.group(1).trim(), Long.parseLong(m.group(3)));
			}
			Matcher total = NMT_TOTAL.matcher(summary);
			long totalKb = total.find() ? Long.parseLong(total.group(2)) : -1;
			long rss = -1;
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) {
					rss = Long.parseLong(line.replaceAll("\\D", ""));
				}
			}
			Map<String, long[]> histogram = new HashMap<>();
			Pattern row = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
			for (String line : diagnostic("gcClassHistogram").split("\n")) {
				Matcher r = row.matcher(line);
				if (r.find()) {
					histogram.put(r.group(3), new long[] { Long.parseLong(r.group(1)), Long.parseLong(r.group(2)) });
				}
			}
			return new Snapshot(heap, nmt, totalKb, rss, ManagementFactory.getThreadMXBean().getThreadCount(), histogram);
		}

		long nativeCommittedKb() {
			return this.nmtTotalCommittedKb - this.nmt.getOrDefault("Java Heap", 0L);
		}

		private static String diagnostic(String operation, String... arguments) throws Exception {
			return (String) ManagementFactory.getPlatformMBeanServer()
				.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
						new Object[] { arguments }, new String[] { String[].class.getName() });
		}

	}

}
