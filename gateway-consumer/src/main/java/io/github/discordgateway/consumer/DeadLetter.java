package io.github.discordgateway.consumer;

import io.github.discordgateway.broker.GatewayEnvelope;

/**
 * An envelope that could not be handled, with the reason, on its way to the dead-letter
 * topic or stream.
 *
 * @param value the bytes exactly as they were read from the broker
 * @param envelope the envelope, or {@code null} when the bytes are not one
 * @param error why it could not be handled: the exception's class and message
 * @param attempts how often the listeners were called ({@code 0} for an undecodable
 * envelope)
 */
public record DeadLetter(byte[] value, GatewayEnvelope envelope, String error, int attempts) {

}
