package io.github.discordgateway.test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small gateway client for tests on top of the JDK WebSocket client; inflates
 * zlib-stream like a real client.
 */
final class TestGatewayClient implements AutoCloseable {

	static final JsonMapper MAPPER = JsonMapper.builder().build();
	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final boolean zlib;

	private final Inflater inflater = new Inflater();

	private final ByteArrayOutputStream zlibBuffer = new ByteArrayOutputStream();

	private final ByteArrayOutputStream currentMessage = new ByteArrayOutputStream();

	private final StringBuilder currentText = new StringBuilder();

	final List<JsonNode> payloads = new CopyOnWriteArrayList<>();

	final List<byte[]> binaryMessages = new CopyOnWriteArrayList<>();

	final List<String> textMessages = new CopyOnWriteArrayList<>();

	final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

	volatile String closeReason;

	volatile Throwable error;

	volatile Throwable inflateError;

	private final WebSocket webSocket;

	private TestGatewayClient(URI uri, boolean zlib) {
		this.zlib = zlib;
		this.webSocket = HTTP.newWebSocketBuilder()
			.connectTimeout(TIMEOUT)
			.buildAsync(uri, new Listener())
			.orTimeout(10, TimeUnit.SECONDS)
			.join();
	}

	static TestGatewayClient connect(GatewaySimulator sim) {
		return connect(sim.gatewayUrl() + "/?v=10&encoding=json", false);
	}

	static TestGatewayClient connectZlib(GatewaySimulator sim) {
		return connect(sim.gatewayUrl() + "/?v=10&encoding=json&compress=zlib-stream", true);
	}

	static TestGatewayClient connect(String uri, boolean zlib) {
		return new TestGatewayClient(URI.create(uri), zlib);
	}

	void send(String json) {
		webSocket.sendText(json, true).orTimeout(10, TimeUnit.SECONDS).join();
	}

	void identify(String token) {
		identify(token, 513, null);
	}

	void identify(String token, long intents, String shard) {
		send("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":" + intents
				+ ",\"properties\":{\"os\":\"linux\",\"browser\":\"test\",\"device\":\"test\"}"
				+ (shard == null ? "" : ",\"shard\":" + shard) + "}}");
	}

	void resume(String token, String sessionId, long seq) {
		send("{\"op\":6,\"d\":{\"token\":\"" + token + "\",\"session_id\":\"" + sessionId + "\",\"seq\":" + seq + "}}");
	}

	void heartbeat(Long seq) {
		send("{\"op\":1,\"d\":" + seq + "}");
	}

	void closeWith(int code) {
		webSocket.sendClose(code, "test").orTimeout(10, TimeUnit.SECONDS).join();
	}

	/** Waits for a payload matching the predicate and returns the first one. */
	JsonNode await(Predicate<JsonNode> predicate) {
		org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> payloads.stream().anyMatch(predicate));
		return payloads.stream().filter(predicate).findFirst().orElseThrow();
	}

	JsonNode awaitOp(int op) {
		return await(p -> p.path("op").asInt() == op);
	}

	JsonNode awaitDispatch(String type) {
		return await(p -> type.equals(p.path("t").asString(null)));
	}

	List<JsonNode> dispatches() {
		return payloads.stream().filter(p -> p.path("op").asInt() == 0).toList();
	}

	int awaitClose() {
		return closeCode.orTimeout(10, TimeUnit.SECONDS).join();
	}

	@Override
	public void close() {
		webSocket.abort();
	}

	private void onWholeText(String text) {
		textMessages.add(text);
		payloads.add(MAPPER.readTree(text));
	}

	private synchronized void onWholeBinary(byte[] message) {
		binaryMessages.add(message);
		if (!zlib) {
			payloads.add(MAPPER.readTree(message));
			return;
		}
		zlibBuffer.writeBytes(message);
		byte[] buffered = zlibBuffer.toByteArray();
		int n = buffered.length;
		if (n < 4 || buffered[n - 4] != 0 || buffered[n - 3] != 0 || buffered[n - 2] != (byte) 0xFF
				|| buffered[n - 1] != (byte) 0xFF) {
			return; // incomplete payload: wait for more messages
		}
		zlibBuffer.reset();
		try {
			inflater.setInput(buffered);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] chunk = new byte[64 * 1024];
			while (true) {
				int read = inflater.inflate(chunk);
				out.write(chunk, 0, read);
				if (read == 0 && (inflater.needsInput() || inflater.finished())) {
					break;
				}
			}
			payloads.add(MAPPER.readTree(out.toByteArray()));
		}
		catch (DataFormatException e) {
			inflateError = e;
		}
	}

	private final class Listener implements WebSocket.Listener {

		@Override
		public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
			currentText.append(data);
			if (last) {
				String text = currentText.toString();
				currentText.setLength(0);
				onWholeText(text);
			}
			ws.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			currentMessage.writeBytes(bytes);
			if (last) {
				byte[] message = currentMessage.toByteArray();
				currentMessage.reset();
				onWholeBinary(message);
			}
			ws.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
			closeReason = reason;
			closeCode.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket ws, Throwable e) {
			error = e;
			closeCode.complete(1006);
		}

	}

	static HttpClient http() {
		return HTTP;
	}

	static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
