package io.github.discordgateway.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discord's limits on starting sessions, judged when an IDENTIFY arrives: one IDENTIFY
 * per concurrency bucket ({@code shard_id % max_concurrency}) within the identify window,
 * the {@code session_start_limit} budget that resets {@code reset_after} after the
 * simulator was created, and a refusal window set by a test. Counts what it refused and
 * records the gaps between accepted IDENTIFYs per bucket. Thread-safe.
 */
final class IdentifyLimits {

	private static final Logger log = LoggerFactory.getLogger(IdentifyLimits.class);

	private final SimulatorConfig config;

	private final Object lock = new Object();

	private final Map<Integer, Long> lastIdentifyByBucket = new HashMap<>();

	private final Map<Integer, List<Duration>> identifyGaps = new HashMap<>();

	private final List<GatewaySimulator.BucketViolation> bucketViolations = new CopyOnWriteArrayList<>();

	private final AtomicInteger violations = new AtomicInteger();

	private final AtomicInteger budgetOverruns = new AtomicInteger();

	private final AtomicInteger refused = new AtomicInteger();

	private int sessionStartsRemaining;

	private long sessionStartsResetAtNanos;

	private volatile long refuseUntilNanos;

	IdentifyLimits(SimulatorConfig config) {
		this.config = config;
		this.sessionStartsRemaining = config.sessionStartRemaining;
		this.sessionStartsResetAtNanos = System.nanoTime() + config.sessionStartResetAfter.toNanos();
	}

	/**
	 * Judges an IDENTIFY of a shard; an accepted one spends a session start.
	 * @param shardId the identifying shard
	 * @param arrivedAtNanos when it was read off the socket
	 * @return whether a session may start (otherwise the answer is op 9 {@code false})
	 */
	boolean admit(int shardId, long arrivedAtNanos) {
		synchronized (this.lock) {
			long now = arrivedAtNanos;
			int bucket = shardId % this.config.maxConcurrency;
			Long last = this.lastIdentifyByBucket.get(bucket);
			// Each connection's reader thread takes the arrival time before it reaches
			// this lock, so IDENTIFYs of one bucket that arrive together can be judged
			// in the opposite order: the gap is the distance between the two arrivals.
			long gap = (last != null) ? Math.abs(now - last) : 0;
			if (last != null && gap < this.config.identifyWindow.toNanos()) {
				this.violations.incrementAndGet();
				this.bucketViolations.add(new GatewaySimulator.BucketViolation(shardId, bucket, Duration.ofNanos(gap)));
				log.debug("IDENTIFY for shard {} refused: bucket {} identified {} ms apart", shardId, bucket,
						gap / 1_000_000);
				return false;
			}
			resetSessionStartsIfDue(now);
			if (this.sessionStartsRemaining <= 0) {
				this.violations.incrementAndGet();
				this.budgetOverruns.incrementAndGet();
				log.debug("IDENTIFY for shard {} refused: session_start_limit spent", shardId);
				return false;
			}
			if (now - this.refuseUntilNanos < 0) {
				this.refused.incrementAndGet();
				return false;
			}
			if (last != null) {
				this.identifyGaps.computeIfAbsent(bucket, (b) -> new ArrayList<>()).add(Duration.ofNanos(gap));
			}
			this.lastIdentifyByBucket.put(bucket, (last != null) ? Math.max(last, now) : now);
			this.sessionStartsRemaining--;
			return true;
		}
	}

	void refuseFor(Duration duration) {
		this.refuseUntilNanos = System.nanoTime() + duration.toNanos();
	}

	int sessionStartsRemaining() {
		synchronized (this.lock) {
			resetSessionStartsIfDue(System.nanoTime());
			return this.sessionStartsRemaining;
		}
	}

	/** Time left until the budget resets (what {@code reset_after} reports). */
	Duration sessionStartsResetAfter() {
		synchronized (this.lock) {
			long now = System.nanoTime();
			resetSessionStartsIfDue(now);
			return Duration.ofNanos(Math.max(0, this.sessionStartsResetAtNanos - now));
		}
	}

	private void resetSessionStartsIfDue(long now) {
		if (now - this.sessionStartsResetAtNanos >= 0) {
			this.sessionStartsRemaining = this.config.sessionStartTotal;
			this.sessionStartsResetAtNanos = now + this.config.sessionStartResetAfter.toNanos();
		}
	}

	int violations() {
		return this.violations.get();
	}

	List<GatewaySimulator.BucketViolation> bucketViolations() {
		return List.copyOf(this.bucketViolations);
	}

	Map<Integer, List<Duration>> arrivalGaps() {
		synchronized (this.lock) {
			Map<Integer, List<Duration>> copy = new HashMap<>();
			this.identifyGaps.forEach((bucket, gaps) -> copy.put(bucket, List.copyOf(gaps)));
			return copy;
		}
	}

	int budgetOverruns() {
		return this.budgetOverruns.get();
	}

	int refused() {
		return this.refused.get();
	}

}
