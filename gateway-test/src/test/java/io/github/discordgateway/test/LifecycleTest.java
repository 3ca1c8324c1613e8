package io.github.discordgateway.test;

import java.net.ConnectException;
import java.net.Socket;
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
			.heartbeatInterval(Duration.ofMillis(500))
			.build()
			.start();
		int port = sim.port();
		TestGatewayClient client = TestGatewayClient.connectZlib(sim);
		TestGatewayClient silent = TestGatewayClient.connect(sim);
		client.awaitOp(10);
		client.identify("tok");
		client.awaitDispatch("READY");
		sim.startTraffic(50);
		silent.awaitOp(10);
		sim.latestConnection().orElseThrow().goSilent();
		assertThat(simulatorThreads()).isNotEmpty();

		sim.close();

		assertThat(simulatorThreads()).isEmpty();
		assertThat(client.awaitClose()).isEqualTo(1006);
		assertThat(sim.connections()).allMatch(c -> !c.isOpen());
		assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
		sim.close(); // idempotent
		client.close();
		silent.close();
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
