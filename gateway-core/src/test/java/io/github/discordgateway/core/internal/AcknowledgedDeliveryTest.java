package io.github.discordgateway.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.github.discordgateway.core.AcknowledgingGatewayListener;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.internal.payload.GatewayPayload;

/**
 * Delivery to an {@link AcknowledgingGatewayListener}: the delivered sequence follows the
 * listener's completions in order, and a bounded number of dispatches wait for theirs.
 * Also the raw data of a dispatch, which forwarders pass on.
 */
class AcknowledgedDeliveryTest {

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@AfterEach
	void shutdown() {
		this.executor.shutdownNow();
	}

	@Test
	void deliveredSequenceAdvancesOnlyOverCompletedDispatchesInOrder() {
		Acknowledging listener = new Acknowledging(16);
		DeliveryQueue queue = new DeliveryQueue(0, 64, this.executor, listener, GatewayObserver.NONE);
		for (long s = 1; s <= 3; s++) {
			queue.enqueue(dispatch(s), () -> true);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> listener.pending.size() == 3);
		listener.pending.get(2).complete(null);
		listener.pending.get(1).completeExceptionally(new IllegalStateException("counts as delivered"));
		assertThat(queue.lastDeliveredSequence()).isZero();
		listener.pending.get(0).complete(null);
		assertThat(queue.lastDeliveredSequence()).isEqualTo(3);
	}

	@Test
	void aFullWindowHoldsDeliveryBackUntilACompletionAndTheQueueFills() {
		Acknowledging listener = new Acknowledging(4);
		DeliveryQueue queue = new DeliveryQueue(0, 8, this.executor, listener, GatewayObserver.NONE);
		Thread producer = new Thread(() -> {
			for (long s = 1; s <= 20; s++) {
				queue.enqueue(dispatch(s), () -> true);
			}
		});
		producer.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> queue.isProducerWaiting() && listener.pending.size() == 4);
		assertThat(queue.size()).isEqualTo(8);
		listener.pending.get(0).complete(null);
		await().atMost(Duration.ofSeconds(5)).until(() -> listener.pending.size() == 5);
		assertThat(queue.lastDeliveredSequence()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			listener.pending.forEach((stage) -> stage.complete(null));
			return queue.lastDeliveredSequence() == 20;
		});
		assertThat(listener.pending).hasSize(20);
	}

	@Test
	void aHandoverKeepsTheDeliveredSequenceBeforeTheFirstUnconfirmedDispatch() {
		Acknowledging listener = new Acknowledging(2);
		DeliveryQueue queue = new DeliveryQueue(0, 8, this.executor, listener, GatewayObserver.NONE);
		for (long s = 1; s <= 5; s++) {
			queue.enqueue(dispatch(s), () -> true);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> listener.pending.size() == 2);
		listener.pending.get(1).complete(null);
		queue.withholdPendingDispatches(Duration.ofMillis(200));
		assertThat(queue.lastDeliveredSequence()).isZero();
		assertThat(listener.pending).hasSize(2);
		listener.pending.get(0).complete(null);
		assertThat(queue.lastDeliveredSequence()).isEqualTo(2);
	}

	@Test
	void dataJsonIsTheReceivedBytesForJsonAndTheTreeForEtf() {
		String data = "{ \"content\" : \"caf\\u00e9 \\\"x\\\"\", \"n\":1.50e2,\"a\":[ 1 ,2] }";
		byte[] payload = ("{\"op\":0,\"s\":7,\"t\":\"MESSAGE_CREATE\",\"d\":" + data + "}")
			.getBytes(StandardCharsets.UTF_8);
		GatewayPayload decoded = new JsonCodec().decode(payload, 0, payload.length);
		GatewayDispatch dispatch = new GatewayDispatch(0, 7, "MESSAGE_CREATE", decoded);
		assertThat(new String(dispatch.dataJson(), StandardCharsets.UTF_8)).isEqualTo(data);
		assertThat(dispatch.data().path("content").asString()).isEqualTo("caf\u00e9 \"x\"");
		assertThat(new String(dispatch.dataJson(), StandardCharsets.UTF_8)).isEqualTo(data);

		ObjectNode envelope = JsonNodeFactory.instance.objectNode().put("op", 0).put("s", 8).put("t", "MESSAGE_CREATE");
		envelope.putObject("d").put("content", "hello").put("guild_id", "42");
		byte[] etf = EtfCodec.encodeTerm(envelope);
		GatewayDispatch fromEtf = new GatewayDispatch(0, 8, "MESSAGE_CREATE",
				new EtfCodec().decode(etf, 0, etf.length));
		assertThat(JsonMapper.shared().readTree(fromEtf.dataJson())).isEqualTo(envelope.get("d"));
	}

	private static GatewayDispatch dispatch(long sequence) {
		return new GatewayDispatch(0, sequence, "MESSAGE_CREATE", JsonNodeFactory.instance.objectNode());
	}

	private static final class Acknowledging implements AcknowledgingGatewayListener {

		final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();

		private final int maxInFlight;

		Acknowledging(int maxInFlight) {
			this.maxInFlight = maxInFlight;
		}

		@Override
		public CompletionStage<?> deliver(GatewayDispatch dispatch) {
			CompletableFuture<Void> done = new CompletableFuture<>();
			this.pending.add(done);
			return done;
		}

		@Override
		public int maxInFlight() {
			return this.maxInFlight;
		}

	}

}
