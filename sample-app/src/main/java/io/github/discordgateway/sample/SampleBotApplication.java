package io.github.discordgateway.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small bot on the discord-gateway-spring starter. Without
 * {@code discord.gateway.token} it runs against an embedded gateway simulator that
 * produces realistic traffic; with a token it connects to Discord.
 */
@SpringBootApplication
@EnableScheduling
public class SampleBotApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleBotApplication.class, args);
	}

}
