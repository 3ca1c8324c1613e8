package io.github.discordgateway.core.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZlibStreamDecoderTest {

	private final Deflater deflater = new Deflater();

	private final ZlibStreamDecoder decoder = new ZlibStreamDecoder(8 * 1024 * 1024);

	@AfterEach
	void close() {
		this.deflater.end();
		this.decoder.close();
	}

	@Test
	void decodesConsecutivePayloadsThroughOneContext() {
		for (int i = 0; i < 50; i++) {
			String json = "{\"op\":0,\"s\":" + i + ",\"t\":\"MESSAGE_CREATE\",\"d\":{\"content\":\"hello " + i + "\"}}";
			assertThat(this.decoder.acceptBinary(ByteBuffer.wrap(compress(json)), true)).isTrue();
			assertThat(payloadText()).isEqualTo(json);
			this.decoder.payloadConsumed();
		}
	}

	@Test
	void waitsForTheFlushMarkerAcrossMessagesAndParts() {
		String json = "{\"op\":10,\"d\":{\"heartbeat_interval\":41250}}";
		byte[] compressed = compress(json);
		int third = compressed.length / 3;
		// first WebSocket message in two parts, second message whole
		assertThat(this.decoder.acceptBinary(ByteBuffer.wrap(compressed, 0, 2), false)).isFalse();
		assertThat(this.decoder.acceptBinary(ByteBuffer.wrap(compressed, 2, third - 2), true)).isFalse();
		assertThat(this.decoder.acceptBinary(ByteBuffer.wrap(compressed, third, compressed.length - third), true))
			.isTrue();
		assertThat(payloadText()).isEqualTo(json);
		assertThat(this.decoder.wireLength()).isEqualTo(compressed.length);
	}

	@Test
	void messageThatEndsInTheMarkerOnlyInAnEarlierPartIsIncomplete() {
		byte[] compressed = compress("{\"op\":11,\"d\":null}");
		assertThat(this.decoder.acceptBinary(ByteBuffer.wrap(compressed), false)).isFalse();
		assertThat(this.decoder.acceptBinary(ByteBuffer.allocate(0), true)).isTrue();
	}

	@Test
	void inflatesMultiMegabytePayloadsAndThenShrinksItsBuffers() {
		StringBuilder big = new StringBuilder("{\"op\":0,\"s\":2,\"t\":\"GUILD_CREATE\",\"d\":{\"members\":[");
		Random random = new Random(7);
		while (big.length() < 5 * 1024 * 1024) {
			big.append("{\"id\":\"").append(random.nextLong() >>> 1).append("\"},");
		}
		big.append("{}]}}");
		byte[] compressed = compress(big.toString());
		for (int offset = 0; offset < compressed.length; offset += 8192) {
			int length = Math.min(8192, compressed.length - offset);
			boolean last = offset + length == compressed.length;
			boolean complete = this.decoder.acceptBinary(ByteBuffer.wrap(compressed, offset, length), last);
			assertThat(complete).isEqualTo(last);
		}
		assertThat(this.decoder.payloadLength()).isEqualTo(big.length());
		this.decoder.payloadConsumed();
		// kept for the next large payload (GUILD_CREATEs come in runs), released after a
		// run of small ones
		assertThat(this.decoder.retainedBytes()).isGreaterThan(big.length());
		for (int i = 0; i < ByteAccumulator.SMALL_PAYLOADS_BEFORE_RELEASE; i++) {
			assertThat(this.decoder.acceptBinary(ByteBuffer.wrap(compress("{\"op\":11}")), true)).isTrue();
			this.decoder.payloadConsumed();
		}
		assertThat(this.decoder.retainedBytes()).isLessThan(64 * 1024);
	}

	@Test
	void rejectsACorruptStreamHeader() {
		byte[] compressed = compress("{\"op\":11}");
		compressed[0] = 0x12;
		assertDecompressionError(compressed);
	}

	@Test
	void rejectsCorruptDataInTheMiddleOfAStream() {
		assertThat(this.decoder.acceptBinary(ByteBuffer.wrap(compress("{\"op\":11}")), true)).isTrue();
		this.decoder.payloadConsumed();
		// a deflate block header with the reserved block type 11, then the flush marker
		assertDecompressionError(new byte[] { (byte) 0xFF, (byte) 0xFF, 0x00, 0x00, (byte) 0xFF, (byte) 0xFF });
	}

	private void assertDecompressionError(byte[] data) {
		assertThatThrownBy(() -> this.decoder.acceptBinary(ByteBuffer.wrap(data), true))
			.isInstanceOf(PayloadDecodeException.class)
			.satisfies((ex) -> assertThat(((PayloadDecodeException) ex).kind()).isEqualTo("decompression"));
	}

	@Test
	void rejectsDecompressionBombsAtTheCap() {
		ZlibStreamDecoder small = new ZlibStreamDecoder(64 * 1024);
		try {
			byte[] zeros = new byte[10 * 1024 * 1024];
			Arrays.fill(zeros, (byte) 'a');
			byte[] compressed = compress(zeros);
			assertThat(compressed.length).isLessThan(64 * 1024);
			assertThatThrownBy(() -> small.acceptBinary(ByteBuffer.wrap(compressed), true))
				.isInstanceOf(PayloadDecodeException.class)
				.hasMessageContaining("exceeds the limit of 65536 bytes")
				.satisfies((ex) -> assertThat(((PayloadDecodeException) ex).kind()).isEqualTo("too-large"));
		}
		finally {
			small.close();
		}
	}

	@Test
	void rejectsTextMessages() {
		assertThatThrownBy(() -> this.decoder.acceptText("{\"op\":11}", true))
			.isInstanceOf(PayloadDecodeException.class)
			.satisfies((ex) -> assertThat(((PayloadDecodeException) ex).kind()).isEqualTo("frame-type"));
	}

	private String payloadText() {
		return new String(this.decoder.payload(), 0, this.decoder.payloadLength(), StandardCharsets.UTF_8);
	}

	private byte[] compress(String text) {
		return compress(text.getBytes(StandardCharsets.UTF_8));
	}

	private byte[] compress(byte[] input) {
		this.deflater.setInput(input);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[65536];
		int count;
		do {
			count = this.deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
			out.write(buffer, 0, count);
		}
		while (count == buffer.length);
		return out.toByteArray();
	}

}
