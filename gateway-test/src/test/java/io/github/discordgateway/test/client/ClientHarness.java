package io.github.discordgateway.test.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import org.springframework.web.socket.client.WebSocketClient;

import io.github.discordgateway.core.BotToken;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.GatewaySessionStore;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.ShardDisconnect;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.manager.GatewayShardManager;
import io.github.discordgateway.test.GatewaySimulator;

/**
 * Runs a {@link GatewayShardManager} against a {@link GatewaySimulator} and records
 * everything the application side sees. Timings are shortened so that fault scenarios run
 * in seconds.
 */
final class ClientHarness implements AutoCloseable {

	static final String TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.harness.token-value";

	final GatewaySimulator simulator;

	final Recorder recorder = new Recorder();

	final GatewayShardManager manager;

	ClientHarness(GatewaySimulator simulator, UnaryOperator<GatewayOptions.Builder> customizer) {
		this(simulator, customizer, null);
	}

	ClientHarness(GatewaySimulator simulator, UnaryOperator<GatewayOptions.Builder> customizer,
			GatewayListener listener) {
		this(simulator, customizer, listener, null);
	}

	ClientHarness(GatewaySimulator simulator, UnaryOperator<GatewayOptions.Builder> customizer,
			GatewayListener listener, GatewaySessionStore sessionStore) {
		this(simulator, customizer, listener, sessionStore, null);
	}

	/** With {@code webSocketClient} {@code null}, the manager's default client. */
	ClientHarness(GatewaySimulator simulator, UnaryOperator<GatewayOptions.Builder> customizer,
			GatewayListener listener, GatewaySessionStore sessionStore, WebSocketClient webSocketClient) {
		this.simulator = simulator;
		GatewayOptions options = customizer.apply(fastOptions(simulator)).build();
		this.manager = GatewayShardManager
			.builder(options, (listener != null) ? new Tee(listener, this.recorder) : this.recorder)
			.observer(this.recorder)
			.sessionStore(sessionStore)
			.webSocketClient(webSocketClient)
			.build();
	}

	static GatewaySimulator.Builder simulator() {
		return GatewaySimulator.builder()
			.token(TOKEN)
			.heartbeatInterval(Duration.ofMillis(500))
			.identifyWindow(Duration.ZERO)
			.resumeGatewayUrl("ws://127.0.0.1:{port}/resume");
	}

	static GatewayOptions.Builder fastOptions(GatewaySimulator simulator) {
		return GatewayOptions.builder(BotToken.of(TOKEN))
			.encoding(GatewayEncoding.JSON)
			.apiBaseUrl(URI.create(simulator.apiBaseUrl()))
			.reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
			.invalidSessionDelay(Duration.ofMillis(100), Duration.ofMillis(300))
			.identifyInterval(Duration.ZERO)
			.helloTimeout(Duration.ofSeconds(3))
			.readyTimeout(Duration.ofSeconds(5))
			.closeTimeout(Duration.ofSeconds(2));
	}

	ClientHarness start() {
		this.manager.start();
		return this;
	}

	GatewayShard shard() {
		return this.manager.shard(0);
	}

	boolean isReady() {
		GatewayShard shard = shard();
		return shard != null && shard.state() == ShardState.READY;
	}

	@Override
	public void close() {
		this.manager.stop();
		this.simulator.close();
	}

	/** Records what the application sees, in delivery order. */
	static final class Recorder implements GatewayListener, GatewayObserver {

		final List<GatewayDispatch> dispatches = new CopyOnWriteArrayList<>();

		final List<String> lifecycle = new CopyOnWriteArrayList<>();

		final List<Long> resumedReplays = new CopyOnWriteArrayList<>();

		final List<ShardDisconnect> disconnects = new CopyOnWriteArrayList<>();

		final Map<String, AtomicLong> decodeFailures = new ConcurrentHashMap<>();

		final Map<String, AtomicLong> reconnectReasons = new ConcurrentHashMap<>();

		final Map<String, AtomicLong> sessionStoreFailures = new ConcurrentHashMap<>();

		final AtomicLong identifies = new AtomicLong();

		final AtomicLong resumes = new AtomicLong();

		final AtomicLong sequenceAnomalies = new AtomicLong();

		/**
		 * Whether {@link #dispatches} keeps every dispatch; long runs (SoakTest) turn it
		 * off to keep memory flat.
		 */
		volatile boolean keepDispatches = true;

		@Override
		public void onDispatch(GatewayDispatch dispatch) {
			if (this.keepDispatches) {
				this.dispatches.add(dispatch);
			}
		}

		@Override
		public void onShardReady(int shardId, String sessionId) {
			this.lifecycle.add("ready:" + shardId);
		}

		@Override
		public void onShardResumed(int shardId, long replayedEvents) {
			this.lifecycle.add("resumed:" + shardId);
			this.resumedReplays.add(replayedEvents);
		}

		@Override
		public void onShardDisconnected(int shardId, ShardDisconnect disconnect) {
			this.lifecycle.add("disconnected:" + shardId + ":" + disconnect.closeCode());
			this.disconnects.add(disconnect);
		}

		@Override
		public void decodeFailed(int shardId, String kind) {
			this.decodeFailures.computeIfAbsent(kind, (k) -> new AtomicLong()).incrementAndGet();
		}

		@Override
		public void reconnecting(int shardId, String reason) {
			this.reconnectReasons.computeIfAbsent(reason, (k) -> new AtomicLong()).incrementAndGet();
		}

		@Override
		public void sessionStarted(int shardId, boolean resumed) {
			(resumed ? this.resumes : this.identifies).incrementAndGet();
		}

		@Override
		public void sequenceAnomaly(int shardId, long expected, long actual) {
			this.sequenceAnomalies.incrementAndGet();
		}

		@Override
		public void sessionStoreFailed(int shardId, String operation) {
			this.sessionStoreFailures.computeIfAbsent(operation, (k) -> new AtomicLong()).incrementAndGet();
		}

		long count(String type) {
			return this.dispatches.stream().filter((dispatch) -> dispatch.type().equals(type)).count();
		}

		List<Long> sequences(String type) {
			List<Long> sequences = new ArrayList<>();
			for (GatewayDispatch dispatch : this.dispatches) {
				if (dispatch.type().equals(type)) {
					sequences.add(dispatch.sequence());
				}
			}
			return sequences;
		}

		long decodeFailures(String kind) {
			AtomicLong count = this.decodeFailures.get(kind);
			return (count != null) ? count.get() : 0;
		}

	}

	/** Sends every callback to the test's listener and to the recorder. */
	private record Tee(GatewayListener first, GatewayListener second) implements GatewayListener {

		@Override
		public void onDispatch(GatewayDispatch dispatch) {
			try {
				this.first.onDispatch(dispatch);
			}
			finally {
				this.second.onDispatch(dispatch);
			}
		}

		@Override
		public void onShardReady(int shardId, String sessionId) {
			this.first.onShardReady(shardId, sessionId);
			this.second.onShardReady(shardId, sessionId);
		}

		@Override
		public void onShardResumed(int shardId, long replayedEvents) {
			this.first.onShardResumed(shardId, replayedEvents);
			this.second.onShardResumed(shardId, replayedEvents);
		}

		@Override
		public void onShardDisconnected(int shardId, ShardDisconnect disconnect) {
			this.first.onShardDisconnected(shardId, disconnect);
			this.second.onShardDisconnected(shardId, disconnect);
		}

	}

}
