package io.github.discordgateway.autoconfigure.endpoint;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Registers {@link DiscordGatewayTokenSanitizingFunction} so that the bot token never
 * shows in {@code /actuator/env} or {@code /actuator/configprops}, whatever their
 * {@code show-values} setting. Applies whenever Spring Boot Actuator is present, also
 * while the gateway is disabled.
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration" })
@ConditionalOnClass(SanitizingFunction.class)
public final class DiscordGatewayTokenSanitizingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "discordGatewayTokenSanitizingFunction")
	DiscordGatewayTokenSanitizingFunction discordGatewayTokenSanitizingFunction(Environment environment) {
		return new DiscordGatewayTokenSanitizingFunction(environment);
	}

}
