package io.github.discordgateway.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the gateway connects and with which token. The auto-configuration uses the bean
 * of this type when there is one (test support contributes one for a running gateway
 * simulator) and otherwise reads {@code discord.gateway.token}, {@code api-base-url} and
 * {@code url}.
 */
public interface DiscordGatewayConnectionDetails extends ConnectionDetails {

	/**
	 * The bot token, with or without the {@code Bot } prefix. Never log it.
	 * @return the token, or {@code null} or blank when none is configured
	 */
	@Nullable String getToken();

	/**
	 * The base URL of the REST API used for gateway discovery ({@code GET /gateway/bot}).
	 * @return the REST base URL
	 */
	URI getApiBaseUrl();

	/**
	 * An explicit gateway URL that replaces the discovered one.
	 * @return the gateway URL, or {@code null} to discover it
	 */
	default @Nullable URI getUrl() {
		return null;
	}

}
