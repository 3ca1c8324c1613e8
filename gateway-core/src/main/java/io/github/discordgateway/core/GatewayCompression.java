package io.github.discordgateway.core;

import java.util.Optional;

/**
 * Transport compression of server-to-client data, negotiated with the {@code compress}
 * query parameter.
 */
public enum GatewayCompression {

	/** No transport compression: JSON arrives in text frames. */
	NONE(null),

	/**
	 * One zlib stream per connection; every payload ends with a sync flush
	 * ({@code 00 00 FF FF}).
	 */
	ZLIB_STREAM("zlib-stream"),

	/**
	 * One never-ending zstd frame per connection; every message holds one payload. Needs
	 * the native library of {@code com.github.luben:zstd-jni}; see
	 * {@link #unavailableReason()}.
	 */
	ZSTD_STREAM("zstd-stream");

	private final String queryValue;

	GatewayCompression(String queryValue) {
		this.queryValue = queryValue;
	}

	/**
	 * The value of the {@code compress} query parameter, or {@code null} when none is
	 * sent.
	 */
	public String queryValue() {
		return this.queryValue;
	}

	/**
	 * Why this compression cannot be used in this JVM, or empty when it can. Only
	 * {@link #ZSTD_STREAM} can be unavailable: when zstd-jni's native library does not
	 * load on this platform.
	 */
	public Optional<String> unavailableReason() {
		return (this == ZSTD_STREAM) ? Optional.ofNullable(ZstdSupport.unavailableReason()) : Optional.empty();
	}

}
