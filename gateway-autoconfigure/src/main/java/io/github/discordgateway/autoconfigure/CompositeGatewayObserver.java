package io.github.discordgateway.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.ShardState;

/**
 * A {@link GatewayObserver} that forwards every call to several observers, in order. Like
 * any observer it runs inline on the gateway's threads, so each delegate must be fast and
 * must not throw.
 */
public final class CompositeGatewayObserver implements GatewayObserver {

	private final GatewayObserver[] observers;

	private CompositeGatewayObserver(List<? extends GatewayObserver> observers) {
		this.observers = observers.toArray(GatewayObserver[]::new);
	}

	/**
	 * Combines observers: {@link GatewayObserver#NONE} for none, the observer itself for
	 * one, a composite for more.
	 * @param observers the observers, in call order
	 * @return a single observer
	 */
	public static GatewayObserver of(List<? extends GatewayObserver> observers) {
		if (observers.isEmpty()) {
			return GatewayObserver.NONE;
		}
		if (observers.size() == 1) {
			return observers.get(0);
		}
		return new CompositeGatewayObserver(observers);
	}

	@Override
	public void payloadReceived(int shardId, long wireBytes, long decodedBytes) {
		for (GatewayObserver observer : this.observers) {
			observer.payloadReceived(shardId, wireBytes, decodedBytes);
		}
	}

	@Override
	public void payloadSent(int shardId, int opcode) {
		for (GatewayObserver observer : this.observers) {
			observer.payloadSent(shardId, opcode);
		}
	}

	@Override
	public void heartbeatAcknowledged(int shardId, Duration latency) {
		for (GatewayObserver observer : this.observers) {
			observer.heartbeatAcknowledged(shardId, latency);
		}
	}

	@Override
	public void decodeFailed(int shardId, String kind) {
		for (GatewayObserver observer : this.observers) {
			observer.decodeFailed(shardId, kind);
		}
	}

	@Override
	public void sessionStarted(int shardId, boolean resumed) {
		for (GatewayObserver observer : this.observers) {
			observer.sessionStarted(shardId, resumed);
		}
	}

	@Override
	public void reconnecting(int shardId, String reason) {
		for (GatewayObserver observer : this.observers) {
			observer.reconnecting(shardId, reason);
		}
	}

	@Override
	public void stateChanged(int shardId, ShardState from, ShardState to) {
		for (GatewayObserver observer : this.observers) {
			observer.stateChanged(shardId, from, to);
		}
	}

	@Override
	public void dispatchDelivered(int shardId, String type, long nanos) {
		for (GatewayObserver observer : this.observers) {
			observer.dispatchDelivered(shardId, type, nanos);
		}
	}

	@Override
	public void sequenceAnomaly(int shardId, long expected, long actual) {
		for (GatewayObserver observer : this.observers) {
			observer.sequenceAnomaly(shardId, expected, actual);
		}
	}

	@Override
	public void sessionStoreFailed(int shardId, String operation) {
		for (GatewayObserver observer : this.observers) {
			observer.sessionStoreFailed(shardId, operation);
		}
	}

}
