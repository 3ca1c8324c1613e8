package io.github.discordgateway.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import tools.jackson.databind.JsonNode;

import io.github.discordgateway.core.BotToken;
import io.github.discordgateway.core.GatewayCloseCode.Recovery;
import io.github.discordgateway.core.GatewayCompression;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.SessionStartLimit;
import io.github.discordgateway.core.ShardDisconnect;
import io.github.discordgateway.core.ShardSnapshot;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.manager.GatewayShardManager;

class DiscordGatewayHealthIndicatorTests {

	private static final String TOKEN = "health-unit-test-token.secret";

	private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

	private final GatewayShardManager manager = mock(GatewayShardManager.class);

	private final List<GatewayShard> shards = new ArrayList<>();

	private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	@BeforeEach
	void manager() {
		given(this.manager.options()).willReturn(GatewayOptions.builder(BotToken.of(TOKEN)).build());
		given(this.manager.isRunning()).willReturn(true);
		given(this.manager.shards()).willReturn(this.shards);
		given(this.manager.shardTotal()).willReturn(2);
	}

	private Health health() {
		return new DiscordGatewayHealthIndicator(this.manager, Duration.ofSeconds(60), this.clock).health();
	}

	@Test
	void upWhenEveryShardIsConnected() {
		this.shards.add(shard(0, ShardState.READY, null));
		this.shards.add(shard(1, ShardState.READY, new ShardDisconnect(4000, "Unknown error", Recovery.RESUME, true)));
		Health health = health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("shardTotal", 2).containsEntry("connected", "2/2");
		Map<String, Object> shard1 = shardDetails(health, "1");
		assertThat(shard1).containsEntry("state", "READY")
			.containsEntry("lastCloseCode", 4000)
			.containsEntry("lastCloseReason", "Unknown error")
			.containsEntry("sequence", 42L)
			.containsEntry("heartbeatLatencyMs", 41L)
			.containsEntry("reconnects", 3L)
			.containsEntry("secondsSinceLastDispatch", 5L);
	}

	@Test
	void outOfServiceWhileAShardReconnectsWithinTheGracePeriod() {
		this.shards.add(shard(0, ShardState.READY, null));
		this.shards.add(shard(1, ShardState.RESUMING, null));
		given(this.manager.unavailableSince(1)).willReturn(NOW.minusSeconds(59));
		Health health = health();
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(health.getDetails().get("reason").toString()).contains("[1]");
		assertThat(shardDetails(health, "1")).containsEntry("secondsWithoutSession", 59L);
	}

	@Test
	void downWhenAShardHasBeenWithoutASessionLongerThanDownAfter() {
		this.shards.add(shard(0, ShardState.CONNECTING, null));
		// stateSince is recent, but the shard has not been READY for 61 s
		given(this.manager.unavailableSince(0)).willReturn(NOW.minusSeconds(61));
		assertThat(health().getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void downWhenAShardFailedForAFatalReasonAndTheTokenIsRedacted() {
		this.shards.add(shard(0, ShardState.READY, null));
		this.shards.add(shard(1, ShardState.FAILED,
				new ShardDisconnect(4014, "Disallowed intents (" + TOKEN + ")", Recovery.FATAL, false)));
		Health health = health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("reason").toString()).contains("4014").doesNotContain(TOKEN);
		assertThat(health.toString()).doesNotContain(TOKEN);
		assertThat(shardDetails(health, "1")).containsEntry("lastCloseReason", "Disallowed intents (******)");
	}

	@Test
	void downWhenTheIdentifyBudgetIsSpentAndAShardNeedsASession() {
		this.shards.add(shard(0, ShardState.RECONNECTING, null, false));
		given(this.manager.unavailableSince(0)).willReturn(NOW.minusSeconds(1));
		given(this.manager.sessionStartLimit())
			.willReturn(new SessionStartLimit(1000, 0, Instant.now().plus(Duration.ofHours(3))));
		Health health = health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("reason").toString()).contains("identify budget");
		assertThat(health.getDetails()).containsKey("identifyBudget");
	}

	@Test
	void aBudgetDiscordDidNotReportIsLeftOut() {
		this.shards.add(shard(0, ShardState.READY, null));
		given(this.manager.sessionStartLimit()).willReturn(new SessionStartLimit(SessionStartLimit.UNREPORTED,
				SessionStartLimit.UNREPORTED, Instant.now().plus(Duration.ofHours(3))));
		Health health = health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).doesNotContainKey("identifyBudget");
	}

	@Test
	void downAndNamesTheShardsTheBudgetHoldsBack() {
		this.shards.add(shard(0, ShardState.READY, null));
		this.shards.add(shard(1, ShardState.RECONNECTING, null, false));
		given(this.manager.unavailableSince(1)).willReturn(NOW.minusSeconds(1));
		Instant resetsAt = Instant.now().plus(Duration.ofMinutes(5));
		given(this.manager.sessionStartLimit()).willReturn(new SessionStartLimit(1000, 0, resetsAt));
		given(this.manager.shardsHeldBackByIdentifyBudget()).willReturn(List.of(1));
		Health health = health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("reason").toString()).isEqualTo("identify budget spent, resets at "
				+ resetsAt + "; shard(s) [1] cannot start a new session until then");
		assertThat(health.getDetails().get("identifyBudget")).asString().contains("heldBack=[1]");
	}

	@Test
	void aSpentBudgetDoesNotMatterToShardsThatCanResume() {
		this.shards.add(shard(0, ShardState.READY, null));
		given(this.manager.sessionStartLimit())
			.willReturn(new SessionStartLimit(1000, 0, Instant.now().plus(Duration.ofHours(3))));
		assertThat(health().getStatus()).isEqualTo(Status.UP);
		this.shards.add(shard(1, ShardState.RESUMING, null, true));
		given(this.manager.unavailableSince(1)).willReturn(NOW.minusSeconds(1));
		assertThat(health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

	@Test
	void downWhenTheManagerCouldNotStart() {
		given(this.manager.startupFailure()).willReturn("Discord rejected the bot token " + TOKEN);
		Health health = health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.toString()).doesNotContain(TOKEN);
	}

	@Test
	void outOfServiceWhenStopped() {
		given(this.manager.isRunning()).willReturn(false);
		assertThat(health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

	@Test
	void unknownWhileDiscoveryIsPendingThenDown() {
		DiscordGatewayHealthIndicator indicator = new DiscordGatewayHealthIndicator(this.manager,
				Duration.ofSeconds(60), new Clock() {

					@Override
					public Instant instant() {
						return DiscordGatewayHealthIndicatorTests.this.clock.instant();
					}

					@Override
					public java.time.ZoneId getZone() {
						return ZoneOffset.UTC;
					}

					@Override
					public Clock withZone(java.time.ZoneId zone) {
						return this;
					}

				});
		given(this.manager.shardTotal()).willReturn(null);
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UNKNOWN);
		this.clock = Clock.fixed(NOW.plusSeconds(61), ZoneOffset.UTC);
		assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> shardDetails(Health health, String id) {
		return ((Map<String, Map<String, Object>>) health.getDetails().get("shards")).get(id);
	}

	private static GatewayShard shard(int id, ShardState state, ShardDisconnect lastDisconnect) {
		return shard(id, state, lastDisconnect, true);
	}

	private static GatewayShard shard(int id, ShardState state, ShardDisconnect lastDisconnect, boolean session) {
		ShardSnapshot snapshot = new ShardSnapshot(id, 2, state, NOW.minusSeconds(1), session, 42,
				Duration.ofMillis(41), "gateway.discord.gg", GatewayEncoding.JSON, GatewayCompression.ZLIB_STREAM,
				state.isConnected() ? NOW.minusSeconds(100) : null, NOW.minusSeconds(5), 3, lastDisconnect, 0, null);
		return new GatewayShard() {

			@Override
			public int id() {
				return id;
			}

			@Override
			public ShardState state() {
				return state;
			}

			@Override
			public ShardSnapshot snapshot() {
				return snapshot;
			}

			@Override
			public void reconnect(boolean resume) {
			}

			@Override
			public CompletableFuture<Void> send(int opcode, JsonNode data) {
				return CompletableFuture.completedFuture(null);
			}

		};
	}

}
