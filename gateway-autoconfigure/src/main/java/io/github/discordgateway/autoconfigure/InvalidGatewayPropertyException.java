package io.github.discordgateway.autoconfigure;

/**
 * A {@code discord.gateway.*} property has a value the gateway client cannot run with.
 * The message names the property and the reason; it never contains the bot token.
 * {@link InvalidGatewayPropertyFailureAnalyzer} turns it into a startup failure report.
 */
public class InvalidGatewayPropertyException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final String reason;

	private final String action;

	/**
	 * Creates the exception.
	 * @param property the full property name, for example
	 * {@code discord.gateway.shards.ids}
	 * @param reason why the value is invalid
	 */
	public InvalidGatewayPropertyException(String property, String reason) {
		this(property, reason, null);
	}

	/**
	 * Creates the exception with a hint.
	 * @param property the full property name, for example
	 * {@code discord.gateway.shards.ids}
	 * @param reason why the value is invalid
	 * @param action what to do about it, or {@code null}
	 */
	public InvalidGatewayPropertyException(String property, String reason, String action) {
		super("Invalid value for property '" + property + "': " + reason);
		this.property = property;
		this.reason = reason;
		this.action = action;
	}

	/** The full name of the invalid property. */
	public String getProperty() {
		return this.property;
	}

	/** Why the value is invalid. */
	public String getReason() {
		return this.reason;
	}

	/** A hint on what to do, or {@code null}. */
	public String getAction() {
		return this.action;
	}

}
