package io.github.discordgateway.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.github.discordgateway.autoconfigure.redis.RedisServerExtension.RedisServer;

/** {@link RedisIdentifyCoordinator} against a real Redis, with two coordinators standing for two instances. */
@ExtendWith(RedisServerExtension.class)
class RedisIdentifyCoordinatorTests {

	private static final Duration INTERVAL = Duration.ofMillis(500);

	/** Scheduling noise allowed when comparing grant times measured in this JVM. */
	private static final long TOLERANCE_MILLIS = 60;

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
		CompletableFuture.allOf(grants.stream().map(Timed::future).toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
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
		Timed held = Timed.of(dying.acquire(0, 1));
		held.future().get(5, TimeUnit.SECONDS);
		dying.close();
		// The slot outlives its holder: it is never deleted, it expires.
		Long ttl = template().getExpire(dying.slotKey(1, 0), TimeUnit.MILLISECONDS);
		assertThat(ttl).isPositive().isLessThanOrEqualTo(interval.toMillis());
		assertThat(template().opsForValue().get(dying.slotKey(1, 0))).startsWith(dying.instanceId() + "#");

		Timed next = Timed.of(survivor.acquire(1, 1));
		next.future().get(5, TimeUnit.SECONDS);
		long waited = next.grantedAtMillis() - held.grantedAtMillis();
		assertThat(waited).isGreaterThanOrEqualTo(interval.toMillis() - TOLERANCE_MILLIS)
			.isLessThan(interval.toMillis() + 500);
		assertThat(template().opsForValue().get(survivor.slotKey(1, 0))).startsWith(survivor.instanceId() + "#");
	}

	@Test
	void slotRunsAFullIntervalFromTheIdentifySent() throws Exception {
		RedisIdentifyCoordinator sender = coordinator(INTERVAL);
		RedisIdentifyCoordinator other = coordinator(INTERVAL);
		Timed granted = Timed.of(sender.acquire(0, 1));
		granted.future().get(5, TimeUnit.SECONDS);
		// The IDENTIFY leaves late, 300 ms after the grant.
		Thread.sleep(300);
		long sentAt = TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
		sender.sessionStarted(0, true);
		sender.sessionStarted(7, false);
		sender.sessionStarted(0, false);
		Timed next = Timed.of(other.acquire(1, 1));
		next.future().get(5, TimeUnit.SECONDS);
		assertThat(next.grantedAtMillis() - sentAt).isGreaterThanOrEqualTo(INTERVAL.toMillis() - TOLERANCE_MILLIS);
	}

	@Test
	void lateReportDoesNotTouchTheNextHoldersSlot() throws Exception {
		RedisIdentifyCoordinator late = coordinator(INTERVAL);
		RedisIdentifyCoordinator next = coordinator(INTERVAL);
		late.acquire(0, 1).get(5, TimeUnit.SECONDS);
		next.acquire(1, 1).get(5, TimeUnit.SECONDS);
		String key = late.slotKey(1, 0);
		String holder = template().opsForValue().get(key);
		assertThat(holder).startsWith(next.instanceId() + "#");
		Thread.sleep(200);
		late.sessionStarted(0, false);
		Thread.sleep(100);
		assertThat(template().opsForValue().get(key)).isEqualTo(holder);
		assertThat(template().getExpire(key, TimeUnit.MILLISECONDS)).isLessThan(INTERVAL.toMillis() - 150);
	}

	@Test
	void closingFailsPendingWaitsAndLaterAcquires() throws Exception {
		RedisIdentifyCoordinator coordinator = coordinator(Duration.ofSeconds(30));
		coordinator.acquire(0, 1).get(5, TimeUnit.SECONDS);
		CompletableFuture<Void> waiting = coordinator.acquire(1, 1);
		Thread.sleep(200);
		assertThat(waiting).isNotDone();
		coordinator.close();
		assertThat(waiting).isCompletedExceptionally();
		assertThat(coordinator.acquire(2, 1)).isCompletedExceptionally();
	}

	@Test
	void cancelledWaitGivesUpItsTurn() throws Exception {
		RedisIdentifyCoordinator first = coordinator(INTERVAL);
		RedisIdentifyCoordinator second = coordinator(INTERVAL);
		first.acquire(0, 1).get(5, TimeUnit.SECONDS);
		CompletableFuture<Void> cancelled = first.acquire(1, 1);
		CompletableFuture<Void> behind = first.acquire(2, 1);
		assertThat(first.waitingShards()).isEqualTo(2);
		assertThat(cancelled.cancel(false)).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(behind::isDone);
		assertThat(behind).isCompleted();
		assertThat(first.waitingShards()).isZero();

		// Once nobody waits, nothing takes the slot: after it expired another instance gets it at once.
		CompletableFuture<Void> alone = first.acquire(3, 1);
		alone.cancel(false);
		Thread.sleep(INTERVAL.toMillis() + 200);
		assertThat(template().hasKey(first.slotKey(1, 0))).isFalse();
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
		CompletableFuture<Void> slot = coordinator.acquire(0, 1);
		Thread.sleep(1_500);
		assertThat(slot).isNotDone();
		assertThat(coordinator.waitingShards()).isEqualTo(1);
		coordinator.close();
		assertThatThrownBy(() -> slot.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(IllegalStateException.class);
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
		assertThat(coordinator.slotKey(16, 5)).isEqualTo(this.prefix + ":identify:16:5");
		assertThatThrownBy(() -> new RedisIdentifyCoordinator(template(), " ", INTERVAL))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new RedisIdentifyCoordinator(template(), "p", Duration.ofSeconds(-1)))
			.isInstanceOf(IllegalArgumentException.class);
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
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A slot future and the moment it was granted; {@link #future()} completes once the moment is recorded. */
	private record Timed(CompletableFuture<Void> future, java.util.concurrent.atomic.AtomicLong grantedAt) {

		static Timed of(CompletableFuture<Void> slot) {
			java.util.concurrent.atomic.AtomicLong grantedAt = new java.util.concurrent.atomic.AtomicLong(-1);
			CompletableFuture<Void> recorded = slot
				.thenRun(() -> grantedAt.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime())));
			return new Timed(recorded, grantedAt);
		}

		long grantedAtMillis() {
			return this.grantedAt.get();
		}

	}

}
