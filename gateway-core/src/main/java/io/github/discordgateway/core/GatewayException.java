package io.github.discordgateway.core;

/** A failure of the gateway client. Messages never contain the bot token. */
public class GatewayException extends RuntimeException {

	public GatewayException(String message) {
		super(message);
	}

	public GatewayException(String message, Throwable cause) {
		super(message, cause);
	}

}
