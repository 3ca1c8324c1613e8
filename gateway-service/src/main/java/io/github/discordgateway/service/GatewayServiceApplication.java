package io.github.discordgateway.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The gateway as a microservice: runs the bot's shards and forwards every dispatch to the
 * broker {@code discord.gateway.forwarding.target} names (Kafka or Redis Streams), where
 * workers consume them; sends the commands workers publish back through its shards. No
 * bot logic. Health, metrics, Prometheus and the gateway endpoint are under
 * {@code /actuator}.
 */
@SpringBootApplication
public class GatewayServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayServiceApplication.class, args);
	}

	/**
	 * A gateway service without a token would run without a single shard: refuse to start
	 * instead.
	 */
	@Bean
	static Object gatewayServiceTokenCheck(Environment environment) {
		String token = Binder.get(environment).bind("discord.gateway.token", String.class).orElse("");
		if (token.isBlank()) {
			throw new InvalidConfigurationPropertyValueException("discord.gateway.token", token,
					"the gateway service needs a bot token and none is set. "
							+ "Set DISCORD_TOKEN (or DISCORD_GATEWAY_TOKEN, or --discord.gateway.token=...).");
		}
		return new Object();
	}

}
