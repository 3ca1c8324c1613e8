package io.github.discordgateway.core;

/** Transport compression of server-to-client data, negotiated with the {@code compress} query parameter. */
public enum GatewayCompression {

	/** No transport compression: JSON arrives in text frames. */
	NONE(null),

	/** One zlib stream per connection; every payload ends with a sync flush ({@code 00 00 FF FF}). */
	ZLIB_STREAM("zlib-stream");

	private final String queryValue;

	GatewayCompression(String queryValue) {
		this.queryValue = queryValue;
	}

	/** The value of the {@code compress} query parameter, or {@code null} when none is sent. */
	public String queryValue() {
		return this.queryValue;
	}

}
