package io.github.discordgateway.test.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Gives tests a real Redis server on loopback, one for the whole test run:
 * <ol>
 * <li>the one on {@code 127.0.0.1:$DISCORD_GATEWAY_TEST_REDIS_PORT} when that variable is
 * set (CI may start one);</li>
 * <li>else a fresh {@code redis-server} from the PATH (Debian's {@code redis-server}
 * package) on a free port, without persistence;</li>
 * <li>else the same with the binary bundled in
 * {@code com.github.codemonstur:embedded-redis} when the tests have it on their
 * classpath, so that a fresh machine needs nothing installed.</li>
 * </ol>
 * ({@value #SERVER_PROPERTY}={@code bundled} forces the last.) A server it started is
 * stopped when the test run ends (and by a shutdown hook should the JVM die first). Tests
 * get it as a {@link RedisServer} parameter and keep apart by key prefix, never by
 * flushing.
 */
public final class RedisServerExtension implements BeforeAllCallback, ParameterResolver {

	/** Environment variable naming the port of an already running Redis on 127.0.0.1. */
	public static final String PORT_VARIABLE = "DISCORD_GATEWAY_TEST_REDIS_PORT";

	/**
	 * System property choosing the redis-server to start: a path, or {@code bundled} for
	 * the one in embedded-redis (to check that fallback on a machine that has Redis
	 * installed).
	 */
	public static final String SERVER_PROPERTY = "discord.gateway.test.redis-server";

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(RedisServerExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		server(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == RedisServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return server(context);
	}

	private static RedisServer server(ExtensionContext context) {
		return context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent(RedisServer.class, (key) -> RedisServer.start(), RedisServer.class);
	}

	/**
	 * A Redis server on 127.0.0.1; closing it stops the process if this class started it.
	 */
	public static final class RedisServer implements AutoCloseable {

		private final int port;

		private final Process process;

		private final Thread shutdownHook;

		private final String origin;

		private RedisServer(int port, Process process, String origin) {
			this.port = port;
			this.process = process;
			this.origin = origin;
			if (process != null) {
				this.shutdownHook = new Thread(process::destroyForcibly, "redis-test-server-stop");
				Runtime.getRuntime().addShutdownHook(this.shutdownHook);
			}
			else {
				this.shutdownHook = null;
			}
		}

		/** The port on 127.0.0.1. */
		public int port() {
			return this.port;
		}

		/** Where the server comes from, for messages. */
		public String origin() {
			return this.origin;
		}

		/** A new started connection factory; destroy it after use. */
		public LettuceConnectionFactory connectionFactory() {
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", this.port));
			factory.afterPropertiesSet();
			factory.start();
			return factory;
		}

		/**
		 * Starts a redis-server of its own (even when {@value #PORT_VARIABLE} names a
		 * shared one) for a test that disturbs it ({@link #suspend()}); close it after
		 * use.
		 * @return the server
		 */
		public static RedisServer startDedicated() {
			return startProcess(List.of());
		}

		/**
		 * Freezes the server process (SIGSTOP): connections stay open and commands wait
		 * unanswered, like a hung Redis. Always {@link #resume()} it (in a finally
		 * block).
		 */
		public void suspend() {
			signal("STOP");
		}

		/** Lets a {@link #suspend() suspended} server go on (SIGCONT). */
		public void resume() {
			signal("CONT");
		}

		private void signal(String signal) {
			if (this.process == null) {
				throw new IllegalStateException("Only a redis-server started by the test can be signalled");
			}
			try {
				Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(this.process.pid()))
					.redirectErrorStream(true)
					.start();
				if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
					throw new IllegalStateException("kill -" + signal + " " + this.process.pid() + " failed");
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot run kill -" + signal, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while signalling redis-server", ex);
			}
		}

		/** A key prefix no other test uses. */
		public static String uniquePrefix(String name) {
			return "test-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
		}

		/** Stops the server if this class started it. */
		@Override
		public void close() {
			if (this.process == null) {
				return;
			}
			this.process.destroy();
			try {
				if (!this.process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException ex) {
				// The JVM is shutting down already.
			}
		}

		static RedisServer start() {
			String configured = System.getenv(PORT_VARIABLE);
			if (configured != null && !configured.isBlank()) {
				int port = Integer.parseInt(configured.strip());
				if (!ping(port, Duration.ofSeconds(5))) {
					throw new IllegalStateException(
							PORT_VARIABLE + "=" + port + " but no Redis answers on 127.0.0.1:" + port);
				}
				return new RedisServer(port, null, "127.0.0.1:" + port + " from " + PORT_VARIABLE);
			}
			return startProcess(List.of());
		}

		/**
		 * Starts a redis-server process of its own.
		 * @param options more command-line options, e.g. {@code --cluster-enabled yes}
		 */
		static RedisServer startProcess(List<String> options) {
			String choice = System.getProperty(SERVER_PROPERTY, "");
			Path executable = choice.isBlank() ? findOnPath("redis-server")
					: "bundled".equals(choice) ? null : Path.of(choice);
			String origin = choice.isBlank() ? "redis-server from the PATH" : choice;
			if (executable == null) {
				executable = extractBundled();
				origin = "redis-server bundled in embedded-redis";
			}
			IllegalStateException failure = null;
			for (int attempt = 0; attempt < 3; attempt++) {
				try {
					return launch(executable, origin, options);
				}
				catch (IllegalStateException ex) {
					failure = ex;
				}
			}
			throw failure;
		}

		private static RedisServer launch(Path executable, String origin, List<String> options) {
			int port = freePort();
			Path directory;
			try {
				// Under target/, not /tmp: the log file inside keeps deleteOnExit from
				// removing a directory.
				directory = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "redis-test-");
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot create a directory for redis-server", ex);
			}
			List<String> command = new ArrayList<>(
					List.of(executable.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
							"--appendonly", "no", "--daemonize", "no", "--dir", directory.toString()));
			command.addAll(options);
			File log = directory.resolve("redis.log").toFile();
			Process process;
			try {
				process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot start " + executable, ex);
			}
			if (!ping(port, Duration.ofSeconds(10)) || !process.isAlive()) {
				process.destroyForcibly();
				throw new IllegalStateException("redis-server did not answer on port " + port + ": " + tail(log));
			}
			return new RedisServer(port, process, origin + " on 127.0.0.1:" + port);
		}

		private static Path findOnPath(String name) {
			String path = System.getenv("PATH");
			List<String> directories = new ArrayList<>(
					(path != null) ? List.of(path.split(File.pathSeparator)) : List.of());
			directories.add("/usr/bin");
			directories.add("/usr/sbin");
			for (String directory : directories) {
				if (directory.isBlank()) {
					continue;
				}
				Path candidate = Path.of(directory, name);
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return candidate;
				}
			}
			return null;
		}

		private static Path extractBundled() {
			String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
			String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
			String resource;
			if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
				resource = "/redis-server-6.2.6-v5-linux-amd64";
			}
			else if (os.contains("linux") && (arch.equals("aarch64") || arch.equals("arm64"))) {
				resource = "/redis-server-6.2.7-linux-arm64";
			}
			else if (os.contains("mac") && (arch.equals("aarch64") || arch.equals("arm64"))) {
				resource = "/redis-server-6.2.6-v5-darwin-arm64";
			}
			else if (os.contains("mac")) {
				resource = "/redis-server-6.2.6-v5-darwin-amd64";
			}
			else {
				throw new IllegalStateException("No redis-server on the PATH and none bundled for " + os + "/" + arch
						+ "; install Redis or set " + PORT_VARIABLE);
			}
			try (InputStream in = RedisServerExtension.class.getResourceAsStream(resource)) {
				if (in == null) {
					throw new IllegalStateException("No redis-server on the PATH and " + resource
							+ " is not on the test classpath (com.github.codemonstur:embedded-redis)");
				}
				Path file = Files.createTempFile(Files.createDirectories(Path.of("target")), "redis-server-", "");
				Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
				if (!file.toFile().setExecutable(true)) {
					throw new IllegalStateException("Cannot make " + file + " executable");
				}
				return file;
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot extract the bundled redis-server", ex);
			}
		}

		private static int freePort() {
			try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				throw new IllegalStateException("No free port", ex);
			}
		}

		static boolean ping(int port, Duration timeout) {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (System.nanoTime() < deadline) {
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
					socket.setSoTimeout(1000);
					OutputStream out = socket.getOutputStream();
					out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
					out.flush();
					byte[] answer = new byte[7];
					int read = socket.getInputStream().readNBytes(answer, 0, 7);
					if (new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG")) {
						return true;
					}
				}
				catch (IOException ex) {
					// Not up yet.
				}
				if (!pause(Duration.ofMillis(50))) {
					return false;
				}
			}
			return false;
		}

		/**
		 * The wait between two checks of a polled condition.
		 * @return {@code false} when interrupted
		 */
		static boolean pause(Duration pause) {
			try {
				Thread.sleep(pause.toMillis());
				return true;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

		private static String tail(File log) {
			try {
				String text = Files.readString(log.toPath());
				return (text.length() > 2000) ? text.substring(text.length() - 2000) : text;
			}
			catch (IOException ex) {
				return "(no log)";
			}
		}

		@Override
		public String toString() {
			return this.origin;
		}

	}

}
