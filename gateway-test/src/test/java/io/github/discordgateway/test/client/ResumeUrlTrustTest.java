package io.github.discordgateway.test.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import jakarta.websocket.ContainerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import io.github.discordgateway.core.FileGatewaySessionStore;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.GatewaySessionStore;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.StoredSession;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.SimulatedConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resume URLs are trusted only when they keep the connection's security and point at the
 * gateway.
 */
class ResumeUrlTrustTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@TempDir
	Path directory;

	@Test
	void aPlaintextResumeUrlOfferedOnATlsSessionIsNeverConnectedTo() throws Exception {
		char[] password = "simulator".toCharArray();
		KeyStore keys = simulatorKeyStore(password);
		try (PlainListener plain = new PlainListener();
				GatewaySimulator simulator = ClientHarness.simulator()
					.tls(serverContext(keys, password))
					.resumeGatewayUrl("ws://127.0.0.1:" + plain.port() + "/resume")
					.build()
					.start()) {
			GatewayOptions options = ClientHarness.fastOptions(simulator)
				.gatewayUrl(URI.create(simulator.gatewayUrl()))
				.shardTotal(1)
				.build();
			StandardWebSocketClient client = new StandardWebSocketClient(ContainerProvider.getWebSocketContainer());
			client.setSslContext(clientContext(keys));
			GatewayShardManager manager = GatewayShardManager.builder(options, (dispatch) -> {
			}).webSocketClient(client).build();
			manager.start();
			try {
				await().atMost(WAIT).until(() -> manager.shard(0).state() == ShardState.READY);
				SimulatedConnection first = simulator.latestConnection().orElseThrow();
				first.close(4000, "resume please");
				await().atMost(WAIT)
					.until(() -> simulator.resumes().size() == 1 && manager.shard(0).state() == ShardState.READY);
				assertThat(plain.accepted()).as("connections to the ws:// resume URL").isZero();
				assertThat(simulator.identifies()).hasSize(1);
				assertThat(simulator.connections()).hasSize(2);
				assertThat(simulator.latestConnection().orElseThrow().path()).isEqualTo("/");
			}
			finally {
				manager.stop();
			}
		}
	}

	@Test
	void aStoredSessionChangedInTheStoreIsIgnored() throws Exception {
		GatewaySessionStore store = new FileGatewaySessionStore(this.directory, Duration.ofMinutes(2));
		try (GatewaySimulator simulator = ClientHarness.simulator().build().start()) {
			ClientHarness first = new ClientHarness(simulator, (options) -> options, null, store).start();
			await().atMost(WAIT).until(first::isReady);
			first.manager.stop();
			Path file = this.directory.resolve("shard-0-of-1.json");
			String saved = Files.readString(file);
			assertThat(StoredSession.fromJson(saved).seal()).isNotBlank();
			// Whoever can write the store points the next RESUME, with the token,
			// elsewhere.
			Files.writeString(file,
					saved.replace("ws://127.0.0.1:" + simulator.port() + "/resume", "ws://127.0.0.1:1/steal"));

			ClientHarness second = new ClientHarness(simulator, (options) -> options, null, store).start();
			try {
				await().atMost(WAIT).until(second::isReady);
				assertThat(simulator.resumes()).isEmpty();
				assertThat(simulator.identifies()).hasSize(2);
			}
			finally {
				second.manager.stop();
			}
		}
	}

	/**
	 * The simulator's key: a self-signed EC certificate for 127.0.0.1, valid for 100
	 * years, made with
	 * {@code keytool -genkeypair -alias simulator -keyalg EC -groupname secp256r1 -dname CN=127.0.0.1
	 * -ext san=ip:127.0.0.1,dns:localhost -validity 36500 -storetype PKCS12 -storepass simulator}.
	 */
	private static KeyStore simulatorKeyStore(char[] password) throws Exception {
		KeyStore keys = KeyStore.getInstance("PKCS12");
		try (InputStream in = ResumeUrlTrustTest.class.getResourceAsStream("/simulator-tls.p12")) {
			keys.load(in, password);
		}
		return keys;
	}

	private static SSLContext serverContext(KeyStore keys, char[] password) throws Exception {
		KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		managers.init(keys, password);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(managers.getKeyManagers(), null, null);
		return context;
	}

	private static SSLContext clientContext(KeyStore keys) throws Exception {
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry("simulator", keys.getCertificate("simulator"));
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

	/** A plain TCP listener that counts who connects to it. */
	private static final class PlainListener implements AutoCloseable {

		private final ServerSocket socket;

		private final AtomicInteger accepted = new AtomicInteger();

		PlainListener() throws IOException {
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(() -> {
				while (!this.socket.isClosed()) {
					try (Socket ignored = this.socket.accept()) {
						this.accepted.incrementAndGet();
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "plain-listener");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.socket.getLocalPort();
		}

		int accepted() {
			return this.accepted.get();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
