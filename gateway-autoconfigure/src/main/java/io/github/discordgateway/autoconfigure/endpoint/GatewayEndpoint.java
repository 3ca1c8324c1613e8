package io.github.discordgateway.autoconfigure.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.GatewayShardManager;
import io.github.discordgateway.core.SessionStartLimit;
import io.github.discordgateway.core.ShardDisconnect;
import io.github.discordgateway.core.ShardSnapshot;
import io.github.discordgateway.core.ShardState;

/**
 * The {@code gateway} actuator endpoint: the shards this process runs.
 * <ul>
 * <li>{@code GET /actuator/gateway}: the manager and every shard; with shard leases also this
 * instance's id, the shards it stands by for ({@code STANDBY}) and each shard's {@code owner}.</li>
 * <li>{@code GET /actuator/gateway/{shardId}}: one shard (404 if this process does not run it).</li>
 * <li>{@code POST /actuator/gateway/{shardId}} with {@code {"action": "resume"}} (the default) or
 * {@code {"action": "reconnect"}}: closes the shard's connection and resumes its session, or starts
 * a new session (IDENTIFY). Also brings a FAILED shard back. A write operation, so it is only
 * available with {@code management.endpoint.gateway.access=unrestricted}: by default the endpoint is
 * read-only.</li>
 * </ul>
 * Nothing here contains the token; text that could carry it (close reasons from the server, failure
 * messages) is redacted.
 */
@Endpoint(id = "gateway", defaultAccess = Access.READ_ONLY)
public class GatewayEndpoint {


	private final GatewayShardManager manager;

	/**
	 * Creates the endpoint.
	 * @param manager the shard manager
	 */
	public GatewayEndpoint(GatewayShardManager manager) {
		this.manager = Objects.requireNonNull(manager, "manager");
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
		IdentifyBudgetDescriptor budget = (limit != null && limit.total() != Integer.MAX_VALUE)
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
	 * @return the description, or {@code null} (404) if this process does not run the shard
	 */
	@ReadOperation
	public @Nullable ShardDescriptor shard(@Selector int shardId) {
		GatewayShard shard = this.manager.shard(shardId);
		return (shard != null) ? describe(shard.snapshot(), Instant.now()) : null;
	}

	/**
	 * Reconnects one shard.
	 * @param shardId the shard id
	 * @param action {@code resume} (default) to keep the session, {@code reconnect} to start a new one
	 * @return the shard right after the request (usually RECONNECTING or CONNECTING)
	 */
	@WriteOperation
	public ShardDescriptor reconnect(@Selector int shardId, @Nullable String action) {
		String requested = (action != null) ? action.strip().toLowerCase(Locale.ROOT) : "resume";
		boolean resume = switch (requested) {
			case "resume" -> true;
			case "reconnect", "identify" -> false;
			default -> throw new InvalidEndpointRequestException("Unknown action '" + abbreviate(requested)
					+ "'; use 'resume' or 'reconnect'", "Unknown action; use 'resume' or 'reconnect'");
		};
		GatewayShard shard = this.manager.shard(shardId);
		if (shard == null) {
			throw new InvalidEndpointRequestException("Shard " + shardId + " does not run in this process",
					"No such shard in this process");
		}
		shard.reconnect(resume);
		return describe(shard.snapshot(), Instant.now());
	}

	private ShardDescriptor describe(ShardSnapshot snapshot, Instant now) {
		ShardDisconnect disconnect = snapshot.lastDisconnect();
		DisconnectDescriptor lastDisconnect = (disconnect != null)
				? new DisconnectDescriptor(disconnect.closeCode(), redact(disconnect.reason()),
						(disconnect.recovery() != null) ? disconnect.recovery().name() : null, disconnect.willReconnect())
				: null;
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
	 * @param instanceId this instance's id in the fleet, or {@code null} without shard leases
	 * @param shardTotal the bot's total shard count, or {@code null} before discovery answered
	 * @param shardCount how many shards this process is configured for
	 * @param connectedShards how many of them have a live session
	 * @param standbyShards the ids of those it stands by for (another instance holds their leases)
	 * @param startupFailure why the shards could not be started, or {@code null}
	 * @param identifyBudget the daily session-start budget, or {@code null} when unknown
	 * @param shards every shard, in id order
	 */
	public record GatewayDescriptor(boolean running, @Nullable String instanceId, @Nullable Integer shardTotal,
			int shardCount, int connectedShards, List<Integer> standbyShards, @Nullable String startupFailure,
			@Nullable IdentifyBudgetDescriptor identifyBudget, List<ShardDescriptor> shards) {

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
	 * @param heartbeatLatencyMs the last heartbeat round trip in milliseconds, or {@code null}
	 * @param gatewayHost the host of the current or last gateway connection
	 * @param encoding the payload encoding
	 * @param compression the transport compression
	 * @param connectedSince when the current session became READY or RESUMED, or {@code null}
	 * @param uptimeSeconds seconds since {@code connectedSince} while connected, else {@code null}
	 * @param unavailableSince since when it has had no live session, or {@code null} while connected
	 * @param reconnects how many times it reconnected
	 * @param lastDispatchAt when the last dispatch arrived, or {@code null}
	 * @param secondsSinceLastDispatch seconds since then, or {@code null}
	 * @param deliveryBacklog dispatches waiting to be delivered to the listeners
	 * @param owner with shard leases: the instance that holds the shard's lease (this one's id while
	 * it runs the shard, another one's while it stands by), or {@code null}
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
	 * @param recovery what the shard does next ({@code RESUME}, {@code IDENTIFY}, {@code FATAL}), or
	 * {@code null} when the application stopped it
	 * @param willReconnect whether the shard reconnects on its own
	 */
	public record DisconnectDescriptor(int closeCode, @Nullable String reason, @Nullable String recovery,
			boolean willReconnect) {

	}

}
