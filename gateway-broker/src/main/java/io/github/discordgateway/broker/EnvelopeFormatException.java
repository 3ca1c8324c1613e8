package io.github.discordgateway.broker;

/** Bytes read from a broker are not an envelope this version understands. */
public class EnvelopeFormatException extends IllegalArgumentException {

	public EnvelopeFormatException(String message) {
		super(message);
	}

	public EnvelopeFormatException(String message, Throwable cause) {
		super(message, cause);
	}

}
