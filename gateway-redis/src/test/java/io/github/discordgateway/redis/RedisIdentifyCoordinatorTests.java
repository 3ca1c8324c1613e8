package io.github.discordgateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.ResourceLockTarget;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.discordgateway.core.IdentifySlot;
import io.github.discordgateway.core.SessionStartLimit;
import io.github.discordgateway.test.redis.RedisServerExtension;
import io.github.discordgateway.test.redis.RedisServerExtension.RedisServer;

/**
 * {@link RedisIdentifyCoordinator} against a real Redis, with two coordinators standing
 * for two instances. The tests run side by side: each has its own key prefix and mostly
 * waits for keys to expire.
 */
@ExtendWith(RedisServerExtension.class)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = RedisIdentifyCoordinatorTests.QUIET_JVM, mode = ResourceAccessMode.READ,
		target = ResourceLockTarget.CHILDREN)
class RedisIdentifyCoordinatorTests {

	/**
	 * Held exclusively by a test that times the first grants from a cold start, which
	 * other tests starting at the same moment would slow down.
	 */
	static final String QUIET_JVM = "quiet-jvm";

	private static final Duration INTERVAL = Duration.ofMillis(500);

	/** Scheduling noise allowed when comparing grant times measured in this JVM. */
	private static final long TOLERANCE_MILLIS = 60;

	/** The retry jitter and Redis round trips on top of an interval. */
	private static final long JITTER_MARGIN_MILLIS = 500;

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	private final List<RedisIdentifyCoordinator> coordinators = new ArrayList<>();

	private RedisServer redis;

	private String prefix;

	@BeforeEach
	void prefix(RedisServer redis) {
		this.redis = redis;
		this.prefix = RedisServer.uniquePrefix("coordinator");
	}

	@AfterEach
	void close() {
		this.coordinators.forEach(RedisIdentifyCoordinator::close);
		this.factories.forEach(LettuceConnectionFactory::destroy);
	}

	@Test
	void spacesOneBucketAcrossInstances() throws Exception {
		RedisIdentifyCoordinator first = coordinator(INTERVAL);
		RedisIdentifyCoordinator second = coordinator(INTERVAL);
		List<Timed> grants = new ArrayList<>();
		for (int shard = 0; shard < 6; shard++) {
			grants.add(Timed.of((shard % 2 == 0) ? first.acquire(shard, 1) : second.acquire(shard, 1)));
		}
		CompletableFuture.allOf(grants.stream().map(Timed::future).toArray(CompletableFuture[]::new))
			.get(20, TimeUnit.SECONDS);
		List<Long> times = grants.stream().map(Timed::grantedAtMillis).sorted().toList();
		for (int i = 1; i < times.size(); i++) {
			assertThat(times.get(i) - times.get(i - 1)).as("gap between grants %d and %d", i - 1, i)
				.isGreaterThanOrEqualTo(INTERVAL.toMillis() - TOLERANCE_MILLIS);
		}
		assertThat(times.get(times.size() - 1) - times.get(0)).isLessThan(5 * INTERVAL.toMillis() + 2_000);
		assertThat(first.waitingShards()).isZero();
		assertThat(second.waitingShards()).isZero();
	}

	@Test
	@ResourceLock(value = QUIET_JVM, mode = ResourceAccessMode.READ_WRITE)
	void grantsDifferentBucketsInParallel() throws Exception {
		RedisIdentifyCoordinator first = coordinator(INTERVAL);
		RedisIdentifyCoordinator second = coordinator(INTERVAL);
		long start = System.nanoTime();
		// max_concurrency 3: buckets 0, 1, 2; shards 3, 4, 5 share them.
		List<Timed> firstWave = List.of(Timed.of(first.acquire(0, 3)), Timed.of(second.acquire(1, 3)),
				Timed.of(first.acquire(2, 3)));
		CompletableFuture.allOf(firstWave.stream().map(Timed::future).toArray(CompletableFuture[]::new))
			.get(10, TimeUnit.SECONDS);
		List<Timed> secondWave = List.of(Timed.of(second.acquire(3, 3)), Timed.of(first.acquire(4, 3)),
				Timed.of(second.acquire(5, 3)));
		CompletableFuture.allOf(secondWave.stream().map(Timed::future).toArray(CompletableFuture[]::new))
			.get(10, TimeUnit.SECONDS);
		for (Timed grant : firstWave) {
			assertThat(grant.grantedAtMillis() - TimeUnit.NANOSECONDS.toMillis(start)).isLessThan(INTERVAL.toMillis());
		}
		for (int bucket = 0; bucket < 3; bucket++) {
			assertThat(secondWave.get(bucket).grantedAtMillis() - firstWave.get(bucket).grantedAtMillis())
				.as("bucket %d", bucket)
				.isGreaterThanOrEqualTo(INTERVAL.toMillis() - TOLERANCE_MILLIS);
		}
		assertThat(template().hasKey(first.slotKey(3, 0))).isTrue();
		assertThat(template().hasKey(first.slotKey(3, 1))).isTrue();
	}

	@Test
	void holderThatDiesRightAfterTakingTheSlotBlocksOthersOnlyUntilTheSlotExpires() throws Exception {
		Duration interval = Duration.ofSeconds(1);
		RedisIdentifyCoordinator dying = coordinator(interval);
		RedisIdentifyCoordinator survivor = coordinator(interval);
		Timed held = Timed.held(dying.acquire(0, 1));
		held.future().get(5, TimeUnit.SECONDS);
		dying.close();
		// The slot outlives its holder, which never reported: it expires after two
		// intervals.
		Long ttl = template().getExpire(dying.slotKey(1, 0), TimeUnit.MILLISECONDS);
		assertThat(ttl).isPositive().isLessThanOrEqualTo(2 * interval.toMillis());
		assertThat(template().opsForValue().get(dying.slotKey(1, 0))).startsWith(dying.instanceId() + "#");

		Timed next = Timed.of(survivor.acquire(1, 1));
		next.future().get(5, TimeUnit.SECONDS);
		long waited = next.grantedAtMillis() - held.grantedAtMillis();
		assertThat(waited).isGreaterThanOrEqualTo(2 * interval.toMillis() - TOLERANCE_MILLIS)
			.isLessThan(2 * interval.toMillis() + 500);
		assertThat(template().opsForValue().get(survivor.slotKey(1, 0))).startsWith(survivor.instanceId() + "#");
	}

	@Test
	void slotRunsAFullIntervalFromTheIdentifySent() throws Exception {
		RedisIdentifyCoordinator sender = coordinator(INTERVAL);
		RedisIdentifyCoordinator other = coordinator(INTERVAL);
		Timed granted = Timed.held(sender.acquire(0, 1));
		IdentifySlot slot = granted.future().get(5, TimeUnit.SECONDS);
		// The IDENTIFY leaves late, 300 ms after the grant.
		long sentAt = CompletableFuture.supplyAsync(() -> {
			long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
			slot.identifySent(Instant.now());
			slot.release();
			return now;
		}, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)).get(5, TimeUnit.SECONDS);
		Timed next = Timed.of(other.acquire(1, 1));
		next.future().get(5, TimeUnit.SECONDS);
		assertThat(next.grantedAtMillis() - sentAt).isGreaterThanOrEqualTo(INTERVAL.toMillis() - TOLERANCE_MILLIS);
	}

	@Test
	void lateReportDoesNotTouchTheNextHoldersSlot() throws Exception {
		Duration interval = Duration.ofSeconds(5);
		RedisIdentifyCoordinator late = coordinator(interval);
		RedisIdentifyCoordinator next = coordinator(interval);
		IdentifySlot lateSlot = late.acquire(0, 1).get(5, TimeUnit.SECONDS);
		// The late holder's slot expires (as if its IDENTIFY took two intervals)...
		template().delete(late.slotKey(1, 0));
		Timed.of(next.acquire(1, 1)).future().get(5, TimeUnit.SECONDS);
		awaitWorker(next);
		String key = late.slotKey(1, 0);
		String holder = template().opsForValue().get(key);
		assertThat(holder).startsWith(next.instanceId() + "#");
		// ... and the next holder's has run for 2 s, so that a restart would show.
		template().expire(key, Duration.ofSeconds(3));
		lateSlot.identifySent(Instant.now());
		awaitWorker(late);
		assertThat(template().opsForValue().get(key)).isEqualTo(holder);
		assertThat(template().getExpire(key, TimeUnit.MILLISECONDS)).isBetween(1L, 3_000L);
	}

	@Test
	void closingFailsPendingWaitsAndLaterAcquires() throws Exception {
		RedisIdentifyCoordinator coordinator = coordinator(Duration.ofSeconds(30));
		coordinator.acquire(0, 1).get(5, TimeUnit.SECONDS);
		CompletableFuture<IdentifySlot> waiting = coordinator.acquire(1, 1);
		awaitWorker(coordinator);
		assertThat(waiting).isNotDone();
		coordinator.close();
		assertThat(waiting).isCompletedExceptionally();
		assertThat(coordinator.acquire(2, 1)).isCompletedExceptionally();
	}

	@Test
	void cancelledWaitGivesUpItsTurn() throws Exception {
		RedisIdentifyCoordinator first = coordinator(INTERVAL);
		RedisIdentifyCoordinator second = coordinator(INTERVAL);
		Timed.of(first.acquire(0, 1)).future().get(5, TimeUnit.SECONDS);
		CompletableFuture<IdentifySlot> cancelled = first.acquire(1, 1);
		CompletableFuture<IdentifySlot> behind = first.acquire(2, 1);
		assertThat(first.waitingShards()).isEqualTo(2);
		assertThat(cancelled.cancel(false)).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(behind::isDone);
		assertThat(behind).isCompleted();
		assertThat(first.waitingShards()).isZero();

		// Once nobody waits, nothing takes the slot: after it expired another instance
		// gets it at once.
		behind.get().release();
		CompletableFuture<IdentifySlot> alone = first.acquire(3, 1);
		alone.cancel(false);
		await().atMost(Duration.ofSeconds(10)).until(() -> !template().hasKey(first.slotKey(1, 0)));
		long start = System.nanoTime();
		second.acquire(4, 1).get(5, TimeUnit.SECONDS);
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(INTERVAL.toMillis());
	}

	@Test
	void neverGrantsWhileRedisIsUnreachable() throws Exception {
		LettuceConnectionFactory unreachable = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", unusedPort()));
		unreachable.afterPropertiesSet();
		unreachable.start();
		this.factories.add(unreachable);
		RedisIdentifyCoordinator coordinator = new RedisIdentifyCoordinator(new StringRedisTemplate(unreachable),
				this.prefix, INTERVAL);
		this.coordinators.add(coordinator);
		CompletableFuture<IdentifySlot> slot = coordinator.acquire(0, 1);
		// Several failed attempts (backoff 100, 200, 400 ms, ...), never a grant.
		await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(10)).until(() -> !slot.isDone());
		assertThat(coordinator.waitingShards()).isEqualTo(1);
		coordinator.close();
		assertThatThrownBy(() -> slot.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void releasedSlotPassesOnWithinAnInterval() throws Exception {
		Duration interval = Duration.ofSeconds(2);
		RedisIdentifyCoordinator first = coordinator(interval);
		RedisIdentifyCoordinator second = coordinator(interval);
		IdentifySlot unused = first.acquire(0, 1).get(5, TimeUnit.SECONDS);
		CompletableFuture<IdentifySlot> sameInstance = first.acquire(2, 1);
		CompletableFuture<IdentifySlot> otherInstance = second.acquire(1, 1);
		assertThat(sameInstance).isNotDone();
		long released = System.nanoTime();
		unused.release();
		// Unreported, the slot would have held its bucket for two intervals.
		IdentifySlot next = CompletableFuture.anyOf(sameInstance, otherInstance)
			.thenApply(IdentifySlot.class::cast)
			.get(5, TimeUnit.SECONDS);
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released))
			.isLessThan(interval.toMillis() + TOLERANCE_MILLIS + JITTER_MARGIN_MILLIS);
		assertThat(next).isNotNull();
	}

	@Test
	void fleetBudgetGrantsNoMoreStartsThanRemainUntilItResets() throws Exception {
		RedisIdentifyCoordinator first = coordinator(INTERVAL);
		RedisIdentifyCoordinator second = coordinator(INTERVAL);
		Duration resetAfter = Duration.ofSeconds(3);
		first.sessionStartLimitDiscovered(new SessionStartLimit(1000, 2, Instant.now().plus(resetAfter)));
		await().atMost(Duration.ofSeconds(5)).until(() -> template().hasKey(first.budgetKey()));
		// A second instance that discovered a higher count does not raise the fleet's.
		second.sessionStartLimitDiscovered(new SessionStartLimit(1000, 900, Instant.now().plus(resetAfter)));
		// max_concurrency 4: four buckets, so only the budget holds anyone back.
		List<Timed> grants = List.of(Timed.of(first.acquire(0, 4)), Timed.of(second.acquire(1, 4)),
				Timed.of(first.acquire(2, 4)), Timed.of(second.acquire(3, 4)));
		long start = TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
		await().atMost(Duration.ofSeconds(5))
			.until(() -> grants.stream().filter((grant) -> grant.future().isDone()).count() == 2);
		assertThat(template().opsForValue().get(first.budgetKey())).isEqualTo("0");
		// The two that wait say so, for health: each instance reports its own shard.
		await().atMost(Duration.ofSeconds(5))
			.until(() -> first.shardsHeldBackByBudget().size() + second.shardsHeldBackByBudget().size() == 2);
		List<Integer> waiting = grants.stream()
			.filter((grant) -> !grant.future().isDone())
			.map(grants::indexOf)
			.sorted()
			.toList();
		assertThat(Stream.concat(first.shardsHeldBackByBudget().stream(), second.shardsHeldBackByBudget().stream())
			.sorted()
			.toList()).isEqualTo(waiting);
		CompletableFuture.allOf(grants.stream().map(Timed::future).toArray(CompletableFuture[]::new))
			.get(10, TimeUnit.SECONDS);
		assertThat(first.shardsHeldBackByBudget()).isEmpty();
		assertThat(second.shardsHeldBackByBudget()).isEmpty();
		List<Long> late = grants.stream().map(Timed::grantedAtMillis).sorted().toList().subList(2, 4);
		for (long grantedAt : late) {
			assertThat(grantedAt - start).as("granted after the budget reset")
				.isGreaterThanOrEqualTo(resetAfter.toMillis() - 1_000);
		}
	}

	@Test
	void zeroIntervalGrantsAtOnceWithoutRedis() {
		LettuceConnectionFactory unreachable = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", unusedPort()));
		unreachable.afterPropertiesSet();
		this.factories.add(unreachable);
		RedisIdentifyCoordinator coordinator = new RedisIdentifyCoordinator(new StringRedisTemplate(unreachable),
				this.prefix, Duration.ZERO);
		this.coordinators.add(coordinator);
		assertThat(coordinator.acquire(0, 1)).isCompleted();
		assertThat(coordinator.acquire(1, 1)).isCompleted();
	}

	@Test
	void slotKeyNamesPrefixConcurrencyAndBucket() {
		RedisIdentifyCoordinator coordinator = coordinator(INTERVAL);
		assertThat(coordinator.slotKey(16, 5)).isEqualTo("{" + this.prefix + ":identify}:16:5");
		assertThatThrownBy(() -> new RedisIdentifyCoordinator(template(), " ", INTERVAL))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new RedisIdentifyCoordinator(template(), "p", Duration.ofSeconds(-1)))
			.isInstanceOf(IllegalArgumentException.class);
	}

	/**
	 * Waits until the coordinator's worker, which runs its tasks in order, has run every
	 * task handed to it so far: it seeds the session-start budget after them.
	 */
	private void awaitWorker(RedisIdentifyCoordinator coordinator) {
		StringRedisTemplate redis = template();
		redis.delete(coordinator.budgetKey());
		coordinator.sessionStartLimitDiscovered(new SessionStartLimit(1000, 1000, Instant.now().plusSeconds(60)));
		await().atMost(Duration.ofSeconds(10)).until(() -> redis.hasKey(coordinator.budgetKey()));
	}

	private RedisIdentifyCoordinator coordinator(Duration interval) {
		RedisIdentifyCoordinator coordinator = new RedisIdentifyCoordinator(template(), this.prefix, interval);
		this.coordinators.add(coordinator);
		return coordinator;
	}

	private StringRedisTemplate template() {
		LettuceConnectionFactory factory = this.redis.connectionFactory();
		this.factories.add(factory);
		return new StringRedisTemplate(factory);
	}

	private static int unusedPort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A slot future and the moment it was granted; {@link #future()} completes once the
	 * moment is recorded.
	 */
	private record Timed(CompletableFuture<IdentifySlot> future, java.util.concurrent.atomic.AtomicLong grantedAt) {

		/** A grant whose IDENTIFY is written at once. */
		static Timed of(CompletableFuture<IdentifySlot> slot) {
			return record(slot, true);
		}

		/** A grant whose holder reports nothing (yet). */
		static Timed held(CompletableFuture<IdentifySlot> slot) {
			return record(slot, false);
		}

		private static Timed record(CompletableFuture<IdentifySlot> slot, boolean sendAtOnce) {
			java.util.concurrent.atomic.AtomicLong grantedAt = new java.util.concurrent.atomic.AtomicLong(-1);
			CompletableFuture<IdentifySlot> recorded = slot.thenApply((granted) -> {
				grantedAt.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
				if (sendAtOnce) {
					granted.identifySent(Instant.now());
				}
				return granted;
			});
			return new Timed(recorded, grantedAt);
		}

		long grantedAtMillis() {
			return this.grantedAt.get();
		}

	}

}
