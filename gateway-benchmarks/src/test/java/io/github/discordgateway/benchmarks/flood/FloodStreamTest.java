package io.github.discordgateway.benchmarks.flood;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.discordgateway.core.GatewayCompression;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.internal.ReceivePipeline;
import io.github.discordgateway.core.internal.payload.GatewayPayload;
import io.github.discordgateway.test.internal.JsonSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pre-built flood stream decodes with the library's own receive path, including
 * heartbeat ACKs inserted between chunks where the compression allows it (zlib-stream) or
 * after everything (zstd-stream).
 */
class FloodStreamTest {

	@ParameterizedTest
	@CsvSource({ "json,zlib-stream", "etf,zlib-stream", "json,zstd-stream", "etf,zstd-stream", "json,none" })
	void decodesInOrderWithInsertedAcks(String encoding, String compression) {
		FloodStream stream = new FloodStream(encoding, compression, 1500, 2500, 120_000, "ws://127.0.0.1:1");
		GatewayCompression transport = switch (compression) {
			case "zlib-stream" -> GatewayCompression.ZLIB_STREAM;
			case "zstd-stream" -> GatewayCompression.ZSTD_STREAM;
			default -> GatewayCompression.NONE;
		};
		List<GatewayPayload> received = new ArrayList<>();
		int acksInserted = 0;
		try (ReceivePipeline pipeline = new ReceivePipeline(GatewayEncoding.valueOf(encoding.toUpperCase()), transport,
				64 << 20)) {
			for (FloodStream.Segment segment : List.of(stream.hello, stream.readyAndGuild, stream.warmup,
					stream.measured)) {
				for (byte[] chunk : segment.chunks()) {
					feed(pipeline, chunk, received);
					if (stream.acksBetweenChunks()) {
						feed(pipeline, stream.encodeLive(JsonSupport.envelope(11, "null")), received);
						acksInserted++;
					}
				}
			}
			feed(pipeline, stream.encodeLive(JsonSupport.envelope(11, "null")), received);
			acksInserted++;
		}
		finally {
			stream.close();
		}
		List<GatewayPayload> dispatches = received.stream().filter((p) -> p.op() == 0).toList();
		assertThat(received.get(0).op()).isEqualTo(10);
		assertThat(received.stream().filter((p) -> p.op() == 11)).hasSize(acksInserted);
		assertThat(dispatches).hasSize(2 + 1500 + 2500);
		assertThat(dispatches.get(0).type()).isEqualTo("READY");
		assertThat(dispatches.get(1).type()).isEqualTo("GUILD_CREATE");
		for (int i = 0; i < dispatches.size(); i++) {
			assertThat(dispatches.get(i).sequence()).isEqualTo(i + 1);
		}
		GatewayPayload last = dispatches.get(dispatches.size() - 1);
		assertThat(last.type()).isEqualTo("MESSAGE_CREATE");
		assertThat(last.data().path("guild_id").asString()).isEqualTo(FloodStream.GUILD_ID);
		assertThat(last.data().path("content").asString()).endsWith("#" + last.sequence());
		assertThat(stream.measured.payloads()).isEqualTo(2500);
	}

	/** Splits unmasked server frames (single-frame messages) and feeds each message. */
	private static void feed(ReceivePipeline pipeline, byte[] frames, List<GatewayPayload> out) {
		int i = 0;
		while (i < frames.length) {
			int opcode = frames[i] & 0x0F;
			long len = frames[i + 1] & 0x7F;
			i += 2;
			if (len == 126) {
				len = ((frames[i] & 0xFF) << 8) | (frames[i + 1] & 0xFF);
				i += 2;
			}
			else if (len == 127) {
				len = 0;
				for (int k = 0; k < 8; k++) {
					len = (len << 8) | (frames[i + k] & 0xFF);
				}
				i += 8;
			}
			GatewayPayload payload = (opcode == 2) ? pipeline.acceptBinary(ByteBuffer.wrap(frames, i, (int) len))
					: pipeline.acceptText(new String(frames, i, (int) len, StandardCharsets.UTF_8));
			if (payload != null) {
				out.add(payload);
			}
			i += (int) len;
		}
	}

}
