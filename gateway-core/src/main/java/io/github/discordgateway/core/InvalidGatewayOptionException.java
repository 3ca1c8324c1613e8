package io.github.discordgateway.core;

/**
 * {@link GatewayOptions.Builder#build()} rejected an option: which one, the value and
 * why. The message never contains the bot token.
 */
public class InvalidGatewayOptionException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final GatewayOption option;

	private final transient Object value;

	private final String reason;

	/**
	 * Creates the exception.
	 * @param option the rejected option
	 * @param value the rejected value (may be {@code null})
	 * @param reason why, phrased to follow the option's name (for example "must be at
	 * least 1 but was 0"); other options it names are spelled by their
	 * {@link GatewayOption#key() key}
	 */
	public InvalidGatewayOptionException(GatewayOption option, Object value, String reason) {
		super(option.key() + " " + reason);
		this.option = option;
		this.value = value;
		this.reason = reason;
	}

	/** The rejected option. */
	public GatewayOption getOption() {
		return this.option;
	}

	/** The rejected value, or {@code null}. */
	public Object getValue() {
		return this.value;
	}

	/** Why the value was rejected, without the option's name. */
	public String getReason() {
		return this.reason;
	}

}
