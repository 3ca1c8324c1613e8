package io.github.discordgateway.consumer;

import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.core.GatewayDispatch;

/**
 * Sees every consumed dispatch once, after the duplicate check and before the listeners,
 * to route the answers of commands sent through the broker to the worker that sent them.
 */
@FunctionalInterface
public interface CommandReplies {

	/**
	 * @param envelope the consumed envelope
	 * @param value the envelope's JSON as consumed
	 * @param dispatch the envelope's dispatch
	 * @throws RuntimeException if an answer could not be passed on: the envelope is then
	 * left unacknowledged and delivered again
	 */
	void consumed(GatewayEnvelope envelope, byte[] value, GatewayDispatch dispatch);

}
