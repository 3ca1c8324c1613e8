package io.github.discordgateway.test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Inflater;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** WebSocket framing and zlib-stream transport compression. */
class TransportTest {

	private GatewaySimulator sim;

	@AfterEach
	void stop() {
		if (sim != null) {
			sim.close();
		}
	}

	private static boolean endsWithFlush(byte[] b) {
		int n = b.length;
		return n >= 4 && b[n - 4] == 0 && b[n - 3] == 0 && b[n - 2] == (byte) 0xFF && b[n - 1] == (byte) 0xFF;
	}

	@Test
	void zlibStreamSendsOneBinaryMessagePerPayloadEndingWithTheFlushSuffix() {
		sim = GatewaySimulator.builder().token("tok").guilds(2).build().start();
		try (TestGatewayClient client = TestGatewayClient.connectZlib(sim)) {
			client.awaitOp(10);
			client.identify("tok");
			await().atMost(TestGatewayClient.TIMEOUT).until(() -> client.dispatches().size() == 3);

			assertThat(client.inflateError).isNull();
			assertThat(client.textMessages).isEmpty();
			assertThat(client.binaryMessages).hasSize(4); // HELLO, READY, 2 x
															// GUILD_CREATE
			assertThat(client.binaryMessages.get(0)[0]).as("zlib header").isEqualTo((byte) 0x78);
			assertThat(client.binaryMessages).allSatisfy(m -> assertThat(endsWithFlush(m)).isTrue());
			// only the first message carries the stream header: one shared deflate
			// context
			assertThat(client.binaryMessages.get(1)[0]).isNotEqualTo((byte) 0x78);
			assertThat(client.dispatches().get(2).get("d").get("members")).hasSize(50);
		}
	}

	@Test
	void zlibPayloadSplitOverSeveralMessagesIsReassembledByBuffering() {
		sim = GatewaySimulator.builder().token("tok").zlibMessageParts(3).framesPerMessage(2).build().start();
		try (TestGatewayClient client = TestGatewayClient.connectZlib(sim)) {
			client.awaitOp(10);
			client.identify("tok");
			client.awaitDispatch("GUILD_CREATE");

			assertThat(client.inflateError).isNull();
			assertThat(client.payloads).hasSize(3);
			List<byte[]> messages = client.binaryMessages;
			assertThat(messages).hasSize(9);
			for (int i = 0; i < messages.size(); i++) {
				assertThat(endsWithFlush(messages.get(i))).as("message %d complete?", i).isEqualTo(i % 3 == 2);
			}
		}
	}

	@Test
	void sendPayloadSplitAndCorruptDataReachTheClientAsSpecified() {
		sim = GatewaySimulator.builder().token("tok").build().start();
		try (TestGatewayClient client = TestGatewayClient.connectZlib(sim)) {
			client.awaitOp(10);
			SimulatedConnection connection = sim.latestConnection().orElseThrow();
			connection.sendPayloadSplit("{\"t\":null,\"s\":null,\"op\":99,\"d\":{\"hello\":\"world\"}}", 4);

			JsonNode unknown = client.awaitOp(99);
			assertThat(unknown.get("d").get("hello").asString()).isEqualTo("world");
			assertThat(client.binaryMessages).hasSize(5);

			connection.sendCorruptCompressed();
			await().atMost(TestGatewayClient.TIMEOUT).until(() -> client.inflateError != null);
		}
	}

	@Test
	void hugeGuildCreateOverFourMebibytesArrivesIntactThroughZlib() {
		sim = GatewaySimulator.builder().token("tok").guilds(1).largeGuildCreate(4 << 20).build().start();
		try (TestGatewayClient client = TestGatewayClient.connectZlib(sim)) {
			client.awaitOp(10);
			client.identify("tok");
			JsonNode guild = client.awaitDispatch("GUILD_CREATE").get("d");

			assertThat(TestGatewayClient.MAPPER.writeValueAsBytes(guild).length).isGreaterThanOrEqualTo(4 << 20);
			assertThat(guild.get("members").size()).isGreaterThan(5000);
			assertThat(guild.get("member_count").asInt()).isEqualTo(guild.get("members").size());
			long distinctUsers = guild.get("members").findValuesAsString("id").stream().distinct().count();
			assertThat(distinctUsers).isGreaterThan(5000);
		}
	}

	@Test
	void rawFramesAreUnmaskedAndMessagesCanBeSplitIntoContinuationFrames() throws Exception {
		sim = GatewaySimulator.builder().token("tok").framesPerMessage(3).build().start();
		try (RawWebSocket ws = new RawWebSocket(sim.port(), "/?v=10&encoding=json")) {
			assertThat(ws.handshakeResponse).startsWith("HTTP/1.1 101");
			List<RawWebSocket.Frame> frames = new ArrayList<>();
			do {
				frames.add(ws.readFrame());
			}
			while (!frames.get(frames.size() - 1).fin());

			assertThat(frames).hasSize(3);
			assertThat(frames).extracting(RawWebSocket.Frame::opcode).containsExactly(1, 0, 0);
			assertThat(frames).extracting(RawWebSocket.Frame::fin).containsExactly(false, false, true);
			ByteArrayOutputStream whole = new ByteArrayOutputStream();
			frames.forEach(f -> whole.writeBytes(f.payload()));
			assertThat(whole.toString(StandardCharsets.UTF_8)).contains("\"op\":10");
		}
	}

	@Test
	void fragmentedClientMessagesAndPingsAreHandled() throws Exception {
		sim = GatewaySimulator.builder().token("tok").build().start();
		try (RawWebSocket ws = new RawWebSocket(sim.port(), "/?v=10&encoding=json")) {
			assertThat(ws.readFrame().text()).contains("\"op\":10");
			byte[] identify = ("{\"op\":2,\"d\":{\"token\":\"tok\",\"intents\":1,"
					+ "\"properties\":{\"os\":\"l\",\"browser\":\"b\",\"device\":\"d\"}}}")
				.getBytes(StandardCharsets.UTF_8);
			int third = identify.length / 3;
			ws.sendFrame(false, 1, java.util.Arrays.copyOfRange(identify, 0, third), true);
			ws.sendFrame(true, 9, "ping!".getBytes(StandardCharsets.UTF_8), true); // control
																					// frame
																					// in
																					// between
			ws.sendFrame(false, 0, java.util.Arrays.copyOfRange(identify, third, 2 * third), true);
			ws.sendFrame(true, 0, java.util.Arrays.copyOfRange(identify, 2 * third, identify.length), true);

			RawWebSocket.Frame pong = ws.readFrame();
			assertThat(pong.opcode()).isEqualTo(0xA);
			assertThat(pong.text()).isEqualTo("ping!");
			assertThat(ws.readFrame().text()).contains("\"t\":\"READY\"").contains("\"s\":1");
		}
	}

	@Test
	void unmaskedClientFramesAreAProtocolError() throws Exception {
		sim = GatewaySimulator.builder().token("tok").build().start();
		try (RawWebSocket ws = new RawWebSocket(sim.port(), "/?v=10&encoding=json")) {
			ws.readFrame(); // HELLO
			ws.sendFrame(true, 1, "{\"op\":1,\"d\":null}".getBytes(StandardCharsets.UTF_8), false);
			RawWebSocket.Frame close = ws.readFrame();
			assertThat(close.opcode()).isEqualTo(8);
			assertThat(RawWebSocket.closeCode(close)).isEqualTo(1002);
		}
	}

	@Test
	void clientCloseFrameIsEchoedAndRecorded() throws Exception {
		sim = GatewaySimulator.builder().token("tok").build().start();
		try (RawWebSocket ws = new RawWebSocket(sim.port(), "/?v=10&encoding=json")) {
			ws.readFrame();
			ws.sendFrame(true, 8, new byte[] { 0x13, 0x24, 'b', 'y', 'e' }, true); // 4900
																					// "bye"
			RawWebSocket.Frame echo = ws.readFrame();
			assertThat(echo.opcode()).isEqualTo(8);
			assertThat(RawWebSocket.closeCode(echo)).isEqualTo(4900);
		}
		SimulatedConnection connection = sim.latestConnection().orElseThrow();
		await().atMost(TestGatewayClient.TIMEOUT).until(() -> !connection.isOpen());
		assertThat(connection.clientCloseCode()).hasValue(4900);
		assertThat(connection.clientCloseReason()).hasValue("bye");
		assertThat(connection.serverCloseCode()).isEmpty();
	}

	@Test
	void inflaterOnTheWholeStreamSeesOneZlibHeader() {
		sim = GatewaySimulator.builder().token("tok").build().start();
		try (TestGatewayClient client = TestGatewayClient.connectZlib(sim)) {
			client.awaitOp(10);
			client.heartbeat(null);
			client.awaitOp(11);
			// a fresh inflater over the concatenated stream decodes both payloads: one
			// continuous zlib stream
			ByteArrayOutputStream stream = new ByteArrayOutputStream();
			client.binaryMessages.forEach(stream::writeBytes);
			Inflater inflater = new Inflater();
			inflater.setInput(stream.toByteArray());
			byte[] out = new byte[4096];
			int n = inflater.inflate(out);
			String text = new String(out, 0, n, StandardCharsets.UTF_8);
			assertThat(text).contains("\"op\":10").contains("\"op\":11");
			inflater.end();
		}
		catch (java.util.zip.DataFormatException e) {
			throw new AssertionError(e);
		}
	}

}
