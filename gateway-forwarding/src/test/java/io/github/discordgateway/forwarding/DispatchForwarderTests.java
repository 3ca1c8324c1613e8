package io.github.discordgateway.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.core.GatewayDispatch;
import tools.jackson.databind.json.JsonMapper;

/**
 * The forwarder's ordering and retry rules, against a writer whose answers the test
 * gives: writes of a shard go out in order, a failure stops the lane, the oldest
 * unconfirmed envelope is retried alone and the rest follow in order, and a dispatch
 * completes only once its write was confirmed.
 */
class DispatchForwarderTests {

	private final ScriptedWriter writer = new ScriptedWriter();

	private final DispatchForwarder forwarder = DispatchForwarder.builder(this.writer, () -> 2)
		.retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
		.forwardedTypes((type) -> !type.equals("PRESENCE_UPDATE"))
		.build();

	@AfterEach
	void close() {
		this.forwarder.close();
	}

	@Test
	void failedWritesAreRetriedInOrderAndNothingCompletesBeforeItsConfirmation() {
		this.forwarder.deliver(dispatch("READY", 1, "{\"session_id\":\"s-1\",\"v\":10}"));
		List<CompletionStage<?>> stages = new ArrayList<>();
		for (long s = 2; s <= 6; s++) {
			stages.add(this.forwarder.deliver(dispatch("MESSAGE_CREATE", s, "{\"guild_id\":\"77\",\"n\":" + s + "}")));
		}
		assertThat(this.writer.sequences()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
		this.writer.answer(0, null);
		this.writer.answer(2, new IllegalStateException("broker gone"));
		this.writer.answer(1, null);
		this.writer.answer(3, new IllegalStateException("broker gone"));
		this.writer.answer(4, null);
		this.writer.answer(5, new IllegalStateException("broker gone"));
		assertThat(stages.get(0).toCompletableFuture()).isCompleted();
		assertThat(stages.get(1).toCompletableFuture()).isNotDone();
		assertThat(this.forwarder.status().lastFailure()).contains("broker gone");
		// New dispatches wait while the lane recovers.
		stages.add(this.forwarder.deliver(dispatch("MESSAGE_CREATE", 7, "{\"guild_id\":\"77\"}")));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.writer.writes.size() == 7);
		assertThat(this.writer.sequences().get(6)).isEqualTo(3L);
		this.writer.answer(6, new IllegalStateException("still gone"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.writer.writes.size() == 8);
		assertThat(this.writer.sequences().get(7)).isEqualTo(3L);
		this.writer.answer(7, null);
		// The oldest went through: the rest follow at once and in order, 4 and 6 (5 was
		// confirmed), then 7.
		assertThat(this.writer.sequences().subList(8, 11)).containsExactly(4L, 6L, 7L);
		for (int i = 8; i <= 10; i++) {
			this.writer.answer(i, null);
		}
		assertThat(stages).allSatisfy((stage) -> assertThat(stage.toCompletableFuture()).isCompleted());
		assertThat(this.forwarder.unconfirmed()).isZero();
		assertThat(this.forwarder.status().lastFailure()).isNull();
	}

	@Test
	void envelopesCarryTheSessionTheGuildAndTheExactData() {
		this.forwarder.deliver(dispatch("READY", 1, "{\"session_id\":\"abc\"}"));
		String data = "{ \"id\" : \"123\", \"name\":\"g\" }";
		this.forwarder.deliver(dispatch("GUILD_CREATE", 2, data));
		this.forwarder.deliver(dispatch("MESSAGE_CREATE", 3, "{\"content\":\"dm\"}"));
		assertThat(this.forwarder.deliver(dispatch("PRESENCE_UPDATE", 4, "{\"guild_id\":\"1\"}")).toCompletableFuture())
			.isCompleted();
		this.forwarder.onShardSessionRestored(1, "restored", 40);
		this.forwarder.deliver(new GatewayDispatch(1, 41, "TYPING_START",
				JsonMapper.shared().readTree("{\"guild_id\":\"9\",\"user_id\":\"5\"}")));
		List<GatewayEnvelope> envelopes = this.writer.writes.stream().map(Write::envelope).toList();
		assertThat(envelopes).extracting(GatewayEnvelope::type)
			.containsExactly("READY", "GUILD_CREATE", "MESSAGE_CREATE", "TYPING_START");
		assertThat(envelopes).extracting(GatewayEnvelope::sessionId).containsExactly("abc", "abc", "abc", "restored");
		assertThat(envelopes).extracting(GatewayEnvelope::guildId).containsExactly(null, "123", null, "9");
		assertThat(envelopes).extracting(GatewayEnvelope::partitionKey)
			.containsExactly("shard-0", "123", "shard-0", "9");
		assertThat(new String(envelopes.get(1).data(), StandardCharsets.UTF_8)).isEqualTo(data);
		assertThat(envelopes).allSatisfy((envelope) -> assertThat(envelope.shardTotal()).isEqualTo(2));
		assertThat(GatewayEnvelope.fromJson(this.writer.writes.get(1).json())).isEqualTo(envelopes.get(1));
		this.writer.writes.forEach((write) -> write.result().complete(null));
		assertThat(this.forwarder.unconfirmed()).isZero();
	}

	private static GatewayDispatch dispatch(String type, long sequence, String data) {
		byte[] payload = ("{\"op\":0,\"s\":" + sequence + ",\"t\":\"" + type + "\",\"d\":" + data + "}")
			.getBytes(StandardCharsets.UTF_8);
		return new GatewayDispatch(0, sequence, type,
				new io.github.discordgateway.core.internal.JsonCodec().decode(payload, 0, payload.length));
	}

	private record Write(GatewayEnvelope envelope, byte[] json, CompletableFuture<Void> result) {
	}

	/** Records every write and answers it when the test says so. */
	private static final class ScriptedWriter implements EnvelopeWriter {

		final List<Write> writes = new CopyOnWriteArrayList<>();

		@Override
		public CompletableFuture<?> write(GatewayEnvelope envelope, byte[] json) {
			CompletableFuture<Void> result = new CompletableFuture<>();
			this.writes.add(new Write(envelope, json, result));
			return result;
		}

		List<Long> sequences() {
			return this.writes.stream().map((write) -> write.envelope().sequence()).toList();
		}

		void answer(int index, Throwable failure) {
			CompletableFuture<Void> result = this.writes.get(index).result();
			if (failure == null) {
				result.complete(null);
			}
			else {
				result.completeExceptionally(failure);
			}
		}

		@Override
		public String target() {
			return "scripted";
		}

		@Override
		public String destination() {
			return "memory";
		}

	}

}
