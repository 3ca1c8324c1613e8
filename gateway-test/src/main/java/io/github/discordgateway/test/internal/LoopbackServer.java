package io.github.discordgateway.test.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ServerSocketFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal blocking HTTP/1.1 + WebSocket server on one loopback port: one thread per TCP
 * connection, keep-alive for plain HTTP, RFC 6455 upgrade on any path.
 */
public final class LoopbackServer implements AutoCloseable {

	/** Application callbacks. */
	public interface Handler {

		/**
		 * Answers a plain HTTP request.
		 * @param request the request
		 * @return the response
		 */
		HttpResponse handleHttp(HttpRequest request);

		/**
		 * Serves an upgraded WebSocket on the calling (connection) thread; returns when
		 * the connection is over.
		 * @param request the upgrade request
		 * @param channel the channel
		 */
		void handleWebSocket(HttpRequest request, WebSocketChannel channel);

	}

	private static final Logger log = LoggerFactory.getLogger(LoopbackServer.class);

	private final Handler handler;

	private final String threadPrefix;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final AtomicInteger threadCounter = new AtomicInteger();

	private ServerSocket serverSocket;

	private ExecutorService workers;

	private Thread acceptThread;

	private volatile boolean closed;

	/**
	 * Creates a server (not yet listening).
	 * @param handler callbacks
	 * @param threadPrefix prefix for thread names
	 */
	public LoopbackServer(Handler handler, String threadPrefix) {
		this.handler = handler;
		this.threadPrefix = threadPrefix;
	}

	/**
	 * Binds {@code 127.0.0.1:port} and starts accepting.
	 * @param port port, 0 for an ephemeral one
	 * @throws IOException if binding fails
	 */
	public synchronized void start(int port) throws IOException {
		start(InetAddress.getLoopbackAddress(), port);
	}

	/**
	 * Binds {@code address:port} and starts accepting.
	 * @param address local address to bind, e.g. the loopback address or {@code 0.0.0.0}
	 * for every interface
	 * @param port port, 0 for an ephemeral one
	 * @throws IOException if binding fails
	 */
	public synchronized void start(InetAddress address, int port) throws IOException {
		start(address, port, ServerSocketFactory.getDefault());
	}

	/**
	 * Binds {@code address:port} with sockets of the given factory (an
	 * {@code SSLServerSocketFactory} serves TLS) and starts accepting.
	 * @param address local address to bind
	 * @param port port, 0 for an ephemeral one
	 * @param sockets makes the server socket
	 * @throws IOException if binding fails
	 */
	public synchronized void start(InetAddress address, int port, ServerSocketFactory sockets) throws IOException {
		serverSocket = sockets.createServerSocket();
		serverSocket.setReuseAddress(true);
		serverSocket.bind(new InetSocketAddress(address, port), 128);
		workers = Executors.newCachedThreadPool(r -> {
			Thread t = new Thread(r, threadPrefix + "io-" + threadCounter.incrementAndGet());
			t.setDaemon(true);
			return t;
		});
		acceptThread = new Thread(this::acceptLoop, threadPrefix + "accept");
		acceptThread.setDaemon(true);
		acceptThread.start();
	}

	/**
	 * The bound port.
	 * @return port
	 */
	public int port() {
		return serverSocket.getLocalPort();
	}

	private void acceptLoop() {
		while (!closed) {
			Socket socket;
			try {
				socket = serverSocket.accept();
			}
			catch (IOException e) {
				if (!closed) {
					log.warn("Simulator accept failed: {}", e.toString());
				}
				return;
			}
			sockets.add(socket);
			try {
				workers.execute(() -> serve(socket));
			}
			catch (RejectedExecutionException e) {
				closeQuietly(socket);
				sockets.remove(socket);
			}
		}
	}

	private void serve(Socket socket) {
		try {
			socket.setTcpNoDelay(true);
			InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
			OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
			while (!closed) {
				HttpRequest request;
				try {
					request = HttpRequest.read(in);
				}
				catch (IOException e) {
					if (!socket.isClosed()) {
						HttpResponse.json(400, "{\"message\": \"400: Bad Request\", \"code\": 0}").write(out, false);
					}
					return;
				}
				if (request == null) {
					return;
				}
				if (request.isWebSocketUpgrade()) {
					upgrade(socket, request, in, out);
					return;
				}
				skipBody(request, in);
				boolean keepAlive = !request.headerHasToken("connection", "close");
				HttpResponse response;
				try {
					response = handler.handleHttp(request);
				}
				catch (RuntimeException e) {
					log.warn("Simulator HTTP handler failed", e);
					response = HttpResponse.json(500, "{\"message\": \"500: Internal Server Error\", \"code\": 0}");
				}
				response.write(out, keepAlive);
				if (!keepAlive) {
					return;
				}
			}
		}
		catch (IOException e) {
			// peer went away
		}
		finally {
			closeQuietly(socket);
			sockets.remove(socket);
		}
	}

	private void upgrade(Socket socket, HttpRequest request, InputStream in, OutputStream out) throws IOException {
		String key = request.header("sec-websocket-key");
		if (!"GET".equals(request.method()) || key == null || key.isBlank()) {
			HttpResponse.json(400, "{\"message\": \"400: Bad Request\", \"code\": 0}").write(out, false);
			return;
		}
		if (!"13".equals(request.header("sec-websocket-version"))) {
			HttpResponse.json(426, "{\"message\": \"Unsupported WebSocket version\", \"code\": 0}")
				.withHeader("Sec-WebSocket-Version", "13")
				.write(out, false);
			return;
		}
		String head = "HTTP/1.1 101 Switching Protocols\r\n" + "Upgrade: websocket\r\n" + "Connection: Upgrade\r\n"
				+ "Sec-WebSocket-Accept: " + WebSocketChannel.acceptKey(key) + "\r\n\r\n";
		out.write(head.getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
		handler.handleWebSocket(request, new WebSocketChannel(socket, in, out));
	}

	private static void skipBody(HttpRequest request, InputStream in) throws IOException {
		String length = request.header("content-length");
		if (length == null) {
			return;
		}
		long remaining;
		try {
			remaining = Long.parseLong(length.trim());
		}
		catch (NumberFormatException e) {
			throw new IOException("Bad Content-Length");
		}
		while (remaining > 0) {
			long skipped = in.skip(remaining);
			if (skipped <= 0) {
				if (in.read() < 0) {
					throw new IOException("EOF in request body");
				}
				skipped = 1;
			}
			remaining -= skipped;
		}
	}

	/**
	 * Stops accepting, closes every socket and waits (bounded) for all server threads to
	 * end.
	 */
	@Override
	public void close() {
		synchronized (this) {
			if (closed) {
				return;
			}
			closed = true;
		}
		if (serverSocket != null) {
			closeQuietly(serverSocket);
		}
		for (Socket socket : sockets) {
			closeQuietly(socket);
		}
		if (workers != null) {
			workers.shutdownNow();
		}
		try {
			if (acceptThread != null) {
				acceptThread.join(5000);
			}
			for (Socket socket : sockets) { // sockets accepted while closing
				closeQuietly(socket);
			}
			if (workers != null && !workers.awaitTermination(5, TimeUnit.SECONDS)) {
				log.warn("Simulator connection threads did not stop within 5 s");
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ignored) {
			// nothing to do
		}
	}

}
