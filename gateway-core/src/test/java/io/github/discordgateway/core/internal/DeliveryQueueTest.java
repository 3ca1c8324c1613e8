package io.github.discordgateway.core.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayObserver;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeliveryQueueTest {

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	@AfterEach
	void shutdown() {
		this.executor.shutdownNow();
	}

	@Test
	void deliversInOrderOneAtATimeAndSurvivesThrowingListeners() {
		List<Long> seen = new CopyOnWriteArrayList<>();
		AtomicBoolean inside = new AtomicBoolean();
		AtomicBoolean overlapped = new AtomicBoolean();
		GatewayListener listener = (dispatch) -> {
			if (!inside.compareAndSet(false, true)) {
				overlapped.set(true);
			}
			seen.add(dispatch.sequence());
			inside.set(false);
			if (dispatch.sequence() % 10 == 0) {
				throw new IllegalStateException("listener bug");
			}
		};
		DeliveryQueue queue = new DeliveryQueue(0, 64, this.executor, listener, GatewayObserver.NONE);
		for (long s = 1; s <= 5000; s++) {
			assertThat(queue.enqueue(dispatch(s), () -> true)).isTrue();
		}
		await().atMost(10, TimeUnit.SECONDS).until(() -> seen.size() == 5000);
		assertThat(overlapped).isFalse();
		for (int i = 0; i < seen.size(); i++) {
			assertThat(seen.get(i)).isEqualTo(i + 1);
		}
		await().atMost(5, TimeUnit.SECONDS).until(() -> queue.lastDeliveredSequence() == 5000);
	}

	@Test
	void fullQueueMakesTheProducerWaitInsteadOfDropping() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		List<Long> seen = new CopyOnWriteArrayList<>();
		GatewayListener blocking = (dispatch) -> {
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			seen.add(dispatch.sequence());
		};
		DeliveryQueue queue = new DeliveryQueue(0, 4, this.executor, blocking, GatewayObserver.NONE);
		Thread producer = new Thread(() -> {
			for (long s = 1; s <= 20; s++) {
				queue.enqueue(dispatch(s), () -> true);
			}
		});
		producer.start();
		await().atMost(5, TimeUnit.SECONDS).until(queue::isProducerWaiting);
		release.countDown();
		producer.join(5000);
		await().atMost(5, TimeUnit.SECONDS).until(() -> seen.size() == 20);
		assertThat(queue.isProducerWaiting()).isFalse();
	}

	@Test
	void waitingProducerGivesUpWhenToldTo() {
		CountDownLatch never = new CountDownLatch(1);
		DeliveryQueue queue = new DeliveryQueue(0, 1, this.executor, (dispatch) -> {
			try {
				never.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, GatewayObserver.NONE);
		queue.enqueue(dispatch(1), () -> true);
		await().atMost(5, TimeUnit.SECONDS).until(() -> queue.size() == 0);
		queue.enqueue(dispatch(2), () -> true);
		assertThat(queue.enqueue(dispatch(3), () -> false)).isFalse();
		never.countDown();
	}

	private static GatewayDispatch dispatch(long sequence) {
		return new GatewayDispatch(0, sequence, "MESSAGE_CREATE", JsonNodeFactory.instance.objectNode());
	}

}
