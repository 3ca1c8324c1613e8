package io.github.discordgateway.autoconfigure.metrics;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.github.discordgateway.core.GatewayObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * A {@link GatewayObserver} that records gateway activity with Micrometer.
 * <p>
 * Meters:
 * <ul>
 * <li>{@value #DISPATCHES} (counter): dispatches delivered to the listeners, tagged {@code shard}
 * (unless disabled) and {@code type}. A type that does not match {@code ^[A-Z0-9_]{1,64}$}, or
 * beyond {@value #MAX_TYPES_PER_SHARD} distinct types per shard, is counted as
 * {@value #UNKNOWN_TYPE}, so a misbehaving server cannot explode the number of time series.</li>
 * </ul>
 * Meters are created once per shard and type and cached; the per-dispatch path is a couple of array
 * and map lookups without allocation. Observer methods run on the gateway's threads and never throw.
 */
public class MicrometerGatewayObserver implements GatewayObserver {

	/** Name of the dispatch counter. */
	public static final String DISPATCHES = "discord.gateway.dispatches";

	/** The {@code type} tag value for invalid or excess event types. */
	public static final String UNKNOWN_TYPE = "UNKNOWN";

	/** How many distinct types are tagged per shard before the rest count as {@value #UNKNOWN_TYPE}. */
	public static final int MAX_TYPES_PER_SHARD = 256;

	private static final int MAX_TYPE_LENGTH = 64;

	private final MeterRegistry registry;

	private final boolean shardTag;

	private final ShardMeters untagged;

	private volatile ShardMeters[] shards = new ShardMeters[0];

	/**
	 * Creates the observer.
	 * @param registry where to register meters
	 * @param shardTag whether meters carry a {@code shard} tag
	 */
	public MicrometerGatewayObserver(MeterRegistry registry, boolean shardTag) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.shardTag = shardTag;
		this.untagged = shardTag ? null : new ShardMeters(Tags.empty());
	}

	@Override
	public void dispatchDelivered(int shardId, String type, long nanos) {
		meters(shardId).dispatches(type).increment();
	}

	/**
	 * The meters of one shard (all shards share one set when the shard tag is off). Later meters
	 * (heartbeat latency, reconnects, states) belong here too.
	 */
	private ShardMeters meters(int shardId) {
		if (!this.shardTag) {
			return this.untagged;
		}
		ShardMeters[] current = this.shards;
		if (shardId >= 0 && shardId < current.length) {
			ShardMeters meters = current[shardId];
			if (meters != null) {
				return meters;
			}
		}
		return createShardMeters(shardId);
	}

	private synchronized ShardMeters createShardMeters(int shardId) {
		if (shardId < 0) {
			throw new IllegalArgumentException("Negative shard id " + shardId);
		}
		ShardMeters[] current = this.shards;
		if (shardId < current.length && current[shardId] != null) {
			return current[shardId];
		}
		ShardMeters[] grown = java.util.Arrays.copyOf(current, Math.max(current.length, shardId + 1));
		ShardMeters meters = new ShardMeters(Tags.of("shard", Integer.toString(shardId)));
		grown[shardId] = meters;
		this.shards = grown;
		return meters;
	}

	/** Whether a dispatch type may be used as a tag value: {@code ^[A-Z0-9_]{1,64}$}. */
	static boolean isValidType(String type) {
		if (type == null || type.isEmpty() || type.length() > MAX_TYPE_LENGTH) {
			return false;
		}
		for (int i = 0; i < type.length(); i++) {
			char c = type.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
				return false;
			}
		}
		return true;
	}

	private final class ShardMeters {

		private final Tags tags;

		private final ConcurrentHashMap<String, Counter> dispatches = new ConcurrentHashMap<>();

		private volatile Counter unknownDispatches;

		ShardMeters(Tags tags) {
			this.tags = tags;
		}

		Counter dispatches(String type) {
			Counter counter = (type != null) ? this.dispatches.get(type) : null;
			if (counter != null) {
				return counter;
			}
			if (!isValidType(type) || this.dispatches.size() >= MAX_TYPES_PER_SHARD) {
				return unknownDispatches();
			}
			return this.dispatches.computeIfAbsent(type, this::dispatchCounter);
		}

		private Counter unknownDispatches() {
			Counter counter = this.unknownDispatches;
			if (counter == null) {
				counter = dispatchCounter(UNKNOWN_TYPE);
				this.unknownDispatches = counter;
			}
			return counter;
		}

		private Counter dispatchCounter(String type) {
			return Counter.builder(DISPATCHES)
				.description("Dispatches delivered to the application")
				.tags(this.tags)
				.tag("type", type)
				.register(MicrometerGatewayObserver.this.registry);
		}

	}

}
