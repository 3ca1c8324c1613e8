package io.github.discordgateway.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.discordgateway.autoconfigure.DiscordGatewayAutoConfiguration;

class DiscordGatewayHealthContributorAutoConfigurationTests {

	private static final String[] CONNECTABLE = { "discord.gateway.token=health-test-token",
			"discord.gateway.url=ws://127.0.0.1:1", "discord.gateway.shards.total=1",
			"discord.gateway.reconnect.initial-backoff=30s" };

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DiscordGatewayAutoConfiguration.class,
				DiscordGatewayHealthContributorAutoConfiguration.class))
		.withPropertyValues(CONNECTABLE);

	@Test
	void contributesTheIndicator() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(DiscordGatewayHealthIndicator.class);
			assertThat(context).hasBean("discordGatewayHealthIndicator");
		});
	}

	@Test
	void downAfterIsBoundAndChecked() {
		this.runner.withPropertyValues("discord.gateway.health.down-after=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("discord.gateway.health.down-after");
		});
	}

	@Test
	void canBeDisabled() {
		this.runner.withPropertyValues("management.health.discordgateway.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DiscordGatewayHealthIndicator.class));
	}

	@Test
	void backsOffWithoutTheGateway() {
		this.runner.withPropertyValues("discord.gateway.token=")
			.run((context) -> assertThat(context).doesNotHaveBean(DiscordGatewayHealthIndicator.class));
		this.runner.withPropertyValues("discord.gateway.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DiscordGatewayHealthIndicator.class));
	}

	@Test
	void backsOffWithoutBootHealth() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(DiscordGatewayHealthIndicator.class);
		});
	}

	@Test
	void backsOffToAUserIndicator() {
		this.runner.withUserConfiguration(UserIndicator.class).run((context) -> {
			assertThat(context).doesNotHaveBean(DiscordGatewayHealthIndicator.class);
			assertThat(context).hasBean("discordGatewayHealthIndicator");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserIndicator {

		@Bean
		HealthIndicator discordGatewayHealthIndicator() {
			return () -> Health.up().build();
		}

	}

}
