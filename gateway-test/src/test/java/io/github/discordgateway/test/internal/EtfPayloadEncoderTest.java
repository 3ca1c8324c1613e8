package io.github.discordgateway.test.internal;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import io.github.discordgateway.core.internal.EtfCodec;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The simulator's ETF writes terms as Discord does and reads client terms as Discord
 * does.
 */
class EtfPayloadEncoderTest {

	private final PayloadEncoder etf = PayloadEncoders.forName("etf").orElseThrow();

	@Test
	void writesAtomKeysAtomEventNamesBigIntegerSnowflakesAndCharlists() {
		byte[] wire = etf
			.encode(("{\"t\":\"READY\",\"s\":1,\"op\":0,\"d\":{\"id\":\"1238496297346485656\",\"shard\":[0,2],"
					+ "\"x\":null,\"ok\":true,\"n\":-7,\"big\":4294967296,\"f\":0.5,\"s\":\"text\",\"e\":[]}}")
				.getBytes(StandardCharsets.UTF_8));
		String hex = HexFormat.of().formatHex(wire);
		// atoms as erlpack writes them: SMALL_ATOM_EXT (115 = 0x73)
		assertThat(hex).startsWith("8374000000047301747305524541445973017361" + "01"); // t
																						// =>
																						// 'READY',
																						// s
																						// =>
																						// 1
		assertThat(hex).contains("730269646e0800" + "984df912d2053011"); // id =>
																			// SMALL_BIG_EXT
																			// of 8 digits
		assertThat(hex).contains("730573686172646b00020002"); // shard => STRING_EXT [0,
																// 2]
		assertThat(hex).contains("730178" + "7303" + "6e696c"); // x => nil
		JsonNode decoded = EtfCodec.decodeTerm(wire, 0, wire.length);
		assertThat(decoded).isEqualTo(JsonSupport.MAPPER.readTree("{\"t\":\"READY\",\"s\":1,\"op\":0,\"d\":{"
				+ "\"id\":\"1238496297346485656\",\"shard\":[0,2],\"x\":null,\"ok\":true,\"n\":-7,\"big\":4294967296,"
				+ "\"f\":0.5,\"s\":\"text\",\"e\":[]}}"));
	}

	@Test
	void writesEveryAtomWithTheUtf8TagsOnRequest() {
		PayloadEncoder utf8 = PayloadEncoders.forName("etf", true).orElseThrow();
		byte[] utf8Wire = utf8.encode("{\"t\":\"READY\",\"op\":0,\"d\":{\"x\":null}}".getBytes(StandardCharsets.UTF_8));
		assertThat(HexFormat.of().formatHex(utf8Wire)).startsWith("83740000000377017477055245414459") // SMALL_ATOM_UTF8_EXT
			.contains("770178" + "7703" + "6e696c");
		assertThat(EtfCodec.decodeTerm(utf8Wire, 0, utf8Wire.length))
			.isEqualTo(JsonSupport.MAPPER.readTree("{\"t\":\"READY\",\"op\":0,\"d\":{\"x\":null}}"));
	}

	@Test
	void unparsableJsonBecomesATruncatedTerm() {
		byte[] wire = etf.encode("{\"op\":0,\"d\":{".getBytes(StandardCharsets.UTF_8));
		assertThatThrownBy(() -> EtfCodec.decodeTerm(wire, 0, wire.length)).hasMessageContaining("Truncated");
	}

	@Test
	void readsClientTermsWithBinaryKeysAndRejectsAtomKeys() {
		JsonNode identify = JsonSupport.MAPPER
			.readTree("{\"op\":2,\"d\":{\"token\":\"t\",\"shard\":[0,1],\"presence\":null}}");
		byte[] fromClient = EtfCodec.encodeTerm(identify);
		assertThat(etf.decode(fromClient)).isEqualTo(identify);
		byte[] atomKeys = etf.encode("{\"op\":1,\"d\":null}".getBytes(StandardCharsets.UTF_8));
		assertThatThrownBy(() -> etf.decode(atomKeys)).hasMessageContaining("only binary (string) keys");
		assertThatThrownBy(() -> etf.decode(new byte[] { (byte) 131, 108, 127, 0, 0, 0 }))
			.hasMessageContaining("Truncated");
	}

}
