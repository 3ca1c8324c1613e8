package io.github.discordgateway.autoconfigure;

import java.util.concurrent.CountDownLatch;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps the JVM running while the gateway runs. The gateway's threads are daemon threads,
 * so an application without a web server would otherwise exit as soon as its {@code main}
 * method returns. Like the listener containers of Spring for Apache Kafka, this holds one
 * non-daemon thread from the start of the context until it is stopped (the context
 * closes), and then lets the JVM exit.
 */
public final class DiscordGatewayKeepAlive implements SmartLifecycle {

	/** Name of the thread that keeps the JVM running. */
	public static final String THREAD_NAME = "discord-gateway-keep-alive";

	private final Object monitor = new Object();

	private CountDownLatch stopped;

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.stopped != null) {
				return;
			}
			CountDownLatch latch = new CountDownLatch(1);
			Thread thread = new Thread(() -> awaitUninterruptibly(latch), THREAD_NAME);
			thread.setDaemon(false);
			thread.start();
			this.stopped = latch;
		}
	}

	@Override
	public void stop() {
		synchronized (this.monitor) {
			if (this.stopped != null) {
				this.stopped.countDown();
				this.stopped = null;
			}
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.monitor) {
			return this.stopped != null;
		}
	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		while (true) {
			try {
				latch.await();
				return;
			}
			catch (InterruptedException ex) {
				// Only the context's stop ends this thread.
			}
		}
	}

}
