package io.github.discordgateway.autoconfigure.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.SessionStartLimit;
import io.github.discordgateway.core.ShardDisconnect;
import io.github.discordgateway.core.ShardSnapshot;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.manager.GatewayShardManager;

/**
 * Health of the gateway shards this process runs, contributed as {@code discordGateway}.
 * <ul>
 * <li>{@code UP}: every shard has a live session (READY or RESUMED) or stands by
 * ({@code STANDBY}) while another live instance of the fleet holds its lease and runs it.
 * A standby instance is healthy: it is ready to take over. The details list the
 * standing-by shards and the instance that owns each ({@code owner}), and this instance's
 * id ({@code instanceId}).</li>
 * <li>{@code DOWN}: a shard stopped for a fatal reason (such as close code 4004 or 4014),
 * the manager could not start (token rejected, invalid shard ids), the daily identify
 * budget is spent while a shard needs a new session, or a shard has had no live session
 * for longer than {@code discord.gateway.health.down-after}; also when gateway discovery
 * has not succeeded for that long.</li>
 * <li>{@code OUT_OF_SERVICE}: a shard is connecting, resuming or reconnecting (for less
 * than {@code down-after}), a standby cannot tell who holds a shard's lease (the lease
 * store does not answer: nobody may be running the shard), or the gateway is stopped (the
 * application is shutting down). A standby that cannot ask for longer than
 * {@code down-after} makes it {@code DOWN}.</li>
 * <li>{@code UNKNOWN}: gateway discovery has not answered yet, so the shard ids are not
 * known.</li>
 * </ul>
 * Details: the shard total, the identify budget, and per shard its state, last close code
 * and reason, sequence, heartbeat latency, reconnects and seconds since the last
 * dispatch. Never the token: text that could carry it (close reasons from the server,
 * failure messages) is redacted.
 */
public class DiscordGatewayHealthIndicator extends AbstractHealthIndicator {

	private final GatewayShardManager manager;

	private final Duration downAfter;

	private final Clock clock;

	private volatile Instant waitingForDiscoverySince;

	/**
	 * Creates the indicator.
	 * @param manager the shard manager
	 * @param downAfter how long a shard may be without a live session before the health
	 * is DOWN
	 */
	public DiscordGatewayHealthIndicator(GatewayShardManager manager, Duration downAfter) {
		this(manager, downAfter, Clock.systemUTC());
	}

	DiscordGatewayHealthIndicator(GatewayShardManager manager, Duration downAfter, Clock clock) {
		super("Discord gateway health check failed");
		this.manager = Objects.requireNonNull(manager, "manager");
		this.downAfter = Objects.requireNonNull(downAfter, "downAfter");
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Instant now = this.clock.instant();
		List<GatewayShard> shards = this.manager.shards();
		String startupFailure = this.manager.startupFailure();
		SessionStartLimit budget = this.manager.sessionStartLimit();
		Map<String, Object> details = new LinkedHashMap<>();
		Integer total = this.manager.shardTotal();
		String instanceId = this.manager.instanceId();
		if (instanceId != null) {
			details.put("instanceId", instanceId);
		}
		if (total != null) {
			details.put("shardTotal", total);
		}
		List<Integer> heldBack = this.manager.shardsHeldBackByIdentifyBudget();
		if (budget != null && budget.isReported()) {
			Map<String, Object> identify = new LinkedHashMap<>();
			identify.put("remaining", budget.remaining());
			identify.put("total", budget.total());
			identify.put("resetsAt", budget.resetsAt().toString());
			if (!heldBack.isEmpty()) {
				identify.put("heldBack", heldBack);
			}
			details.put("identifyBudget", identify);
		}
		if (startupFailure != null) {
			builder.down().withDetails(details).withDetail("reason", redact(startupFailure));
			return;
		}
		if (!this.manager.isRunning()) {
			builder.outOfService().withDetails(details).withDetail("reason", "the gateway is stopped");
			return;
		}
		if (shards.isEmpty()) {
			Instant since = this.waitingForDiscoverySince;
			if (since == null) {
				since = now;
				this.waitingForDiscoverySince = now;
			}
			Duration waiting = Duration.between(since, now);
			if (waiting.compareTo(this.downAfter) > 0) {
				builder.down()
					.withDetails(details)
					.withDetail("reason", "gateway discovery has not succeeded for " + waiting.toSeconds() + " s");
				return;
			}
			builder.unknown()
				.withDetails(details)
				.withDetail("reason", "waiting for gateway discovery (shard ids not known yet)");
			return;
		}
		this.waitingForDiscoverySince = null;

		Map<String, Object> shardDetails = new LinkedHashMap<>();
		List<Integer> failed = new ArrayList<>();
		List<Integer> notConnected = new ArrayList<>();
		List<Integer> needSession = new ArrayList<>();
		List<Integer> overdue = new ArrayList<>();
		List<Integer> standby = new ArrayList<>();
		List<Integer> ownerUnknown = new ArrayList<>();
		String failure = null;
		for (GatewayShard shard : shards) {
			ShardSnapshot snapshot = shard.snapshot();
			shardDetails.put(Integer.toString(snapshot.shardId()), describe(snapshot, now));
			if (snapshot.state() == ShardState.FAILED) {
				failed.add(snapshot.shardId());
				if (failure == null && snapshot.lastDisconnect() != null) {
					failure = snapshot.lastDisconnect().reason() + " (close code "
							+ snapshot.lastDisconnect().closeCode() + ")";
				}
			}
			else if (snapshot.state() == ShardState.STANDBY && snapshot.owner() != null) {
				standby.add(snapshot.shardId());
			}
			else if (!snapshot.state().isConnected()) {
				notConnected.add(snapshot.shardId());
				if (snapshot.state() == ShardState.STANDBY) {
					ownerUnknown.add(snapshot.shardId());
				}
				if (!snapshot.sessionPresent()) {
					needSession.add(snapshot.shardId());
				}
				Instant since = this.manager.unavailableSince(snapshot.shardId());
				if (since == null) {
					since = snapshot.stateSince();
				}
				if (since != null && Duration.between(since, now).compareTo(this.downAfter) > 0) {
					overdue.add(snapshot.shardId());
				}
			}
		}
		int connected = shards.size() - failed.size() - notConnected.size() - standby.size();
		details.put("connected", connected + "/" + shards.size());
		if (!standby.isEmpty()) {
			details.put("standby", standby);
		}
		if (!failed.isEmpty()) {
			builder.down()
				.withDetail("reason", "shard(s) " + failed + " stopped for a fatal reason"
						+ ((failure != null) ? ": " + redact(failure) : ""));
		}
		else if (budget != null && (!heldBack.isEmpty() || (!needSession.isEmpty() && budget.isExhausted()))) {
			builder.down()
				.withDetail("reason", "identify budget spent, resets at " + budget.resetsAt() + "; shard(s) "
						+ (heldBack.isEmpty() ? needSession : heldBack) + " cannot start a new session until then");
		}
		else if (!overdue.isEmpty()) {
			builder.down()
				.withDetail("reason", "shard(s) " + overdue + " without a live session for more than "
						+ this.downAfter.toSeconds() + " s");
		}
		else if (!notConnected.isEmpty()) {
			List<Integer> connecting = new ArrayList<>(notConnected);
			connecting.removeAll(ownerUnknown);
			List<String> reasons = new ArrayList<>();
			if (!connecting.isEmpty()) {
				reasons.add("shard(s) " + connecting + " connecting");
			}
			if (!ownerUnknown.isEmpty()) {
				reasons.add("shard(s) " + ownerUnknown
						+ " standing by without knowing who holds their leases (the lease store does not answer)");
			}
			builder.outOfService().withDetail("reason", String.join("; ", reasons));
		}
		else if (!standby.isEmpty()) {
			builder.up()
				.withDetail("reason",
						"shard(s) " + standby + " stand by: other instances hold their leases and run them");
		}
		else {
			builder.up();
		}
		builder.withDetails(details).withDetail("shards", shardDetails);
	}

	private Map<String, Object> describe(ShardSnapshot snapshot, Instant now) {
		Map<String, Object> shard = new LinkedHashMap<>();
		shard.put("state", snapshot.state().name());
		if (snapshot.owner() != null) {
			shard.put("owner", snapshot.owner());
		}
		ShardDisconnect disconnect = snapshot.lastDisconnect();
		shard.put("lastCloseCode", (disconnect != null) ? disconnect.closeCode() : null);
		shard.put("lastCloseReason", (disconnect != null) ? redact(disconnect.reason()) : null);
		shard.put("sequence", snapshot.sequence());
		shard.put("heartbeatLatencyMs",
				(snapshot.heartbeatLatency() != null) ? snapshot.heartbeatLatency().toMillis() : null);
		shard.put("reconnects", snapshot.reconnects());
		shard.put("secondsSinceLastDispatch", (snapshot.lastDispatchAt() != null)
				? Duration.between(snapshot.lastDispatchAt(), now).toSeconds() : null);
		Instant unavailable = this.manager.unavailableSince(snapshot.shardId());
		if (unavailable != null && !snapshot.state().isConnected()) {
			shard.put("secondsWithoutSession", Math.max(0, Duration.between(unavailable, now).toSeconds()));
		}
		return shard;
	}

	private String redact(String text) {
		return this.manager.options().token().redact(text);
	}

}
