package io.github.discordgateway.core.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.github.discordgateway.core.internal.payload.GatewayPayload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scanner-based JSON decoding against Jackson reading the same bytes
 * ({@link JsonCodec#decodeWithJackson}): whatever the scanner accepts Jackson accepts,
 * with the same result, and whatever Jackson rejects the scanner rejects. The only inputs
 * the scanner may refuse that Jackson takes are ill-formed UTF-8 (overlong forms, encoded
 * surrogates), which Jackson decodes leniently.
 */
class JsonScannerTest {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final String PREFIX = "{\"op\":0,\"s\":1,\"t\":\"X\",\"d\":{\"v\":";

	private final JsonCodec codec = new JsonCodec();

	@ParameterizedTest
	@ValueSource(strings = { "0", "-0", "7", "-12", "1.5", "-0.25", "1e5", "1E+5", "2e-3", "-1.5E10", "true", "false",
			"null", "\"\"", "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\"", "[]", "{}", "[1,[2,{\"a\":[]}]]",
			" [ 1 , 2 ] ", "\"\u00e9\u20ac\ud83d\ude00\"", "01", "-", "1.", ".5", "+1", "1e", "1.e3", "-01", "1e+",
			"tru", "nul", "falsey", "[1,]", "{\"a\":1,}", "[,1]", "{\"a\"}", "{\"a\":}", "{1:2}", "{'a':1}", "\"\\q\"",
			"\"\\u12G4\"", "\"\\u12\"", "\"a\u0001b\"", "\"\u007f\"", "[1 2]", "{\"a\":1 \"b\":2}", "[", "{", "\"abc",
			"NaN", "Infinity", "-Infinity", "1 1", "[1]]", "{}}" })
	void agreesWithJacksonOnTheseValues(String value) {
		assertAgrees((PREFIX + value + "}}").getBytes(StandardCharsets.UTF_8));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"op\":1}", " {\"op\":1} ", "{\"op\":1}x", "{\"op\":1,}", "{,\"op\":1}", "{\"op\":1.0}",
			"{\"op\":\"1\"}", "{\"op\":-1}", "{\"op\":2147483647}", "{\"op\":2147483648}",
			"{\"op\":1,\"s\":9223372036854775807}", "{\"op\":1,\"s\":9223372036854775808}", "{\"op\":1,\"s\":-4}",
			"{\"op\":1,\"s\":1.5}", "{\"op\":1,\"s\":\"2\"}", "{\"op\":1,\"t\":7}", "{\"op\":1,\"t\":\"A\\u0042\"}",
			"{\"o\\u0070\":3,\"d\":{}}", "{\"op\":1,\"d\":1,\"d\":[2]}", "{\"op\":1,\"d\":[1],\"d\":null}",
			"{\"op\":1,\"d\":\"text\"}", "{\"op\":1,\"d\":-2.5}", "{\"op\":1,\"d\":true}",
			"{\"op\":0,\"s\":1,\"t\":\"\u00c9V\u00c9NEMENT\",\"d\":{}}", "[]", "null", "", "{\"d\":{}}",
			"{\"op\":0,\"_trace\":[\"x\"]}" })
	void agreesWithJacksonOnTheseEnvelopes(String payload) {
		assertAgrees(payload.getBytes(StandardCharsets.UTF_8));
	}

	@ParameterizedTest
	@ValueSource(strings = { "C080", "C1BF", "E08080", "E09FBF", "EDA080", "EDBFBF", "F08F8080", "F4908080", "F5808080",
			"FF", "80", "BF", "C3", "E282", "F09F98", "C328", "E228A1", "F0289F98" })
	void refusesIllFormedUtf8InAnyString(String hex) {
		byte[] sequence = HexFormat.of().parseHex(hex);
		assertThat(scannerAccepts(dataString(sequence))).isFalse();
		assertThat(scannerAccepts(nameString(sequence))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "C3A9", "DFBF", "E0A080", "E282AC", "ED9FBF", "EE8080", "EFBFBF", "F0908080", "F09F9880",
			"F48FBFBF" })
	void acceptsWellFormedUtf8InAnyString(String hex) {
		byte[] sequence = HexFormat.of().parseHex(hex);
		assertAgrees(dataString(sequence));
		assertAgrees(nameString(sequence));
		assertThat(scannerAccepts(dataString(sequence))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "\\n", "\\\"", "\\u0041", "\u0001", "\u001f", "\u00e9", "\u20ac", "\ud83d\ude00", "\\",
			"\\x" })
	void findsEveryCharacterThatMattersAtEveryOffsetOfAWord(String special) {
		// strings are skipped eight bytes at a time; what needs a look must be found in
		// any byte lane
		for (int before = 0; before <= 17; before++) {
			for (int after = 0; after <= 9; after++) {
				String text = "a".repeat(before) + special + "b".repeat(after);
				assertAgrees((PREFIX + "\"" + text + "\"}}").getBytes(StandardCharsets.UTF_8));
				assertAgrees(("{\"op\":0,\"d\":{\"" + text + "\":1}}").getBytes(StandardCharsets.UTF_8));
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"op\":0,\"s\":42,\"t\":\"A\",\"t\":[0],\"d\":{}}",
			"{\"op\":0,\"s\":[1,{\"x\":2}],\"t\":{\"a\":\"B\"},\"d\":null}", "{\"op\":0,\"s\":{},\"t\":[],\"d\":1}" })
	void ignoresATypeOrSequenceThatIsAContainerAsJacksonDoes(String payload) {
		byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
		assertAgrees(bytes);
		GatewayPayload read = this.codec.decode(bytes, 0, bytes.length);
		assertThat(read.type()).isNull();
	}

	@ParameterizedTest
	@ValueSource(ints = { 497, 498, 499, 500, 501 })
	void nestsAsDeepAsJacksonAndNoDeeper(int arrays) {
		// the envelope is one level and d another, then the arrays
		assertAgrees(("{\"op\":0,\"d\":{\"v\":" + "[".repeat(arrays) + "]".repeat(arrays) + "}}")
			.getBytes(StandardCharsets.UTF_8));
	}

	@ParameterizedTest
	@ValueSource(ints = { 999, 1000, 1001 })
	void acceptsNumbersAsLongAsJacksonDoes(int digits) {
		assertAgrees((PREFIX + "1".repeat(digits) + "}}").getBytes(StandardCharsets.UTF_8));
		assertAgrees((PREFIX + "0." + "1".repeat(digits - 2) + "}}").getBytes(StandardCharsets.UTF_8));
	}

	@ParameterizedTest
	@ValueSource(ints = { 49_999, 50_000, 50_001 })
	void acceptsPropertyNamesAsLongAsJacksonDoes(int length) {
		assertAgrees(("{\"op\":0,\"d\":{\"" + "n".repeat(length) + "\":1}}").getBytes(StandardCharsets.UTF_8));
	}

	@Property(tries = 500)
	void decodesEveryWellFormedPayloadAsJacksonDoes(@ForAll("trees") JsonNode data, @ForAll boolean pretty) {
		ObjectNode envelope = JsonNodeFactory.instance.objectNode()
			.put("t", "GENERATED_EVENT")
			.put("s", 42)
			.put("op", 0);
		envelope.set("d", data);
		byte[] json = pretty ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(envelope)
				: MAPPER.writeValueAsBytes(envelope);
		GatewayPayload payload = this.codec.decode(json, 0, json.length);
		assertThat(payload).isEqualTo(this.codec.decodeWithJackson(json, 0, json.length));
		assertThat(payload.data()).isEqualTo(data);
	}

	@Property(tries = 3000)
	void neverAcceptsWhatJacksonRejects(@ForAll("trees") JsonNode data, @ForAll("edits") List<int[]> edits) {
		ObjectNode envelope = JsonNodeFactory.instance.objectNode()
			.put("op", 0)
			.put("s", 42)
			.put("t", "GENERATED_EVENT");
		envelope.set("d", data);
		assertAgrees(edit(MAPPER.writeValueAsBytes(envelope), edits));
	}

	@Provide
	Arbitrary<JsonNode> trees() {
		return EtfPropertiesTest.tree(4);
	}

	/**
	 * Byte edits biased towards JSON's own characters, so that they hit structure more
	 * often than random bytes.
	 */
	@Provide
	Arbitrary<List<int[]>> edits() {
		Arbitrary<Integer> replacement = Arbitraries.oneOf(
				Arbitraries.of((int) '{', (int) '}', (int) '[', (int) ']', (int) ',', (int) ':', (int) '"', (int) '\\',
						(int) '0', (int) '1', (int) '-', (int) '.', (int) 'e', (int) 't', (int) 'n', (int) 'u',
						(int) ' ', 0x01, 0x7F, 0x80, 0xBF, 0xC3, 0xE2, 0xED, 0xF0, 0xFF),
				Arbitraries.integers().between(0, 255));
		Arbitrary<int[]> edit = Arbitraries.integers()
			.between(0, Integer.MAX_VALUE)
			.flatMap((position) -> Arbitraries.integers()
				.between(0, 2)
				.flatMap((kind) -> replacement.map((value) -> new int[] { position, kind, value })));
		return edit.list().ofMinSize(1).ofMaxSize(3);
	}

	/** Applies edits: 0 replaces a byte, 1 inserts one, 2 deletes one. */
	private static byte[] edit(byte[] json, List<int[]> edits) {
		byte[] bytes = json;
		for (int[] edit : edits) {
			int at = edit[0] % bytes.length;
			ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 1);
			out.write(bytes, 0, at);
			switch (edit[1]) {
				case 0 -> {
					out.write(edit[2]);
					out.write(bytes, at + 1, bytes.length - at - 1);
				}
				case 1 -> {
					out.write(edit[2]);
					out.write(bytes, at, bytes.length - at);
				}
				default -> out.write(bytes, at + 1, bytes.length - at - 1);
			}
			bytes = out.toByteArray();
			if (bytes.length == 0) {
				return bytes;
			}
		}
		return bytes;
	}

	private void assertAgrees(byte[] payload) {
		GatewayPayload reference;
		try {
			reference = this.codec.decodeWithJackson(payload, 0, payload.length);
		}
		catch (PayloadDecodeException rejected) {
			PayloadDecodeException failure = decodeFailure(payload);
			assertThat(failure)
				.as("Jackson rejects (%s), the scanner must too: %s", rejected.getMessage(), show(payload))
				.isNotNull();
			if (!failure.getMessage().contains("UTF-8")) {
				assertThat(failure.kind()).as(show(payload)).isEqualTo(rejected.kind());
			}
			return;
		}
		PayloadDecodeException failure = decodeFailure(payload);
		if (failure != null) {
			assertThat(failure.getMessage())
				.as("only ill-formed UTF-8 may be refused when Jackson accepts: %s", show(payload))
				.contains("UTF-8");
			return;
		}
		GatewayPayload payloadRead = this.codec.decode(payload, 0, payload.length);
		assertThat(payloadRead).as(show(payload)).isEqualTo(reference);
	}

	private PayloadDecodeException decodeFailure(byte[] payload) {
		try {
			this.codec.decode(payload, 0, payload.length).data();
			return null;
		}
		catch (PayloadDecodeException ex) {
			return ex;
		}
	}

	private boolean scannerAccepts(byte[] payload) {
		return decodeFailure(payload) == null;
	}

	private static byte[] dataString(byte[] sequence) {
		return concat("{\"op\":0,\"d\":{\"v\":\"a", sequence, "b\"}}");
	}

	private static byte[] nameString(byte[] sequence) {
		return concat("{\"op\":0,\"d\":{\"a", sequence, "b\":1}}");
	}

	private static byte[] concat(String before, byte[] middle, String after) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
		out.writeBytes(middle);
		out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
		return out.toByteArray();
	}

	private static String show(byte[] payload) {
		String text = new String(payload, StandardCharsets.UTF_8);
		return (text.length() > 300) ? text.substring(0, 300) + "..." : text;
	}

}
