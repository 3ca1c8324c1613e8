package io.github.discordgateway.autoconfigure.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.ShardState;

/**
 * A {@link GatewayObserver} that records gateway activity with Micrometer. The meter
 * names are a public contract (see {@code docs/operations.md}); every meter carries a
 * {@code shard} tag unless it is turned off, in which case the values of all shards are
 * added up.
 * <ul>
 * <li>{@value #DISPATCHES} (counter, {@code type}): dispatches delivered to the
 * listeners.</li>
 * <li>{@value #DELIVERY_LATENCY} (timer): how long the listeners took to handle one
 * dispatch, sampled: one dispatch in {@value #DELIVERY_LATENCY_SAMPLING} per shard (the
 * first, the 17th, ...) is timed, so its count is about a sixteenth of
 * {@value #DISPATCHES}; its mean and maximum stay representative while a dispatch costs
 * one counter increment.</li>
 * <li>{@value #DELIVERY_QUEUE} (gauge): dispatches received and not yet delivered to the
 * listeners; it reads the shards, so {@link DeliveryQueueMetrics} registers it.</li>
 * <li>{@value #HEARTBEAT_LATENCY} (timer): round trip of acknowledged heartbeats.</li>
 * <li>{@value #RECONNECTS} (counter, {@code reason}): reconnects, including failed
 * connection attempts ({@code connect-failed}).</li>
 * <li>{@value #SESSIONS} (counter, {@code kind} = {@code identify}|{@code resume}):
 * IDENTIFYs and RESUMEs sent.</li>
 * <li>{@value #SHARD_CONNECTED} (gauge): 1 while the shard has a live (READY or RESUMED)
 * session, else 0; without the shard tag, the number of connected shards.</li>
 * <li>{@value #RECEIVED} (counter, bytes, {@code stage} = {@code wire}|{@code decoded}):
 * bytes received, as on the socket and after decompression.</li>
 * <li>{@value #PAYLOADS_SENT} (counter, {@code op}): payloads sent, by opcode
 * number.</li>
 * <li>{@value #DECODE_ERRORS} (counter, {@code kind}): received data that could not be
 * used.</li>
 * <li>{@value #SEQUENCE_ANOMALIES} (counter, {@code kind} = {@code gap}|{@code repeat}):
 * dispatches that arrived out of sequence.</li>
 * </ul>
 * Tag values are bounded: a dispatch type that does not match {@code ^[A-Z0-9_]{1,64}$},
 * or beyond {@value #MAX_TYPES_PER_SHARD} distinct types per shard, counts as
 * {@value #UNKNOWN_TYPE}; a reason or kind that does not match
 * {@code ^[a-z0-9][a-z0-9-]{0,47}$}, or beyond {@value #MAX_REASONS_PER_SHARD} distinct
 * values per meter and shard, counts as {@value #OTHER}; opcodes above 63 count as
 * {@value #OTHER}. So a misbehaving server cannot explode the number of time series.
 * <p>
 * Meters are created once per shard and tag value and cached; the per-payload path is a
 * couple of array and map lookups without allocation, and the per-dispatch path one
 * counter increment (plus the sampled timer). Observer methods run on the gateway's
 * threads and never throw.
 */
public class MicrometerGatewayObserver implements GatewayObserver {

	/** Dispatches delivered to the listeners (counter). */
	public static final String DISPATCHES = "discord.gateway.dispatches";

	/** Time the listeners took to handle one dispatch (timer). */
	public static final String DELIVERY_LATENCY = "discord.gateway.delivery.latency";

	/**
	 * One dispatch in this many (per shard) is recorded in {@value #DELIVERY_LATENCY}.
	 */
	public static final int DELIVERY_LATENCY_SAMPLING = 16;

	/** Dispatches waiting to be delivered to the listeners (gauge). */
	public static final String DELIVERY_QUEUE = "discord.gateway.delivery.queue";

	/** Heartbeat round trip (timer). */
	public static final String HEARTBEAT_LATENCY = "discord.gateway.heartbeat.latency";

	/** Reconnects by reason (counter). */
	public static final String RECONNECTS = "discord.gateway.reconnects";

	/** IDENTIFYs and RESUMEs sent (counter). */
	public static final String SESSIONS = "discord.gateway.sessions";

	/** 1 while a shard is connected (gauge). */
	public static final String SHARD_CONNECTED = "discord.gateway.shard.connected";

	/** Bytes received (counter). */
	public static final String RECEIVED = "discord.gateway.received";

	/** Payloads sent by opcode (counter). */
	public static final String PAYLOADS_SENT = "discord.gateway.payloads.sent";

	/** Received data that could not be used (counter). */
	public static final String DECODE_ERRORS = "discord.gateway.decode.errors";

	/** Dispatches that arrived out of sequence (counter). */
	public static final String SEQUENCE_ANOMALIES = "discord.gateway.sequence.anomalies";

	/** Operations the session store failed, by operation (counter). */
	public static final String SESSION_STORE_FAILURES = "discord.gateway.session.store.failures";

	/** The {@code type} tag value for invalid or excess event types. */
	public static final String UNKNOWN_TYPE = "UNKNOWN";

	/** The tag value for invalid or excess reasons, kinds and opcodes. */
	public static final String OTHER = "other";

	/**
	 * How many distinct types are tagged per shard before the rest count as
	 * {@value #UNKNOWN_TYPE}.
	 */
	public static final int MAX_TYPES_PER_SHARD = 256;

	/**
	 * How many distinct reasons (or kinds) are tagged per meter and shard before the rest
	 * count as {@value #OTHER}.
	 */
	public static final int MAX_REASONS_PER_SHARD = 32;

	/** Opcodes up to this one are tagged with their number. */
	static final int MAX_TAGGED_OPCODE = 63;

	private static final int MAX_TYPE_LENGTH = 64;

	private static final int MAX_REASON_LENGTH = 48;

	private final MeterRegistry registry;

	private final boolean shardTag;

	private final ShardMeters untagged;

	private final AtomicInteger connectedShards = new AtomicInteger();

	private volatile ShardMeters[] shards = new ShardMeters[0];

	/** Told the id of each shard that gets meters of its own. Guarded by this. */
	private final List<IntConsumer> shardListeners = new ArrayList<>();

	/**
	 * Creates the observer: every meter except {@value #DELIVERY_QUEUE} (see
	 * {@link DeliveryQueueMetrics}).
	 * @param registry where to register meters
	 * @param shardTag whether meters carry a {@code shard} tag
	 */
	public MicrometerGatewayObserver(MeterRegistry registry, boolean shardTag) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.shardTag = shardTag;
		if (shardTag) {
			this.untagged = null;
		}
		else {
			this.untagged = new ShardMeters(-1, Tags.empty());
			Gauge.builder(SHARD_CONNECTED, this.connectedShards, AtomicInteger::get)
				.strongReference(true)
				.description("Shards with a live session (READY or RESUMED)")
				.register(registry);
		}
	}

	/** Whether meters carry a {@code shard} tag. */
	boolean isShardTagged() {
		return this.shardTag;
	}

	/**
	 * Calls back with the id of every shard that has meters of its own (only with the
	 * shard tag): those created so far at once, later ones as they are created (when the
	 * shard reports its first event), so that meters bound elsewhere tag the same shards.
	 * @param listener called with a shard id, once per shard
	 */
	synchronized void onShardMetered(IntConsumer listener) {
		for (ShardMeters meters : this.shards) {
			if (meters != null) {
				listener.accept(meters.shardId);
			}
		}
		this.shardListeners.add(listener);
	}

	@Override
	public void payloadReceived(int shardId, long wireBytes, long decodedBytes) {
		ShardMeters meters = meters(shardId);
		meters.receivedWire.increment(wireBytes);
		meters.receivedDecoded.increment(decodedBytes);
	}

	@Override
	public void payloadSent(int shardId, int opcode) {
		meters(shardId).sent(opcode).increment();
	}

	@Override
	public void heartbeatAcknowledged(int shardId, Duration latency) {
		if (latency != null) {
			meters(shardId).heartbeatLatency.record(latency);
		}
	}

	@Override
	public void decodeFailed(int shardId, String kind) {
		meters(shardId).decodeErrors.get(kind).increment();
	}

	@Override
	public void sessionStarted(int shardId, boolean resumed) {
		ShardMeters meters = meters(shardId);
		(resumed ? meters.resumes : meters.identifies).increment();
	}

	@Override
	public void reconnecting(int shardId, String reason) {
		meters(shardId).reconnects.get(reason).increment();
	}

	@Override
	public void stateChanged(int shardId, ShardState from, ShardState to) {
		ShardMeters meters = meters(shardId);
		if (to == ShardState.READY && from != ShardState.READY) {
			meters.connected(true);
		}
		else if (from == ShardState.READY && to != ShardState.READY) {
			meters.connected(false);
		}
	}

	@Override
	public void dispatchDelivered(int shardId, String type, long nanos) {
		ShardMeters meters = meters(shardId);
		meters.dispatches(type).increment();
		// Racy without the shard tag (shards share the meters): that only shifts which
		// dispatch is sampled.
		if (meters.deliveries++ % DELIVERY_LATENCY_SAMPLING == 0) {
			meters.deliveryLatency.record(nanos, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void sequenceAnomaly(int shardId, long expected, long actual) {
		ShardMeters meters = meters(shardId);
		(actual > expected ? meters.sequenceGaps : meters.sequenceRepeats).increment();
	}

	@Override
	public void sessionStoreFailed(int shardId, String operation) {
		meters(shardId).sessionStoreFailures.get(operation).increment();
	}

	/**
	 * The meters of one shard (all shards share one set when the shard tag is off).
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
		ShardMeters[] grown = Arrays.copyOf(current, Math.max(current.length, shardId + 1));
		ShardMeters meters = new ShardMeters(shardId, Tags.of("shard", Integer.toString(shardId)));
		grown[shardId] = meters;
		this.shards = grown;
		for (IntConsumer listener : this.shardListeners) {
			listener.accept(shardId);
		}
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

	/**
	 * Whether a reason or kind may be used as a tag value:
	 * {@code ^[a-z0-9][a-z0-9-]{0,47}$}.
	 */
	static boolean isValidReason(String reason) {
		if (reason == null || reason.isEmpty() || reason.length() > MAX_REASON_LENGTH || reason.charAt(0) == '-') {
			return false;
		}
		for (int i = 0; i < reason.length(); i++) {
			char c = reason.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
				return false;
			}
		}
		return true;
	}

	/** Counters of one meter keyed by a bounded tag (reason or kind). */
	private final class BoundedCounters {

		private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

		private final Function<String, Counter> factory;

		private volatile Counter other;

		BoundedCounters(Function<String, Counter> factory) {
			this.factory = factory;
		}

		Counter get(String value) {
			Counter counter = (value != null) ? this.counters.get(value) : null;
			if (counter != null) {
				return counter;
			}
			if (!isValidReason(value) || this.counters.size() >= MAX_REASONS_PER_SHARD) {
				return other();
			}
			return this.counters.computeIfAbsent(value, this.factory);
		}

		private Counter other() {
			Counter counter = this.other;
			if (counter == null) {
				counter = this.factory.apply(OTHER);
				this.other = counter;
			}
			return counter;
		}

	}

	private final class ShardMeters {

		private final int shardId;

		private final Tags tags;

		private final ConcurrentHashMap<String, Counter> dispatches = new ConcurrentHashMap<>();

		private volatile Counter unknownDispatches;

		private final Counter[] sentByOpcode = new Counter[MAX_TAGGED_OPCODE + 1];

		private volatile Counter sentOther;

		private final Counter receivedWire;

		private final Counter receivedDecoded;

		private final Counter identifies;

		private final Counter resumes;

		private final Counter sequenceGaps;

		private final Counter sequenceRepeats;

		private final Timer heartbeatLatency;

		private final Timer deliveryLatency;

		/**
		 * Dispatches delivered, to sample {@link #deliveryLatency}; written by the
		 * shard's delivery thread.
		 */
		private int deliveries;

		private final BoundedCounters reconnects;

		private final BoundedCounters decodeErrors;

		private final BoundedCounters sessionStoreFailures;

		private final AtomicInteger connected = new AtomicInteger();

		ShardMeters(int shardId, Tags tags) {
			this.shardId = shardId;
			this.tags = tags;
			MeterRegistry registry = MicrometerGatewayObserver.this.registry;
			this.receivedWire = received("wire");
			this.receivedDecoded = received("decoded");
			this.identifies = session("identify");
			this.resumes = session("resume");
			this.sequenceGaps = sequenceAnomalies("gap");
			this.sequenceRepeats = sequenceAnomalies("repeat");
			this.heartbeatLatency = Timer.builder(HEARTBEAT_LATENCY)
				.description("Round trip of acknowledged heartbeats")
				.tags(tags)
				.register(registry);
			this.deliveryLatency = Timer.builder(DELIVERY_LATENCY)
				.description("Time the listeners took to handle one dispatch")
				.tags(tags)
				.register(registry);
			this.reconnects = new BoundedCounters((reason) -> Counter.builder(RECONNECTS)
				.description("Reconnects (including failed connection attempts) by reason")
				.tags(tags)
				.tag("reason", reason)
				.register(registry));
			this.decodeErrors = new BoundedCounters((kind) -> Counter.builder(DECODE_ERRORS)
				.description("Received data that could not be decoded or used")
				.tags(tags)
				.tag("kind", kind)
				.register(registry));
			this.sessionStoreFailures = new BoundedCounters((operation) -> Counter.builder(SESSION_STORE_FAILURES)
				.description("Operations the session store failed; the shard went on without it")
				.tags(tags)
				.tag("operation", operation)
				.register(registry));
			if (shardId >= 0) {
				Gauge.builder(SHARD_CONNECTED, this.connected, AtomicInteger::get)
					.strongReference(true)
					.description("1 while the shard has a live session (READY or RESUMED), else 0")
					.tags(tags)
					.register(registry);
			}
		}

		void connected(boolean connected) {
			if (MicrometerGatewayObserver.this.shardTag) {
				this.connected.set(connected ? 1 : 0);
			}
			else {
				MicrometerGatewayObserver.this.connectedShards
					.updateAndGet((n) -> Math.max(0, n + (connected ? 1 : -1)));
			}
		}

		private Counter received(String stage) {
			return Counter.builder(RECEIVED)
				.description("Bytes received from the gateway, as on the wire and after decompression")
				.baseUnit("bytes")
				.tags(this.tags)
				.tag("stage", stage)
				.register(MicrometerGatewayObserver.this.registry);
		}

		private Counter session(String kind) {
			return Counter.builder(SESSIONS)
				.description("Sessions started (IDENTIFY) and resumed (RESUME)")
				.tags(this.tags)
				.tag("kind", kind)
				.register(MicrometerGatewayObserver.this.registry);
		}

		private Counter sequenceAnomalies(String kind) {
			return Counter.builder(SEQUENCE_ANOMALIES)
				.description("Dispatches that arrived out of sequence")
				.tags(this.tags)
				.tag("kind", kind)
				.register(MicrometerGatewayObserver.this.registry);
		}

		Counter sent(int opcode) {
			if (opcode < 0 || opcode > MAX_TAGGED_OPCODE) {
				Counter counter = this.sentOther;
				if (counter == null) {
					counter = sentCounter(OTHER);
					this.sentOther = counter;
				}
				return counter;
			}
			Counter counter = this.sentByOpcode[opcode];
			if (counter == null) {
				counter = sentCounter(Integer.toString(opcode));
				this.sentByOpcode[opcode] = counter;
			}
			return counter;
		}

		private Counter sentCounter(String op) {
			return Counter.builder(PAYLOADS_SENT)
				.description("Payloads sent to the gateway, by opcode")
				.tags(this.tags)
				.tag("op", op)
				.register(MicrometerGatewayObserver.this.registry);
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

	/** The meter names this observer registers, for documentation checks. */
	public static List<String> meterNames() {
		return List.of(DISPATCHES, DELIVERY_LATENCY, DELIVERY_QUEUE, HEARTBEAT_LATENCY, RECONNECTS, SESSIONS,
				SHARD_CONNECTED, RECEIVED, PAYLOADS_SENT, DECODE_ERRORS, SEQUENCE_ANOMALIES, SESSION_STORE_FAILURES);
	}

}
