package io.github.discordgateway.core.event;

import java.math.BigInteger;

import tools.jackson.databind.JsonNode;

/**
 * Reads Discord snowflakes (64-bit ids) from event data. JSON delivers them as strings,
 * ETF as integers; both are accepted. Ids are returned as {@code long}: every id Discord
 * issues fits in a signed 64-bit value until the year 2084, and larger unsigned values
 * keep their bits (compare them with {@link Long#compareUnsigned(long, long)} if that
 * ever matters).
 */
public final class Snowflake {

	private static final BigInteger UNSIGNED_LONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

	private Snowflake() {
	}

	/**
	 * Reads a snowflake that must be present.
	 * @param node a string or integer node
	 * @return the id
	 * @throws IllegalArgumentException if the node is missing, {@code null} or not a
	 * snowflake
	 */
	public static long parse(JsonNode node) {
		if (node == null || node.isMissingNode() || node.isNull()) {
			throw new IllegalArgumentException("Expected a snowflake but the value is missing");
		}
		if (node.isString()) {
			return parse(node.stringValue());
		}
		if (node.isIntegralNumber()) {
			if (node.canConvertToLong()) {
				long value = node.longValue();
				if (value < 0) {
					throw new IllegalArgumentException("A snowflake must not be negative but was " + value);
				}
				return value;
			}
			BigInteger big = node.bigIntegerValue();
			if (big.signum() >= 0 && big.compareTo(UNSIGNED_LONG_MAX) <= 0) {
				return big.longValue();
			}
			throw new IllegalArgumentException("A snowflake must fit in 64 bits but was " + big);
		}
		throw new IllegalArgumentException("Expected a snowflake (string or integer) but found " + node.getNodeType());
	}

	/**
	 * Reads an optional snowflake.
	 * @param node a string or integer node, or {@code null}, a missing node or a JSON
	 * {@code null}
	 * @return the id, or {@code null} when there is none
	 * @throws IllegalArgumentException if a value is present but is not a snowflake
	 */
	public static Long parseOrNull(JsonNode node) {
		if (node == null || node.isMissingNode() || node.isNull()) {
			return null;
		}
		return parse(node);
	}

	/**
	 * Parses the decimal text of a snowflake.
	 * @throws IllegalArgumentException if the text is not an unsigned 64-bit decimal
	 * number
	 */
	public static long parse(String text) {
		if (text == null || text.isEmpty()) {
			throw new IllegalArgumentException("Expected a snowflake but the text is empty");
		}
		try {
			return Long.parseUnsignedLong(text);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + abbreviate(text) + "' is not a snowflake");
		}
	}

	private static String abbreviate(String text) {
		return (text.length() <= 32) ? text : text.substring(0, 32) + "...";
	}

}
