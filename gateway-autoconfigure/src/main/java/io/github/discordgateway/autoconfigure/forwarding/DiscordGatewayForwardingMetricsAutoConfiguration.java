package io.github.discordgateway.autoconfigure.forwarding;

import java.util.Locale;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.github.discordgateway.forwarding.DispatchForwarder;
import io.github.discordgateway.forwarding.ForwardingObserver;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records dispatch forwarding with Micrometer ({@link MicrometerForwardingObserver}) when
 * the application has a {@link MeterRegistry} and forwards to a broker.
 */
@AutoConfiguration(after = DiscordGatewayForwardingAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, DispatchForwarder.class })
@ConditionalOnBean({ MeterRegistry.class, DispatchForwarder.class })
@EnableConfigurationProperties(DiscordGatewayForwardingProperties.class)
public final class DiscordGatewayForwardingMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ForwardingObserver.class)
	MicrometerForwardingObserver discordGatewayForwardingMetricsObserver(MeterRegistry meterRegistry,
			DiscordGatewayForwardingProperties properties, ObjectProvider<DispatchForwarder> forwarder) {
		String target = properties.getTarget().name().toLowerCase(Locale.ROOT).replace('_', '-');
		// looked up when sampled: the forwarder itself depends on this observer
		return new MicrometerForwardingObserver(meterRegistry, target, () -> {
			try {
				DispatchForwarder current = forwarder.getIfUnique();
				return (current != null) ? current.unconfirmed() : 0;
			}
			catch (BeansException ex) {
				return 0;
			}
		});
	}

}
