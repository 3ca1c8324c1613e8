package io.github.discordgateway.benchmarks;

/**
 * Prints the average message and payload sizes of the benchmark corpus, to turn events/s
 * into MB/s:
 * {@code java -cp gateway-benchmarks/target/benchmarks.jar io.github.discordgateway.benchmarks.CorpusSizes}.
 */
public final class CorpusSizes {

	private CorpusSizes() {
	}

	public static void main(String[] args) {
		System.out.println("shape\tencoding\tcompression\tavg wire bytes\tavg decompressed bytes");
		for (Corpus.Shape shape : Corpus.Shape.values()) {
			String name = shape.name().toLowerCase(java.util.Locale.ROOT);
			for (String encoding : new String[] { "json", "etf" }) {
				for (String compression : new String[] { "none", "zlib-stream", "zstd-stream" }) {
					Corpus corpus = Corpus.of(name, encoding, compression);
					System.out.printf("%s\t%s\t%s\t%.1f\t%.1f%n", name, encoding, compression, average(corpus.messages),
							average(corpus.payloads));
				}
			}
		}
	}

	private static double average(byte[][] data) {
		long total = 0;
		for (byte[] item : data) {
			total += item.length;
		}
		return (double) total / data.length;
	}

}
