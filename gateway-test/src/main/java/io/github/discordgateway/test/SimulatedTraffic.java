package io.github.discordgateway.test;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntBiFunction;

import io.github.discordgateway.test.internal.GuildFactory;
import io.github.discordgateway.test.internal.TrafficGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The generated guild traffic of
 * {@link GatewaySimulator#startTraffic(double, String...)}: a token bucket on its own
 * thread that hands events to the simulator's router. Thread-safe.
 */
final class SimulatedTraffic {

	private static final Logger log = LoggerFactory.getLogger(SimulatedTraffic.class);

	private final GuildFactory guilds;

	private final ToIntBiFunction<String, JsonNode> dispatcher;

	private final ScheduledExecutorService scheduler;

	private final Object tickLock = new Object();

	private final AtomicLong events = new AtomicLong();

	private ScheduledFuture<?> task;

	SimulatedTraffic(GuildFactory guilds, ToIntBiFunction<String, JsonNode> dispatcher, String threadPrefix) {
		this.guilds = guilds;
		this.dispatcher = dispatcher;
		this.scheduler = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread t = new Thread(r, threadPrefix + "traffic");
			t.setDaemon(true);
			return t;
		});
	}

	synchronized void start(double eventsPerSecond, List<String> types) {
		stop();
		TrafficGenerator generator = new TrafficGenerator(this.guilds, types);
		long periodMs = (eventsPerSecond >= 20) ? 50 : Math.max(1, Math.round(1000 / eventsPerSecond));
		double[] budget = { 0 };
		long[] last = { System.nanoTime() };
		this.task = this.scheduler.scheduleAtFixedRate(() -> {
			synchronized (this.tickLock) {
				try {
					long now = System.nanoTime();
					budget[0] = Math.min(budget[0] + (now - last[0]) / 1e9 * eventsPerSecond,
							Math.max(1, eventsPerSecond));
					last[0] = now;
					while (budget[0] >= 1) {
						budget[0] -= 1;
						TrafficGenerator.Event event = generator.next();
						this.dispatcher.applyAsInt(event.type(), event.data());
						this.events.incrementAndGet();
					}
				}
				catch (RuntimeException ex) {
					log.warn("Simulator traffic failed", ex);
				}
			}
		}, periodMs, periodMs, TimeUnit.MILLISECONDS);
	}

	/** Stops the traffic; when this returns, no further event is dispatched. */
	synchronized void stop() {
		if (this.task != null) {
			this.task.cancel(false);
			this.task = null;
			synchronized (this.tickLock) {
				// wait for a tick in progress
			}
		}
	}

	long events() {
		return this.events.get();
	}

	/** Cancels the traffic without waiting and stops its thread. */
	void shutdownNow() {
		synchronized (this) {
			if (this.task != null) {
				this.task.cancel(false);
				this.task = null;
			}
		}
		this.scheduler.shutdownNow();
	}

	boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
		return this.scheduler.awaitTermination(timeout, unit);
	}

}
