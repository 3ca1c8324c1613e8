package io.github.discordgateway.autoconfigure.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.SessionStartLimit;
import io.github.discordgateway.core.ShardDisconnect;
import io.github.discordgateway.core.ShardSnapshot;
import io.github.discordgateway.core.ShardState;
import io.github.discordgateway.core.manager.GatewayShardManager;

/**
 * The {@code gateway} actuator endpoint: the shards this process runs.
 * <ul>
 * <li>{@code GET /actuator/gateway}: the manager and every shard; with shard leases also
 * this instance's id, the shards it stands by for ({@code STANDBY}) and each shard's
 * {@code owner}.</li>
 * <li>{@code GET /actuator/gateway/{shardId}}: one shard (404 if this process does not
 * run it).</li>
 * <li>{@code POST /actuator/gateway/{shardId}} with {@code {"action": "resume"}} (the
 * default) or {@code {"action": "reconnect"}}: closes the shard's connection and resumes
 * its session, or starts a new session (IDENTIFY). A FAILED shard (stopped by a fatal
 * close such as 4004) is only brought back with {@code "force": true}, since a new
 * IDENTIFY with the same token or intents usually fails the same way. Writes to one shard
 * are at least {@code discord.gateway.endpoint.write-cooldown} (30 s) apart; a refused
 * write answers 409 (FAILED without force) or 429 (cooldown) with a message. A write
 * operation, so it is only available with
 * {@code management.endpoint.gateway.access=unrestricted}: by default the endpoint is
 * read-only.</li>
 * </ul>
 * Nothing here contains the token; text that could carry it (close reasons from the
 * server, failure messages) is redacted.
 */
@Endpoint(id = "gateway", defaultAccess = Access.READ_ONLY)
public class GatewayEndpoint {

	/** HTTP 409, which {@link WebEndpointResponse} has no constant for. */
	private static final int STATUS_CONFLICT = 409;

	private final GatewayShardManager manager;

	private final Duration writeCooldown;

	private final Clock clock;

	private final Map<Integer, Instant> lastWrites = new HashMap<>();

	/**
	 * Creates the endpoint with a write cooldown of 30 seconds.
	 * @param manager the shard manager
	 */
	public GatewayEndpoint(GatewayShardManager manager) {
		this(manager, Duration.ofSeconds(30));
	}

	/**
	 * Creates the endpoint.
	 * @param manager the shard manager
	 * @param writeCooldown shortest time between two writes to the same shard
	 */
	public GatewayEndpoint(GatewayShardManager manager, Duration writeCooldown) {
		this(manager, writeCooldown, Clock.systemUTC());
	}

	GatewayEndpoint(GatewayShardManager manager, Duration writeCooldown, Clock clock) {
		this.manager = Objects.requireNonNull(manager, "manager");
		this.writeCooldown = Objects.requireNonNull(writeCooldown, "writeCooldown");
		this.clock = clock;
	}

	/**
	 * Describes the manager and every shard.
	 * @return the description
	 */
	@ReadOperation
	public GatewayDescriptor gateway() {
		Instant now = Instant.now();
		List<ShardDescriptor> shards = new ArrayList<>();
		for (GatewayShard shard : this.manager.shards()) {
			shards.add(describe(shard.snapshot(), now));
		}
		SessionStartLimit limit = this.manager.sessionStartLimit();
		IdentifyBudgetDescriptor budget = (limit != null && limit.isReported())
				? new IdentifyBudgetDescriptor(limit.total(), limit.remaining(), limit.resetsAt(), limit.isExhausted())
				: null;
		List<Integer> standby = shards.stream()
			.filter((shard) -> ShardState.STANDBY.name().equals(shard.state()))
			.map(ShardDescriptor::id)
			.toList();
		return new GatewayDescriptor(this.manager.isRunning(), this.manager.instanceId(), this.manager.shardTotal(),
				shards.size(), (int) shards.stream().filter((shard) -> shard.connected()).count(), standby,
				redact(this.manager.startupFailure()), budget, shards);
	}

	/**
	 * Describes one shard.
	 * @param shardId the shard id
	 * @return the description, or {@code null} (404) if this process does not run the
	 * shard
	 */
	@ReadOperation
	public @Nullable ShardDescriptor shard(@Selector int shardId) {
		GatewayShard shard = this.manager.shard(shardId);
		return (shard != null) ? describe(shard.snapshot(), Instant.now()) : null;
	}

	/**
	 * Reconnects one shard.
	 * @param shardId the shard id
	 * @param action {@code resume} (default) to keep the session, {@code reconnect} to
	 * start a new one
	 * @param force {@code true} to bring back a FAILED shard
	 * @return the shard right after the request (usually RECONNECTING or CONNECTING), or
	 * a refusal: 409 for a FAILED shard without {@code force}, 429 within the cooldown of
	 * the previous write
	 */
	@WriteOperation
	public WebEndpointResponse<Object> reconnect(@Selector int shardId, @Nullable String action,
			@Nullable Boolean force) {
		String requested = (action != null) ? action.strip().toLowerCase(Locale.ROOT) : "resume";
		boolean resume = switch (requested) {
			case "resume" -> true;
			case "reconnect", "identify" -> false;
			default -> throw new InvalidEndpointRequestException(
					"Unknown action '" + abbreviate(requested) + "'; use 'resume' or 'reconnect'",
					"Unknown action; use 'resume' or 'reconnect'");
		};
		GatewayShard shard = this.manager.shard(shardId);
		if (shard == null) {
			throw new InvalidEndpointRequestException("Shard " + shardId + " does not run in this process",
					"No such shard in this process");
		}
		ShardSnapshot snapshot = shard.snapshot();
		if (snapshot.state() == ShardState.FAILED && !Boolean.TRUE.equals(force)) {
			ShardDisconnect cause = snapshot.lastDisconnect();
			return refusal(STATUS_CONFLICT, "Shard " + shardId + " is FAILED"
					+ ((cause != null) ? " (close " + cause.closeCode() + ": " + redact(cause.reason()) + ")" : "")
					+ "; fix the cause first, then send \"force\": true to start a new session");
		}
		Instant now = this.clock.instant();
		synchronized (this.lastWrites) {
			Instant last = this.lastWrites.get(shardId);
			if (last != null && now.isBefore(last.plus(this.writeCooldown))) {
				long wait = Math.max(1, Duration.between(now, last.plus(this.writeCooldown)).toSeconds());
				return refusal(WebEndpointResponse.STATUS_TOO_MANY_REQUESTS,
						"Shard " + shardId + " was reconnected less than " + this.writeCooldown.toSeconds()
								+ " s ago; try again in " + wait + " s (discord.gateway.endpoint.write-cooldown)");
			}
			this.lastWrites.put(shardId, now);
		}
		shard.reconnect(resume);
		return new WebEndpointResponse<>(describe(shard.snapshot(), Instant.now()));
	}

	private static WebEndpointResponse<Object> refusal(int status, String message) {
		return new WebEndpointResponse<>(new Refusal(message), status);
	}

	private ShardDescriptor describe(ShardSnapshot snapshot, Instant now) {
		ShardDisconnect disconnect = snapshot.lastDisconnect();
		DisconnectDescriptor lastDisconnect = (disconnect != null) ? new DisconnectDescriptor(disconnect.closeCode(),
				redact(disconnect.reason()), (disconnect.recovery() != null) ? disconnect.recovery().name() : null,
				disconnect.willReconnect()) : null;
		Instant connectedSince = snapshot.connectedSince();
		boolean connected = snapshot.state().isConnected();
		return new ShardDescriptor(snapshot.shardId(), snapshot.shardTotal(), snapshot.state().name(), connected,
				snapshot.stateSince(), snapshot.sessionPresent(), snapshot.sequence(),
				(snapshot.heartbeatLatency() != null) ? snapshot.heartbeatLatency().toMillis() : null,
				snapshot.gatewayHost(), snapshot.encoding().queryValue(),
				(snapshot.compression().queryValue() != null) ? snapshot.compression().queryValue() : "none",
				connectedSince, (connected && connectedSince != null) ? seconds(connectedSince, now) : null,
				this.manager.unavailableSince(snapshot.shardId()), snapshot.reconnects(), snapshot.lastDispatchAt(),
				(snapshot.lastDispatchAt() != null) ? seconds(snapshot.lastDispatchAt(), now) : null,
				snapshot.deliveryBacklog(), snapshot.owner(), lastDisconnect);
	}

	private static long seconds(Instant from, Instant to) {
		return Math.max(0, Duration.between(from, to).toSeconds());
	}

	private @Nullable String redact(@Nullable String text) {
		return this.manager.options().token().redact(text);
	}

	private static String abbreviate(String text) {
		String safe = text.replaceAll("[^a-z0-9-]", "?");
		return (safe.length() > 20) ? safe.substring(0, 20) + "..." : safe;
	}

	/**
	 * The manager and its shards.
	 *
	 * @param running whether the manager is started
	 * @param instanceId this instance's id in the fleet, or {@code null} without shard
	 * leases
	 * @param shardTotal the bot's total shard count, or {@code null} before discovery
	 * answered
	 * @param shardCount how many shards this process is configured for
	 * @param connectedShards how many of them have a live session
	 * @param standbyShards the ids of those it stands by for (another instance holds
	 * their leases)
	 * @param startupFailure why the shards could not be started, or {@code null}
	 * @param identifyBudget the daily session-start budget, or {@code null} when unknown
	 * @param shards every shard, in id order
	 */
	public record GatewayDescriptor(boolean running, @Nullable String instanceId, @Nullable Integer shardTotal,
			int shardCount, int connectedShards, List<Integer> standbyShards, @Nullable String startupFailure,
			@Nullable IdentifyBudgetDescriptor identifyBudget, List<ShardDescriptor> shards) {

	}

	/**
	 * Why a write was refused.
	 *
	 * @param message what was refused and what to do
	 */
	public record Refusal(String message) {

	}

	/**
	 * The daily session-start budget.
	 *
	 * @param total starts per window
	 * @param remaining starts left
	 * @param resetsAt when the window resets
	 * @param exhausted whether no IDENTIFY may be sent before {@code resetsAt}
	 */
	public record IdentifyBudgetDescriptor(int total, int remaining, Instant resetsAt, boolean exhausted) {

	}

	/**
	 * One shard.
	 *
	 * @param id the shard id
	 * @param shardTotal the total shard count it identifies with
	 * @param state its state
	 * @param connected whether it has a live session (READY or RESUMED)
	 * @param stateSince when it entered the state
	 * @param sessionPresent whether it holds a session that can be resumed
	 * @param sequence the last sequence number received
	 * @param heartbeatLatencyMs the last heartbeat round trip in milliseconds, or
	 * {@code null}
	 * @param gatewayHost the host of the current or last gateway connection
	 * @param encoding the payload encoding
	 * @param compression the transport compression
	 * @param connectedSince when the current session became READY or RESUMED, or
	 * {@code null}
	 * @param uptimeSeconds seconds since {@code connectedSince} while connected, else
	 * {@code null}
	 * @param unavailableSince since when it has had no live session, or {@code null}
	 * while connected
	 * @param reconnects how many times it reconnected
	 * @param lastDispatchAt when the last dispatch arrived, or {@code null}
	 * @param secondsSinceLastDispatch seconds since then, or {@code null}
	 * @param deliveryBacklog dispatches waiting to be delivered to the listeners
	 * @param owner with shard leases: the instance that holds the shard's lease (this
	 * one's id while it runs the shard, another one's while it stands by), or
	 * {@code null}
	 * @param lastDisconnect why the last connection ended, or {@code null}
	 */
	public record ShardDescriptor(int id, int shardTotal, String state, boolean connected, Instant stateSince,
			boolean sessionPresent, long sequence, @Nullable Long heartbeatLatencyMs, @Nullable String gatewayHost,
			String encoding, String compression, @Nullable Instant connectedSince, @Nullable Long uptimeSeconds,
			@Nullable Instant unavailableSince, long reconnects, @Nullable Instant lastDispatchAt,
			@Nullable Long secondsSinceLastDispatch, int deliveryBacklog, @Nullable String owner,
			@Nullable DisconnectDescriptor lastDisconnect) {

	}

	/**
	 * Why a connection ended.
	 *
	 * @param closeCode the WebSocket close code
	 * @param reason the reason
	 * @param recovery what the shard does next ({@code RESUME}, {@code IDENTIFY},
	 * {@code FATAL}), or {@code null} when the application stopped it
	 * @param willReconnect whether the shard reconnects on its own
	 */
	public record DisconnectDescriptor(int closeCode, @Nullable String reason, @Nullable String recovery,
			boolean willReconnect) {

	}

}
