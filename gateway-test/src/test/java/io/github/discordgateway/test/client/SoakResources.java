package io.github.discordgateway.test.client;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.management.ObjectName;

/**
 * What a soak measures to tell a leak from a steady state: heap after GC, the client's
 * threads, and live instances of the classes that exist once per client connection.
 */
final class SoakResources {

	private static final Set<String> CLIENT_THREAD_PREFIXES = Set.of("gateway-", "discord-gateway-", "WebSocketClient-",
			"SimpleAsyncTaskExecutor");

	/**
	 * Objects that exist once per client connection; their count must not grow with the
	 * number of reconnects.
	 */
	private static final List<String> PER_CONNECTION_CLASSES = List.of(
			"io.github.discordgateway.core.internal.GatewayConnection",
			"io.github.discordgateway.core.internal.Heartbeater", "org.apache.tomcat.websocket.WsSession",
			"org.apache.tomcat.websocket.WsFrameClient");

	private SoakResources() {
	}

	static Measurement measure() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long heap = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			heap = Math.min(heap, memory.getHeapMemoryUsage().getUsed());
		}
		return new Measurement(heap, clientThreads().size(), liveObjects());
	}

	/** Live client threads by name (the simulator's own excluded). */
	static List<String> clientThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> !name.startsWith("gateway-sim-"))
			.filter((name) -> CLIENT_THREAD_PREFIXES.stream().anyMatch(name::startsWith))
			.sorted()
			.toList();
	}

	/**
	 * Live instances per class from a class histogram (which runs a full GC first). Names
	 * a class with no histogram line 0; without the diagnostic MBean, every count is 0
	 * and the run says so.
	 */
	private static Map<String, Long> liveObjects() {
		Map<String, Long> counts = new TreeMap<>();
		PER_CONNECTION_CLASSES.forEach((name) -> counts.put(simpleName(name), 0L));
		try {
			String histogram = (String) ManagementFactory.getPlatformMBeanServer()
				.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
						new Object[] { null }, new String[] { String[].class.getName() });
			for (String line : histogram.split("\n")) {
				String[] columns = line.trim().split("\\s+");
				if (columns.length >= 4 && PER_CONNECTION_CLASSES.contains(columns[3])) {
					counts.put(simpleName(columns[3]), Long.parseLong(columns[1]));
				}
			}
		}
		catch (Exception ex) {
			System.out.println("SoakTest: no class histogram (" + ex + ")");
		}
		return counts;
	}

	private static String simpleName(String className) {
		return className.substring(className.lastIndexOf('.') + 1);
	}

	record Measurement(long heapBytes, int threads, Map<String, Long> objects) {

		@Override
		public String toString() {
			return String.format("heap %.1f MB, %d client threads, live %s", this.heapBytes / 1048576.0, this.threads,
					this.objects);
		}

	}

}
