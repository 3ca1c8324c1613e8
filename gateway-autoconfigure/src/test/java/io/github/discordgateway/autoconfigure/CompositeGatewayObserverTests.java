package io.github.discordgateway.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.ShardState;

class CompositeGatewayObserverTests {

	@Test
	void noneOneOrMany() {
		assertThat(CompositeGatewayObserver.of(List.of())).isSameAs(GatewayObserver.NONE);
		GatewayObserver one = new GatewayObserver() {
		};
		assertThat(CompositeGatewayObserver.of(List.of(one))).isSameAs(one);
		assertThat(CompositeGatewayObserver.of(List.of(one, one))).isInstanceOf(CompositeGatewayObserver.class);
	}

	@Test
	void forwardsEveryCallInOrder() {
		List<String> calls = new ArrayList<>();
		GatewayObserver composite = CompositeGatewayObserver
			.of(List.of(new Recording("a", calls), new Recording("b", calls)));
		composite.payloadReceived(1, 10, 20);
		composite.payloadSent(1, 2);
		composite.heartbeatAcknowledged(1, Duration.ofMillis(5));
		composite.decodeFailed(1, "json");
		composite.sessionStarted(1, true);
		composite.reconnecting(1, "zombie");
		composite.stateChanged(1, ShardState.IDLE, ShardState.CONNECTING);
		composite.dispatchDelivered(1, "READY", 3);
		composite.sequenceAnomaly(1, 4, 6);
		composite.sessionStoreFailed(1, "checkpoint");
		assertThat(calls).containsExactly("a:received", "b:received", "a:sent", "b:sent", "a:ack", "b:ack", "a:decode",
				"b:decode", "a:session", "b:session", "a:reconnecting", "b:reconnecting", "a:state", "b:state",
				"a:delivered", "b:delivered", "a:anomaly", "b:anomaly", "a:store", "b:store");
	}

	private record Recording(String name, List<String> calls) implements GatewayObserver {

		@Override
		public void payloadReceived(int shardId, long wireBytes, long decodedBytes) {
			this.calls.add(this.name + ":received");
		}

		@Override
		public void payloadSent(int shardId, int opcode) {
			this.calls.add(this.name + ":sent");
		}

		@Override
		public void heartbeatAcknowledged(int shardId, Duration latency) {
			this.calls.add(this.name + ":ack");
		}

		@Override
		public void decodeFailed(int shardId, String kind) {
			this.calls.add(this.name + ":decode");
		}

		@Override
		public void sessionStarted(int shardId, boolean resumed) {
			this.calls.add(this.name + ":session");
		}

		@Override
		public void reconnecting(int shardId, String reason) {
			this.calls.add(this.name + ":reconnecting");
		}

		@Override
		public void stateChanged(int shardId, ShardState from, ShardState to) {
			this.calls.add(this.name + ":state");
		}

		@Override
		public void dispatchDelivered(int shardId, String type, long nanos) {
			this.calls.add(this.name + ":delivered");
		}

		@Override
		public void sequenceAnomaly(int shardId, long expected, long actual) {
			this.calls.add(this.name + ":anomaly");
		}

		@Override
		public void sessionStoreFailed(int shardId, String operation) {
			this.calls.add(this.name + ":store");
		}

	}

}
