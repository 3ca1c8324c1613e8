package io.github.discordgateway.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

import io.github.discordgateway.core.IdentifyCoordinator;
import io.github.discordgateway.core.IdentifySlot;
import io.github.discordgateway.core.SessionStartLimit;

/**
 * Hands out identify slots through Redis, so that every instance of a bot that shares the
 * Redis keeps Discord's rule of one IDENTIFY per concurrency bucket per interval (5 s
 * plus a margin), and shares one daily session-start budget.
 * <p>
 * A slot is the key {@code {<prefix>:identify}:<max_concurrency>:<bucket>}, taken with
 * {@code SET key <token> NX PX <2 × interval>} (the token names the instance and the
 * grant). Whoever sets it may identify; the others read its {@code PTTL} and try again
 * when it expires (plus a little jitter). Discord judges the spacing by arrival, so the
 * holder's {@link IdentifySlot} restarts the key to expire a full interval after the
 * moment the IDENTIFY was written ({@link IdentifySlot#identifySent}), and deletes it
 * when no IDENTIFY was sent ({@link IdentifySlot#release}). A holder that dies before
 * either blocks its bucket for at most two intervals.
 * <p>
 * The budget is the key {@code {<prefix>:identify}:budget}: the starts left, expiring
 * when Discord's window resets. It is seeded from discovery
 * ({@link #sessionStartLimitDiscovered}: the lower of the stored and the reported count
 * wins); one start is taken atomically with the slot and given back when the slot is
 * released unused, so the fleet as a whole never starts more sessions than Discord
 * allows. While it is at zero no slot is granted until it expires. Without the key (no
 * instance discovered yet, or the window reset) only each instance's own budget applies.
 * <p>
 * The slot and the budget are taken in one script, so their keys share the hash tag
 * {@code {<prefix>:identify}}: on a Redis Cluster they live in one slot, as a multi-key
 * script needs.
 * <p>
 * Inside one instance the shards waiting for the same bucket queue up in arrival order
 * and only the first of them polls Redis. Redis is called on a single thread owned by the
 * coordinator, never on the caller's or the gateway scheduler's; granted futures are
 * completed on another small pool of the coordinator. When Redis cannot be reached the
 * wait goes on with backoff and a warning: a slot is never granted without Redis' word.
 * {@link #close()} (called when the Spring bean is destroyed) stops the threads and fails
 * the waits still pending.
 */
public final class RedisIdentifyCoordinator implements IdentifyCoordinator, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisIdentifyCoordinator.class);

	/** Shortest wait before asking Redis again while a slot is taken. */
	static final long MIN_RETRY_MILLIS = 50;

	/**
	 * Upper bound of the random delay added to every retry, so that instances do not poll
	 * in lockstep.
	 */
	static final long JITTER_MILLIS = 25;

	/** First and largest wait after a Redis error. */
	static final long ERROR_BACKOFF_INITIAL_MILLIS = 100;

	static final long ERROR_BACKOFF_MAX_MILLIS = 5_000;

	/** How often a lasting Redis failure is logged again. */
	private static final long ERROR_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

	private static final AtomicInteger INSTANCES = new AtomicInteger();

	/** Restarts a slot's expiry if the slot still holds the given grant's token. */
	private static final RedisScript<Long> RESTART_SLOT = new DefaultRedisScript<>(
			"if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end",
			Long.class);

	/**
	 * Takes the slot and one start of the budget together: 1 when taken, 0 when the slot
	 * is held, otherwise minus one minus the budget's time to live (the budget is spent).
	 */
	private static final RedisScript<Long> TAKE_SLOT = new DefaultRedisScript<>("""
			local budget = redis.call('GET', KEYS[2])
			if budget and tonumber(budget) <= 0 then
			  return -1 - math.max(redis.call('PTTL', KEYS[2]), 0)
			end
			if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
			  if budget then redis.call('DECR', KEYS[2]) end
			  return 1
			end
			return 0
			""", Long.class);

	/**
	 * Gives back an unused slot and its start, if the slot still holds the grant's token.
	 */
	private static final RedisScript<Long> RELEASE_SLOT = new DefaultRedisScript<>("""
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
			redis.call('DEL', KEYS[1])
			if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('INCR', KEYS[2]) end
			return 1
			""", Long.class);

	/** Seeds the budget, keeping a lower count already there. */
	private static final RedisScript<Long> SEED_BUDGET = new DefaultRedisScript<>("""
			local current = redis.call('GET', KEYS[1])
			if current and tonumber(current) <= tonumber(ARGV[1]) then return 0 end
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			return 1
			""", Long.class);

	/**
	 * How long to wait before asking again when the budget key has no expiry (not written
	 * by a coordinator).
	 */
	private static final long BUDGET_RETRY_MILLIS = 60_000;

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final Duration interval;

	private final String instanceId;

	/**
	 * Runs every Redis call and every retry timer; the only thread that touches
	 * {@link #buckets}.
	 */
	private final ScheduledThreadPoolExecutor worker;

	/**
	 * Completes granted futures, so that the shards' continuations never hold up the
	 * worker.
	 */
	private final ExecutorService grants;

	private final Map<String, Bucket> buckets = new HashMap<>();

	private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();

	/** The slot keys whose last attempt found the fleet's budget spent. */
	private final Set<String> bucketsHeldBackByBudget = ConcurrentHashMap.newKeySet();

	private final AtomicLong grantCounter = new AtomicLong();

	private volatile boolean closed;

	private long lastErrorLog;

	/**
	 * Creates a coordinator with a random instance id.
	 * @param redis the Redis connection; every instance of the bot must use the same
	 * Redis
	 * @param keyPrefix prefix of the slot keys, the same for every instance of the bot
	 * @param interval slot length: the minimum spacing of two IDENTIFYs of one bucket (5
	 * s at Discord); zero grants every slot at once
	 */
	public RedisIdentifyCoordinator(StringRedisTemplate redis, String keyPrefix, Duration interval) {
		this(redis, keyPrefix, interval, defaultInstanceId());
	}

	/**
	 * Creates a coordinator.
	 * @param redis the Redis connection; every instance of the bot must use the same
	 * Redis
	 * @param keyPrefix prefix of the slot keys, the same for every instance of the bot
	 * @param interval slot length (5 s at Discord); zero grants every slot at once
	 * @param instanceId the value stored in the slots this instance takes (for
	 * diagnostics only)
	 */
	public RedisIdentifyCoordinator(StringRedisTemplate redis, String keyPrefix, Duration interval, String instanceId) {
		this.redis = Objects.requireNonNull(redis, "redis");
		if (keyPrefix == null || keyPrefix.isBlank()) {
			throw new IllegalArgumentException("keyPrefix must not be empty");
		}
		if (interval == null || interval.isNegative()) {
			throw new IllegalArgumentException("interval must not be negative but was " + interval);
		}
		this.keyPrefix = keyPrefix;
		this.interval = interval;
		this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
		int number = INSTANCES.incrementAndGet();
		this.worker = new ScheduledThreadPoolExecutor(1,
				daemonThreads("discord-gateway-identify-redis-" + number + "-"));
		this.worker.setRemoveOnCancelPolicy(true);
		this.worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.grants = Executors.newCachedThreadPool(daemonThreads("discord-gateway-identify-grant-" + number + "-"));
	}

	/**
	 * The key of one bucket's slot.
	 * @param maxConcurrency the bot's {@code max_concurrency}
	 * @param bucket the bucket ({@code shard_id % max_concurrency})
	 * @return the key
	 */
	public String slotKey(int maxConcurrency, int bucket) {
		return hashTag() + ":" + maxConcurrency + ":" + bucket;
	}

	/**
	 * The key of the fleet's session-start budget.
	 * @return the key
	 */
	public String budgetKey() {
		return hashTag() + ":budget";
	}

	/** What every key of the coordinator starts with, so that they share one slot. */
	private String hashTag() {
		return "{" + this.keyPrefix + ":identify}";
	}

	/**
	 * The instance part of the values this instance stores in the slots it takes.
	 * @return the instance id
	 */
	public String instanceId() {
		return this.instanceId;
	}

	/**
	 * The slot length.
	 * @return the minimum spacing of two IDENTIFYs of one bucket
	 */
	public Duration interval() {
		return this.interval;
	}

	@Override
	public List<Integer> shardsHeldBackByBudget() {
		return this.waiters.stream()
			.filter((waiter) -> this.bucketsHeldBackByBudget.contains(waiter.key))
			.map((waiter) -> waiter.shardId)
			.sorted()
			.toList();
	}

	/** How many shards of this instance are waiting for a slot. */
	int waitingShards() {
		return this.waiters.size();
	}

	@Override
	public CompletableFuture<IdentifySlot> acquire(int shardId, int maxConcurrency) {
		int concurrency = Math.max(1, maxConcurrency);
		CompletableFuture<IdentifySlot> granted = new CompletableFuture<>();
		if (this.closed) {
			granted.completeExceptionally(closedException());
			return granted;
		}
		if (this.interval.isZero()) {
			granted.complete(UNSPACED);
			return granted;
		}
		Waiter waiter = new Waiter(shardId, slotKey(concurrency, Math.floorMod(shardId, concurrency)), granted);
		this.waiters.add(waiter);
		granted.whenComplete((ignored, failure) -> {
			this.waiters.remove(waiter);
			if (granted.isCancelled()) {
				onWorker(() -> withdraw(waiter));
			}
		});
		if (!onWorker(() -> enqueue(waiter))) {
			granted.completeExceptionally(closedException());
		}
		return granted;
	}

	/**
	 * Seeds the fleet's budget from discovery: the key is set to the reported remaining
	 * starts, expiring when the window resets, unless it already holds a lower count.
	 * Never blocks the caller.
	 */
	@Override
	public void sessionStartLimitDiscovered(SessionStartLimit limit) {
		long resetAfter = Math.max(1, Duration.between(Instant.now(), limit.resetsAt()).toMillis());
		onWorker(() -> {
			try {
				this.redis.execute(SEED_BUDGET, List.of(budgetKey()), String.valueOf(limit.remaining()),
						String.valueOf(resetAfter));
			}
			catch (RuntimeException ex) {
				logger.warn("Could not record the session-start budget in Redis: {}", ex.toString());
			}
		});
	}

	/**
	 * Stops the coordinator's threads and fails the waits still pending. The slots
	 * already taken stay in Redis until they expire; slot reports already made still run
	 * (for at most 2 s).
	 */
	@Override
	public void close() {
		this.closed = true;
		// Drops the pending retries but lets queued work (slot restarts) finish.
		this.worker.shutdown();
		this.grants.shutdown();
		for (Waiter waiter : this.waiters) {
			waiter.future.completeExceptionally(closedException());
		}
		try {
			if (!this.worker.awaitTermination(2, TimeUnit.SECONDS)) {
				logger.debug("The Redis identify coordinator's worker did not stop within 2 s");
				this.worker.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.worker.shutdownNow();
		}
	}

	private void enqueue(Waiter waiter) {
		if (waiter.future.isDone()) {
			return;
		}
		Bucket bucket = this.buckets.computeIfAbsent(waiter.key, Bucket::new);
		bucket.queue.add(waiter);
		if (bucket.retry == null) {
			// No try is pending, so nobody of this instance is polling this slot yet.
			attempt(bucket);
		}
	}

	private void withdraw(Waiter waiter) {
		Bucket bucket = this.buckets.get(waiter.key);
		if (bucket == null) {
			return;
		}
		bucket.queue.remove(waiter);
		if (bucket.queue.isEmpty()) {
			forget(bucket);
		}
	}

	private void forget(Bucket bucket) {
		if (bucket.retry != null) {
			bucket.retry.cancel(false);
			bucket.retry = null;
		}
		this.buckets.remove(bucket.key);
		this.bucketsHeldBackByBudget.remove(bucket.key);
	}

	/**
	 * Tries to take the slot for the first live waiter of the bucket; schedules the next
	 * try if taken.
	 */
	private void attempt(Bucket bucket) {
		bucket.retry = null;
		while (true) {
			if (this.closed) {
				return;
			}
			Waiter head = bucket.firstLive();
			if (head == null) {
				forget(bucket);
				return;
			}
			long delay;
			try {
				String token = this.instanceId + "#" + this.grantCounter.incrementAndGet();
				Long taken = this.redis.execute(TAKE_SLOT, List.of(bucket.key, budgetKey()), token,
						String.valueOf(2 * slotLength().toMillis()));
				recovered(bucket);
				if (taken != null && taken == 1) {
					bucket.queue.poll();
					bucket.budgetSpent = false;
					this.bucketsHeldBackByBudget.remove(bucket.key);
					grant(head, token);
					continue;
				}
				if (taken != null && taken < 0) {
					delay = budgetSpent(bucket, -1 - taken);
				}
				else {
					delay = retryDelay(bucket, this.redis.getExpire(bucket.key, TimeUnit.MILLISECONDS));
				}
			}
			catch (RuntimeException ex) {
				delay = failed(bucket, head, ex);
			}
			schedule(bucket, delay);
			return;
		}
	}

	private long retryDelay(Bucket bucket, Long ttl) {
		if (ttl == null || ttl == -2) {
			// The slot expired between SET and PTTL: try again almost at once.
			return jitter();
		}
		if (ttl < 0) {
			// A key without expiry was not written by a coordinator; give it one so it
			// cannot block the bucket forever.
			logger.warn("Identify slot {} has no expiry; giving it {} ms", bucket.key, slotLength().toMillis());
			this.redis.expire(bucket.key, slotLength());
			return slotLength().toMillis() + jitter();
		}
		// At most an interval: a holder that releases its slot unused frees it long
		// before it expires.
		return Math.max(Math.min(ttl, slotLength().toMillis()), MIN_RETRY_MILLIS) + jitter();
	}

	private long budgetSpent(Bucket bucket, long resetsInMillis) {
		long wait = (resetsInMillis > 0) ? resetsInMillis + jitter() : BUDGET_RETRY_MILLIS;
		this.bucketsHeldBackByBudget.add(bucket.key);
		if (!bucket.budgetSpent) {
			bucket.budgetSpent = true;
			logger
				.error("The fleet's session-start budget ({}) is spent; {} shard(s) of this instance wait {} s for it "
						+ "to reset instead of identifying", budgetKey(), this.waiters.size(), wait / 1000);
		}
		return wait;
	}

	private long failed(Bucket bucket, Waiter head, RuntimeException ex) {
		bucket.errors++;
		long backoff = Math.min(ERROR_BACKOFF_MAX_MILLIS,
				ERROR_BACKOFF_INITIAL_MILLIS << Math.min(bucket.errors - 1, 16)) + jitter();
		long now = System.nanoTime();
		if (bucket.errors == 1 || now - this.lastErrorLog >= ERROR_LOG_INTERVAL_NANOS) {
			this.lastErrorLog = now;
			logger.warn("Could not take identify slot {} in Redis for shard {} ({} attempt(s) failed): {}. "
					+ "{} shard(s) of this instance wait without identifying until Redis answers; retrying in {} ms",
					bucket.key, head.shardId, bucket.errors, ex.toString(), this.waiters.size(), backoff);
		}
		else {
			logger.debug("Could not take identify slot {} in Redis: {}", bucket.key, ex.toString());
		}
		return backoff;
	}

	private void recovered(Bucket bucket) {
		if (bucket.errors > 0) {
			logger.info("Redis answers again; identify slot {} is available after {} failed attempt(s)", bucket.key,
					bucket.errors);
			bucket.errors = 0;
		}
	}

	private void schedule(Bucket bucket, long delayMillis) {
		try {
			bucket.retry = this.worker.schedule(() -> attempt(bucket), delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Closed: close() fails the pending waits.
		}
	}

	private void grant(Waiter waiter, String token) {
		logger.debug("Shard {} took identify slot {} after {} ms", waiter.shardId, waiter.key,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waiter.since));
		Grant slot = new Grant(waiter.shardId, waiter.key, token, System.nanoTime());
		this.waiters.remove(waiter);
		try {
			this.grants.execute(() -> {
				if (!waiter.future.complete(slot)) {
					slot.release();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			waiter.future.completeExceptionally(closedException());
		}
	}

	private void restart(Grant grant, Instant writtenAt) {
		long sentAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - grant.grantedAt);
		// The slot lasts a full interval from the write, however long the report took to
		// get here.
		long left = slotLength().toMillis() - Math.max(0, Duration.between(writtenAt, Instant.now()).toMillis());
		try {
			Long restarted = (left <= 0) ? Long.valueOf(1)
					: this.redis.execute(RESTART_SLOT, List.of(grant.key), grant.token, String.valueOf(left));
			if (restarted != null && restarted == 1) {
				logger.debug("Shard {} sent IDENTIFY {} ms after its grant; slot {} runs {} ms more", grant.shardId,
						sentAfter, grant.key, left);
			}
			else {
				logger.warn("Shard {} sent IDENTIFY {} ms after it was granted slot {}, which had expired by then; "
						+ "Discord may refuse an IDENTIFY of this bucket", grant.shardId, sentAfter, grant.key);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not restart identify slot {} after shard {} sent IDENTIFY: {}", grant.key, grant.shardId,
					ex.toString());
		}
	}

	private void giveBack(Grant grant) {
		try {
			this.redis.execute(RELEASE_SLOT, List.of(grant.key, budgetKey()), grant.token);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not give back identify slot {} of shard {}: {}; it expires by itself", grant.key,
					grant.shardId, ex.toString());
		}
	}

	private Duration slotLength() {
		// PX needs at least one millisecond.
		return (this.interval.toMillis() < 1) ? Duration.ofMillis(1) : this.interval;
	}

	private boolean onWorker(Runnable task) {
		if (this.closed) {
			return false;
		}
		try {
			this.worker.execute(task);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	private static long jitter() {
		return ThreadLocalRandom.current().nextLong(1, JITTER_MILLIS + 1);
	}

	private static IllegalStateException closedException() {
		return new IllegalStateException("The Redis identify coordinator is closed");
	}

	private static String defaultInstanceId() {
		String host = System.getenv("HOSTNAME");
		if (host == null || host.isBlank()) {
			host = "instance";
		}
		return host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger counter = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * A slot granted to a shard: its key, the token stored in it, and when; reports go to
	 * the worker.
	 */
	private final class Grant implements IdentifySlot {

		final int shardId;

		final String key;

		final String token;

		final long grantedAt;

		private final AtomicBoolean reported = new AtomicBoolean();

		Grant(int shardId, String key, String token, long grantedAt) {
			this.shardId = shardId;
			this.key = key;
			this.token = token;
			this.grantedAt = grantedAt;
		}

		@Override
		public void identifySent(Instant writtenAt) {
			if (this.reported.compareAndSet(false, true)) {
				onWorker(() -> restart(this, writtenAt));
			}
		}

		@Override
		public void release() {
			if (this.reported.compareAndSet(false, true)) {
				onWorker(() -> giveBack(this));
			}
		}

	}

	/** The slot of a zero interval: nothing to space, nothing to report. */
	private static final IdentifySlot UNSPACED = new IdentifySlot() {

		@Override
		public void identifySent(Instant writtenAt) {
		}

		@Override
		public void release() {
		}

	};

	/** One shard waiting for a slot. */
	private static final class Waiter {

		final int shardId;

		final String key;

		final CompletableFuture<IdentifySlot> future;

		final long since = System.nanoTime();

		Waiter(int shardId, String key, CompletableFuture<IdentifySlot> future) {
			this.shardId = shardId;
			this.key = key;
			this.future = future;
		}

	}

	/** The waiters of one slot key, in arrival order, and the pending retry. */
	private static final class Bucket {

		final String key;

		final ArrayDeque<Waiter> queue = new ArrayDeque<>();

		ScheduledFuture<?> retry;

		int errors;

		boolean budgetSpent;

		Bucket(String key) {
			this.key = key;
		}

		Waiter firstLive() {
			Iterator<Waiter> iterator = this.queue.iterator();
			while (iterator.hasNext()) {
				Waiter waiter = iterator.next();
				if (!waiter.future.isDone()) {
					return waiter;
				}
				iterator.remove();
			}
			return null;
		}

	}

}
