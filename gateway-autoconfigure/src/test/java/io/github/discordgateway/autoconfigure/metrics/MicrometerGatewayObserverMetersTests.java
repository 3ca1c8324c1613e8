package io.github.discordgateway.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.discordgateway.core.GatewayCompression;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.ShardSnapshot;
import io.github.discordgateway.core.ShardState;

/** Every meter of {@link MicrometerGatewayObserver} besides the dispatch counter. */
class MicrometerGatewayObserverMetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<GatewayShard> shards = new ArrayList<>();

	private final MicrometerGatewayObserver observer = observer(this.registry, true);

	/**
	 * The observer with the delivery queue gauges bound, as the auto-configuration has
	 * it.
	 */
	private MicrometerGatewayObserver observer(MeterRegistry registry, boolean shardTag) {
		MicrometerGatewayObserver observer = new MicrometerGatewayObserver(registry, shardTag);
		new DeliveryQueueMetrics(observer, () -> this.shards).bindTo(registry);
		return observer;
	}

	private double counter(String name, String... tags) {
		var counter = this.registry.find(name).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double gauge(String name, String... tags) {
		return this.registry.get(name).tags(tags).gauge().value();
	}

	@Test
	void countsSessionsReconnectsPayloadsAndBytes() {
		this.observer.sessionStarted(0, false);
		this.observer.sessionStarted(0, true);
		this.observer.sessionStarted(0, true);
		this.observer.reconnecting(0, "close-4000");
		this.observer.reconnecting(0, "zombie");
		this.observer.reconnecting(0, "close-4000");
		this.observer.payloadSent(0, 1);
		this.observer.payloadSent(0, 1);
		this.observer.payloadSent(0, 2);
		this.observer.payloadReceived(0, 100, 400);
		this.observer.payloadReceived(0, 50, 200);
		this.observer.decodeFailed(0, "json");
		this.observer.sequenceAnomaly(0, 5, 7);
		this.observer.sequenceAnomaly(0, 5, 3);
		this.observer.sessionStoreFailed(0, "checkpoint");
		this.observer.sessionStoreFailed(0, "checkpoint");
		this.observer.sessionStoreFailed(0, "take");
		assertThat(counter(MicrometerGatewayObserver.SESSIONS, "shard", "0", "kind", "identify")).isEqualTo(1);
		assertThat(counter(MicrometerGatewayObserver.SESSIONS, "shard", "0", "kind", "resume")).isEqualTo(2);
		assertThat(counter(MicrometerGatewayObserver.RECONNECTS, "shard", "0", "reason", "close-4000")).isEqualTo(2);
		assertThat(counter(MicrometerGatewayObserver.RECONNECTS, "shard", "0", "reason", "zombie")).isEqualTo(1);
		assertThat(counter(MicrometerGatewayObserver.PAYLOADS_SENT, "shard", "0", "op", "1")).isEqualTo(2);
		assertThat(counter(MicrometerGatewayObserver.PAYLOADS_SENT, "shard", "0", "op", "2")).isEqualTo(1);
		assertThat(counter(MicrometerGatewayObserver.RECEIVED, "shard", "0", "stage", "wire")).isEqualTo(150);
		assertThat(counter(MicrometerGatewayObserver.RECEIVED, "shard", "0", "stage", "decoded")).isEqualTo(600);
		assertThat(this.registry.get(MicrometerGatewayObserver.RECEIVED).counter().getId().getBaseUnit())
			.isEqualTo("bytes");
		assertThat(counter(MicrometerGatewayObserver.DECODE_ERRORS, "shard", "0", "kind", "json")).isEqualTo(1);
		assertThat(counter(MicrometerGatewayObserver.SEQUENCE_ANOMALIES, "shard", "0", "kind", "gap")).isEqualTo(1);
		assertThat(counter(MicrometerGatewayObserver.SEQUENCE_ANOMALIES, "shard", "0", "kind", "repeat")).isEqualTo(1);
		assertThat(counter(MicrometerGatewayObserver.SESSION_STORE_FAILURES, "shard", "0", "operation", "checkpoint"))
			.isEqualTo(2);
		assertThat(counter(MicrometerGatewayObserver.SESSION_STORE_FAILURES, "shard", "0", "operation", "take"))
			.isEqualTo(1);
	}

	@Test
	void recordsHeartbeatAndDeliveryLatency() {
		this.observer.heartbeatAcknowledged(3, Duration.ofMillis(42));
		this.observer.heartbeatAcknowledged(3, null);
		this.observer.dispatchDelivered(3, "MESSAGE_CREATE", TimeUnit.MILLISECONDS.toNanos(5));
		var heartbeat = this.registry.get(MicrometerGatewayObserver.HEARTBEAT_LATENCY).tag("shard", "3").timer();
		assertThat(heartbeat.count()).isEqualTo(1);
		assertThat(heartbeat.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(42);
		var delivery = this.registry.get(MicrometerGatewayObserver.DELIVERY_LATENCY).tag("shard", "3").timer();
		assertThat(delivery.count()).isEqualTo(1);
		assertThat(delivery.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5);
	}

	@Test
	void timesOneDeliveryInSixteenAndCountsEvery() {
		for (int i = 0; i < 2 * MicrometerGatewayObserver.DELIVERY_LATENCY_SAMPLING; i++) {
			this.observer.dispatchDelivered(2, "MESSAGE_CREATE", TimeUnit.MILLISECONDS.toNanos(i + 1));
		}
		var delivery = this.registry.get(MicrometerGatewayObserver.DELIVERY_LATENCY).tag("shard", "2").timer();
		assertThat(delivery.count()).isEqualTo(2);
		assertThat(delivery.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1 + 17);
		assertThat(this.registry.get(MicrometerGatewayObserver.DISPATCHES).tag("shard", "2").counter().count())
			.isEqualTo(2 * MicrometerGatewayObserver.DELIVERY_LATENCY_SAMPLING);
	}

	@Test
	void connectedGaugeFollowsTheState() {
		this.observer.stateChanged(1, ShardState.IDLE, ShardState.CONNECTING);
		assertThat(gauge(MicrometerGatewayObserver.SHARD_CONNECTED, "shard", "1")).isZero();
		this.observer.stateChanged(1, ShardState.IDENTIFYING, ShardState.READY);
		assertThat(gauge(MicrometerGatewayObserver.SHARD_CONNECTED, "shard", "1")).isEqualTo(1);
		this.observer.stateChanged(1, ShardState.READY, ShardState.RECONNECTING);
		assertThat(gauge(MicrometerGatewayObserver.SHARD_CONNECTED, "shard", "1")).isZero();
		this.observer.stateChanged(1, ShardState.RESUMING, ShardState.READY);
		assertThat(gauge(MicrometerGatewayObserver.SHARD_CONNECTED, "shard", "1")).isEqualTo(1);
	}

	@Test
	void deliveryQueueGaugeReadsTheShardSnapshots() {
		this.shards.add(shard(0, 7));
		this.shards.add(shard(1, 2));
		this.observer.stateChanged(0, ShardState.IDLE, ShardState.CONNECTING);
		this.observer.stateChanged(1, ShardState.IDLE, ShardState.CONNECTING);
		assertThat(gauge(MicrometerGatewayObserver.DELIVERY_QUEUE, "shard", "0")).isEqualTo(7);
		assertThat(gauge(MicrometerGatewayObserver.DELIVERY_QUEUE, "shard", "1")).isEqualTo(2);
		this.shards.clear();
		assertThat(gauge(MicrometerGatewayObserver.DELIVERY_QUEUE, "shard", "0")).isZero();
	}

	@Test
	void withoutTheShardTagValuesAreAddedUp() {
		MicrometerGatewayObserver untagged = observer(this.registry, false);
		this.shards.add(shard(0, 3));
		this.shards.add(shard(1, 4));
		untagged.stateChanged(0, ShardState.IDENTIFYING, ShardState.READY);
		untagged.stateChanged(1, ShardState.IDENTIFYING, ShardState.READY);
		untagged.stateChanged(1, ShardState.READY, ShardState.RECONNECTING);
		untagged.sessionStarted(0, false);
		untagged.sessionStarted(1, false);
		assertThat(gauge(MicrometerGatewayObserver.SHARD_CONNECTED)).isEqualTo(1);
		assertThat(gauge(MicrometerGatewayObserver.DELIVERY_QUEUE)).isEqualTo(7);
		assertThat(counter(MicrometerGatewayObserver.SESSIONS, "kind", "identify")).isEqualTo(2);
		for (Meter meter : this.registry.getMeters()) {
			assertThat(meter.getId().getTag("shard")).as(meter.getId().toString()).isNull();
		}
	}

	@Test
	void reasonsKindsAndOpcodesAreBounded() {
		this.observer.reconnecting(0, "Close 4000 {token}");
		this.observer.reconnecting(0, null);
		this.observer.reconnecting(0, "-leading-dash");
		this.observer.reconnecting(0, "x".repeat(49));
		this.observer.decodeFailed(0, "JSON");
		this.observer.payloadSent(0, 64);
		this.observer.payloadSent(0, -1);
		for (int i = 0; i < MicrometerGatewayObserver.MAX_REASONS_PER_SHARD + 5; i++) {
			this.observer.reconnecting(0, "reason-" + i);
		}
		assertThat(counter(MicrometerGatewayObserver.RECONNECTS, "shard", "0", "reason", "other")).isEqualTo(4 + 5);
		assertThat(this.registry.find(MicrometerGatewayObserver.RECONNECTS).counters())
			.hasSize(MicrometerGatewayObserver.MAX_REASONS_PER_SHARD + 1);
		assertThat(counter(MicrometerGatewayObserver.DECODE_ERRORS, "shard", "0", "kind", "other")).isEqualTo(1);
		assertThat(counter(MicrometerGatewayObserver.PAYLOADS_SENT, "shard", "0", "op", "other")).isEqualTo(2);
	}

	@Test
	void prometheusNamesFollowTheDocumentedContract() {
		PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		MicrometerGatewayObserver observer = observer(prometheus, true);
		this.shards.add(shard(0, 0));
		exerciseEveryHook(observer);
		String scrape = prometheus.scrape();
		assertThat(scrape).contains("discord_gateway_dispatches_total{shard=\"0\",type=\"READY\"} 1.0")
			.contains("discord_gateway_heartbeat_latency_seconds_count{shard=\"0\"} 1")
			.contains("discord_gateway_heartbeat_latency_seconds_sum{shard=\"0\"}")
			.contains("discord_gateway_reconnects_total{reason=\"close-4000\",shard=\"0\"} 1.0")
			.contains("discord_gateway_sessions_total{kind=\"identify\",shard=\"0\"} 1.0")
			.contains("discord_gateway_sessions_total{kind=\"resume\",shard=\"0\"} 1.0")
			.contains("discord_gateway_shard_connected{shard=\"0\"} 1.0")
			.contains("discord_gateway_received_bytes_total{shard=\"0\",stage=\"wire\"} 10.0")
			.contains("discord_gateway_received_bytes_total{shard=\"0\",stage=\"decoded\"} 20.0")
			.contains("discord_gateway_payloads_sent_total{op=\"2\",shard=\"0\"} 1.0")
			.contains("discord_gateway_decode_errors_total{kind=\"json\",shard=\"0\"} 1.0")
			.contains("discord_gateway_delivery_latency_seconds_count{shard=\"0\"} 1")
			.contains("discord_gateway_delivery_queue{shard=\"0\"} 0.0")
			.contains("discord_gateway_sequence_anomalies_total{kind=\"gap\",shard=\"0\"} 1.0");
	}

	/** Calls every observer hook once for shard 0. */
	static void exerciseEveryHook(MicrometerGatewayObserver observer) {
		observer.stateChanged(0, ShardState.IDLE, ShardState.CONNECTING);
		observer.payloadReceived(0, 10, 20);
		observer.payloadSent(0, 2);
		observer.heartbeatAcknowledged(0, Duration.ofMillis(30));
		observer.decodeFailed(0, "json");
		observer.sessionStarted(0, false);
		observer.sessionStarted(0, true);
		observer.reconnecting(0, "close-4000");
		observer.stateChanged(0, ShardState.IDENTIFYING, ShardState.READY);
		observer.dispatchDelivered(0, "READY", 1000);
		observer.sequenceAnomaly(0, 2, 3);
	}

	private static GatewayShard shard(int id, int backlog) {
		ShardSnapshot snapshot = new ShardSnapshot(id, 2, ShardState.READY, null, true, 1, null, "127.0.0.1",
				GatewayEncoding.JSON, GatewayCompression.NONE, null, null, 0, null, backlog, null);
		return new GatewayShard() {

			@Override
			public int id() {
				return id;
			}

			@Override
			public ShardState state() {
				return ShardState.READY;
			}

			@Override
			public ShardSnapshot snapshot() {
				return snapshot;
			}

			@Override
			public void reconnect(boolean resume) {
			}

			@Override
			public java.util.concurrent.CompletableFuture<Void> send(int opcode, tools.jackson.databind.JsonNode data) {
				return java.util.concurrent.CompletableFuture.completedFuture(null);
			}

		};
	}

}
