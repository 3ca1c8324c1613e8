package io.github.discordgateway.core.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.JsonNodeFactory;

import io.github.discordgateway.core.BotToken;
import io.github.discordgateway.core.GatewayCloseCode.Recovery;
import io.github.discordgateway.core.GatewayCompression;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.IdentifySlot;
import io.github.discordgateway.core.ShardDisconnect;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.TokenRejectedException;
import io.github.discordgateway.core.internal.FakeGatewayTransport.FakeConnection;
import io.github.discordgateway.core.internal.payload.GatewayPayload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session state machine on its own: a {@link FakeGatewayTransport} instead of sockets
 * and a {@link ManualScheduler} whose time moves only when a test advances it, so
 * timeouts, backoffs and heartbeats are exact and nothing waits. What the gateway expects
 * for each case is taken from the protocol reference (GATEWAY.md §4, §5); the socket
 * tests in gateway-test check the same against the simulator.
 */
class ShardSessionStateMachineTests {

	private static final URI GATEWAY = URI.create("ws://gateway.test");

	private static final String GATEWAY_QUERY = "ws://gateway.test/?v=10&encoding=json";

	private static final String RESUME_QUERY = "ws://gateway.test/resume?v=10&encoding=json";

	private static final Duration HEARTBEAT = Duration.ofMillis(41_250);

	private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

	private static final String TOKEN = "MTIz.state-machine-token";

	private final ManualScheduler scheduler = new ManualScheduler();

	private final FakeGatewayTransport transport = new FakeGatewayTransport();

	private final List<String> lifecycle = new CopyOnWriteArrayList<>();

	private final List<ShardDisconnect> disconnects = new CopyOnWriteArrayList<>();

	private final List<Long> delivered = new CopyOnWriteArrayList<>();

	private int identifiesSent;

	private ShardSession session;

	@BeforeEach
	void createSession() {
		GatewayOptions options = GatewayOptions.builder(BotToken.of(TOKEN))
			.gatewayUrl(GATEWAY)
			.shardTotal(1)
			.encoding(GatewayEncoding.JSON)
			.compression(GatewayCompression.NONE)
			.helloTimeout(HELLO_TIMEOUT)
			.readyTimeout(READY_TIMEOUT)
			.build();
		GatewayListener listener = new GatewayListener() {

			@Override
			public void onDispatch(GatewayDispatch dispatch) {
				ShardSessionStateMachineTests.this.delivered.add(dispatch.sequence());
			}

			@Override
			public void onShardReady(int shardId, String sessionId) {
				ShardSessionStateMachineTests.this.lifecycle.add("ready " + sessionId);
			}

			@Override
			public void onShardResumed(int shardId, long replayedEvents) {
				ShardSessionStateMachineTests.this.lifecycle.add("resumed " + replayedEvents);
			}

			@Override
			public void onShardDisconnected(int shardId, ShardDisconnect disconnect) {
				ShardSessionStateMachineTests.this.disconnects.add(disconnect);
			}

		};
		IdentifySlot slot = new IdentifySlot() {

			@Override
			public void identifySent(java.time.Instant writtenAt) {
				ShardSessionStateMachineTests.this.identifiesSent++;
			}

			@Override
			public void release() {
			}

		};
		ShardContext context = new ShardContext(options, 1, this.transport, this.scheduler, Runnable::run,
				Runnable::run, new FixedGatewayUrl(), (shardId, concurrency) -> CompletableFuture.completedFuture(slot),
				1, IdentifyBudget.assumed(), PayloadCodec.forEncoding(GatewayEncoding.JSON), listener,
				GatewayObserver.NONE, null);
		this.session = new ShardSession(0, context);
	}

	@Test
	void identifiesAfterHelloAndIsReadyOnReady() {
		this.session.start();
		FakeConnection connection = this.transport.latest();
		assertThat(connection.uri()).hasToString(GATEWAY_QUERY);
		assertThat(this.session.state()).isEqualTo(ShardState.CONNECTING);
		connection.open();
		assertThat(this.session.state()).isEqualTo(ShardState.HANDSHAKING);
		assertThat(connection.sent()).isEmpty();
		hello(connection);
		assertThat(this.session.state()).isEqualTo(ShardState.IDENTIFYING);
		assertThat(connection.sentOpcodes()).containsExactly(Opcodes.IDENTIFY);
		GatewayPayload identify = connection.lastSent(Opcodes.IDENTIFY);
		assertThat(identify.data().path("token").asString()).isEqualTo(TOKEN);
		assertThat(identify.data().path("shard").toString()).isEqualTo("[0,1]");
		assertThat(this.identifiesSent).isOne();
		connection.receive(ready(1));
		assertThat(this.session.state()).isEqualTo(ShardState.READY);
		assertThat(this.lifecycle).containsExactly("ready session-1");
		assertThat(this.delivered).containsExactly(1L);
	}

	@Test
	void answersAHeartbeatRequestAtOnceWithTheLastSequence() {
		FakeConnection connection = readySession();
		connection.receive(dispatch(2));
		connection.receive("{\"op\":1,\"d\":null}");
		assertThat(connection.sentOpcodes()).containsExactly(Opcodes.IDENTIFY, Opcodes.HEARTBEAT);
		assertThat(connection.lastSent(Opcodes.HEARTBEAT).data().asLong()).isEqualTo(2);
	}

	@Test
	void helloTimeoutClosesResumableAndConnectsAgain() {
		this.session.start();
		FakeConnection first = this.transport.latest().open();
		this.scheduler.advance(HELLO_TIMEOUT.minusMillis(1));
		assertThat(first.closeCode()).isNull();
		assertThat(this.session.state()).isEqualTo(ShardState.HANDSHAKING);
		this.scheduler.advance(Duration.ofMillis(1));
		assertThat(first.closeCode()).isEqualTo(ShardSession.RESUMABLE_CLOSE_CODE);
		assertThat(first.closeReason()).isEqualTo("hello-timeout");
		assertThat(this.session.state()).isEqualTo(ShardState.RECONNECTING);
		assertThat(this.disconnects).singleElement()
			.satisfies((disconnect) -> assertThat(disconnect.willReconnect()).isTrue());
		FakeConnection second = nextConnection().open();
		hello(second);
		assertThat(second.sentOpcodes()).containsExactly(Opcodes.IDENTIFY);
	}

	@Test
	void readyTimeoutIdentifiesAgainOnTheNextConnection() {
		this.session.start();
		FakeConnection first = this.transport.latest().open();
		hello(first);
		this.scheduler.advance(READY_TIMEOUT.minusMillis(1));
		assertThat(first.closeCode()).isNull();
		this.scheduler.advance(Duration.ofMillis(1));
		assertThat(first.closeCode()).isEqualTo(ShardSession.RESUMABLE_CLOSE_CODE);
		assertThat(first.closeReason()).isEqualTo("ready-timeout");
		FakeConnection second = nextConnection();
		assertThat(second.uri()).hasToString(GATEWAY_QUERY);
		hello(second.open());
		assertThat(second.sentOpcodes()).containsExactly(Opcodes.IDENTIFY);
		assertThat(this.identifiesSent).isEqualTo(2);
	}

	@Test
	void reconnectRequestResumesAtOnceOnTheResumeUrlWithTheLastSequence() {
		FakeConnection first = readySession();
		first.receive(dispatch(2));
		first.receive(dispatch(3));
		first.receive("{\"op\":7,\"d\":null}");
		assertThat(first.closeCode()).isEqualTo(ShardSession.RESUMABLE_CLOSE_CODE);
		assertThat(first.closeReason()).isEqualTo("reconnect-request");
		assertThat(this.session.state()).isEqualTo(ShardState.RECONNECTING);
		this.scheduler.advance(Duration.ZERO);
		assertThat(this.transport.connections()).hasSize(2);
		FakeConnection second = this.transport.latest();
		assertThat(second.uri()).hasToString(RESUME_QUERY);
		hello(second.open());
		assertThat(this.session.state()).isEqualTo(ShardState.RESUMING);
		assertThat(second.sentOpcodes()).containsExactly(Opcodes.RESUME);
		GatewayPayload resume = second.lastSent(Opcodes.RESUME);
		assertThat(resume.data().path("session_id").asString()).isEqualTo("session-1");
		assertThat(resume.data().path("seq").asLong()).isEqualTo(3);
		assertThat(resume.data().path("token").asString()).isEqualTo(TOKEN);
		second.receive(dispatch(4));
		second.receive("{\"op\":0,\"s\":5,\"t\":\"RESUMED\",\"d\":{}}");
		assertThat(this.session.state()).isEqualTo(ShardState.READY);
		assertThat(this.lifecycle).containsExactly("ready session-1", "resumed 1");
		assertThat(this.identifiesSent).isOne();
	}

	@Test
	void aSecondReconnectRequestBeforeReadyWaitsForTheBackoff() {
		FakeConnection first = readySession();
		first.receive("{\"op\":7,\"d\":null}");
		this.scheduler.advance(Duration.ZERO);
		FakeConnection second = this.transport.latest().open();
		hello(second);
		second.receive("{\"op\":7,\"d\":null}");
		assertThat(second.closeReason()).isEqualTo("reconnect-request");
		// The reconnect backoff starts at 1 s (jittered): the third connection comes
		// within it, not in a tight loop of immediate reconnects.
		FakeConnection third = nextConnection();
		assertThat(third.uri()).hasToString(RESUME_QUERY);
	}

	@Test
	void resumableInvalidSessionResumesAfterTheInvalidSessionDelay() {
		FakeConnection first = readySession();
		first.receive(dispatch(2));
		first.receive("{\"op\":9,\"d\":true}");
		assertThat(first.closeCode()).isEqualTo(ShardSession.RESUMABLE_CLOSE_CODE);
		assertThat(first.closeReason()).isEqualTo("invalid-session");
		// Discord's documented wait before reconnecting after op 9 is 1 to 5 s.
		this.scheduler.advance(Duration.ofMillis(999));
		assertThat(this.transport.connections()).hasSize(1);
		this.scheduler.advance(Duration.ofSeconds(4).plusMillis(1));
		assertThat(this.transport.connections()).hasSize(2);
		FakeConnection second = this.transport.latest().open();
		hello(second);
		assertThat(second.sentOpcodes()).containsExactly(Opcodes.RESUME);
		assertThat(second.lastSent(Opcodes.RESUME).data().path("seq").asLong()).isEqualTo(2);
	}

	@Test
	void invalidSessionThatCannotBeResumedIdentifiesOnTheMainGateway() {
		FakeConnection first = readySession();
		first.receive(dispatch(2));
		first.closedByGateway(4000, "unknown error");
		FakeConnection second = nextConnection().open();
		hello(second);
		assertThat(second.sentOpcodes()).containsExactly(Opcodes.RESUME);
		second.receive("{\"op\":9,\"d\":false}");
		assertThat(second.closeCode()).isEqualTo(ShardSession.RESUMABLE_CLOSE_CODE);
		this.scheduler.advance(Duration.ofMillis(999));
		assertThat(this.transport.connections()).hasSize(2);
		FakeConnection third = nextConnection();
		assertThat(third.uri()).hasToString(GATEWAY_QUERY);
		hello(third.open());
		assertThat(third.sentOpcodes()).containsExactly(Opcodes.IDENTIFY);
		third.receive(ready(1));
		assertThat(this.lifecycle).containsExactly("ready session-1", "ready session-1");
	}

	@Test
	void aConnectionWithoutHeartbeatAckIsAZombieAndTheSessionResumes() {
		FakeConnection first = readySession();
		first.receive(dispatch(2));
		// The first beat comes within one interval (jittered), the next one finds it
		// unacknowledged and nothing received since.
		this.scheduler.advance(HEARTBEAT);
		assertThat(first.sentOpcodes()).contains(Opcodes.HEARTBEAT);
		assertThat(first.lastSent(Opcodes.HEARTBEAT).data().asLong()).isEqualTo(2);
		for (int step = 0; step < 100 && first.closeCode() == null; step++) {
			this.scheduler.advance(HEARTBEAT.dividedBy(100));
		}
		assertThat(first.closeCode()).isEqualTo(ShardSession.RESUMABLE_CLOSE_CODE);
		assertThat(first.closeReason()).isEqualTo("zombie");
		assertThat(this.disconnects).singleElement().satisfies((disconnect) -> {
			assertThat(disconnect.reason()).isEqualTo("zombie");
			assertThat(disconnect.recovery()).isEqualTo(Recovery.RESUME);
			assertThat(disconnect.willReconnect()).isTrue();
		});
		FakeConnection second = connectionAfter(first).open();
		hello(second);
		assertThat(second.sentOpcodes()).containsExactly(Opcodes.RESUME);
		assertThat(second.lastSent(Opcodes.RESUME).data().path("seq").asLong()).isEqualTo(2);
	}

	@Test
	void acknowledgedHeartbeatsKeepTheConnection() {
		FakeConnection connection = readySession();
		for (int i = 0; i < 8; i++) {
			this.scheduler.advance(HEARTBEAT.dividedBy(2));
			connection.receive("{\"op\":11}");
		}
		assertThat(connection.closeCode()).isNull();
		assertThat(this.session.state()).isEqualTo(ShardState.READY);
		assertThat(connection.sentOpcodes().stream().filter((op) -> op == Opcodes.HEARTBEAT).count())
			.isGreaterThanOrEqualTo(3);
	}

	/** GATEWAY.md §5.6: what each close code allows; unknown codes are resumed. */
	@ParameterizedTest(name = "close {0}: {1}")
	@CsvSource({ "1000, RESUME", "1001, RESUME", "1006, RESUME", "1011, RESUME", "1012, RESUME", "4000, RESUME",
			"4001, RESUME", "4002, RESUME", "4003, IDENTIFY", "4004, FATAL", "4005, IDENTIFY", "4007, IDENTIFY",
			"4008, RESUME", "4009, IDENTIFY", "4010, FATAL", "4011, FATAL", "4012, FATAL", "4013, FATAL", "4014, FATAL",
			"4999, RESUME" })
	void aCloseByTheGatewayResumesIdentifiesOrStopsAsItsCodeSays(int code, Recovery expected) {
		FakeConnection first = readySession();
		first.receive(dispatch(2));
		first.closedByGateway(code, "closed by the test");
		assertThat(first.closeCode()).as("the client does not close a connection the gateway closed").isNull();
		ShardDisconnect disconnect = this.disconnects.get(0);
		assertThat(disconnect.closeCode()).isEqualTo(code);
		assertThat(disconnect.recovery()).isEqualTo(expected);
		if (expected == Recovery.FATAL) {
			assertThat(this.session.state()).isEqualTo(ShardState.FAILED);
			assertThat(disconnect.willReconnect()).isFalse();
			this.scheduler.advance(Duration.ofMinutes(10));
			assertThat(this.transport.connections()).hasSize(1);
			assertThat(this.session.send(3, JsonNodeFactory.instance.objectNode())).isCompletedExceptionally();
			return;
		}
		assertThat(this.session.state()).isEqualTo(ShardState.RECONNECTING);
		assertThat(disconnect.willReconnect()).isTrue();
		FakeConnection second = nextConnection();
		hello(second.open());
		if (expected == Recovery.RESUME) {
			assertThat(second.uri()).hasToString(RESUME_QUERY);
			assertThat(second.sentOpcodes()).containsExactly(Opcodes.RESUME);
			assertThat(second.lastSent(Opcodes.RESUME).data().path("seq").asLong()).isEqualTo(2);
		}
		else {
			assertThat(second.uri()).hasToString(GATEWAY_QUERY);
			assertThat(second.sentOpcodes()).containsExactly(Opcodes.IDENTIFY);
			assertThat(this.identifiesSent).isEqualTo(2);
		}
	}

	@Test
	void unreadablePayloadsResumeUntilTheThirdInARowStartsANewSession() {
		FakeConnection connection = readySession();
		connection.receive(dispatch(2));
		for (int failure = 1; failure <= 3; failure++) {
			connection.receive("{not json");
			assertThat(connection.closeCode()).isEqualTo(ShardSession.RESUMABLE_CLOSE_CODE);
			assertThat(connection.closeReason()).isEqualTo("decode-error");
			connection = nextConnection().open();
			hello(connection);
			assertThat(connection.sentOpcodes()).as("after unreadable payload %d", failure)
				.containsExactly((failure < 3) ? Opcodes.RESUME : Opcodes.IDENTIFY);
		}
	}

	@Test
	void aRejectedTokenWhileConnectingStopsTheShard() {
		this.session.start();
		this.transport.latest().refuse(new TokenRejectedException("401 from the gateway"));
		assertThat(this.session.state()).isEqualTo(ShardState.FAILED);
		assertThat(this.disconnects).singleElement().satisfies((disconnect) -> {
			assertThat(disconnect.closeCode()).isEqualTo(4004);
			assertThat(disconnect.willReconnect()).isFalse();
		});
		this.scheduler.advance(Duration.ofMinutes(10));
		assertThat(this.transport.connections()).hasSize(1);
	}

	@Test
	void aFailedConnectIsRetriedAfterTheBackoff() {
		this.session.start();
		this.transport.latest().refuse(new IOException("connection refused"));
		assertThat(this.session.state()).isEqualTo(ShardState.RECONNECTING);
		FakeConnection second = nextConnection();
		hello(second.open());
		assertThat(second.sentOpcodes()).containsExactly(Opcodes.IDENTIFY);
	}

	@Test
	void commandsWaitForReadyAndAreSentInOrderAfterIt() {
		this.session.start();
		FakeConnection connection = this.transport.latest().open();
		CompletableFuture<Void> first = this.session.send(3,
				JsonNodeFactory.instance.objectNode().put("status", "idle"));
		CompletableFuture<Void> second = this.session.send(8, JsonNodeFactory.instance.objectNode().put("nonce", "n"));
		hello(connection);
		assertThat(connection.sentOpcodes()).containsExactly(Opcodes.IDENTIFY);
		assertThat(first).isNotDone();
		connection.receive(ready(1));
		assertThat(connection.sentOpcodes()).containsExactly(Opcodes.IDENTIFY, 3, 8);
		assertThat(first).isCompleted();
		assertThat(second).isCompleted();
	}

	@Test
	void framesAndClosesOfAReplacedConnectionAreIgnored() {
		FakeConnection first = readySession();
		first.receive(dispatch(2));
		first.receive("{\"op\":7,\"d\":null}");
		this.scheduler.advance(Duration.ZERO);
		FakeConnection second = this.transport.latest().open();
		first.receive(dispatch(9));
		first.closedByGateway(4004, "late close of the old socket");
		assertThat(this.session.state()).isEqualTo(ShardState.HANDSHAKING);
		hello(second);
		assertThat(second.lastSent(Opcodes.RESUME).data().path("seq").asLong()).isEqualTo(2);
		assertThat(this.delivered).containsExactly(1L, 2L);
	}

	@Test
	void stopWithoutASessionStoreClosesWith1000() {
		FakeConnection connection = readySession();
		this.session.stop();
		assertThat(connection.closeCode()).isEqualTo(1000);
		assertThat(this.session.state()).isEqualTo(ShardState.STOPPED);
		this.scheduler.advance(Duration.ofMinutes(10));
		assertThat(this.transport.connections()).hasSize(1);
	}

	private FakeConnection readySession() {
		this.session.start();
		FakeConnection connection = this.transport.latest().open();
		hello(connection);
		connection.receive(ready(1));
		assertThat(this.session.state()).isEqualTo(ShardState.READY);
		return connection;
	}

	/**
	 * Advances time in small steps until the session opens its next connection (within
	 * the longest backoff).
	 */
	private FakeConnection nextConnection() {
		return connectionAfter(this.transport.latest());
	}

	private FakeConnection connectionAfter(FakeConnection previous) {
		for (int step = 0; step < 1200 && this.transport.latest() == previous; step++) {
			this.scheduler.advance(Duration.ofMillis(100));
		}
		assertThat(this.transport.latest()).isNotSameAs(previous);
		return this.transport.latest();
	}

	private static void hello(FakeConnection connection) {
		connection.receive("{\"op\":10,\"d\":{\"heartbeat_interval\":" + HEARTBEAT.toMillis() + "}}");
	}

	private static String ready(long sequence) {
		return "{\"op\":0,\"s\":" + sequence + ",\"t\":\"READY\",\"d\":{\"session_id\":\"session-1\","
				+ "\"resume_gateway_url\":\"ws://gateway.test/resume\"}}";
	}

	private static String dispatch(long sequence) {
		return "{\"op\":0,\"s\":" + sequence + ",\"t\":\"MESSAGE_CREATE\",\"d\":{\"id\":\"" + sequence + "\"}}";
	}

	private static final class FixedGatewayUrl implements ShardContext.GatewayUrls {

		@Override
		public CompletableFuture<URI> resolve() {
			return CompletableFuture.completedFuture(GATEWAY);
		}

		@Override
		public void invalidate() {
		}

		@Override
		public URI known() {
			return GATEWAY;
		}

	}

}
