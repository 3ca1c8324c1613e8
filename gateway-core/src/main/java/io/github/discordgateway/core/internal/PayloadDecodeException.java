package io.github.discordgateway.core.internal;

import io.github.discordgateway.core.GatewayException;

/**
 * Received data that cannot become a payload. The connection that produced it must be
 * reset.
 */
final class PayloadDecodeException extends GatewayException {

	private final String kind;

	public PayloadDecodeException(String kind, String message) {
		super(message);
		this.kind = kind;
	}

	public PayloadDecodeException(String kind, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
	}

	/**
	 * A short, bounded category for metrics: {@code decompression}, {@code json},
	 * {@code too-large}, ...
	 */
	public String kind() {
		return this.kind;
	}

}
