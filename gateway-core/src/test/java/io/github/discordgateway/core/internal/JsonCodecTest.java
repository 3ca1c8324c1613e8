package io.github.discordgateway.core.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.github.discordgateway.core.internal.payload.GatewayPayload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonCodecTest {

	private final JsonCodec codec = new JsonCodec();

	@Test
	void decodesTheEnvelopeInAnyKeyOrder() {
		GatewayPayload payload = decode(
				"{\"t\":\"MESSAGE_CREATE\",\"s\":57,\"op\":0,\"d\":{\"id\":\"1\",\"n\":[1,2]},\"_trace\":[\"x\"]}");
		assertThat(payload.op()).isZero();
		assertThat(payload.sequence()).isEqualTo(57);
		assertThat(payload.type()).isEqualTo("MESSAGE_CREATE");
		assertThat(payload.data().path("id").asString()).isEqualTo("1");
		assertThat(payload.data().path("n").size()).isEqualTo(2);
	}

	@Test
	void treatsNullSequenceAndTypeAsAbsent() {
		GatewayPayload payload = decode("{\"t\":null,\"s\":null,\"op\":11,\"d\":null}");
		assertThat(payload.op()).isEqualTo(11);
		assertThat(payload.sequence()).isEqualTo(-1);
		assertThat(payload.type()).isNull();
		assertThat(payload.data().isNull()).isTrue();
	}

	@Test
	void decodesFromAnOffsetWithinALargerBuffer() {
		byte[] buffer = "xx{\"op\":1,\"d\":null}yy".getBytes(StandardCharsets.UTF_8);
		assertThat(this.codec.decode(buffer, 2, buffer.length - 4).op()).isEqualTo(1);
	}

	@Test
	void rejectsInvalidInputWithAKind() {
		assertKind("{\"op\":0,\"d\":{", "json");
		assertKind("[1,2]", "json");
		assertKind("{\"d\":{}}", "missing-op");
		assertKind("{\"op\":\"zero\"}", "json");
		assertKind("{\"op\":1} {\"op\":2}", "json");
	}

	@Test
	void keepsObjectAndArrayDataUndecodedUntilAskedFor() {
		byte[] buffer = "xx{\"op\":0,\"s\":3,\"t\":\"X\",\"d\":{\"a\":[1,{\"b\":\"\\u00e9\"}]},\"z\":1}yy"
			.getBytes(StandardCharsets.UTF_8);
		GatewayPayload payload = this.codec.decode(buffer, 2, buffer.length - 4);
		assertThat(payload.receivedJsonData()).isNotNull();
		java.util.Arrays.fill(buffer, (byte) 0); // the connection reuses its buffer for
													// the next message
		assertThat(payload.data().toString()).isEqualTo("{\"a\":[1,{\"b\":\"\u00e9\"}]}");
		assertThat(decode("{\"op\":0,\"d\":[]}").receivedJsonData()).isNotNull();
		assertThat(decode("{\"op\":9,\"d\":false}").receivedJsonData()).isNull();
	}

	@Test
	void rejectsMalformedDataWhenDecodingTheEnvelopeNotLater() {
		String prefix = "{\"op\":0,\"s\":1,\"t\":\"MESSAGE_CREATE\",\"d\":";
		assertKind(prefix + "{\"content\":\"\\q\"}}", "json");
		assertKind(prefix + "{\"content\":\"a\u0001b\"}}", "json");
		assertKind(prefix + "{\"n\":01}}", "json");
		assertKind(prefix + "{\"n\":[1}}", "json");
		assertKind(prefix + "{\"n\":tru}}", "json");
		assertKind(prefix + "{\"n\":" + "1".repeat(2000) + "}}", "json");
		assertKind(prefix + "[".repeat(600) + "]".repeat(600) + "}", "json");
		byte[] badUtf8 = (prefix + "{\"content\":\"\u00e9\"}}").getBytes(StandardCharsets.UTF_8);
		badUtf8[badUtf8.length - 4] = 'A'; // the second byte of the two-byte é
		assertThatThrownBy(() -> this.codec.decode(badUtf8, 0, badUtf8.length))
			.isInstanceOf(PayloadDecodeException.class)
			.hasMessageContaining("UTF-8");
	}

	@Test
	void encodesOpAndData() {
		var data = this.codec.objectNode().put("seq", 5);
		assertThat(this.codec.encode(6, data).text()).isEqualTo("{\"op\":6,\"d\":{\"seq\":5}}");
	}

	private GatewayPayload decode(String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		return this.codec.decode(bytes, 0, bytes.length);
	}

	private void assertKind(String json, String kind) {
		assertThatThrownBy(() -> decode(json)).isInstanceOf(PayloadDecodeException.class)
			.satisfies((ex) -> assertThat(((PayloadDecodeException) ex).kind()).isEqualTo(kind));
	}

}
