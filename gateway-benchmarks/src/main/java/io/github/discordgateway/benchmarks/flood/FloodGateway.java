package io.github.discordgateway.benchmarks.flood;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;

import io.github.discordgateway.test.internal.HttpRequest;
import io.github.discordgateway.test.internal.HttpResponse;
import io.github.discordgateway.test.internal.JsonSupport;
import io.github.discordgateway.test.internal.LoginRestApi;
import io.github.discordgateway.test.internal.LoopbackServer;
import io.github.discordgateway.test.internal.WebSocketChannel;
import io.github.discordgateway.test.internal.WebSocketListener;

/**
 * A one-connection flood gateway for end-to-end throughput benchmarks (loopback only).
 *
 * <p>
 * Before it listens, it pre-encodes and pre-compresses everything it will send (see
 * {@link FloodStream}). Then it serves discovery ({@code GET /api/v10/gateway[/bot]}) and
 * the few REST calls client libraries make at login ({@code /users/@me},
 * {@code /applications/@me}, {@code /oauth2/applications/@me}), accepts one WebSocket and
 * runs this script:
 * <ol>
 * <li>HELLO (long heartbeat interval, so heartbeats do not interleave with the
 * flood);</li>
 * <li>on IDENTIFY (op 2, not checked): READY (s=1) + GUILD_CREATE (s=2) of the guild the
 * messages belong to, then the {@code --warmup} MESSAGE_CREATE dispatches;</li>
 * <li>when the client has processed the warm-up it sends a presence update (op 3): then
 * the {@code --events} measured dispatches are written as fast as the socket takes them,
 * and the wall-clock of the first and last byte written is recorded (with
 * {@code --warmup=0} the measured dispatches follow READY at once);</li>
 * <li>heartbeats are ACKed at once between chunks of pre-built data (zlib-stream, none),
 * or after all pre-built data was written (zstd-stream, where the ACK must continue the
 * same compression context).</li>
 * </ol>
 * It prints {@code FLOOD_LISTENING port=...} once ready, {@code FLOOD_SENT ...} after the
 * measured flood, writes the same key=value lines to {@code --result-file}, and exits
 * when the client disconnects after the flood or after {@code --timeout}.
 *
 * <pre>
 * java -cp ... io.github.discordgateway.benchmarks.flood.FloodGateway --events=200000 --warmup=50000 \
 *     --encoding=json --compression=zlib-stream --result-file=/tmp/flood.txt
 * </pre>
 */
public final class FloodGateway {

	private static final Map<String, String> DEFAULTS = Map.of("port", "0", "events", "200000", "warmup", "50000",
			"encoding", "json", "compression", "zlib-stream", "heartbeat-interval", "120000", "timeout", "600",
			"result-file", "", "wait-for-signal", "true");

	private final FloodStream stream;

	private final PrintStream out;

	private final Path resultFile;

	private final boolean waitForSignal;

	private final LoopbackServer server;

	private final AtomicInteger connections = new AtomicInteger();

	private final CountDownLatch finished = new CountDownLatch(1);

	private final Set<String> pathsSeen = ConcurrentHashMap.newKeySet();

	/** The login routes for whatever token a peer uses. */
	private final LoginRestApi login = new LoginRestApi(null);

	private volatile String failure;

	private FloodGateway(FloodStream stream, PrintStream out, Path resultFile, boolean waitForSignal) {
		this.stream = stream;
		this.out = out;
		this.resultFile = resultFile;
		this.waitForSignal = waitForSignal;
		this.server = new LoopbackServer(new Handler(), "flood-");
	}

	/**
	 * Runs one flood.
	 * @param args {@code --name=value} options: port, events, warmup, encoding,
	 * compression, heartbeat-interval (ms), timeout (s), result-file, wait-for-signal
	 * @throws Exception if the server cannot start
	 */
	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>(DEFAULTS);
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (!arg.startsWith("--") || eq < 3 || !DEFAULTS.containsKey(arg.substring(2, eq))) {
				System.err.println("flood: bad argument " + arg + "; options: " + DEFAULTS.keySet());
				System.exit(2);
			}
			options.put(arg.substring(2, eq), arg.substring(eq + 1));
		}
		int events = Integer.parseInt(options.get("events"));
		int warmup = Integer.parseInt(options.get("warmup"));
		long started = System.nanoTime();
		FloodStream stream = new FloodStream(options.get("encoding"), options.get("compression"), warmup, events,
				Long.parseLong(options.get("heartbeat-interval")), "ws://127.0.0.1:1/unused");
		System.out.printf(
				"FLOOD_PREPARED encoding=%s compression=%s warmup=%d events=%d wireBytes=%d decodedBytes=%d "
						+ "prepareMillis=%d%n",
				stream.encoding, stream.compression, warmup, events, stream.measured.wireBytes(),
				stream.measured.decodedBytes(), (System.nanoTime() - started) / 1_000_000);
		String resultFile = options.get("result-file");
		FloodGateway gateway = new FloodGateway(stream, System.out, resultFile.isEmpty() ? null : Path.of(resultFile),
				warmup > 0 && Boolean.parseBoolean(options.get("wait-for-signal")));
		gateway.server.start(Integer.parseInt(options.get("port")));
		System.out.println("FLOOD_LISTENING port=" + gateway.server.port());
		System.out.flush();
		boolean done = gateway.finished.await(Long.parseLong(options.get("timeout")), TimeUnit.SECONDS);
		gateway.server.close();
		stream.close();
		if (!done) {
			System.out.println("FLOOD_ERROR timeout");
			System.exit(3);
		}
		if (gateway.failure != null) {
			System.out.println("FLOOD_ERROR " + gateway.failure);
			System.exit(4);
		}
		System.exit(0);
	}

	private static long epochMicros() {
		return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
	}

	private final class Handler implements LoopbackServer.Handler {

		@Override
		public HttpResponse handleHttp(HttpRequest request) {
			String path = request.path();
			if (FloodGateway.this.pathsSeen.add(request.method() + " " + path)) {
				System.err.println("flood: HTTP " + request.method() + " " + path);
			}
			String gatewayUrl = "ws://127.0.0.1:" + FloodGateway.this.server.port();
			if (path.endsWith("/gateway/bot")) {
				return LoginRestApi.gatewayBot(gatewayUrl, 1, 1000, 1000, 14_400_000, 1);
			}
			if (path.endsWith("/gateway")) {
				return LoginRestApi.gateway(gatewayUrl);
			}
			return FloodGateway.this.login.handle(request);
		}

		@Override
		public void handleWebSocket(HttpRequest request, WebSocketChannel channel) {
			if (FloodGateway.this.connections.incrementAndGet() > 1) {
				System.err
					.println("flood: a second WebSocket connection (" + request.target() + "): the client reconnected");
				FloodGateway.this.failure = "client reconnected";
				channel.sendClose(4000, "flood server serves one connection");
				return;
			}
			System.err.println("flood: WebSocket " + request.target());
			new Connection(channel).run();
		}

	}

	/**
	 * The one WebSocket connection. Every write happens on its single writer thread, in
	 * stream order.
	 */
	private final class Connection implements WebSocketListener {

		private final WebSocketChannel channel;

		private final ExecutorService writer = Executors.newSingleThreadExecutor((r) -> {
			Thread thread = new Thread(r, "flood-writer");
			thread.setDaemon(true);
			return thread;
		});

		private final AtomicBoolean identified = new AtomicBoolean();

		private final AtomicBoolean floodStarted = new AtomicBoolean();

		private final AtomicInteger pendingAcks = new AtomicInteger();

		/** Written by the writer thread only. */
		private boolean allWritten;

		private volatile boolean floodDone;

		Connection(WebSocketChannel channel) {
			this.channel = channel;
		}

		void run() {
			this.writer.execute(() -> write(FloodGateway.this.stream.hello));
			this.channel.readLoop(this);
			this.writer.shutdownNow();
			if (!this.floodDone && FloodGateway.this.failure == null) {
				FloodGateway.this.failure = "the client disconnected before the flood was written";
			}
			FloodGateway.this.finished.countDown();
		}

		@Override
		public void onMessage(byte[] data, boolean binary) {
			JsonNode payload;
			try {
				payload = FloodGateway.this.stream.decodeClient(data);
			}
			catch (RuntimeException ex) {
				System.err.println("flood: undecodable client message: " + ex);
				return;
			}
			int op = payload.path("op").asInt(-1);
			switch (op) {
				case 1 -> {
					this.pendingAcks.incrementAndGet();
					this.writer.execute(this::flushAcks);
				}
				case 2 -> {
					if (this.identified.compareAndSet(false, true)) {
						this.writer.execute(this::sendHandshakeAndWarmup);
					}
				}
				case 3 -> {
					if (FloodGateway.this.waitForSignal && this.floodStarted.compareAndSet(false, true)) {
						this.writer.execute(this::sendMeasured);
					}
				}
				default -> System.err.println("flood: ignoring client op " + op);
			}
		}

		/**
		 * Writes the ACKs owed, where the compression stream allows a payload to be
		 * inserted.
		 */
		private void flushAcks() {
			if (!this.allWritten && !FloodGateway.this.stream.acksBetweenChunks()) {
				return;
			}
			for (int n = this.pendingAcks.getAndSet(0); n > 0; n--) {
				byte[] frame = FloodGateway.this.stream.encodeLive(JsonSupport.envelope(11, "null"));
				this.channel.sendPreframed(frame, 0, frame.length);
			}
		}

		private void sendHandshakeAndWarmup() {
			FloodStream stream = FloodGateway.this.stream;
			write(stream.readyAndGuild);
			write(stream.warmup);
			if (!FloodGateway.this.waitForSignal && this.floodStarted.compareAndSet(false, true)) {
				sendMeasured();
			}
		}

		private void sendMeasured() {
			FloodStream.Segment measured = FloodGateway.this.stream.measured;
			long first = epochMicros();
			boolean ok = write(measured);
			long last = epochMicros();
			String line = String.format(
					"FLOOD_SENT ok=%s events=%d wireBytes=%d decodedBytes=%d firstByteMicros=%d " + "lastByteMicros=%d",
					ok, measured.payloads(), measured.wireBytes(), measured.decodedBytes(), first, last);
			FloodGateway.this.out.println(line);
			FloodGateway.this.out.flush();
			if (FloodGateway.this.resultFile != null) {
				try {
					Files.writeString(FloodGateway.this.resultFile,
							line.replace("FLOOD_SENT ", "").replace(' ', '\n') + "\nencoding="
									+ FloodGateway.this.stream.encoding + "\ncompression="
									+ FloodGateway.this.stream.compression + "\n");
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
			this.floodDone = ok;
			this.allWritten = true;
			flushAcks();
		}

		private boolean write(FloodStream.Segment segment) {
			boolean ok = true;
			for (byte[] chunk : segment.chunks()) {
				ok &= this.channel.sendPreframed(chunk, 0, chunk.length);
				flushAcks();
			}
			return ok;
		}

		@Override
		public void onCloseFrame(int code, String reason) {
			System.err.println("flood: client closed with " + code + " " + reason);
		}

		@Override
		public void onTerminated(boolean abnormal) {
		}

	}

}
