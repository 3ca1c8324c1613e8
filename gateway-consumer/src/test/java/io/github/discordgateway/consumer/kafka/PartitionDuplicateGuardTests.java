package io.github.discordgateway.consumer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.consumer.DuplicateGuard;
import io.github.discordgateway.consumer.DuplicateGuard.Claim;

class PartitionDuplicateGuardTests {

	private final PartitionDuplicateGuard guards = new PartitionDuplicateGuard();

	private final TopicPartition partition = new TopicPartition("events", 0);

	@Test
	void remembersHandledSequencesPerSessionAndPartition() {
		DuplicateGuard guard = this.guards.forPartition(this.partition);
		guard.completed(envelope("a", 5));
		assertThat(guard.claim(envelope("a", 5))).isEqualTo(Claim.DUPLICATE);
		assertThat(guard.claim(envelope("a", 4))).as("not handled, arrived late").isEqualTo(Claim.FIRST);
		assertThat(guard.claim(envelope("b", 5))).as("another session").isEqualTo(Claim.FIRST);
		assertThat(this.guards.forPartition(new TopicPartition("events", 1)).claim(envelope("a", 5)))
			.isEqualTo(Claim.FIRST);
	}

	@Test
	void sequencesBelowTheWindowCountAsHandled() {
		DuplicateGuard guard = this.guards.forPartition(this.partition);
		for (long seq = 1; seq <= PartitionDuplicateGuard.WINDOW + 10; seq++) {
			guard.completed(envelope("a", seq));
		}
		assertThat(guard.claim(envelope("a", 1))).isEqualTo(Claim.DUPLICATE);
		assertThat(guard.claim(envelope("a", PartitionDuplicateGuard.WINDOW + 11))).isEqualTo(Claim.FIRST);
	}

	@Test
	void forgetsRevokedPartitions() {
		this.guards.forPartition(this.partition).completed(envelope("a", 5));
		this.guards.forget(List.of(this.partition));
		assertThat(this.guards.forPartition(this.partition).claim(envelope("a", 5))).isEqualTo(Claim.FIRST);
	}

	private static GatewayEnvelope envelope(String session, long seq) {
		return new GatewayEnvelope(0, 1, session, seq, "T", null, Instant.now(), "{}".getBytes());
	}

}
