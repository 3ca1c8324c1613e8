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
import tools.jackson.databind.json.JsonMapper;

import io.github.discordgateway.core.internal.EtfCodec;
import io.github.discordgateway.core.internal.JsonCodec;
import io.github.discordgateway.core.internal.payload.GatewayPayload;

/**
 * Decoding alone, on uncompressed payloads, one payload per operation:
 * {@link #jacksonReadTree()} is the bare Jackson tree parse of the whole JSON payload
 * (the raw limit of the decode stage). {@link #jsonCodec()} and {@link #etfCodec()} are
 * the client's codecs on the same payload in each encoding as the socket thread runs them
 * (envelope read, data checked and kept as bytes); the {@code ...WithData} variants also
 * build the data tree, as a listener that reads the event does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBenchmark {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@Param({ "hello", "message_create", "guild_create" })
	public String shape;

	private byte[][] json;

	private byte[][] etf;

	private int next;

	private final JsonCodec jsonCodec = new JsonCodec();

	private final EtfCodec etfCodec = new EtfCodec();

	@Setup
	public void setUp() {
		json = Corpus.of(shape, "json", "none").payloads;
		etf = Corpus.of(shape, "etf", "none").payloads;
	}

	private int index() {
		int i = next;
		next = (i + 1 == json.length) ? 0 : i + 1;
		return i;
	}

	@Benchmark
	public JsonNode jacksonReadTree() {
		return MAPPER.readTree(json[index()]);
	}

	@Benchmark
	public GatewayPayload jsonCodec() {
		byte[] payload = json[index()];
		return jsonCodec.decode(payload, 0, payload.length);
	}

	@Benchmark
	public GatewayPayload etfCodec() {
		byte[] payload = etf[index()];
		return etfCodec.decode(payload, 0, payload.length);
	}

	@Benchmark
	public JsonNode jsonCodecWithData() {
		return jsonCodec().data();
	}

	@Benchmark
	public JsonNode etfCodecWithData() {
		return etfCodec().data();
	}

}
