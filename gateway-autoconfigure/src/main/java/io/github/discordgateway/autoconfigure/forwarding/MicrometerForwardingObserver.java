package io.github.discordgateway.autoconfigure.forwarding;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.discordgateway.forwarding.ForwardingObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records dispatch forwarding with Micrometer; every meter is tagged with the
 * {@code target} ({@code kafka}, {@code redis-stream}) and created once, so the per-event
 * path only increments.
 * <ul>
 * <li>{@value #FORWARDED} (counter): envelopes the broker confirmed.</li>
 * <li>{@value #FORWARDED_BYTES} (counter, bytes): their size.</li>
 * <li>{@value #FAILURES} (counter): failed writes (each is retried).</li>
 * <li>{@value #SKIPPED} (counter): dispatches the event type filter left out.</li>
 * <li>{@value #CONFIRM_LATENCY} (timer): from handing a dispatch to the forwarder to the
 * broker's confirmation, retries included.</li>
 * <li>{@value #UNCONFIRMED} (gauge): envelopes not confirmed yet.</li>
 * </ul>
 */
public class MicrometerForwardingObserver implements ForwardingObserver {

	/** Envelopes the broker confirmed (counter). */
	public static final String FORWARDED = "discord.gateway.forwarding.forwarded";

	/** Bytes of the envelopes the broker confirmed (counter). */
	public static final String FORWARDED_BYTES = "discord.gateway.forwarding.bytes";

	/** Failed writes (counter). */
	public static final String FAILURES = "discord.gateway.forwarding.failures";

	/** Dispatches left out by the event type filter (counter). */
	public static final String SKIPPED = "discord.gateway.forwarding.skipped";

	/** From handing a dispatch over to the broker's confirmation (timer). */
	public static final String CONFIRM_LATENCY = "discord.gateway.forwarding.confirm.latency";

	/** Envelopes not confirmed yet (gauge). */
	public static final String UNCONFIRMED = "discord.gateway.forwarding.unconfirmed";

	private final Counter forwarded;

	private final Counter bytes;

	private final Counter failures;

	private final Counter skipped;

	private final Timer confirmLatency;

	/**
	 * @param target the target's name, the {@code target} tag
	 * @param unconfirmed samples the envelopes not confirmed yet
	 */
	public MicrometerForwardingObserver(MeterRegistry registry, String target, Supplier<Number> unconfirmed) {
		Gauge.builder(UNCONFIRMED, unconfirmed).tag("target", target).register(registry);
		this.forwarded = Counter.builder(FORWARDED).tag("target", target).register(registry);
		this.bytes = Counter.builder(FORWARDED_BYTES).baseUnit("bytes").tag("target", target).register(registry);
		this.failures = Counter.builder(FAILURES).tag("target", target).register(registry);
		this.skipped = Counter.builder(SKIPPED).tag("target", target).register(registry);
		this.confirmLatency = Timer.builder(CONFIRM_LATENCY).tag("target", target).register(registry);
	}

	@Override
	public void forwarded(int bytes, long confirmNanos) {
		this.forwarded.increment();
		this.bytes.increment(bytes);
		this.confirmLatency.record(confirmNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void writeFailed() {
		this.failures.increment();
	}

	@Override
	public void skipped() {
		this.skipped.increment();
	}

}
