package io.github.discordgateway.core.internal;

import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

import io.github.discordgateway.core.internal.payload.GatewayPayload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round-trip properties over generated term trees: what we encode we decode to the same
 * tree, the ETF and JSON codecs agree on every payload, no input makes the decoder fail
 * other than with a {@link PayloadDecodeException}, and a payload the decoder accepts
 * always has data that decodes (the data of dispatches is checked at once but built
 * later).
 */
class EtfPropertiesTest {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	@Property(tries = 500)
	void encodeThenDecodeGivesTheSameTree(@ForAll("trees") JsonNode tree) {
		byte[] etf = EtfCodec.encodeTerm(tree);
		assertThat(EtfCodec.decodeTerm(etf, 0, etf.length)).isEqualTo(tree);
	}

	@Property(tries = 300)
	void etfAndJsonPayloadsDecodeToTheSameEvent(@ForAll("trees") JsonNode data, @ForAll("sequences") long sequence) {
		ObjectNode envelope = NODES.objectNode();
		envelope.put("op", 0);
		envelope.put("s", sequence);
		envelope.put("t", "GENERATED_EVENT");
		envelope.set("d", data);
		byte[] json = MAPPER.writeValueAsBytes(envelope);
		byte[] etf = EtfCodec.encodeTerm(envelope);
		GatewayPayload fromJson = new JsonCodec().decode(json, 0, json.length);
		GatewayPayload fromEtf = new EtfCodec().decode(etf, 0, etf.length);
		assertThat(fromEtf).isEqualTo(fromJson);
	}

	@Property(tries = 300)
	void snowflakesSentAsIntegersArriveAsTheStringsJsonCarries(@ForAll("snowflakes") long snowflake) {
		byte[] etf = EtfCodecTest.term(EtfCodecTest.bigU64(snowflake));
		JsonNode decoded = EtfCodec.decodeTerm(etf, 0, etf.length);
		assertThat(decoded).isEqualTo(StringNode.valueOf(Long.toUnsignedString(snowflake)));
		assertThat(io.github.discordgateway.core.event.Snowflake.parse(decoded)).isEqualTo(snowflake);
	}

	@Property(tries = 300)
	void everyIntegerKeepsItsValue(@ForAll long value) {
		byte[] etf = EtfCodec.encodeTerm(NODES.numberNode(value));
		JsonNode decoded = EtfCodec.decodeTerm(etf, 0, etf.length);
		if (Math.abs((double) value) <= EtfDecoder.MAX_SAFE_INTEGER && value != Long.MIN_VALUE) {
			assertThat(decoded.longValue()).isEqualTo(value);
			assertThat(decoded).isEqualTo(MAPPER.readTree(Long.toString(value)));
		}
		else {
			assertThat(decoded.stringValue()).isEqualTo(Long.toString(value));
		}
	}

	@Property(tries = 2000)
	void garbageNeverFailsOtherThanWithADecodeError(@ForAll @Size(max = 64) byte[] garbage) {
		byte[] etf = new byte[garbage.length + 1];
		etf[0] = (byte) 131;
		System.arraycopy(garbage, 0, etf, 1, garbage.length);
		decodeSafely(etf);
	}

	@Property(tries = 1000)
	void mutatedAndTruncatedPayloadsNeverFailOtherThanWithADecodeError(@ForAll("trees") JsonNode tree,
			@ForAll("mutations") List<int[]> mutations, @ForAll("cuts") int cut) {
		byte[] etf = EtfCodec.encodeTerm(tree);
		for (int[] mutation : mutations) {
			etf[1 + Math.floorMod(mutation[0], etf.length - 1)] = (byte) mutation[1];
		}
		int length = Math.max(1, etf.length - Math.floorMod(cut, etf.length));
		decodeSafely(java.util.Arrays.copyOf(etf, length));
	}

	@Property(tries = 1000)
	void mutatedDispatchDataFailsWhenDecodedOrNeverInJson(@ForAll("trees") JsonNode data,
			@ForAll("mutations") List<int[]> mutations) {
		byte[] json = MAPPER.writeValueAsBytes(dispatch(data));
		int dataStart = indexOf(json, "\"d\":".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + 4;
		mutate(json, dataStart, mutations);
		assertAcceptedDataDecodes(new JsonCodec(), json, "json", "missing-op");
	}

	@Property(tries = 1000)
	void mutatedDispatchDataFailsWhenDecodedOrNeverInEtf(@ForAll("trees") JsonNode data,
			@ForAll("mutations") List<int[]> mutations) {
		byte[] etf = EtfCodec.encodeTerm(dispatch(data));
		int dataStart = etf.length - EtfCodec.encodeTerm(data).length + 1; // d is the
																			// last value;
																			// no version
																			// byte
		mutate(etf, dataStart, mutations);
		assertAcceptedDataDecodes(new EtfCodec(), etf, "etf", "missing-op");
	}

	/**
	 * Accepting a payload means its (deferred) data decodes: a bad d fails the payload,
	 * never a listener.
	 */
	private static void assertAcceptedDataDecodes(PayloadCodec codec, byte[] payload, String... kinds) {
		GatewayPayload decoded;
		try {
			decoded = codec.decode(payload, 0, payload.length);
		}
		catch (PayloadDecodeException ex) {
			assertThat(ex.kind()).isIn((Object[]) kinds);
			return;
		}
		assertThat(decoded.data()).isNotNull();
	}

	private static ObjectNode dispatch(JsonNode data) {
		ObjectNode envelope = NODES.objectNode();
		envelope.put("op", 0);
		envelope.put("s", 1);
		envelope.put("t", "GENERATED_EVENT");
		envelope.set("d", data);
		return envelope;
	}

	private static void mutate(byte[] bytes, int from, List<int[]> mutations) {
		if (from >= bytes.length) {
			return;
		}
		for (int[] mutation : mutations) {
			bytes[from + Math.floorMod(mutation[0], bytes.length - from)] = (byte) mutation[1];
		}
	}

	private static int indexOf(byte[] bytes, byte[] part) {
		outer: for (int i = 0; i <= bytes.length - part.length; i++) {
			for (int j = 0; j < part.length; j++) {
				if (bytes[i + j] != part[j]) {
					continue outer;
				}
			}
			return i;
		}
		throw new AssertionError("not found");
	}

	private static void decodeSafely(byte[] etf) {
		try {
			EtfCodec.decodeTerm(etf, 0, etf.length);
		}
		catch (PayloadDecodeException ex) {
			assertThat(ex.kind()).isEqualTo("etf");
		}
		assertAcceptedDataDecodes(new EtfCodec(), etf, "etf", "missing-op");
	}

	// ---------------------------------------------------------------- generators

	@Provide
	Arbitrary<JsonNode> trees() {
		return tree(4);
	}

	@Provide
	Arbitrary<Long> sequences() {
		return Arbitraries.longs().between(1, Integer.MAX_VALUE * 4L);
	}

	@Provide
	Arbitrary<Long> snowflakes() {
		return snowflakeValues();
	}

	/** From 2^53 up to the largest unsigned 64-bit value. */
	static Arbitrary<Long> snowflakeValues() {
		return Arbitraries.longs().filter((value) -> value < 0 || value > EtfDecoder.MAX_SAFE_INTEGER);
	}

	@Provide
	Arbitrary<List<int[]>> mutations() {
		Arbitrary<int[]> mutation = Arbitraries.integers()
			.list()
			.ofSize(2)
			.map((pair) -> new int[] { pair.get(0), pair.get(1) });
		return mutation.list().ofMinSize(1).ofMaxSize(4);
	}

	@Provide
	Arbitrary<Integer> cuts() {
		return Arbitraries.integers().between(0, 64);
	}

	/**
	 * JSON-compatible trees of the given depth: every value ETF and JSON can both carry.
	 */
	static Arbitrary<JsonNode> tree(int depth) {
		Arbitrary<JsonNode> leaves = Arbitraries.oneOf(Arbitraries.integers().map(NODES::numberNode),
				// canonical, as JSON parses them: IntNode when the value fits 32 bits,
				// LongNode otherwise
				Arbitraries.longs()
					.between(-EtfDecoder.MAX_SAFE_INTEGER, EtfDecoder.MAX_SAFE_INTEGER)
					.map(EtfDecoder::integer),
				Arbitraries.integers().between(0, 255).map(NODES::numberNode),
				Arbitraries.doubles().map(DoubleNode::valueOf), text(40).map(StringNode::valueOf),
				Arbitraries.strings().ascii().ofMaxLength(20).map(StringNode::valueOf),
				snowflakeValues().map((id) -> StringNode.valueOf(Long.toUnsignedString(id))),
				Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.getInstance()));
		if (depth == 0) {
			return leaves;
		}
		Arbitrary<JsonNode> child = Arbitraries.lazy(() -> tree(depth - 1));
		Arbitrary<JsonNode> arrays = child.list().ofMaxSize(6).map((items) -> {
			ArrayNode array = NODES.arrayNode();
			items.forEach(array::add);
			return array;
		});
		Arbitrary<JsonNode> objects = Arbitraries.maps(text(12), child).ofMaxSize(6).map((fields) -> {
			ObjectNode object = NODES.objectNode();
			for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
				object.set(field.getKey(), field.getValue());
			}
			return object;
		});
		return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, leaves), net.jqwik.api.Tuple.of(2, arrays),
				net.jqwik.api.Tuple.of(2, objects));
	}

	/**
	 * Any text that survives UTF-8: code points of every plane, but no lone surrogates
	 * (neither JSON nor ETF can carry them).
	 */
	private static Arbitrary<String> text(int maxLength) {
		Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
				net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0x20, 0x7E)),
				net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 0xD7FF)),
				net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xE000, 0x10FFFF)));
		return codePoints.list().ofMaxSize(maxLength).map((list) -> {
			StringBuilder text = new StringBuilder();
			list.forEach(text::appendCodePoint);
			return text.toString();
		});
	}

}
