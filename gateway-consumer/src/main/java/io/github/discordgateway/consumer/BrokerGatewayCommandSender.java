package io.github.discordgateway.consumer;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.discordgateway.broker.GatewayCommandEnvelope;
import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.core.GatewayCommandSender;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayException;
import io.github.discordgateway.core.GatewayPresence;
import io.github.discordgateway.core.GuildMembersRequest;
import io.github.discordgateway.core.spi.GatewayCommands;
import io.github.discordgateway.core.spi.MemberChunkCollector;

/**
 * The {@link GatewayCommandSender} of a worker: each command becomes a
 * {@link GatewayCommandEnvelope} on the broker, which the gateway instance that owns the
 * target shard reads and sends within Discord's rate limits. The command data is built
 * exactly as in-process, and a command whose gateway payload would exceed Discord's 4096
 * bytes fails here. The futures complete when the broker confirmed the write (not when
 * Discord received it).
 * <p>
 * A member request's future completes with the members of the GUILD_MEMBERS_CHUNK events
 * that come back with the request's nonce, or fails after the request's timeout (or on
 * RATE_LIMITED). The nonce names this worker ({@code <worker-id>.<random>}), so whichever
 * worker of the group consumes a chunk passes it on: its own through {@link #replies()},
 * another worker's to that worker's {@link ReplyChannel}, before the consuming worker's
 * listeners run and before it acknowledges the chunk (a failed hand-over leaves the chunk
 * unacknowledged, for redelivery). A chunk that arrives twice completes nothing twice.
 */
public class BrokerGatewayCommandSender implements GatewayCommandSender, AutoCloseable {

	/** Discord closes the connection (4002) on a payload above this size. */
	static final int MAX_PAYLOAD_BYTES = 4096;

	/** Length of a worker id: lower-case letters and digits. */
	static final int WORKER_ID_LENGTH = 10;

	private static final int NONCE_RANDOM_LENGTH = 16;

	/** How many answers are remembered to recognize a second copy. */
	private static final int SEEN_REPLIES = 4096;

	private static final Logger logger = LoggerFactory.getLogger(BrokerGatewayCommandSender.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SecureRandom RANDOM = new SecureRandom();

	private final CommandPublisher publisher;

	private final ReplyChannel replyChannel;

	private final Duration replyTimeout;

	private final TaskScheduler scheduler;

	private final ThreadPoolTaskScheduler ownScheduler;

	private final String workerId = randomId(WORKER_ID_LENGTH, 36);

	private final CompletableFuture<Void> repliesReady;

	private final Set<String> seenReplies = Collections
		.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, false) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
				return size() > SEEN_REPLIES;
			}

		}));

	private final MemberChunkCollector memberChunks = MemberChunkCollector.of((dispatch) -> {
	});

	/**
	 * A sender whose member requests complete only from the chunks this worker consumes
	 * itself (one worker, or tests).
	 * @param publisher writes the command envelopes
	 * @param scheduler times member requests out; {@code null} for a daemon thread of its
	 * own, stopped by {@link #close()}
	 */
	public BrokerGatewayCommandSender(CommandPublisher publisher, TaskScheduler scheduler) {
		this(publisher, null, Duration.ZERO, scheduler);
	}

	/**
	 * @param publisher writes the command envelopes
	 * @param replyChannel carries the chunks other workers consume to this one; opened
	 * here and closed by {@link #close()}; {@code null} for none
	 * @param replyTimeout how long passing a chunk on to another worker may take
	 * @param scheduler times member requests out; {@code null} for a daemon thread of its
	 * own, stopped by {@link #close()}
	 */
	public BrokerGatewayCommandSender(CommandPublisher publisher, ReplyChannel replyChannel, Duration replyTimeout,
			TaskScheduler scheduler) {
		this.publisher = Objects.requireNonNull(publisher, "publisher");
		this.replyChannel = replyChannel;
		this.replyTimeout = Objects.requireNonNull(replyTimeout, "replyTimeout");
		if (scheduler != null) {
			this.scheduler = scheduler;
			this.ownScheduler = null;
		}
		else {
			this.ownScheduler = new ThreadPoolTaskScheduler();
			this.ownScheduler.setPoolSize(1);
			this.ownScheduler.setThreadNamePrefix("gateway-commands-");
			this.ownScheduler.setDaemon(true);
			this.ownScheduler.setRemoveOnCancelPolicy(true);
			this.ownScheduler.initialize();
			this.scheduler = this.ownScheduler;
		}
		this.repliesReady = (replyChannel != null) ? replyChannel.open(this.workerId, this::reply)
				: CompletableFuture.completedFuture(null);
	}

	/**
	 * Whether this worker reads its command replies, so that its member requests go out;
	 * or why not yet, with the reply reader's last failure (a missing Kafka reply topic,
	 * an unreachable broker).
	 * @return {@code null} while the replies are read, otherwise the reason
	 */
	public String repliesNotReadReason() {
		if (this.repliesReady.isDone()) {
			return null;
		}
		String failure = (this.replyChannel != null) ? this.replyChannel.lastReadFailure() : null;
		return "the replies are not read yet" + ((failure != null) ? ": " + failure : "");
	}

	/** This worker's id: the prefix of its nonces and the name of its replies. */
	public String workerId() {
		return this.workerId;
	}

	/** Stops reading replies and the scheduler this sender created for itself, if any. */
	@Override
	public void close() {
		if (this.replyChannel != null) {
			this.replyChannel.close();
		}
		if (this.ownScheduler != null) {
			this.ownScheduler.shutdown();
		}
	}

	/**
	 * Routes the answers among the consumed dispatches: hand it every consumed dispatch
	 * (see {@link EnvelopeHandler}). Its own go to the member requests; another worker's
	 * go to that worker's reply channel, and it throws when that write fails.
	 */
	public CommandReplies replies() {
		return this::consumed;
	}

	@Override
	public CompletableFuture<Void> updatePresence(GatewayPresence presence) {
		return send(GatewayCommands.PRESENCE_UPDATE, null, null, null, GatewayCommands.presence(presence));
	}

	@Override
	public CompletableFuture<Void> updatePresence(int shardId, GatewayPresence presence) {
		return send(GatewayCommands.PRESENCE_UPDATE, shardId, null, null, GatewayCommands.presence(presence));
	}

	@Override
	public CompletableFuture<Void> updateVoiceState(long guildId, Long channelId, boolean selfMute, boolean selfDeaf) {
		return send(GatewayCommands.VOICE_STATE_UPDATE, null, Long.toUnsignedString(guildId), null,
				GatewayCommands.voiceState(guildId, channelId, selfMute, selfDeaf));
	}

	@Override
	public CompletableFuture<List<JsonNode>> requestGuildMembers(GuildMembersRequest request) {
		String nonce = this.workerId + "." + randomId(NONCE_RANDOM_LENGTH, 16);
		CompletableFuture<List<JsonNode>> members = this.memberChunks.register(nonce, request.timeout(),
				this.scheduler);
		// Sent once this worker reads its replies, so that no chunk passes by unread.
		this.repliesReady.thenCompose((ready) -> send(GatewayCommands.REQUEST_GUILD_MEMBERS, null,
				Long.toUnsignedString(request.guildId()), nonce, GatewayCommands.requestGuildMembers(request, nonce)))
			.whenComplete((sent, failure) -> {
				if (failure != null) {
					this.memberChunks.abandon(nonce, failure);
				}
			});
		return members.exceptionallyCompose((failure) -> CompletableFuture
			.failedFuture(this.repliesReady.isDone() ? failure : neverSent(request.timeout(), failure)));
	}

	/**
	 * A member request is sent once this worker reads its replies; when that did not
	 * happen within the request's timeout, it says so instead of waiting for chunks.
	 */
	private GatewayException neverSent(Duration timeout, Throwable timedOut) {
		return new GatewayException(
				"The member request was not sent within " + timeout.toMillis() + " ms: " + repliesNotReadReason(),
				timedOut);
	}

	private CompletableFuture<Void> send(int opcode, Integer shardId, String guildId, String nonce, JsonNode data) {
		byte[] json = JSON.writeValueAsBytes(data);
		int size = ("{\"op\":" + opcode + ",\"d\":}").length() + json.length;
		if (size > MAX_PAYLOAD_BYTES) {
			return CompletableFuture.failedFuture(new IllegalArgumentException("Opcode " + opcode + " payload is "
					+ size + " bytes; Discord refuses payloads above " + MAX_PAYLOAD_BYTES + " bytes (close 4002)"));
		}
		try {
			return this.publisher
				.publish(new GatewayCommandEnvelope(opcode, shardId, guildId, nonce, Instant.now(), json));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private void consumed(GatewayEnvelope envelope, byte[] value, GatewayDispatch dispatch) {
		String nonce = MemberChunkCollector.nonceOf(dispatch);
		String owner = (nonce != null) ? workerOf(nonce) : null;
		if (owner == null) {
			return;
		}
		if (owner.equals(this.workerId) || this.replyChannel == null) {
			answer(envelope, dispatch);
			return;
		}
		try {
			this.replyChannel.send(owner, value).get(this.replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DeliveryAbortedException("Stopped while passing " + dispatch + " on to worker " + owner, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not pass " + dispatch.type() + " s=" + dispatch.sequence()
					+ " on to the worker that asked for it (" + owner + "): "
					+ ((ex.getCause() != null) ? ex.getCause() : ex), ex);
		}
	}

	/** A reply another worker passed on. */
	private void reply(byte[] value) {
		try {
			GatewayEnvelope envelope = GatewayEnvelope.fromJson(value);
			answer(envelope,
					GatewayDispatch.ofJson(envelope.shardId(), envelope.sequence(), envelope.type(), envelope.data()));
		}
		catch (RuntimeException ex) {
			logger.warn("Ignoring a reply that is no event envelope: {}", ex.getMessage());
		}
	}

	private void answer(GatewayEnvelope envelope, GatewayDispatch dispatch) {
		if (this.seenReplies.add(envelope.sessionId() + ":" + envelope.sequence())) {
			this.memberChunks.onDispatch(dispatch);
		}
	}

	/**
	 * The worker that issued a nonce ({@code <worker-id>.<random>}), or {@code null} when
	 * the nonce is not one of a worker's.
	 */
	static String workerOf(String nonce) {
		if (nonce.length() != WORKER_ID_LENGTH + 1 + NONCE_RANDOM_LENGTH || nonce.charAt(WORKER_ID_LENGTH) != '.') {
			return null;
		}
		for (int i = 0; i < nonce.length(); i++) {
			char c = nonce.charAt(i);
			if (i != WORKER_ID_LENGTH && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) {
				return null;
			}
		}
		return nonce.substring(0, WORKER_ID_LENGTH);
	}

	private static String randomId(int length, int radix) {
		StringBuilder id = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			id.append(Character.forDigit(RANDOM.nextInt(radix), radix));
		}
		return id.toString();
	}

}
