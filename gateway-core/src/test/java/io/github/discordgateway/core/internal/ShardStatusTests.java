package io.github.discordgateway.core.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.github.discordgateway.core.BotToken;
import io.github.discordgateway.core.GatewayCloseCode.Recovery;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.ShardDisconnect;
import io.github.discordgateway.core.ShardSnapshot;
import io.github.discordgateway.core.ShardState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bookkeeping behind a shard's snapshot: timestamps follow the clock of the
 * scheduler, and a shard is unavailable from its creation until READY and again from the
 * moment it leaves READY.
 */
class ShardStatusTests {

	private final ManualScheduler scheduler = new ManualScheduler();

	private final ShardStatus status = new ShardStatus(2, context());

	private final ReceivedSequence sequence = new ReceivedSequence(2, GatewayObserver.NONE, this.scheduler.getClock());

	@Test
	void isUnavailableUntilReadyAndAgainFromTheMomentItLeavesReady() {
		Instant created = this.scheduler.now();
		this.scheduler.advance(Duration.ofSeconds(1));
		this.status.changed(ShardState.IDLE, ShardState.CONNECTING);
		assertThat(this.status.unavailableSince()).isEqualTo(created);
		this.status.changed(ShardState.IDENTIFYING, ShardState.READY);
		assertThat(this.status.unavailableSince()).isNull();
		this.scheduler.advance(Duration.ofSeconds(5));
		Instant left = this.scheduler.now();
		this.status.changed(ShardState.READY, ShardState.RECONNECTING);
		this.scheduler.advance(Duration.ofSeconds(1));
		this.status.changed(ShardState.RECONNECTING, ShardState.CONNECTING);
		assertThat(this.status.unavailableSince()).isEqualTo(left);
		assertThat(snapshot(ShardState.CONNECTING).stateSince()).isEqualTo(this.scheduler.now());
	}

	@Test
	void showsTheConnectionItsReconnectsTheLastDisconnectAndTheOwner() {
		this.status.connectingTo(URI.create("wss://gateway-us-east1-b.discord.gg/?v=10&encoding=json"));
		this.status.live();
		Instant live = this.scheduler.now();
		this.status.owner("instance-a");
		ShardSnapshot connected = snapshot(ShardState.READY);
		assertThat(connected.shardId()).isEqualTo(2);
		assertThat(connected.shardTotal()).isEqualTo(4);
		assertThat(connected.gatewayHost()).isEqualTo("gateway-us-east1-b.discord.gg");
		assertThat(connected.connectedSince()).isEqualTo(live);
		assertThat(connected.owner()).isEqualTo("instance-a");
		assertThat(connected.sessionPresent()).isTrue();
		assertThat(connected.deliveryBacklog()).isEqualTo(7);
		ShardDisconnect disconnect = new ShardDisconnect(4000, "Unknown error", Recovery.RESUME, true);
		this.status.reconnecting();
		this.status.disconnected(disconnect);
		ShardSnapshot dropped = snapshot(ShardState.RECONNECTING);
		assertThat(dropped.connectedSince()).isNull();
		assertThat(dropped.lastDisconnect()).isEqualTo(disconnect);
		assertThat(dropped.reconnects()).isOne();
	}

	private ShardSnapshot snapshot(ShardState state) {
		return this.status.snapshot(state, true, this.sequence, null, 7);
	}

	private ShardContext context() {
		GatewayOptions options = GatewayOptions.builder(BotToken.of("MTIz.status-token"))
			.gatewayUrl(URI.create("ws://gateway.test"))
			.shardTotal(4)
			.build();
		return new ShardContext(options, 4, new FakeGatewayTransport(), this.scheduler, Runnable::run, Runnable::run,
				null, (shardId, concurrency) -> new CompletableFuture<>(), 1, IdentifyBudget.assumed(),
				PayloadCodec.forEncoding(GatewayEncoding.JSON), (GatewayListener) (dispatch) -> {
				}, GatewayObserver.NONE, null);
	}

}
