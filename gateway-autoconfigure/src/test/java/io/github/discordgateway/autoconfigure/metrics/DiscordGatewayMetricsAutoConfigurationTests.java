package io.github.discordgateway.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.discordgateway.autoconfigure.DiscordGatewayAutoConfiguration;
import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.GatewayShardManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class DiscordGatewayMetricsAutoConfigurationTests {

	private static final String[] CONNECTABLE = { "discord.gateway.token=metrics-test-token",
			"discord.gateway.url=ws://127.0.0.1:1", "discord.gateway.shards.total=1",
			"discord.gateway.reconnect.initial-backoff=30s" };

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DiscordGatewayAutoConfiguration.class,
				DiscordGatewayMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
		.withPropertyValues(CONNECTABLE);

	@Test
	void observerWithAMeterRegistry() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(MeterRegistry.class);
			assertThat(context).hasSingleBean(MicrometerGatewayObserver.class);
			assertThat(context).hasSingleBean(GatewayShardManager.class);
			MicrometerGatewayObserver observer = context.getBean(MicrometerGatewayObserver.class);
			observer.dispatchDelivered(2, "READY", 1);
			assertThat(context.getBean(MeterRegistry.class)
				.get(MicrometerGatewayObserver.DISPATCHES)
				.tag("shard", "2")
				.tag("type", "READY")
				.counter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void shardTagCanBeTurnedOff() {
		this.runner.withPropertyValues("discord.gateway.metrics.shard-tag=false").run((context) -> {
			context.getBean(MicrometerGatewayObserver.class).dispatchDelivered(2, "READY", 1);
			assertThat(context.getBean(MeterRegistry.class)
				.get(MicrometerGatewayObserver.DISPATCHES)
				.counter()
				.getId()
				.getTag("shard")).isNull();
		});
	}

	@Test
	void noObserverWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DiscordGatewayAutoConfiguration.class,
					DiscordGatewayMetricsAutoConfiguration.class))
			.withPropertyValues(CONNECTABLE)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(GatewayShardManager.class);
				assertThat(context).doesNotHaveBean(MicrometerGatewayObserver.class);
			});
	}

	@Test
	void noObserverWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.core")).run((context) -> {
			assertThat(context).hasSingleBean(GatewayShardManager.class);
			assertThat(context).doesNotHaveBean(MicrometerGatewayObserver.class);
		});
	}

	@Test
	void noObserverWithoutAToken() {
		this.runner.withPropertyValues("discord.gateway.token=").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(MicrometerGatewayObserver.class);
		});
	}

	@Test
	void userDefinedMicrometerObserverWins() {
		this.runner.withUserConfiguration(UserMicrometerObserver.class).run((context) -> {
			assertThat(context).hasSingleBean(MicrometerGatewayObserver.class);
			assertThat(context).getBean(MicrometerGatewayObserver.class)
				.isSameAs(context.getBean("userMetricsObserver"));
		});
	}

	@Test
	void otherObserversAreKeptAlongside() {
		this.runner.withUserConfiguration(UserObserver.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeansOfType(GatewayObserver.class)).hasSize(2);
			assertThat(context).hasSingleBean(GatewayShardManager.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserMicrometerObserver {

		@Bean
		MicrometerGatewayObserver userMetricsObserver() {
			return new MicrometerGatewayObserver(new SimpleMeterRegistry(), false);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserObserver {

		@Bean
		GatewayObserver userObserver() {
			return new GatewayObserver() {
			};
		}

	}

}
