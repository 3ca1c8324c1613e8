package io.github.discordgateway.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link TypedReadBenchmark}'s typed read and tree read measured in thread CPU time
 * instead of wall time, in alternating blocks, so that a loaded shared machine (where
 * JMH's wall-clock scores swing by 10× and more) still gives a usable ratio: a thread
 * that is descheduled uses no CPU time. Prints nanoseconds of CPU per event, the median
 * over the blocks, for each encoding.
 *
 * <pre>
 * java -cp gateway-benchmarks/target/benchmarks.jar io.github.discordgateway.benchmarks.TypedReadCpuTime
 * </pre>
 */
public final class TypedReadCpuTime {

	private static final int BLOCKS = 21;

	private static final int PER_BLOCK = 20_000;

	private TypedReadCpuTime() {
	}

	public static void main(String[] args) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		System.out.println("encoding\ttyped ns/event\ttree ns/event\ttree / typed");
		for (String encoding : new String[] { "json", "etf" }) {
			TypedReadBenchmark benchmark = new TypedReadBenchmark();
			benchmark.encoding = encoding;
			benchmark.setUp();
			long sink = 0;
			double[] typed = new double[BLOCKS];
			double[] tree = new double[BLOCKS];
			for (int warm = 0; warm < 5; warm++) { // JIT warm-up, not measured
				sink += block(benchmark, true) + block(benchmark, false);
			}
			for (int b = 0; b < BLOCKS; b++) {
				long start = threads.getCurrentThreadCpuTime();
				sink += block(benchmark, true);
				long middle = threads.getCurrentThreadCpuTime();
				sink += block(benchmark, false);
				long end = threads.getCurrentThreadCpuTime();
				typed[b] = (middle - start) / (double) PER_BLOCK;
				tree[b] = (end - middle) / (double) PER_BLOCK;
			}
			java.util.Arrays.sort(typed);
			java.util.Arrays.sort(tree);
			double t = typed[BLOCKS / 2];
			double r = tree[BLOCKS / 2];
			System.out.printf("%s\t%.0f\t%.0f\t%.1f×%n", encoding, t, r, r / t);
			if (sink == 42) {
				System.out.println();
			}
		}
	}

	private static long block(TypedReadBenchmark benchmark, boolean typed) {
		long sink = 0;
		for (int i = 0; i < PER_BLOCK; i++) {
			sink += typed ? benchmark.typedRead() : benchmark.treeRead();
		}
		return sink;
	}

}
