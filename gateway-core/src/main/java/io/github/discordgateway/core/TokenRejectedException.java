package io.github.discordgateway.core;

/**
 * Discord rejected the bot token (HTTP 401 on discovery, or close code 4004). Retrying
 * cannot help.
 */
public class TokenRejectedException extends GatewayException {

	public TokenRejectedException(String message) {
		super(message);
	}

}
