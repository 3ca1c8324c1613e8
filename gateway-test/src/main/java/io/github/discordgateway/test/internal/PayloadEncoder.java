package io.github.discordgateway.test.internal;

import tools.jackson.databind.JsonNode;

/**
 * Wire encoding of gateway payloads ({@code encoding=} query parameter). The simulator
 * builds payloads as JSON bytes; an encoder turns them into wire bytes and decodes what
 * clients send. Add ETF by implementing this and registering it in
 * {@link PayloadEncoders}.
 */
public interface PayloadEncoder {

	/**
	 * The query-parameter value, e.g. {@code json}.
	 * @return the name
	 */
	String name();

	/**
	 * Whether uncompressed payloads travel as binary messages (ETF) rather than text
	 * (JSON).
	 * @return whether binary
	 */
	boolean binary();

	/**
	 * Converts a JSON-encoded server payload into wire bytes.
	 * @param json UTF-8 JSON of the whole envelope
	 * @return wire bytes
	 */
	byte[] encode(byte[] json);

	/**
	 * Decodes a client message.
	 * @param data message bytes
	 * @return the payload tree
	 * @throws RuntimeException if the message cannot be decoded
	 */
	JsonNode decode(byte[] data);

}
