package io.github.discordgateway.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayDispatchTest {

	@Test
	void buildsDeferredDataOnceWhateverTheNumberOfReaders() throws Exception {
		AtomicInteger builds = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		GatewayDispatch dispatch = new GatewayDispatch(0, 1, "MESSAGE_CREATE", () -> {
			builds.incrementAndGet();
			return JsonNodeFactory.instance.objectNode().put("id", "1");
		});
		ExecutorService readers = Executors.newFixedThreadPool(8);
		try {
			List<CompletableFuture<JsonNode>> reads = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				reads.add(CompletableFuture.supplyAsync(() -> {
					awaitQuietly(start);
					return dispatch.data();
				}, readers));
			}
			start.countDown();
			JsonNode first = reads.get(0).get(10, TimeUnit.SECONDS);
			for (CompletableFuture<JsonNode> read : reads) {
				assertThat(read.get(10, TimeUnit.SECONDS)).isSameAs(first);
			}
		}
		finally {
			readers.shutdownNow();
		}
		assertThat(builds).hasValue(1);
	}

	@Test
	void reportsADataSourceFailureWithTheDispatchAndTriesAgainOnTheNextRead() {
		AtomicInteger attempts = new AtomicInteger();
		GatewayDispatch dispatch = new GatewayDispatch(2, 41, "TYPING_START", () -> {
			if (attempts.incrementAndGet() == 1) {
				throw new IllegalStateException("broken");
			}
			return JsonNodeFactory.instance.objectNode();
		});
		assertThatThrownBy(dispatch::data).isInstanceOf(GatewayException.class)
			.hasMessageContaining("shard=2")
			.hasMessageContaining("s=41")
			.hasMessageContaining("TYPING_START")
			.hasRootCauseMessage("broken");
		assertThat(dispatch.data().isObject()).isTrue();
		assertThat(attempts).hasValue(2);
	}

	@Test
	void showsNoDataInToString() {
		GatewayDispatch dispatch = new GatewayDispatch(0, 7, "INTERACTION_CREATE",
				JsonNodeFactory.instance.objectNode().put("token", "interaction-secret"));
		assertThat(dispatch.toString()).contains("INTERACTION_CREATE").doesNotContain("interaction-secret");
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
