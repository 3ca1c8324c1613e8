package io.github.discordgateway.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.discordgateway.core.internal.payload.GatewayPayload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Byte-exact interoperability with the reference implementations: terms written by
 * Erlang's {@code term_to_binary} (as the gateway sends them) and payloads written by
 * erlpack (as Discord expects them from clients). The vectors and the scripts that made
 * them are in {@code src/test/resources/etf}.
 */
class EtfVectorsTest {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final HexFormat HEX = HexFormat.of();

	static Stream<Arguments> erlangVectors() throws IOException {
		return vectors("erlang-vectors.tsv");
	}

	static Stream<Arguments> erlpackVectors() throws IOException {
		return vectors("erlpack-vectors.tsv");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("erlangVectors")
	void decodesWhatErlangWritesIntoTheJsonTree(String name, byte[] etf, String json) {
		JsonNode expected = MAPPER.readTree(json);
		assertThat(EtfCodec.decodeTerm(etf, 0, etf.length)).as(name).isEqualTo(expected);
		if (expected.isObject() && expected.has("op")) {
			GatewayPayload payload = new EtfCodec().decode(etf, 0, etf.length);
			assertThat(payload.op()).isEqualTo(expected.get("op").intValue());
			assertThat(payload.sequence())
				.isEqualTo(expected.path("s").isIntegralNumber() ? expected.get("s").longValue() : -1);
			assertThat(payload.type())
				.isEqualTo(expected.path("t").isString() ? expected.get("t").stringValue() : null);
			assertThat(payload.data())
				.isEqualTo(expected.path("d").isMissingNode() ? MAPPER.nullNode() : expected.get("d"));
			// the same payload as JSON gives the same event
			byte[] asJson = json.getBytes(StandardCharsets.UTF_8);
			assertThat(new JsonCodec().decode(asJson, 0, asJson.length)).isEqualTo(payload);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("erlpackVectors")
	void encodesExactlyAsErlpack(String name, byte[] etf, String json) {
		assertThat(HEX.formatHex(EtfCodec.encodeTerm(MAPPER.readTree(json)))).as(name).isEqualTo(HEX.formatHex(etf));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("erlpackVectors")
	void decodesWhatErlpackWrites(String name, byte[] etf, String json) {
		assertThat(EtfCodec.decodeTerm(etf, 0, etf.length)).as(name).isEqualTo(MAPPER.readTree(json));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("erlpackVectors")
	void encodesClientPayloadsAndHeartbeatsExactlyAsErlpack(String name, byte[] etf, String json) {
		JsonNode value = MAPPER.readTree(json);
		if (!name.startsWith("fixture-") && !name.startsWith("heartbeat-") && !name.contains("-update")
				&& !name.startsWith("request-")) {
			return;
		}
		int op = value.get("op").intValue();
		EncodedPayload encoded = new EtfCodec().encode(op, value.get("d"));
		assertThat(encoded.isBinary()).isTrue();
		assertThat(HEX.formatHex(encoded.bytes())).as(name).isEqualTo(HEX.formatHex(etf));
		if (op == Opcodes.HEARTBEAT) {
			long sequence = value.get("d").isNull() ? 0 : value.get("d").longValue();
			assertThat(HEX.formatHex(new EtfCodec().heartbeat(sequence).bytes())).isEqualTo(HEX.formatHex(etf));
		}
	}

	private static Stream<Arguments> vectors(String file) throws IOException {
		List<Arguments> vectors = new ArrayList<>();
		try (InputStream in = EtfVectorsTest.class.getResourceAsStream("/etf/" + file)) {
			assertThat(in).as(file).isNotNull();
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] columns = line.split("\t", 3);
				vectors.add(Arguments.of(columns[0], HEX.parseHex(columns[1].toLowerCase()), columns[2]));
			}
		}
		assertThat(vectors).hasSizeGreaterThan(30);
		return vectors.stream();
	}

}
