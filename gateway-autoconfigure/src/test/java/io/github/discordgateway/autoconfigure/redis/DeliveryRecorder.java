package io.github.discordgateway.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.SimulatedSession;

/**
 * The listener of one instance of a fleet test: adds every sequence it delivers to a set
 * per shard that the whole fleet shares, until the instance is {@link #die() dead}.
 */
final class DeliveryRecorder implements GatewayListener {

	private final Map<Integer, Set<Long>> delivered;

	private final Map<Integer, Long> last = new ConcurrentHashMap<>();

	private volatile boolean dead;

	DeliveryRecorder(Map<Integer, Set<Long>> delivered) {
		this.delivered = delivered;
	}

	@Override
	public void onDispatch(GatewayDispatch dispatch) {
		if (this.dead) {
			return;
		}
		this.delivered.computeIfAbsent(dispatch.shardId(), (id) -> ConcurrentHashMap.newKeySet())
			.add(dispatch.sequence());
		this.last.merge(dispatch.shardId(), dispatch.sequence(), Math::max);
	}

	/**
	 * The instance is gone: what it delivers from now on never reached an application.
	 */
	void die() {
		this.dead = true;
	}

	/** The sequence of the last dispatch this instance delivered on a shard, or 0. */
	long lastDelivered(int shardId) {
		return this.last.getOrDefault(shardId, 0L);
	}

	/** How many dispatches the fleet delivered, duplicates counted once. */
	static int total(Map<Integer, Set<Long>> delivered) {
		return delivered.values().stream().mapToInt(Set::size).sum();
	}

	/**
	 * Every sequence of every session of the simulator reached an application at least
	 * once.
	 */
	static void assertEverySequenceDelivered(Map<Integer, Set<Long>> delivered, GatewaySimulator simulator) {
		for (SimulatedSession session : simulator.sessions()) {
			assertThat(delivered.getOrDefault(session.shardId(), Set.of())).as("shard %d", session.shardId())
				.containsAll(LongStream.rangeClosed(1, session.lastSequence()).boxed().toList());
		}
	}

}
