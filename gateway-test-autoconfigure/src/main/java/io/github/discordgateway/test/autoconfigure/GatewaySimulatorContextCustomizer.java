package io.github.discordgateway.test.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

import io.github.discordgateway.autoconfigure.DiscordGatewayConnectionDetails;
import io.github.discordgateway.test.GatewaySimulator;

/**
 * Starts the simulator of an {@link AutoConfigureGatewaySimulator} test context and
 * registers it and its {@link DiscordGatewayConnectionDetails} as beans. Equal for equal
 * annotations, so contexts with the same settings are cached and shared.
 */
class GatewaySimulatorContextCustomizer implements ContextCustomizer {

	/** Bean name of the simulator. */
	static final String SIMULATOR_BEAN_NAME = "gatewaySimulator";

	/** Bean name of the connection details. */
	static final String CONNECTION_DETAILS_BEAN_NAME = "gatewaySimulatorConnectionDetails";

	private final AutoConfigureGatewaySimulator settings;

	GatewaySimulatorContextCustomizer(AutoConfigureGatewaySimulator settings) {
		this.settings = settings;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		// Before any initializer of the application runs: no embedded simulator of its
		// own.
		sources.addFirst(new MapPropertySource("gatewaySimulatorOverrides",
				Map.of("discord.gateway.simulator.enabled", "false")));
		sources.addLast(new MapPropertySource("gatewaySimulatorDefaults",
				Map.of("discord.gateway.identify-interval", "0s", "discord.gateway.encoding", this.settings.encoding(),
						"discord.gateway.compression", this.settings.compression())));
		GatewaySimulator simulator = GatewaySimulator.builder()
			.token(this.settings.token())
			.guilds(this.settings.guilds())
			.shards(this.settings.shards())
			.heartbeatInterval(Duration.ofMillis(this.settings.heartbeatIntervalMillis()))
			.identifyWindow(Duration.ZERO)
			.build()
			.start();
		if (this.settings.eventsPerSecond() > 0) {
			simulator.startTraffic(this.settings.eventsPerSecond());
		}
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		beanFactory.registerSingleton(SIMULATOR_BEAN_NAME, simulator);
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			registry.registerDisposableBean(SIMULATOR_BEAN_NAME, simulator::close);
		}
		beanFactory.registerSingleton(CONNECTION_DETAILS_BEAN_NAME,
				new SimulatorConnectionDetails(simulator, this.settings.token()));
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof GatewaySimulatorContextCustomizer customizer)
				&& this.settings.equals(customizer.settings);
	}

	@Override
	public int hashCode() {
		return this.settings.hashCode();
	}

	/** Where the simulator listens and the token it expects. */
	record SimulatorConnectionDetails(GatewaySimulator simulator,
			String token) implements DiscordGatewayConnectionDetails {

		@Override
		public String getToken() {
			return this.token;
		}

		@Override
		public URI getApiBaseUrl() {
			return URI.create(this.simulator.apiBaseUrl());
		}

		@Override
		public String toString() {
			return "SimulatorConnectionDetails[apiBaseUrl=" + getApiBaseUrl() + "]";
		}

	}

}
