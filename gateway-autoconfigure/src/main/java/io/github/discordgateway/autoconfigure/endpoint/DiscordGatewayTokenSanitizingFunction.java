package io.github.discordgateway.autoconfigure.endpoint;

import java.util.Locale;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.core.env.Environment;

import io.github.discordgateway.autoconfigure.DiscordGatewayProperties;

/**
 * Masks the bot token in {@code /actuator/env} and {@code /actuator/configprops}, even
 * when their values are shown ({@code management.endpoint.env.show-values=always}): every
 * property named like the token ({@code discord.gateway.token}, {@code DISCORD_TOKEN},
 * {@code DISCORD_GATEWAY_TOKEN}) and every value that contains the configured token (such
 * as {@code sun.java.command} when the token was passed on the command line).
 */
public class DiscordGatewayTokenSanitizingFunction implements SanitizingFunction {

	private static final String TOKEN_PROPERTY = DiscordGatewayProperties.PREFIX + ".token";

	private static final Set<String> TOKEN_KEYS = Set.of(TOKEN_PROPERTY, "discord_gateway_token", "discord_token",
			"discord.token");

	private final Environment environment;

	/**
	 * Creates the function.
	 * @param environment where the token is configured
	 */
	public DiscordGatewayTokenSanitizingFunction(Environment environment) {
		this.environment = environment;
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		Object value = data.getValue();
		if (value == null) {
			return data;
		}
		String key = data.getLowerCaseKey();
		if (key != null && (TOKEN_KEYS.contains(key) || key.endsWith("." + TOKEN_PROPERTY))) {
			return data.withSanitizedValue();
		}
		String token = configuredToken();
		if (token != null && value.toString().contains(token)) {
			return data.withSanitizedValue();
		}
		return data;
	}

	private String configuredToken() {
		String token;
		try {
			token = this.environment.getProperty(TOKEN_PROPERTY);
		}
		catch (RuntimeException ex) {
			return null;
		}
		if (token == null) {
			return null;
		}
		token = token.strip();
		if (token.regionMatches(true, 0, "Bot ", 0, 4)) {
			token = token.substring(4).strip();
		}
		return token.isEmpty() ? null : token;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + TOKEN_PROPERTY.toUpperCase(Locale.ROOT) + "]";
	}

}
