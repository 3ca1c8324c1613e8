package io.github.discordgateway.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import io.github.discordgateway.test.GatewaySimulator;

/**
 * The startup failure report a user sees, through {@link SpringApplication}; this also
 * proves that the failure analyzers are registered in {@code META-INF/spring.factories}.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureReportTests {

	private static final String TOKEN = "Mzg5.REPORT-TOKEN-MUST-NOT-LEAK.x1";

	@Test
	void invalidPropertyIsReportedByName(CapturedOutput output) {
		assertThatException().isThrownBy(() -> application().run("--discord.gateway.token=" + TOKEN,
				"--discord.gateway.shards.total=4", "--discord.gateway.shards.ids=0-3,9"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: discord.gateway.shards.ids")
			.contains("Reason: shard id 9 is not below the shard total 4")
			.contains("Update 'discord.gateway.shards.ids'")
			.doesNotContain(TOKEN);
	}

	@Test
	void rejectedTokenIsReported(CapturedOutput output) {
		try (GatewaySimulator simulator = GatewaySimulator.builder().token("the-right-token").build().start()) {
			assertThatException().isThrownBy(() -> application().run("--discord.gateway.token=" + TOKEN,
					"--discord.gateway.api-base-url=" + simulator.apiBaseUrl()));
		}
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Discord rejected the bot token set in 'discord.gateway.token'")
			.doesNotContain(TOKEN);
	}

	private static SpringApplication application() {
		SpringApplication application = new SpringApplication(EmptyApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		return application;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DiscordGatewayAutoConfiguration.class)
	static class EmptyApplication {

	}

}
