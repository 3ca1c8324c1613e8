package io.github.discordgateway.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.manager.GatewayShardManager;

/**
 * What the starter says when it cannot connect: no token (a WARN naming where it looked
 * and a health component that is UNKNOWN with the reason), a placeholder left unresolved
 * (startup fails naming the variable), and connection details that replace the
 * properties.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoudConfigurationTests {

	private static final String[] OFFLINE = { "discord.gateway.url=ws://127.0.0.1:1", "discord.gateway.shards.total=1",
			"discord.gateway.reconnect.initial-backoff=30s", "discord.gateway.reconnect.max-backoff=60s" };

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DiscordGatewayAutoConfiguration.class,
				DiscordGatewayMissingTokenAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		.withPropertyValues(OFFLINE);

	@Test
	void anEmptyTokenWarnsAndShowsInHealth(CapturedOutput output) {
		this.runner.withPropertyValues("discord.gateway.token=").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(GatewayShardManager.class);
			assertThat(output).contains("WARN")
				.contains("Discord gateway DISABLED: no bot token is configured "
						+ "(checked discord.gateway.token, DISCORD_GATEWAY_TOKEN)");
			HealthIndicator health = context.getBean("discordGatewayHealthIndicator", HealthIndicator.class);
			assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);
			assertThat(health.health().getDetails()).containsEntry("disabled", "no token configured");
		});
	}

	@Test
	void disabledOnPurposeOrWithATokenIsQuiet(CapturedOutput output) {
		this.runner.withPropertyValues("discord.gateway.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(MissingDiscordGatewayToken.class);
			assertThat(context).doesNotHaveBean("discordGatewayHealthIndicator");
		});
		this.runner.withPropertyValues("discord.gateway.token=a-token").run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(GatewayShardManager.class);
			assertThat(context).doesNotHaveBean(MissingDiscordGatewayToken.class);
		});
		assertThat(output).doesNotContain("DISABLED");
	}

	@Test
	void namesThePlaceholderVariablesAndMisspelledLookalikesButNoValue() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("DISCROD_TOKEN", "secret-value-1", "MY_DISCORD_BOT", "secret-value-2", "HOME", "/root")));
		environment.getPropertySources()
			.addFirst(new org.springframework.core.env.MapPropertySource("application.yml",
					Map.of("discord.gateway.token", "${DISCORD_TOKEN:}")));
		MissingDiscordGatewayToken missing = MissingDiscordGatewayToken.of(environment);
		assertThat(missing.getChecked()).containsExactly("discord.gateway.token", "DISCORD_GATEWAY_TOKEN",
				"DISCORD_TOKEN");
		assertThat(missing.getUnread()).containsExactly("DISCROD_TOKEN", "MY_DISCORD_BOT");
		assertThat(missing.describe()).contains("set but not read: DISCROD_TOKEN, MY_DISCORD_BOT (misspelled?)")
			.doesNotContain("secret-value")
			.doesNotContain("HOME");
	}

	@Test
	void anUnresolvedPlaceholderFailsStartupNamingTheVariable() {
		this.runner.withPropertyValues("discord.gateway.token=${DISCORD_TOKEN_NOT_SET_IN_THIS_TEST}").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("discord.gateway.token")
				.hasMessageContaining("${DISCORD_TOKEN_NOT_SET_IN_THIS_TEST}");
		});
	}

	@Test
	void aFailedConnectLogsItsRootCause(CapturedOutput output) {
		// ws://127.0.0.1:1 refuses the connection; Tomcat wraps that in a generic
		// handshake failure
		this.runner.withPropertyValues("discord.gateway.token=a-token").run((context) -> {
			assertThat(context).hasNotFailed();
			await().atMost(Duration.ofSeconds(30)).until(() -> output.toString().contains("could not connect"));
			assertThat(output.toString()).containsPattern("could not connect \\(.* caused by ConnectException");
		});
	}

	@Test
	void connectionDetailsReplaceTheTokenAndUrlProperties() {
		DiscordGatewayConnectionDetails details = new DiscordGatewayConnectionDetails() {

			@Override
			public String getToken() {
				return "details-token";
			}

			@Override
			public URI getApiBaseUrl() {
				return URI.create("http://127.0.0.1:1/api/v10");
			}

			@Override
			public URI getUrl() {
				return URI.create("ws://127.0.0.1:2");
			}

		};
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DiscordGatewayAutoConfiguration.class,
					DiscordGatewayMissingTokenAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
			.withPropertyValues("discord.gateway.shards.total=1", "discord.gateway.reconnect.initial-backoff=30s",
					"discord.gateway.reconnect.max-backoff=60s")
			.withBean(DiscordGatewayConnectionDetails.class, () -> details)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(GatewayShardManager.class);
				assertThat(context).doesNotHaveBean(PropertiesDiscordGatewayConnectionDetails.class)
					.doesNotHaveBean(MissingDiscordGatewayToken.class);
				GatewayOptions options = context.getBean(GatewayOptions.class);
				assertThat(options.token().reveal()).isEqualTo("details-token");
				assertThat(options.apiBaseUrl()).hasToString("http://127.0.0.1:1/api/v10");
				assertThat(List.of(options.gatewayUrl())).hasToString("[ws://127.0.0.1:2]");
			});
	}

}
