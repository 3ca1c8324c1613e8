package io.github.discordgateway.test;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LifecycleTest {

	private static List<String> simulatorThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter(name -> name.startsWith("gateway-sim-"))
			.toList();
	}

	@Test
	void closeStopsEveryThreadAndThePort() throws Exception {
		GatewaySimulator sim = GatewaySimulator.builder()
			.token("tok")
			.heartbeatInterval(Duration.ofSeconds(30)) // the raw client never heartbeats
			.build()
			.start();
		int port = sim.port();
		// A raw socket rather than the JDK client: the JDK's WebSocket sometimes never
		// reports a reset that arrives in the middle of a zlib-stream flood, which would
		// make this a test of the JDK instead of the simulator.
		try (RawWebSocket flooded = new RawWebSocket(port, "/?v=10&encoding=json&compress=zlib-stream");
				TestGatewayClient silent = TestGatewayClient.connect(sim)) {
			flooded.readFrame(); // HELLO
			flooded.sendText("{\"op\":2,\"d\":{\"token\":\"tok\",\"intents\":513,"
					+ "\"properties\":{\"os\":\"linux\",\"browser\":\"test\",\"device\":\"test\"}}}");
			sim.startTraffic(50);
			for (int i = 0; i < 3; i++) { // READY and the first events
				assertThat(flooded.readFrame().opcode()).isEqualTo(2);
			}
			silent.awaitOp(10);
			sim.latestConnection().orElseThrow().goSilent();
			assertThat(simulatorThreads()).isNotEmpty();

			sim.close();

			// bounded: a pool thread may still be leaving run() when awaitTermination
			// returns
			await().atMost(Duration.ofSeconds(5)).until(() -> simulatorThreads().isEmpty());
			assertThat(closedWithoutCloseFrame(flooded)).isTrue();
			assertThat(silent.awaitClose()).isEqualTo(1006);
			assertThat(sim.connections()).allMatch(c -> !c.isOpen());
			assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
			sim.close(); // idempotent
		}
	}

	/**
	 * Reads what is left on the wire until the connection ends: {@code true} when it
	 * ended by EOF or reset without a close frame (what a client reports as 1006); a read
	 * timeout fails the test.
	 */
	private static boolean closedWithoutCloseFrame(RawWebSocket socket) throws IOException {
		try {
			while (true) {
				if (socket.readFrame().opcode() == 8) {
					return false;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			throw ex;
		}
		catch (EOFException | SocketException ex) {
			return true;
		}
	}

	@Test
	void configuredPortIsUsedAndStartTwiceIsRejected() throws Exception {
		int free;
		try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
			free = probe.getLocalPort();
		}
		try (GatewaySimulator sim = GatewaySimulator.builder().port(free).build().start()) {
			assertThat(sim.port()).isEqualTo(free);
			assertThat(sim.apiBaseUrl()).isEqualTo("http://127.0.0.1:" + free + "/api/v10");
			assertThatThrownBy(sim::start).isInstanceOf(IllegalStateException.class);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> simulatorThreads().isEmpty());
	}

}
