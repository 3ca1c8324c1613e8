package io.github.discordgateway.core;

/** Payload encoding negotiated with the {@code encoding} query parameter. */
public enum GatewayEncoding {

	/** UTF-8 JSON in text frames. */
	JSON("json"),

	/**
	 * Erlang External Term Format in binary frames, both ways. Decoded into the same JSON
	 * tree as {@link #JSON}: integers beyond 53 bits (snowflakes) become decimal strings,
	 * see the ETF codec.
	 */
	ETF("etf");

	private final String queryValue;

	GatewayEncoding(String queryValue) {
		this.queryValue = queryValue;
	}

	/** The value of the {@code encoding} query parameter. */
	public String queryValue() {
		return this.queryValue;
	}

}
