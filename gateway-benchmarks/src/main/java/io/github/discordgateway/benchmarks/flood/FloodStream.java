package io.github.discordgateway.benchmarks.flood;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

import tools.jackson.databind.node.ObjectNode;

import io.github.discordgateway.test.internal.JsonSupport;
import io.github.discordgateway.test.internal.PayloadEncoder;
import io.github.discordgateway.test.internal.PayloadEncoders;
import io.github.discordgateway.test.internal.TransportCompressor;
import io.github.discordgateway.test.internal.TransportCompressors;
import io.github.discordgateway.test.internal.WebSocketChannel;

/**
 * Everything the flood server sends on its one connection, encoded, compressed through
 * one connection-long compression stream and framed as unmasked RFC 6455 frames
 * <em>before</em> a client connects: HELLO, then READY + GUILD_CREATE, then the warm-up
 * dispatches, then the measured dispatches. Segments must be sent in this order (they
 * continue one zlib/zstd stream); payloads built afterwards (heartbeat ACKs) go through
 * {@link #encodeLive(byte[])}, which continues the same stream.
 *
 * <p>
 * {@code zlib-stream} is written as the zlib header followed by raw deflate data from a
 * fresh {@link Deflater} per chunk of {@value #CHUNK_PAYLOADS} payloads (each chunk ends
 * with a sync flush and references nothing before it), so a heartbeat ACK compressed on
 * its own can be inserted between any two chunks and the client still sees one valid zlib
 * stream. {@code zstd-stream} is one context-continuous frame, so there ACKs wait until
 * everything pre-built has been written.
 *
 * <p>
 * Every MESSAGE_CREATE is the {@code message_create.json} fixture with its own message
 * id, nonce, timestamp and content, so consecutive payloads are not byte-identical (a
 * shared zlib window would otherwise shrink them to a few bytes each).
 */
final class FloodStream {

	static final String GUILD_ID = "614182298140617616";

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter
		.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'000+00:00'")
		.withZone(ZoneOffset.UTC);

	/**
	 * Payloads per independently compressed zlib chunk: where heartbeat ACKs may be
	 * inserted.
	 */
	static final int CHUNK_PAYLOADS = 1000;

	private static final byte[] ZLIB_HEADER = { 0x78, (byte) 0x9C };

	final String encoding;

	final String compression;

	final Segment hello;

	final Segment readyAndGuild;

	final Segment warmup;

	final Segment measured;

	private final PayloadEncoder encoder;

	/**
	 * The connection-long compressor for zstd-stream and none; {@code null} for
	 * zlib-stream (see above).
	 */
	private final TransportCompressor compressor;

	private final boolean zlib;

	private final boolean binaryFrames;

	private boolean zlibHeaderWritten;

	/**
	 * A run of whole frames with the number of payloads and bytes it holds, cut into
	 * chunks between which other payloads may be inserted ({@link #acksBetweenChunks()}).
	 */
	record Segment(List<byte[]> chunks, int payloads, long wireBytes, long decodedBytes) {
	}

	FloodStream(String encoding, String compression, int warmupEvents, int measuredEvents, long heartbeatIntervalMillis,
			String resumeUrl) {
		this.encoding = encoding;
		this.compression = compression;
		this.encoder = PayloadEncoders.forName(encoding)
			.orElseThrow(() -> new IllegalArgumentException("unknown encoding " + encoding));
		this.zlib = compression.equals("zlib-stream");
		this.compressor = this.zlib ? null : TransportCompressors.create(compression)
			.orElseThrow(() -> new IllegalArgumentException("unknown compression " + compression));
		this.binaryFrames = this.zlib || this.compressor.binary() || this.encoder.binary();

		this.hello = segment(new Builder().add(JsonSupport.envelope(10,
				"{\"heartbeat_interval\":" + heartbeatIntervalMillis + ",\"_trace\":[\"flood\"]}")));

		ObjectNode ready = (ObjectNode) JsonSupport.fixture("ready").get("d");
		ready.put("session_id", "f100df100df100df100df100df100d00");
		ready.put("resume_gateway_url", resumeUrl);
		ready.remove("shard");
		ready.putArray("guilds").addObject().put("id", GUILD_ID).put("unavailable", true);
		ObjectNode guild = (ObjectNode) JsonSupport.fixture("guild_create").get("d");
		Builder handshake = new Builder();
		handshake.add(JsonSupport.dispatch("READY", 1, JsonSupport.write(ready)));
		handshake.add(JsonSupport.dispatch("GUILD_CREATE", 2, JsonSupport.write(guild)));
		this.readyAndGuild = segment(handshake);

		ObjectNode message = (ObjectNode) JsonSupport.fixture("message_create").get("d");
		String content = message.get("content").asString();
		long seq = 3;
		this.warmup = segment(messages(message, content, seq, warmupEvents));
		seq += warmupEvents;
		this.measured = segment(messages(message, content, seq, measuredEvents));
	}

	private Builder messages(ObjectNode message, String content, long firstSeq, int count) {
		Builder builder = new Builder();
		long idBase = 1_482_443_370_451_866_602L;
		long epochMillis = 1_773_512_441_981L;
		for (int i = 0; i < count; i++) {
			long seq = firstSeq + i;
			long id = idBase + (seq << 22);
			message.put("id", Long.toString(id));
			message.put("nonce", Long.toString(id - 7_588_503_143L));
			message.put("timestamp", TIMESTAMP.format(Instant.ofEpochMilli(epochMillis + seq * 37)));
			message.put("content", content + " #" + seq);
			builder.add(JsonSupport.dispatch("MESSAGE_CREATE", seq, JsonSupport.write(message)));
		}
		return builder;
	}

	/**
	 * Whether a payload built by {@link #encodeLive(byte[])} may be written between two
	 * chunks of a segment (zlib-stream, none); otherwise only after every segment was
	 * written (zstd-stream).
	 */
	boolean acksBetweenChunks() {
		return this.compressor == null || !this.compressor.binary();
	}

	/**
	 * Encodes, compresses and frames one more payload, continuing the connection's
	 * stream.
	 */
	synchronized byte[] encodeLive(byte[] json) {
		Builder builder = new Builder();
		builder.add(json);
		return builder.finish().chunks().get(0);
	}

	void close() {
		if (this.compressor != null) {
			this.compressor.close();
		}
	}

	private static Segment segment(Builder builder) {
		return builder.finish();
	}

	/** Decodes a client message with the connection's encoding. */
	tools.jackson.databind.JsonNode decodeClient(byte[] data) {
		return this.encoder.decode(data);
	}

	private final class Builder {

		final List<byte[]> chunks = new ArrayList<>();

		ByteArrayOutputStream frames = new ByteArrayOutputStream(1 << 16);

		Deflater deflater;

		final byte[] buffer = new byte[64 * 1024];

		int payloads;

		int chunkPayloads;

		long wire;

		long decoded;

		Builder add(byte[] json) {
			byte[] encoded = FloodStream.this.encoder.encode(json);
			byte[] wire = FloodStream.this.zlib ? deflate(encoded) : FloodStream.this.compressor.compress(encoded);
			this.decoded += encoded.length;
			this.payloads++;
			writeFrame(FloodStream.this.binaryFrames ? WebSocketChannel.OP_BINARY : WebSocketChannel.OP_TEXT, wire);
			if (++this.chunkPayloads == CHUNK_PAYLOADS) {
				endChunk();
			}
			return this;
		}

		private void writeFrame(int opcode, byte[] data) {
			try {
				WebSocketChannel.writeFrame(this.frames, true, opcode, data, 0, data.length);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex); // a ByteArrayOutputStream does not
													// fail
			}
		}

		private byte[] deflate(byte[] data) {
			ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 4));
			if (!FloodStream.this.zlibHeaderWritten) {
				FloodStream.this.zlibHeaderWritten = true;
				out.write(ZLIB_HEADER, 0, ZLIB_HEADER.length);
			}
			if (this.deflater == null) {
				this.deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
			}
			this.deflater.setInput(data);
			while (true) {
				int n = this.deflater.deflate(this.buffer, 0, this.buffer.length, Deflater.SYNC_FLUSH);
				out.write(this.buffer, 0, n);
				if (n < this.buffer.length) {
					break;
				}
			}
			return out.toByteArray();
		}

		private void endChunk() {
			if (this.frames.size() > 0) {
				this.wire += this.frames.size();
				this.chunks.add(this.frames.toByteArray());
				this.frames = new ByteArrayOutputStream(1 << 16);
			}
			if (this.deflater != null) {
				this.deflater.end();
				this.deflater = null;
			}
			this.chunkPayloads = 0;
		}

		Segment finish() {
			endChunk();
			return new Segment(List.copyOf(this.chunks), this.payloads, this.wire, this.decoded);
		}

	}

}
