package io.github.discordgateway.core;

/** Payload encoding negotiated with the {@code encoding} query parameter. */
public enum GatewayEncoding {

	/** UTF-8 JSON. */
	JSON("json");

	private final String queryValue;

	GatewayEncoding(String queryValue) {
		this.queryValue = queryValue;
	}

	/** The value of the {@code encoding} query parameter. */
	public String queryValue() {
		return this.queryValue;
	}

}
