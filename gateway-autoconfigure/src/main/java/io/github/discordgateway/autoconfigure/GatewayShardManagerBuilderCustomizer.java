package io.github.discordgateway.autoconfigure;

import io.github.discordgateway.core.manager.GatewayShardManager;

/**
 * Customizes the {@link GatewayShardManager.Builder} the auto-configuration builds the
 * manager with, for example to change its WebSocket client, its delivery executor or its
 * observer, without replacing the manager bean. Every bean of this type is applied, in
 * {@link org.springframework.core.annotation.Order @Order}, after the auto-configuration
 * set the builder up from the properties and the other beans.
 */
@FunctionalInterface
public interface GatewayShardManagerBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder to customize
	 */
	void customize(GatewayShardManager.Builder builder);

}
