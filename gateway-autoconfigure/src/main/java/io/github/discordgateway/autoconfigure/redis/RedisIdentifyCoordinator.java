package io.github.discordgateway.autoconfigure.redis;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.List;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.IdentifyCoordinator;

/**
 * Hands out identify slots through Redis, so that every instance of a bot that shares the Redis
 * keeps Discord's rule of one IDENTIFY per concurrency bucket per interval (5 s).
 * <p>
 * A slot is the key {@code <prefix>:identify:<max_concurrency>:<bucket>}, taken with
 * {@code SET key <token> NX PX <interval>} (the token names the instance and the grant). Whoever sets
 * it may identify; the others read its {@code PTTL} and try again when it expires (plus a little
 * jitter). Nobody ever deletes a key: a slot lasts its whole interval even when its holder dies right
 * after taking it, and an instance that dies never blocks the others for longer than that.
 * <p>
 * Discord measures the interval between the IDENTIFYs it receives, and a shard may send its IDENTIFY
 * a little after it was granted the slot (a busy CPU, a garbage collection). So the coordinator is
 * also a {@link GatewayObserver}: when the shard reports the IDENTIFY sent
 * ({@link #sessionStarted(int, boolean)}), the slot, if still this grant's, is restarted to last a
 * full interval from then. The auto-configuration hands every {@link GatewayObserver} bean, so this
 * one too, to the shard manager; a manager built by hand should get the coordinator as (part of) its
 * observer as well, or its slots run from the grant only.
 * <p>
 * Inside one instance the shards waiting for the same bucket queue up in arrival order and only the
 * first of them polls Redis. Redis is called on a single thread owned by the coordinator, never on
 * the caller's or the gateway scheduler's; granted futures are completed on another small pool of the
 * coordinator. When Redis cannot be reached the wait goes on with backoff and a warning: a slot is
 * never granted without Redis' word. {@link #close()} (called when the Spring bean is destroyed)
 * stops the threads and fails the waits still pending.
 */
public final class RedisIdentifyCoordinator implements IdentifyCoordinator, GatewayObserver, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisIdentifyCoordinator.class);

	/** Shortest wait before asking Redis again while a slot is taken. */
	static final long MIN_RETRY_MILLIS = 50;

	/** Upper bound of the random delay added to every retry, so that instances do not poll in lockstep. */
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

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final Duration interval;

	private final String instanceId;

	/** Runs every Redis call and every retry timer; the only thread that touches {@link #buckets}. */
	private final ScheduledThreadPoolExecutor worker;

	/** Completes granted futures, so that the shards' continuations never hold up the worker. */
	private final ExecutorService grants;

	private final Map<String, Bucket> buckets = new HashMap<>();

	private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();

	/** Per shard: the slot granted to it whose IDENTIFY has not been reported sent yet. */
	private final Map<Integer, Grant> unsent = new ConcurrentHashMap<>();

	private final AtomicLong grantCounter = new AtomicLong();

	private volatile boolean closed;

	private long lastErrorLog;

	/**
	 * Creates a coordinator with a random instance id.
	 * @param redis the Redis connection; every instance of the bot must use the same Redis
	 * @param keyPrefix prefix of the slot keys, the same for every instance of the bot
	 * @param interval slot length: the minimum spacing of two IDENTIFYs of one bucket (5 s at
	 * Discord); zero grants every slot at once
	 */
	public RedisIdentifyCoordinator(StringRedisTemplate redis, String keyPrefix, Duration interval) {
		this(redis, keyPrefix, interval, defaultInstanceId());
	}

	/**
	 * Creates a coordinator.
	 * @param redis the Redis connection; every instance of the bot must use the same Redis
	 * @param keyPrefix prefix of the slot keys, the same for every instance of the bot
	 * @param interval slot length (5 s at Discord); zero grants every slot at once
	 * @param instanceId the value stored in the slots this instance takes (for diagnostics only)
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
		this.worker = new ScheduledThreadPoolExecutor(1, daemonThreads("discord-gateway-identify-redis-" + number + "-"));
		this.worker.setRemoveOnCancelPolicy(true);
		this.worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.grants = Executors.newCachedThreadPool(daemonThreads("discord-gateway-identify-grant-" + number + "-"));
	}

	/** The key of one bucket's slot. */
	public String slotKey(int maxConcurrency, int bucket) {
		return this.keyPrefix + ":identify:" + maxConcurrency + ":" + bucket;
	}

	/** The instance part of the values this instance stores in the slots it takes. */
	public String instanceId() {
		return this.instanceId;
	}

	/** The slot length. */
	public Duration interval() {
		return this.interval;
	}

	/** How many shards of this instance are waiting for a slot. */
	public int waitingShards() {
		return this.waiters.size();
	}

	@Override
	public CompletableFuture<Void> acquire(int shardId, int maxConcurrency) {
		int concurrency = Math.max(1, maxConcurrency);
		CompletableFuture<Void> granted = new CompletableFuture<>();
		if (this.closed) {
			granted.completeExceptionally(closedException());
			return granted;
		}
		if (this.interval.isZero()) {
			granted.complete(null);
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
	 * Stops the coordinator's threads and fails the waits still pending. The slots already taken
	 * stay in Redis until they expire; slot restarts already reported still run (for at most 2 s).
	 */
	@Override
	public void close() {
		this.closed = true;
		// Drops the pending retries but lets queued work (slot restarts) finish.
		this.worker.shutdown();
		this.grants.shutdown();
		this.unsent.clear();
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
	}

	/** Tries to take the slot for the first live waiter of the bucket; schedules the next try if taken. */
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
				Boolean taken = this.redis.opsForValue().setIfAbsent(bucket.key, token, slotLength());
				if (Boolean.TRUE.equals(taken)) {
					recovered(bucket);
					bucket.queue.poll();
					grant(head, token);
					continue;
				}
				Long ttl = this.redis.getExpire(bucket.key, TimeUnit.MILLISECONDS);
				recovered(bucket);
				delay = retryDelay(bucket, ttl);
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
			// A key without expiry was not written by a coordinator; give it one so it cannot block the bucket forever.
			logger.warn("Identify slot {} has no expiry; giving it {} ms", bucket.key, slotLength().toMillis());
			this.redis.expire(bucket.key, slotLength());
			return slotLength().toMillis() + jitter();
		}
		return Math.max(ttl, MIN_RETRY_MILLIS) + jitter();
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
		this.unsent.put(waiter.shardId, new Grant(waiter.key, token, System.nanoTime()));
		this.waiters.remove(waiter);
		try {
			this.grants.execute(() -> waiter.future.complete(null));
		}
		catch (RejectedExecutionException ex) {
			waiter.future.completeExceptionally(closedException());
		}
	}

	/**
	 * The shard sent its IDENTIFY: restarts the slot granted to it so that it lasts a full interval
	 * from now, unless it already expired and went to someone else. Never blocks the caller.
	 */
	@Override
	public void sessionStarted(int shardId, boolean resumed) {
		if (resumed) {
			return;
		}
		Grant grant = this.unsent.remove(shardId);
		if (grant != null) {
			onWorker(() -> restart(shardId, grant));
		}
	}

	private void restart(int shardId, Grant grant) {
		long sentAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - grant.grantedAt);
		try {
			Long restarted = this.redis.execute(RESTART_SLOT, List.of(grant.key),
					grant.token, String.valueOf(slotLength().toMillis()));
			if (restarted != null && restarted == 1) {
				logger.debug("Shard {} sent IDENTIFY {} ms after its grant; slot {} restarted", shardId, sentAfter,
						grant.key);
			}
			else {
				logger.warn("Shard {} sent IDENTIFY {} ms after it was granted slot {}, which had expired by then; "
						+ "Discord may refuse an IDENTIFY of this bucket", shardId, sentAfter, grant.key);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not restart identify slot {} after shard {} sent IDENTIFY: {}", grant.key, shardId,
					ex.toString());
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

	/** A slot granted to a shard: its key, the token stored in it, and when. */
	private record Grant(String key, String token, long grantedAt) {
	}

	/** One shard waiting for a slot. */
	private static final class Waiter {

		final int shardId;

		final String key;

		final CompletableFuture<Void> future;

		final long since = System.nanoTime();

		Waiter(int shardId, String key, CompletableFuture<Void> future) {
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
