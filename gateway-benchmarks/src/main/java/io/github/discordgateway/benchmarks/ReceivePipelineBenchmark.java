package io.github.discordgateway.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import com.github.luben.zstd.ZstdDecompressCtx;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.JsonNode;

import io.github.discordgateway.core.GatewayCompression;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.event.MessageCreateEvent;
import io.github.discordgateway.core.internal.ReceivePipeline;
import io.github.discordgateway.core.internal.payload.GatewayPayload;

/**
 * One received message per operation, so the score is events/s. {@link #pipeline()} is
 * the client's whole receive path on the socket thread (bytes in, decompressed through
 * the connection's stream context, envelope decoded and data checked, event object out);
 * {@link #pipelineWithData()} also builds the event's data tree, which the client does on
 * the listener's thread when a listener reads it; {@link #decompressOnly()} is the bare
 * decompression of the same messages (a bare {@link Inflater} or zstd-jni streaming
 * context into a reused buffer), the raw limit of the first stage. The messages cycle
 * through a corpus of distinct variants compressed as one stream; at its end the stream
 * (and the context) starts over.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReceivePipelineBenchmark {

	@Param({ "hello", "message_create", "guild_create" })
	public String shape;

	@Param({ "json", "etf" })
	public String encoding;

	@Param({ "zlib-stream", "zstd-stream" })
	public String compression;

	private byte[][] messages;

	private int next;

	private ReceivePipeline pipeline;

	private Inflater inflater;

	private byte[] inflated;

	private ZstdDecompressCtx zstd;

	private ByteBuffer zstdIn;

	private ByteBuffer zstdOut;

	@Setup(Level.Trial)
	public void setUp() {
		Corpus corpus = Corpus.of(shape, encoding, compression);
		messages = corpus.messages;
		int largest = 0;
		for (byte[] payload : corpus.payloads) {
			largest = Math.max(largest, payload.length);
		}
		inflated = new byte[largest + 1024];
		zstdOut = ByteBuffer.allocateDirect(largest + 1024);
		int largestMessage = 0;
		for (byte[] message : messages) {
			largestMessage = Math.max(largestMessage, message.length);
		}
		zstdIn = ByteBuffer.allocateDirect(largestMessage);
		restart();
	}

	private void restart() {
		next = 0;
		if (pipeline != null) {
			pipeline.close();
		}
		pipeline = new ReceivePipeline(GatewayEncoding.valueOf(encoding.toUpperCase()),
				GatewayCompression.valueOf(compression.toUpperCase().replace('-', '_')), 64 * 1024 * 1024);
		if (inflater != null) {
			inflater.end();
		}
		inflater = new Inflater();
		if (zstd != null) {
			zstd.close();
		}
		zstd = new ZstdDecompressCtx();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		pipeline.close();
		inflater.end();
		zstd.close();
	}

	@Benchmark
	public Object pipeline() {
		if (next == messages.length) {
			restart();
		}
		GatewayPayload payload = pipeline.acceptBinary(ByteBuffer.wrap(messages[next++]));
		return (payload.op() == 0) ? new GatewayDispatch(0, payload.sequence(), payload.type(), payload) : payload;
	}

	@Benchmark
	public JsonNode pipelineWithData() {
		Object event = pipeline();
		return (event instanceof GatewayDispatch dispatch) ? dispatch.data() : ((GatewayPayload) event).data();
	}

	/**
	 * The whole path of a message a bot reads: {@link #pipeline()}, then the typed
	 * event's content, author name and channel id read straight from the bytes (what the
	 * sample-app's listener reads). Its {@code -prof gc} allocation is the steady-state
	 * allocation per event.
	 */
	@Benchmark
	public long pipelineWithTypedRead() {
		Object event = pipeline();
		if (event instanceof GatewayDispatch dispatch && dispatch.type().equals(MessageCreateEvent.TYPE)) {
			MessageCreateEvent message = new MessageCreateEvent(dispatch);
			return message.getContent().length() + message.getAuthorUsername().length() + message.getChannelId();
		}
		return 0;
	}

	@Benchmark
	public int decompressOnly() throws DataFormatException {
		if (next == messages.length) {
			restart();
		}
		byte[] message = messages[next++];
		if (compression.equals("zlib-stream")) {
			inflater.setInput(message);
			int total = 0;
			int count;
			do {
				count = inflater.inflate(inflated, total, inflated.length - total);
				total += count;
			}
			while (!inflater.needsInput() && count > 0);
			return total;
		}
		zstdIn.clear();
		zstdIn.put(message).flip();
		zstdOut.clear();
		while (zstdIn.hasRemaining()) {
			zstd.decompressDirectByteBufferStream(zstdOut, zstdIn);
		}
		// drain what the block still holds once the input is consumed
		zstd.decompressDirectByteBufferStream(zstdOut, zstdIn);
		return zstdOut.position();
	}

}
