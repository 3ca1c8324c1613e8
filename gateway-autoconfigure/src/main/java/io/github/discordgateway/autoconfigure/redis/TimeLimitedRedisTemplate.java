package io.github.discordgateway.autoconfigure.redis;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A {@link StringRedisTemplate} whose every command gives up after a short timeout, for the
 * gateway's own use of the application's Redis (identify slots, shard leases, saved sessions).
 * The application's connection factory keeps its own timeout (Lettuce's default is 60 s), far too
 * long for a startup or a lease renewal: here each command runs on a daemon thread of this template
 * and the caller waits at most the timeout, then gets a {@link QueryTimeoutException} (what Spring
 * Data Redis throws for a Lettuce command timeout) and the command thread is interrupted, which
 * cancels the command in Lettuce. The threads are daemons and end after a minute without work.
 */
final class TimeLimitedRedisTemplate extends StringRedisTemplate {

	private static final AtomicInteger TEMPLATES = new AtomicInteger();

	private final Duration timeout;

	private final ExecutorService commands;

	TimeLimitedRedisTemplate(RedisConnectionFactory connectionFactory, Duration timeout) {
		super(connectionFactory);
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive but was " + timeout);
		}
		this.timeout = timeout;
		String prefix = "discord-gateway-redis-" + TEMPLATES.incrementAndGet() + "-";
		AtomicInteger threads = new AtomicInteger();
		this.commands = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, prefix + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/** How long a command may take. */
	Duration timeout() {
		return this.timeout;
	}

	@Override
	public <T> T execute(RedisCallback<T> action, boolean exposeConnection, boolean pipeline) {
		Future<T> command = this.commands.submit(() -> super.execute(action, exposeConnection, pipeline));
		try {
			return command.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			command.cancel(true);
			throw new QueryTimeoutException("Redis did not answer within " + this.timeout.toMillis() + " ms", ex);
		}
		catch (InterruptedException ex) {
			command.cancel(true);
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
