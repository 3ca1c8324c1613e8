package io.github.discordgateway.redis;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A {@link StringRedisTemplate} whose every command gives up after a short timeout, for
 * the gateway's own use of the application's Redis (identify slots, shard leases, saved
 * sessions). The application's connection factory keeps its own timeout (Lettuce's
 * default is 60 s), far too long for a startup or a lease renewal: here each command runs
 * on one of a few daemon threads of this template and the caller waits at most the
 * timeout, then gets a {@link QueryTimeoutException} (what Spring Data Redis throws for a
 * Lettuce command timeout). A command that already started is left to finish (or to hit
 * the connection factory's own timeout) rather than interrupted: an interrupt could break
 * the connection being opened, and on a busy machine the first connection may take longer
 * than the timeout. So a hung Redis ties up at most {@value #THREADS} threads; commands
 * queued behind them time out without ever running. The threads end after a minute
 * without work.
 */
public final class TimeLimitedRedisTemplate extends StringRedisTemplate {

	private static final AtomicInteger TEMPLATES = new AtomicInteger();

	/** Commands of this template that may wait on Redis at the same time. */
	static final int THREADS = 8;

	private final Duration timeout;

	private final ExecutorService commands;

	/**
	 * Creates the template; call {@link #afterPropertiesSet()} before use, as for any
	 * {@link StringRedisTemplate}.
	 * @param connectionFactory the application's Redis
	 * @param timeout how long a command may take (positive)
	 */
	public TimeLimitedRedisTemplate(RedisConnectionFactory connectionFactory, Duration timeout) {
		super(connectionFactory);
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive but was " + timeout);
		}
		this.timeout = timeout;
		String prefix = "discord-gateway-redis-" + TEMPLATES.incrementAndGet() + "-";
		AtomicInteger threads = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 1, TimeUnit.MINUTES,
				new LinkedBlockingQueue<>(), (runnable) -> {
					Thread thread = new Thread(runnable, prefix + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		this.commands = executor;
	}

	/**
	 * How long a command may take.
	 * @return the timeout
	 */
	public Duration timeout() {
		return this.timeout;
	}

	@Override
	public <T> T execute(RedisCallback<T> action, boolean exposeConnection, boolean pipeline) {
		Future<T> command = this.commands.submit(() -> super.execute(action, exposeConnection, pipeline));
		try {
			return command.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			// Drops it if it has not started; lets it finish if it has.
			command.cancel(false);
			throw new QueryTimeoutException("Redis did not answer within " + this.timeout.toMillis() + " ms", ex);
		}
		catch (InterruptedException ex) {
			command.cancel(false);
			Thread.currentThread().interrupt();
			throw new QueryTimeoutException("Interrupted while waiting for Redis", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

}
