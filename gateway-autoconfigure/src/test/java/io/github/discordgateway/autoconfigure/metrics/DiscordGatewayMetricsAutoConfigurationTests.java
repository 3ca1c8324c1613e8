package io.github.discordgateway.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import io.github.discordgateway.core.manager.GatewayShardManager;

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
	void deliveryQueueGaugesFollowTheShardsTheObserverSees() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(DeliveryQueueMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// Registered once shard 0 reports its first state change (it connects on
			// start).
			await().atMost(Duration.ofSeconds(30))
				.until(() -> registry.find(MicrometerGatewayObserver.DELIVERY_QUEUE).gauge() != null);
			Gauge queue = registry.get(MicrometerGatewayObserver.DELIVERY_QUEUE).gauge();
			assertThat(queue.getId().getTags()).containsExactly(Tag.of("shard", "0"));
			assertThat(queue.value())
				.isEqualTo(context.getBean(GatewayShardManager.class).shard(0).snapshot().deliveryBacklog());
			assertThat(registry.get(MicrometerGatewayObserver.SHARD_CONNECTED).tag("shard", "0").gauge().value())
				.isZero();
		});
	}

	@Test
	void withoutTheShardTagOneDeliveryQueueGaugeAddsUpEveryShard() {
		this.runner.withPropertyValues("discord.gateway.metrics.shard-tag=false").run((context) -> {
			Gauge queue = context.getBean(MeterRegistry.class).get(MicrometerGatewayObserver.DELIVERY_QUEUE).gauge();
			assertThat(queue.getId().getTags()).isEmpty();
			assertThat(queue.value()).isZero();
		});
	}

	@Test
	void userDefinedDeliveryQueueMetricsWin() {
		this.runner.withUserConfiguration(UserDeliveryQueueMetrics.class).run((context) -> {
			assertThat(context).hasSingleBean(DeliveryQueueMetrics.class);
			assertThat(context).getBean(DeliveryQueueMetrics.class)
				.isSameAs(context.getBean("userDeliveryQueueMetrics"));
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
	static class UserDeliveryQueueMetrics {

		@Bean
		DeliveryQueueMetrics userDeliveryQueueMetrics(MicrometerGatewayObserver observer) {
			return new DeliveryQueueMetrics(observer, List::of);
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
