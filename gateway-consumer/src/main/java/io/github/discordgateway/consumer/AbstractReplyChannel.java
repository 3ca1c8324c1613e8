package io.github.discordgateway.consumer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A {@link ReplyChannel} that reads a worker's replies on a daemon thread of its own. A
 * {@link SmartLifecycle} too, so that it stops with the first beans to stop, while the
 * broker connection is still there.
 */
public abstract class AbstractReplyChannel implements ReplyChannel, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(AbstractReplyChannel.class);

	private final Duration closeTimeout;

	private volatile boolean running;

	private volatile Thread reader;

	private volatile String lastReadFailure;

	/**
	 * @param closeTimeout how long {@link #close()} waits for the reader to finish
	 */
	protected AbstractReplyChannel(Duration closeTimeout) {
		this.closeTimeout = closeTimeout;
	}

	@Override
	public final CompletableFuture<Void> open(String workerId, Consumer<byte[]> replies) {
		CompletableFuture<Void> ready = new CompletableFuture<>();
		this.running = true;
		Thread thread = new Thread(() -> read(workerId, replies, ready), "gateway-replies-" + workerId);
		thread.setDaemon(true);
		this.reader = thread;
		thread.start();
		return ready;
	}

	/**
	 * Reads the worker's replies, on the reader thread, while {@link #reading()}.
	 * @param workerId this worker
	 * @param replies receives each reply envelope's JSON
	 * @param ready to complete once every reply sent from then on will be read
	 */
	protected abstract void read(String workerId, Consumer<byte[]> replies, CompletableFuture<Void> ready);

	/** Whether the reader should go on. */
	protected final boolean reading() {
		return this.running;
	}

	/** Wakes the reader from a blocking read, if the client can; nothing by default. */
	protected void wakeUp() {
	}

	/**
	 * A read failed: logs it and pauses the reader before it reads again.
	 * @return {@code false} when the reader should stop instead
	 */
	protected final boolean pauseAfter(RuntimeException failure, String source, Duration pause) {
		if (!this.running) {
			return false;
		}
		logger.warn("Reading the command replies from {}: {}; retrying in {} ms", source, failure.toString(),
				pause.toMillis());
		this.lastReadFailure = "reading the command replies from " + source + " failed: " + failure;
		try {
			Thread.sleep(pause.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			return false;
		}
	}

	@Override
	public String lastReadFailure() {
		return this.lastReadFailure;
	}

	/** Nothing: {@link #open} starts reading. */
	@Override
	public void start() {
	}

	@Override
	public void stop() {
		close();
	}

	@Override
	public boolean isRunning() {
		return this.reader != null;
	}

	@Override
	public void close() {
		Thread thread = this.reader;
		if (thread == null) {
			return;
		}
		this.running = false;
		this.reader = null;
		wakeUp();
		try {
			thread.join(this.closeTimeout.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
