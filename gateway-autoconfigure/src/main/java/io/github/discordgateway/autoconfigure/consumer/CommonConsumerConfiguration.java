package io.github.discordgateway.autoconfigure.consumer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

import io.github.discordgateway.autoconfigure.CompositeGatewayObserver;
import io.github.discordgateway.consumer.BrokerGatewayCommandSender;
import io.github.discordgateway.consumer.CommandPublisher;
import io.github.discordgateway.consumer.EnvelopeHandler;
import io.github.discordgateway.consumer.ReplyChannel;
import io.github.discordgateway.consumer.RetryPolicy;
import io.github.discordgateway.core.GatewayCommandSender;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.event.ApplicationEventGatewayListener;

/**
 * What every source shares: the listener, the envelope handler and the command sender.
 * Every bean takes the {@link ConsumerRequirements} first, so that a configuration error
 * is reported before a bean misses something.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(EnvelopeHandler.class)
class CommonConsumerConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GatewayListener discordGatewayListener(ConsumerRequirements requirements, ApplicationEventPublisher publisher) {
		return new ApplicationEventGatewayListener(publisher);
	}

	@Bean
	@ConditionalOnMissingBean(GatewayCommandSender.class)
	BrokerGatewayCommandSender discordGatewayCommandSender(ConsumerRequirements requirements,
			CommandPublisher publisher, ObjectProvider<ReplyChannel> replyChannel,
			ObjectProvider<TaskScheduler> taskScheduler) {
		// Redis writes replies synchronously; the timeout bounds Kafka's confirmation.
		return new BrokerGatewayCommandSender(publisher, replyChannel.getIfUnique(),
				requirements.properties().getKafka().getSendTimeout(), taskScheduler.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	EnvelopeHandler discordGatewayEnvelopeHandler(ConsumerRequirements requirements, GatewayListener listener,
			ObjectProvider<BrokerGatewayCommandSender> commandSender, ObjectProvider<GatewayObserver> observers) {
		DiscordGatewayConsumerProperties properties = requirements.properties();
		BrokerGatewayCommandSender sender = commandSender.getIfUnique();
		return new EnvelopeHandler(listener, (sender != null) ? sender.replies() : null,
				CompositeGatewayObserver.of(observers.orderedStream().toList()), new RetryPolicy(
						properties.getMaxAttempts(), properties.getInitialBackoff(), properties.getMaxBackoff()));
	}

}
