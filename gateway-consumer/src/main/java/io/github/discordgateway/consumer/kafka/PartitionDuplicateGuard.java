package io.github.discordgateway.consumer.kafka;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;

import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.consumer.DuplicateGuard;

/**
 * Recognizes duplicates per partition, in memory: the gateway keys records by guild (else
 * shard), so every copy of a {@code (session, seq)} lands in the same partition, which
 * one consumer of the group owns at a time. Per partition and session it remembers the
 * last {@value #WINDOW} handled sequences exactly, and everything below them as handled.
 * What a partition's previous owner handled is not known to a new owner after a
 * rebalance: a replay that arrives right after a rebalance and copies a record the
 * previous owner handled is handled again (see the docs).
 */
final class PartitionDuplicateGuard {

	/** Handled sequences remembered exactly per partition and session. */
	static final int WINDOW = 512;

	/** Sessions remembered per partition (the least recently used are forgotten). */
	static final int SESSIONS_PER_PARTITION = 1024;

	private final Map<TopicPartition, Map<String, Handled>> partitions = new ConcurrentHashMap<>();

	/**
	 * The guard for one partition's records; only the partition's consumer thread uses
	 * it.
	 */
	DuplicateGuard forPartition(TopicPartition partition) {
		Map<String, Handled> sessions = this.partitions.computeIfAbsent(partition,
				(key) -> new LinkedHashMap<>(16, 0.75f, true) {

					@Override
					protected boolean removeEldestEntry(Map.Entry<String, Handled> eldest) {
						return size() > SESSIONS_PER_PARTITION;
					}

				});
		return new DuplicateGuard() {

			@Override
			public Claim claim(GatewayEnvelope envelope) {
				Handled handled = sessions.get(envelope.sessionId());
				return (handled != null && handled.contains(envelope.sequence())) ? Claim.DUPLICATE : Claim.FIRST;
			}

			@Override
			public void completed(GatewayEnvelope envelope) {
				sessions.computeIfAbsent(envelope.sessionId(), (session) -> new Handled()).add(envelope.sequence());
			}

			@Override
			public void released(GatewayEnvelope envelope) {
			}

		};
	}

	/** Forgets partitions this consumer no longer owns. */
	void forget(Collection<TopicPartition> revoked) {
		revoked.forEach(this.partitions::remove);
	}

	/** The handled sequences of one session in one partition. */
	private static final class Handled {

		private final LinkedHashSet<Long> recent = new LinkedHashSet<>();

		private long floor = -1;

		boolean contains(long sequence) {
			return sequence <= this.floor || this.recent.contains(sequence);
		}

		void add(long sequence) {
			if (!this.recent.add(sequence) || this.recent.size() <= WINDOW) {
				return;
			}
			Iterator<Long> eldest = this.recent.iterator();
			this.floor = Math.max(this.floor, eldest.next());
			eldest.remove();
		}

	}

}
