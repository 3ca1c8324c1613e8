package io.github.discordgateway.test.internal;

import java.util.Optional;

import tools.jackson.databind.JsonNode;

/** Factory of {@link PayloadEncoder}s by query-parameter value. */
public final class PayloadEncoders {

	private PayloadEncoders() {
	}

	/**
	 * Finds the encoder for an {@code encoding} query value.
	 * @param name the value; {@code null} or empty means JSON
	 * @return the encoder ({@code json} or {@code etf}), or empty when not supported
	 */
	public static Optional<PayloadEncoder> forName(String name) {
		return forName(name, false);
	}

	/**
	 * Finds the encoder for an {@code encoding} query value.
	 * @param name the value; {@code null} or empty means JSON
	 * @param etfUtf8Atoms whether ETF atoms use the UTF-8 tags (118/119) instead of
	 * erlpack's (100/115)
	 * @return the encoder ({@code json} or {@code etf}), or empty when not supported
	 */
	public static Optional<PayloadEncoder> forName(String name, boolean etfUtf8Atoms) {
		if (name == null || name.isEmpty() || name.equals("json")) {
			return Optional.of(Json.INSTANCE);
		}
		if (name.equals("etf")) {
			return Optional.of(etfUtf8Atoms ? EtfPayloadEncoder.UTF8_ATOMS : EtfPayloadEncoder.INSTANCE);
		}
		return Optional.empty();
	}

	/** JSON: identity on the wire, parsed with the strict simulator mapper. */
	static final class Json implements PayloadEncoder {

		static final Json INSTANCE = new Json();

		@Override
		public String name() {
			return "json";
		}

		@Override
		public boolean binary() {
			return false;
		}

		@Override
		public byte[] encode(byte[] json) {
			return json;
		}

		@Override
		public JsonNode decode(byte[] data) {
			return JsonSupport.MAPPER.readTree(data);
		}

	}

}
