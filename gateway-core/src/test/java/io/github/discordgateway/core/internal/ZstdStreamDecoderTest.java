package io.github.discordgateway.core.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZstdStreamDecoderTest {

	private final ZstdCompressCtx compressor = new ZstdCompressCtx().setLevel(3);

	private final ByteBuffer compressorIn = ByteBuffer.allocateDirect(4 * 1024 * 1024);

	private final ByteBuffer compressorOut = ByteBuffer.allocateDirect(256 * 1024);

	private final ZstdStreamDecoder decoder = new ZstdStreamDecoder(8 * 1024 * 1024);

	@AfterEach
	void close() {
		this.compressor.close();
		this.decoder.close();
	}

	@Test
	void decodesConsecutiveMessagesOfOneNeverEndingFrame() {
		for (int i = 0; i < 50; i++) {
			String json = "{\"op\":0,\"s\":" + i + ",\"t\":\"MESSAGE_CREATE\",\"d\":{\"content\":\"hello " + i + "\"}}";
			byte[] message = compress(json.getBytes(StandardCharsets.UTF_8));
			assertThat(this.decoder.acceptBinary(ByteBuffer.wrap(message), true)).isTrue();
			assertThat(payloadText()).isEqualTo(json);
			assertThat(this.decoder.wireLength()).isEqualTo(message.length);
			this.decoder.payloadConsumed();
		}
	}

	@Test
	void aMessageInPartsCompletesAtItsLastPart() {
		String json = "{\"op\":10,\"d\":{\"heartbeat_interval\":41250}}";
		byte[] message = compress(json.getBytes(StandardCharsets.UTF_8));
		assertThat(this.decoder.acceptBinary(ByteBuffer.wrap(message, 0, 3), false)).isFalse();
		assertThat(this.decoder.acceptBinary(ByteBuffer.wrap(message, 3, message.length - 3), false)).isFalse();
		assertThat(this.decoder.acceptBinary(ByteBuffer.allocate(0), true)).isTrue();
		assertThat(payloadText()).isEqualTo(json);
		assertThat(this.decoder.wireLength()).isEqualTo(message.length);
	}

	@Test
	void decompressesMultiMegabytePayloadsThatOverflowTheOutputChunk() {
		byte[] big = new byte[3 * 1024 * 1024 + 17];
		Random random = new Random(7);
		for (int i = 0; i < big.length; i++) {
			big[i] = (byte) ('a' + random.nextInt(6));
		}
		byte[] small = "{\"op\":11}".getBytes(StandardCharsets.UTF_8);
		assertThat(this.decoder.acceptBinary(ByteBuffer.wrap(compress(big)), true)).isTrue();
		assertThat(this.decoder.payloadLength()).isEqualTo(big.length);
		assertThat(java.util.Arrays.equals(this.decoder.payload(), 0, big.length, big, 0, big.length)).isTrue();
		this.decoder.payloadConsumed();
		// kept for the next large payload, released after a run of small ones
		assertThat(this.decoder.retainedBytes()).isGreaterThan(big.length);
		for (int i = 0; i < ByteAccumulator.SMALL_PAYLOADS_BEFORE_RELEASE; i++) {
			assertThat(this.decoder.acceptBinary(ByteBuffer.wrap(compress(small)), true)).isTrue();
			assertThat(payloadText()).isEqualTo("{\"op\":11}");
			this.decoder.payloadConsumed();
		}
		assertThat(this.decoder.retainedBytes()).isLessThan(1024 * 1024);
	}

	@Test
	void corruptDataIsADecompressionError() {
		this.decoder.acceptBinary(ByteBuffer.wrap(compress("{\"op\":11}".getBytes(StandardCharsets.UTF_8))), true);
		this.decoder.payloadConsumed();
		byte[] garbage = { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, (byte) 0xFF, (byte) 0xFF };
		assertThatThrownBy(() -> this.decoder.acceptBinary(ByteBuffer.wrap(garbage), true))
			.isInstanceOf(PayloadDecodeException.class)
			.satisfies((ex) -> assertThat(((PayloadDecodeException) ex).kind()).isEqualTo("decompression"));
	}

	@Test
	void aFreshDecoderCannotContinueAnotherConnectionsStream() {
		compress("{\"op\":10}".getBytes(StandardCharsets.UTF_8));
		byte[] second = compress("{\"op\":11}".getBytes(StandardCharsets.UTF_8));
		assertThatThrownBy(() -> this.decoder.acceptBinary(ByteBuffer.wrap(second), true))
			.isInstanceOf(PayloadDecodeException.class);
	}

	@Test
	void payloadAboveTheCapIsRejectedWithoutGrowingPastIt() {
		ZstdStreamDecoder small = new ZstdStreamDecoder(64 * 1024);
		try {
			byte[] message = compress(new byte[1024 * 1024]);
			assertThatThrownBy(() -> small.acceptBinary(ByteBuffer.wrap(message), true))
				.isInstanceOf(PayloadDecodeException.class)
				.satisfies((ex) -> assertThat(((PayloadDecodeException) ex).kind()).isEqualTo("too-large"));
			assertThat(small.retainedBytes()).isLessThanOrEqualTo(64 * 1024 + 96 * 1024);
		}
		finally {
			small.close();
		}
	}

	@Test
	void textMessagesAreAFrameTypeError() {
		assertThatThrownBy(() -> this.decoder.acceptText("{}", true)).isInstanceOf(PayloadDecodeException.class)
			.satisfies((ex) -> assertThat(((PayloadDecodeException) ex).kind()).isEqualTo("frame-type"));
	}

	/**
	 * One flushed block of the connection's single, never-ended frame, as the gateway
	 * sends it.
	 */
	private byte[] compress(byte[] payload) {
		this.compressorIn.clear();
		this.compressorIn.put(payload).flip();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		boolean done;
		do {
			this.compressorOut.clear();
			done = this.compressor.compressDirectByteBufferStream(this.compressorOut, this.compressorIn,
					EndDirective.FLUSH);
			this.compressorOut.flip();
			byte[] chunk = new byte[this.compressorOut.remaining()];
			this.compressorOut.get(chunk);
			out.writeBytes(chunk);
		}
		while (!done);
		return out.toByteArray();
	}

	private String payloadText() {
		return new String(this.decoder.payload(), 0, this.decoder.payloadLength(), StandardCharsets.UTF_8);
	}

}
