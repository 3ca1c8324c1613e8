package io.github.discordgateway.consumer;

/**
 * The consumer stopped while listeners were handling an envelope, which therefore stays
 * unacknowledged and is delivered again (to this worker after a restart or to another
 * one).
 */
public class DeliveryAbortedException extends RuntimeException {

	public DeliveryAbortedException(String message, Throwable cause) {
		super(message, cause);
	}

}
