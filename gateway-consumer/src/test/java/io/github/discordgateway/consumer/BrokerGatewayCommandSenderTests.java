package io.github.discordgateway.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.github.discordgateway.broker.GatewayCommandEnvelope;
import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayException;
import io.github.discordgateway.core.GuildMembersRequest;

/**
 * Member requests of two workers sharing one reply "broker": the answer completes the
 * requesting worker's future whichever worker consumes it.
 */
class BrokerGatewayCommandSenderTests {

	private final InMemoryReplies replies = new InMemoryReplies();

	private final List<GatewayCommandEnvelope> published = new CopyOnWriteArrayList<>();

	private final BrokerGatewayCommandSender first = sender();

	private final BrokerGatewayCommandSender second = sender();

	@AfterEach
	void close() {
		this.first.close();
		this.second.close();
	}

	@Test
	void chunksConsumedByAnotherWorkerCompleteTheRequestOnceEach() {
		CompletableFuture<List<JsonNode>> members = this.first
			.requestGuildMembers(GuildMembersRequest.byQuery(81384788765712384L, "", 0));
		String nonce = this.published.get(0).nonce();
		assertThat(nonce).startsWith(this.first.workerId() + ".").hasSizeLessThanOrEqualTo(32);
		GatewayEnvelope chunk0 = chunk(7, nonce, 0, 2, "11");
		consume(this.second, chunk0);
		// A redelivered copy (same session and seq), by either path, counts once.
		consume(this.second, chunk0);
		consume(this.first, chunk0);
		assertThat(members).isNotDone();
		consume(this.second, chunk(8, nonce, 1, 2, "12"));
		assertThat(members.orTimeout(5, TimeUnit.SECONDS).join())
			.extracting((member) -> member.path("user").path("id").asString())
			.containsExactly("11", "12");
		assertThat(this.replies.sent).containsExactly(this.first.workerId(), this.first.workerId(),
				this.first.workerId());
	}

	@Test
	void aChunkForThisWorkerIsNotSentAnywhere() {
		CompletableFuture<List<JsonNode>> members = this.first
			.requestGuildMembers(GuildMembersRequest.byQuery(81384788765712384L, "", 0));
		consume(this.first, chunk(3, this.published.get(0).nonce(), 0, 1, "11"));
		assertThat(members.orTimeout(5, TimeUnit.SECONDS).join()).hasSize(1);
		assertThat(this.replies.sent).isEmpty();
	}

	@Test
	void nonceOfNoWorkerIsLeftAlone() {
		consume(this.second, chunk(3, "someone-elses-nonce", 0, 1, "11"));
		consume(this.second, chunk(4, "0123456789abcdef0123456789abcdef", 0, 1, "11"));
		assertThat(this.replies.sent).isEmpty();
	}

	@Test
	void aChunkThatCannotBePassedOnFailsItsDelivery() {
		this.first.requestGuildMembers(GuildMembersRequest.byQuery(81384788765712384L, "", 0));
		this.replies.down = true;
		GatewayEnvelope chunk = chunk(3, this.published.get(0).nonce(), 0, 1, "11");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> consume(this.second, chunk))
			.withMessageContaining("GUILD_MEMBERS_CHUNK s=3")
			.withMessageContaining(this.first.workerId())
			.withMessageContaining("reply broker down");
	}

	@Test
	void anUnansweredRequestTimesOutWithTheChunksItSaw() {
		CompletableFuture<List<JsonNode>> members = this.first.requestGuildMembers(
				GuildMembersRequest.byQuery(81384788765712384L, "", 0).withTimeout(Duration.ofMillis(50)));
		assertThat(members).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(TimeoutException.class)
			.withMessageContaining("No complete GUILD_MEMBERS_CHUNK answer within 50 ms");
	}

	@Test
	void aRequestOfAWorkerThatCannotReadItsRepliesSaysSoAndIsNeverSent() {
		ReplyChannel unreadable = new ReplyChannel() {

			@Override
			public CompletableFuture<Void> send(String workerId, byte[] envelope) {
				return CompletableFuture.completedFuture(null);
			}

			@Override
			public CompletableFuture<Void> open(String workerId, Consumer<byte[]> replies) {
				return new CompletableFuture<>();
			}

			@Override
			public String lastReadFailure() {
				return "reading the command replies from gateway-replies failed: "
						+ "java.lang.IllegalStateException: The reply topic gateway-replies has no partitions";
			}

			@Override
			public void close() {
			}

		};
		List<GatewayCommandEnvelope> sent = new CopyOnWriteArrayList<>();
		BrokerGatewayCommandSender worker = new BrokerGatewayCommandSender((command) -> {
			sent.add(command);
			return CompletableFuture.completedFuture(null);
		}, unreadable, Duration.ofSeconds(5), null);
		try {
			CompletableFuture<List<JsonNode>> members = worker.requestGuildMembers(
					GuildMembersRequest.byQuery(81384788765712384L, "", 0).withTimeout(Duration.ofMillis(50)));
			assertThat(members).failsWithin(Duration.ofSeconds(5))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(GatewayException.class)
				.withMessageContaining("The member request was not sent")
				.withMessageContaining("The reply topic gateway-replies has no partitions");
			assertThat(sent).isEmpty();
		}
		finally {
			worker.close();
		}
	}

	private BrokerGatewayCommandSender sender() {
		return new BrokerGatewayCommandSender((command) -> {
			this.published.add(command);
			return CompletableFuture.completedFuture(null);
		}, this.replies, Duration.ofSeconds(5), null);
	}

	private static void consume(BrokerGatewayCommandSender worker, GatewayEnvelope envelope) {
		worker.replies()
			.consumed(envelope, envelope.toJson(),
					GatewayDispatch.ofJson(envelope.shardId(), envelope.sequence(), envelope.type(), envelope.data()));
	}

	private static GatewayEnvelope chunk(long seq, String nonce, int index, int count, String userId) {
		String data = "{\"guild_id\":\"81384788765712384\",\"members\":[{\"user\":{\"id\":\"" + userId
				+ "\"}}],\"chunk_index\":" + index + ",\"chunk_count\":" + count + ",\"nonce\":\"" + nonce + "\"}";
		return new GatewayEnvelope(0, 1, "session-1", seq, "GUILD_MEMBERS_CHUNK", "81384788765712384", Instant.now(),
				data.getBytes(StandardCharsets.UTF_8));
	}

	/** Every worker's replies, delivered at once on the sending thread. */
	private static final class InMemoryReplies implements ReplyChannel {

		private final Map<String, Consumer<byte[]>> readers = new ConcurrentHashMap<>();

		final List<String> sent = new CopyOnWriteArrayList<>();

		volatile boolean down;

		@Override
		public CompletableFuture<Void> send(String workerId, byte[] envelope) {
			if (this.down) {
				return CompletableFuture.failedFuture(new IllegalStateException("reply broker down"));
			}
			this.sent.add(workerId);
			this.readers.get(workerId).accept(envelope);
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public CompletableFuture<Void> open(String workerId, Consumer<byte[]> replies) {
			this.readers.put(workerId, replies);
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public void close() {
		}

	}

}
