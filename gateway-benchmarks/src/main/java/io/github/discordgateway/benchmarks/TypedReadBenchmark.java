package io.github.discordgateway.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;

import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.event.MessageCreateEvent;
import io.github.discordgateway.core.internal.EtfCodec;
import io.github.discordgateway.core.internal.JsonCodec;
import io.github.discordgateway.core.internal.PayloadCodec;
import io.github.discordgateway.core.internal.payload.GatewayPayload;

/**
 * What a listener pays to read a MESSAGE_CREATE's content, author name and channel id,
 * one event per operation, on payloads the codec has already decoded (envelope read, data
 * validated and kept as bytes): {@link #typedRead()} through {@link MessageCreateEvent}'s
 * accessors, which read straight from the bytes, and {@link #treeRead()} by building the
 * data's Jackson tree first (what {@code getData()} does, and what every typed accessor
 * did before). {@link #decodeAndTypedRead()} adds the codec's decode of the payload (no
 * decompression): the per-event work after the inflater.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TypedReadBenchmark {

	@Param({ "json", "etf" })
	public String encoding;

	private byte[][] payloads;

	private GatewayPayload[] decoded;

	private PayloadCodec codec;

	private int next;

	@Setup
	public void setUp() {
		payloads = Corpus.of("message_create", encoding, "none").payloads;
		codec = encoding.equals("etf") ? new EtfCodec() : new JsonCodec();
		decoded = new GatewayPayload[payloads.length];
		for (int i = 0; i < payloads.length; i++) {
			decoded[i] = codec.decode(payloads[i], 0, payloads[i].length);
		}
	}

	private int index() {
		int i = next;
		next = (i + 1 == payloads.length) ? 0 : i + 1;
		return i;
	}

	@Benchmark
	public long typedRead() {
		GatewayPayload payload = decoded[index()];
		return read(new MessageCreateEvent(new GatewayDispatch(0, payload.sequence(), payload.type(), payload)));
	}

	@Benchmark
	public long treeRead() {
		JsonNode data = decoded[index()].data();
		return data.path("content").asString().length() + data.path("author").path("username").asString().length()
				+ Long.parseLong(data.path("channel_id").asString());
	}

	@Benchmark
	public long decodeAndTypedRead() {
		byte[] bytes = payloads[index()];
		GatewayPayload payload = codec.decode(bytes, 0, bytes.length);
		return read(new MessageCreateEvent(new GatewayDispatch(0, payload.sequence(), payload.type(), payload)));
	}

	private static long read(MessageCreateEvent event) {
		return event.getContent().length() + event.getAuthorUsername().length() + event.getChannelId();
	}

}
