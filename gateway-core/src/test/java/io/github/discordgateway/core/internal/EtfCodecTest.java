package io.github.discordgateway.core.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.discordgateway.core.event.Snowflake;
import io.github.discordgateway.core.internal.payload.GatewayPayload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ETF envelope, the normalisation rule and hostile input. */
class EtfCodecTest {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final EtfCodec codec = new EtfCodec();

	@Test
	void decodesADispatchEnvelopeLikeJson() {
		String json = "{\"op\":0,\"s\":57,\"t\":\"MESSAGE_CREATE\",\"d\":{\"id\":\"1238496297346485657\",\"n\":[1,2],"
				+ "\"flags\":0,\"created\":1773500966535,\"ok\":true,\"none\":null,\"f\":0.5}}";
		// what the gateway sends: atom keys, an atom event name, a big-integer snowflake
		byte[] etf = term(map(5, atom("op"), small(0), atom("s"), small(57), atom("t"), atom("MESSAGE_CREATE"),
				atom("d"),
				map(7, atom("id"), bigU64(1238496297346485657L), atom("n"), bytes(107, 0, 2, 1, 2), atom("flags"),
						small(0), atom("created"), bigU64(1773500966535L), atom("ok"), atom("true"), atom("none"),
						atom("nil"), atom("f"), newFloat(0.5)),
				atom("_trace"), nil()));
		GatewayPayload payload = this.codec.decode(etf, 0, etf.length);
		byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
		assertThat(payload).isEqualTo(new JsonCodec().decode(utf8, 0, utf8.length));
		assertThat(payload.data().path("id").asString()).isEqualTo("1238496297346485657");
		assertThat(Snowflake.parse(payload.data().path("id"))).isEqualTo(1238496297346485657L);
		assertThat(payload.data().path("created").isLong()).isTrue();
	}

	@Test
	void decodesFromAnOffsetWithinALargerBuffer() {
		byte[] etf = term(map(2, atom("op"), small(11), atom("d"), atom("nil")));
		byte[] buffer = new byte[etf.length + 7];
		System.arraycopy(etf, 0, buffer, 3, etf.length);
		GatewayPayload payload = this.codec.decode(buffer, 3, etf.length);
		assertThat(payload.op()).isEqualTo(11);
		assertThat(payload.sequence()).isEqualTo(-1);
		assertThat(payload.type()).isNull();
		assertThat(payload.data().isNull()).isTrue();
	}

	@Test
	void normalisesIntegersByMagnitude() {
		assertThat(decodeTerm(term(small(7)))).isEqualTo(MAPPER.readTree("7"));
		assertThat(decodeTerm(term(bytes(98, 0xFF, 0xFF, 0xFF, 0xFE)))).isEqualTo(MAPPER.readTree("-2"));
		assertThat(decodeTerm(term(bigU64((1L << 53) - 1)))).isEqualTo(MAPPER.readTree("9007199254740991"));
		assertThat(decodeTerm(term(bigU64(1L << 53)))).isEqualTo(MAPPER.readTree("\"9007199254740992\""));
		assertThat(decodeTerm(term(bigU64(-1L)))).isEqualTo(MAPPER.readTree("\"18446744073709551615\""));
		// non-canonical: a small value with padding digit bytes stays a number
		assertThat(decodeTerm(term(bytes(110, 9, 1, 5, 0, 0, 0, 0, 0, 0, 0, 0)))).isEqualTo(MAPPER.readTree("-5"));
	}

	@Test
	void rejectsAPayloadWithoutOpOrWithANonIntegerOp() {
		assertKind(term(map(1, atom("d"), nil())), "missing-op");
		assertKind(term(map(1, atom("op"), binary("zero"))), "etf");
		assertKind(term(bytes(106)), "etf");
	}

	@Test
	void rejectsHostileLengthsBeforeAllocating() {
		assertEtfError(term(bytes(108, 0xFF, 0xFF, 0xFF, 0xFF, 97, 1)), "Truncated");
		assertEtfError(term(bytes(109, 0x7F, 0xFF, 0xFF, 0xFF, 'a')), "Truncated");
		assertEtfError(term(bytes(109, 0xFF, 0xFF, 0xFF, 0xFF)), "Truncated");
		assertEtfError(term(bytes(116, 0xFF, 0xFF, 0xFF, 0xFF)), "Truncated");
		assertEtfError(term(bytes(105, 0xFF, 0xFF, 0xFF, 0xFF)), "Truncated");
		assertEtfError(term(bytes(100, 0xFF, 0xFF, 'a')), "Truncated");
		assertEtfError(term(bytes(118, 0xFF, 0xFF)), "Truncated");
		assertEtfError(term(bytes(119, 200, 'a')), "Truncated");
		assertEtfError(term(bytes(107, 0xFF, 0xFF, 1)), "Truncated");
		assertEtfError(term(bytes(110, 8, 0, 1, 2)), "Truncated");
		assertEtfError(term(bytes(111, 0xFF, 0xFF, 0xFF, 0xFF, 0)), "Truncated");
		assertEtfError(term(bytes(70, 0, 0)), "Truncated");
		assertEtfError(term(bytes(99, '1', '.', '5')), "Truncated");
		assertEtfError(term(bytes(98, 0)), "Truncated");
		assertEtfError(new byte[] { (byte) 131 }, "Truncated");
		assertEtfError(new byte[0], "Empty");
	}

	@Test
	void rejectsHugeBigIntegers() {
		ByteArrayOutputStream big = new ByteArrayOutputStream();
		big.write(111);
		int digits = EtfDecoder.MAX_BIG_BYTES + 1;
		big.writeBytes(new byte[] { 0, 0, (byte) (digits >> 8), (byte) digits, 0 });
		big.writeBytes(new byte[digits]);
		assertEtfError(term(big.toByteArray()), "Big integer");
	}

	@Test
	@Timeout(5)
	void rejectsDeepNestingWithoutOverflowingTheStack() {
		int depth = 1_000_000;
		byte[] lists = new byte[1 + depth * 5 + 1];
		lists[0] = (byte) 131;
		for (int i = 0; i < depth; i++) {
			int p = 1 + i * 5;
			lists[p] = 108;
			lists[p + 4] = 1;
		}
		lists[lists.length - 1] = 106;
		assertEtfError(lists, "nested deeper than 512");
		byte[] maps = new byte[1 + depth * 7];
		maps[0] = (byte) 131;
		for (int i = 0; i < depth; i++) {
			int p = 1 + i * 7;
			maps[p] = 116;
			maps[p + 4] = 1;
			maps[p + 5] = 97; // key: small integer
		}
		assertEtfError(maps, "nested deeper than 512");
		byte[] tuples = new byte[1 + depth * 2];
		tuples[0] = (byte) 131;
		for (int i = 0; i < depth; i++) {
			tuples[1 + i * 2] = 104;
			tuples[2 + i * 2] = 1;
		}
		assertEtfError(tuples, "nested deeper than 512");
		// 512 levels are fine
		ByteArrayOutputStream ok = new ByteArrayOutputStream();
		ok.write(131);
		for (int i = 0; i < EtfDecoder.MAX_DEPTH; i++) {
			ok.writeBytes(new byte[] { 108, 0, 0, 0, 1 });
		}
		ok.write(106);
		for (int i = 0; i < EtfDecoder.MAX_DEPTH; i++) {
			ok.write(106);
		}
		assertThat(decodeTerm(ok.toByteArray()).isArray()).isTrue();
	}

	@Test
	void rejectsUnknownTagsCompressedTermsTrailingBytesAndAWrongVersion() {
		assertEtfError(term(bytes(77, 0, 0, 0, 1, 8, 1)), "Unsupported ETF tag 77");
		assertEtfError(term(bytes(88)), "Unsupported ETF tag 88");
		assertEtfError(term(bytes(255)), "Unsupported ETF tag 255");
		assertEtfError(term(bytes(80, 0, 0, 0, 5, 0x78, 0x9C)), "Compressed ETF terms");
		assertEtfError(term(bytes(97, 1, 97, 2)), "unexpected bytes after");
		assertEtfError(bytes(130, 97, 1), "version byte 131");
		assertEtfError(term(map(1, bytes(108, 0, 0, 0, 1, 97, 1, 106), small(1))), "map key");
		assertEtfError(term(bytes(99, 'x', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				0, 0, 0, 0)), "FLOAT_EXT");
		assertKind(term(map(2, atom("op"), small(0), atom("d"), bytes(88))), "etf");
	}

	@Test
	void encodesIntegersAsErlpackAndBigOnesAsSmallBig() {
		HexFormat hex = HexFormat.of();
		assertThat(hex.formatHex(EtfCodec.encodeTerm(MAPPER.readTree("4294967296"))))
			.isEqualTo("836e050000000000" + "01");
		assertThat(hex.formatHex(EtfCodec.encodeTerm(MAPPER.readTree("-9223372036854775808"))))
			.isEqualTo("836e08010000000000000080");
		assertThat(hex.formatHex(EtfCodec.encodeTerm(MAPPER.readTree("18446744073709551616"))))
			.isEqualTo("836e0900000000000000000001");
		assertThat(decodeTerm(EtfCodec.encodeTerm(MAPPER.readTree("1773500966535"))))
			.isEqualTo(MAPPER.readTree("1773500966535"));
	}

	@Test
	void encodesHeartbeatsWithoutATree() {
		assertThat(decodeTerm(this.codec.heartbeat(0).bytes())).isEqualTo(MAPPER.readTree("{\"op\":1,\"d\":null}"));
		assertThat(decodeTerm(this.codec.heartbeat(3_000_000_000L).bytes()))
			.isEqualTo(MAPPER.readTree("{\"op\":1,\"d\":3000000000}"));
		assertThat(this.codec.heartbeat(5).isBinary()).isTrue();
	}

	@Test
	void refusesToEncodeTooDeepData() {
		JsonNode deep = MAPPER.createArrayNode();
		for (int i = 0; i < 600; i++) {
			deep = MAPPER.createArrayNode().add(deep);
		}
		JsonNode data = deep;
		assertThatThrownBy(() -> this.codec.encode(3, data)).isInstanceOf(IllegalArgumentException.class);
	}

	// ---------------------------------------------------------------- term building

	static byte[] term(byte[] body) {
		return concat(new byte[] { (byte) 131 }, body);
	}

	static byte[] bytes(int... values) {
		byte[] result = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			result[i] = (byte) values[i];
		}
		return result;
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	static byte[] map(int pairs, byte[]... keysAndValues) {
		return concat(bytes(116, 0, 0, pairs >> 8, pairs), concat(keysAndValues));
	}

	static byte[] atom(String name) {
		byte[] text = name.getBytes(StandardCharsets.UTF_8);
		return concat(bytes(119, text.length), text);
	}

	static byte[] binary(String text) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		return concat(bytes(109, 0, 0, utf8.length >> 8, utf8.length), utf8);
	}

	static byte[] small(int value) {
		return bytes(97, value);
	}

	static byte[] nil() {
		return bytes(106);
	}

	static byte[] newFloat(double value) {
		long bits = Double.doubleToLongBits(value);
		byte[] result = new byte[9];
		result[0] = 70;
		for (int i = 0; i < 8; i++) {
			result[1 + i] = (byte) (bits >>> (56 - 8 * i));
		}
		return result;
	}

	/**
	 * A SMALL_BIG_EXT of 8 digit bytes holding an unsigned 64-bit value, as Discord sends
	 * snowflakes.
	 */
	static byte[] bigU64(long unsigned) {
		byte[] result = new byte[11];
		result[0] = 110;
		result[1] = 8;
		for (int i = 0; i < 8; i++) {
			result[3 + i] = (byte) (unsigned >>> (8 * i));
		}
		return result;
	}

	private static JsonNode decodeTerm(byte[] etf) {
		return EtfCodec.decodeTerm(etf, 0, etf.length);
	}

	private void assertKind(byte[] etf, String kind) {
		assertThatThrownBy(() -> this.codec.decode(etf, 0, etf.length)).isInstanceOf(PayloadDecodeException.class)
			.satisfies((ex) -> assertThat(((PayloadDecodeException) ex).kind()).isEqualTo(kind));
	}

	private static void assertEtfError(byte[] etf, String messagePart) {
		assertThatThrownBy(() -> EtfCodec.decodeTerm(etf, 0, etf.length)).isInstanceOf(PayloadDecodeException.class)
			.hasMessageContaining(messagePart)
			.satisfies((ex) -> assertThat(((PayloadDecodeException) ex).kind()).isEqualTo("etf"));
	}

}
