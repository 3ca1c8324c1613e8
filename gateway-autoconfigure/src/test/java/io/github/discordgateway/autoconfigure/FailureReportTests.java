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
	void invalidPropertyIsReportedByNameReasonAndOrigin(CapturedOutput output) {
		assertThatException().isThrownBy(() -> application().run("--discord.gateway.token=" + TOKEN,
				"--spring.config.location=classpath:/failure-report/invalid-shards.properties"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '0-3,9' for configuration property 'discord.gateway.shards.ids' (originating from "
					+ "'class path resource [failure-report/invalid-shards.properties] - 3:")
			.contains("contains 9, which is not below the shard total 4 (ids run from 0 to 3)")
			.doesNotContain(TOKEN);
	}

	@Test
	void unreadableShardIdsAreReportedByBootsBinder(CapturedOutput output) {
		assertThatException().isThrownBy(
				() -> application().run("--discord.gateway.token=" + TOKEN, "--discord.gateway.shards.ids=0-3,banana"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Failed to bind properties under 'discord.gateway.shards.ids'")
			.contains("'banana' is not a shard id or a range of shard ids")
			.doesNotContain(TOKEN);
	}

	@Test
	void invalidTokenIsReportedWithItsOriginButNotItsValue(CapturedOutput output) {
		assertThatException().isThrownBy(
				() -> application().run("--spring.config.location=classpath:/failure-report/invalid-token.properties"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value for configuration property 'discord.gateway.token' (originating from "
					+ "'class path resource [failure-report/invalid-token.properties] - 2:")
			.contains("white space")
			.doesNotContain("first-half-of-the-token")
			.doesNotContain("second-half");
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
