package io.github.discordgateway.test;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.NullNode;

import static org.assertj.core.api.Assertions.assertThat;

class ReceivedPayloadsTest {

	@Test
	void keepsTheLastPayloadsUpToTheLimit() {
		ReceivedPayloads received = new ReceivedPayloads(3);
		for (int op = 1; op <= 5; op++) {
			received.add(payload(op));
		}
		assertThat(received.all()).extracting(ReceivedPayload::op).containsExactly(3, 4, 5);
		assertThat(received.withOp(4)).extracting(ReceivedPayload::op).containsExactly(4);
		assertThat(received.withOp(1)).isEmpty();
	}

	private static ReceivedPayload payload(int op) {
		return new ReceivedPayload(1, op, NullNode.getInstance(), "{\"op\":" + op + "}", Instant.now());
	}

}
