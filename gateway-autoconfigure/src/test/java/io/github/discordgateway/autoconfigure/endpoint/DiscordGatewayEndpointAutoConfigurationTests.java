package io.github.discordgateway.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;

import io.github.discordgateway.autoconfigure.DiscordGatewayAutoConfiguration;
import io.github.discordgateway.core.manager.GatewayShardManager;

class DiscordGatewayEndpointAutoConfigurationTests {

	private static final String TOKEN = "endpoint-test-token";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DiscordGatewayAutoConfiguration.class,
				DiscordGatewayEndpointAutoConfiguration.class, DiscordGatewayTokenSanitizingAutoConfiguration.class))
		.withPropertyValues("discord.gateway.token=" + TOKEN, "discord.gateway.url=ws://127.0.0.1:1",
				"discord.gateway.shards.total=1", "discord.gateway.reconnect.initial-backoff=30s");

	@Test
	void endpointWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=gateway").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(GatewayEndpoint.class);
			GatewayEndpoint.GatewayDescriptor gateway = context.getBean(GatewayEndpoint.class).gateway();
			assertThat(gateway.running()).isTrue();
			assertThat(gateway.shardTotal()).isEqualTo(1);
			assertThat(gateway.shards()).hasSize(1);
			assertThat(gateway.shards().get(0).gatewayHost()).isEqualTo("127.0.0.1");
			assertThat(gateway.shards().get(0).encoding()).isEqualTo("json");
			assertThat(gateway.shards().get(0).compression()).isEqualTo("zlib-stream");
			assertThat(gateway.identifyBudget()).as("the assumed budget of a configured url")
				.extracting(GatewayEndpoint.IdentifyBudgetDescriptor::total)
				.isEqualTo(1000);
			assertThat(gateway.toString()).doesNotContain(TOKEN);
		});
	}

	@Test
	void noEndpointWhenNotExposed() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(GatewayShardManager.class);
			assertThat(context).doesNotHaveBean(GatewayEndpoint.class);
		});
	}

	@Test
	void noEndpointWhenAccessIsNone() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=gateway",
					"management.endpoint.gateway.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(GatewayEndpoint.class));
	}

	@Test
	void noEndpointWithoutTheGateway() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=gateway", "discord.gateway.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(GatewayEndpoint.class);
				assertThat(context).as("the token is still masked")
					.hasSingleBean(DiscordGatewayTokenSanitizingFunction.class);
			});
	}

	@Test
	void noEndpointWithoutActuator() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=gateway")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(GatewayEndpoint.class);
				assertThat(context).doesNotHaveBean(DiscordGatewayTokenSanitizingFunction.class);
			});
	}

	@Test
	void userEndpointWins() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=gateway")
			.withUserConfiguration(UserEndpoint.class)
			.run((context) -> assertThat(context).getBean(GatewayEndpoint.class)
				.isSameAs(context.getBean("userGatewayEndpoint")));
	}

	@Test
	void sanitizingFunctionMasksTheTokenByKeyAndByValue() {
		MockEnvironment environment = new MockEnvironment().withProperty("discord.gateway.token", "Bot " + TOKEN);
		DiscordGatewayTokenSanitizingFunction function = new DiscordGatewayTokenSanitizingFunction(environment);
		MapPropertySource source = new MapPropertySource("test", Map.of());
		assertThat(function.apply(new SanitizableData(source, "discord.gateway.token", "anything")).getValue())
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(function.apply(new SanitizableData(source, "DISCORD_TOKEN", "anything")).getValue())
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(function
			.apply(new SanitizableData(source, "sun.java.command", "app.jar --discord.gateway.token=" + TOKEN))
			.getValue()).isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(function.apply(new SanitizableData(null, "token", TOKEN)).getValue())
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(function.apply(new SanitizableData(source, "server.port", "8080")).getValue()).isEqualTo("8080");
		assertThat(function.apply(new SanitizableData(source, "server.port", null)).getValue()).isNull();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpoint {

		@Bean
		GatewayEndpoint userGatewayEndpoint(GatewayShardManager manager) {
			return new GatewayEndpoint(manager);
		}

	}

}
