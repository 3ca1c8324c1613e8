package io.github.discordgateway.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * {@link DiscordGatewayConnectionDetails} from {@code discord.gateway.*} properties.
 */
class PropertiesDiscordGatewayConnectionDetails implements DiscordGatewayConnectionDetails {

	private final DiscordGatewayProperties properties;

	PropertiesDiscordGatewayConnectionDetails(DiscordGatewayProperties properties) {
		this.properties = properties;
	}

	@Override
	public @Nullable String getToken() {
		return this.properties.getToken();
	}

	@Override
	public URI getApiBaseUrl() {
		return this.properties.getApiBaseUrl();
	}

	@Override
	public @Nullable URI getUrl() {
		return this.properties.getUrl();
	}

	@Override
	public String toString() {
		// Never the token.
		return "PropertiesDiscordGatewayConnectionDetails[apiBaseUrl=" + getApiBaseUrl() + "]";
	}

}
