package io.github.discordgateway.autoconfigure.consumer;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import io.github.discordgateway.consumer.EnvelopeHandler;
import io.github.discordgateway.consumer.kafka.KafkaCommandPublisher;
import io.github.discordgateway.consumer.kafka.KafkaEventConsumer;
import io.github.discordgateway.consumer.kafka.KafkaReplyChannel;
import io.github.discordgateway.consumer.kafka.KafkaSettings;

/**
 * {@code discord.gateway.consumer.source=kafka}: a {@link KafkaEventConsumer}, a
 * {@link KafkaCommandPublisher} and a {@link KafkaReplyChannel} on the connection
 * settings of Spring Boot's Kafka auto-configuration ({@code spring.kafka.*}), with
 * String keys, byte[] values, no auto commit and, unless
 * {@code spring.kafka.consumer.auto-offset-reset} says otherwise, a new group starting at
 * the earliest retained record.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ KafkaTemplate.class, EnvelopeHandler.class })
@Conditional(ConsumerSourceCondition.Kafka.class)
class KafkaConsumerConfiguration {

	@Bean
	KafkaWorkerClients discordGatewayKafkaClients(ConsumerRequirements requirements,
			ObjectProvider<ConsumerFactory<?, ?>> consumerFactory,
			ObjectProvider<ProducerFactory<?, ?>> producerFactory) {
		ConsumerFactory<?, ?> consumers = consumerFactory.getIfUnique();
		ProducerFactory<?, ?> producers = producerFactory.getIfUnique();
		if (consumers == null || producers == null) {
			throw new InvalidConfigurationPropertyValueException(ConsumerSourceCondition.SOURCE, "kafka",
					"\"kafka\" needs Spring Boot's Kafka auto-configuration (a ConsumerFactory and a ProducerFactory bean). "
							+ "Add org.springframework.boot:spring-boot-starter-kafka and configure spring.kafka.bootstrap-servers.");
		}
		Map<String, Object> consumerProperties = new HashMap<>(consumers.getConfigurationProperties());
		consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		consumerProperties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		return new KafkaWorkerClients(
				new DefaultKafkaConsumerFactory<>(consumerProperties, new StringDeserializer(),
						new ByteArrayDeserializer()),
				new DefaultKafkaProducerFactory<>(new HashMap<>(producers.getConfigurationProperties()),
						new StringSerializer(), new ByteArraySerializer()));
	}

	@Bean
	KafkaEventConsumer discordGatewayConsumer(ConsumerRequirements requirements, KafkaWorkerClients clients,
			EnvelopeHandler handler) {
		DiscordGatewayConsumerProperties properties = requirements.properties();
		DiscordGatewayConsumerProperties.Kafka kafka = properties.getKafka();
		return new KafkaEventConsumer(clients.consumerFactory(), clients.template(),
				new KafkaSettings(kafka.getTopic(), properties.getGroup(), kafka.getDeadLetterTopic(),
						kafka.getConcurrency(), kafka.getSendTimeout(), properties.getShutdownTimeout()),
				handler);
	}

	@Bean
	KafkaCommandPublisher discordGatewayCommandPublisher(ConsumerRequirements requirements,
			KafkaWorkerClients clients) {
		return new KafkaCommandPublisher(clients.template(), requirements.properties().getKafka().getCommandTopic());
	}

	@Bean
	KafkaReplyChannel discordGatewayReplyChannel(ConsumerRequirements requirements, KafkaWorkerClients clients) {
		return new KafkaReplyChannel(clients.consumerFactory(), clients.template(),
				requirements.properties().getKafka().getReplyTopic());
	}

	/**
	 * The worker's own Kafka clients (the application's factories may use other
	 * serializers); the producers are closed with the context.
	 */
	static final class KafkaWorkerClients implements DisposableBean {

		private final DefaultKafkaConsumerFactory<String, byte[]> consumerFactory;

		private final DefaultKafkaProducerFactory<String, byte[]> producerFactory;

		private final KafkaTemplate<String, byte[]> template;

		KafkaWorkerClients(DefaultKafkaConsumerFactory<String, byte[]> consumerFactory,
				DefaultKafkaProducerFactory<String, byte[]> producerFactory) {
			this.consumerFactory = consumerFactory;
			this.producerFactory = producerFactory;
			this.template = new KafkaTemplate<>(producerFactory);
		}

		DefaultKafkaConsumerFactory<String, byte[]> consumerFactory() {
			return this.consumerFactory;
		}

		KafkaTemplate<String, byte[]> template() {
			return this.template;
		}

		@Override
		public void destroy() {
			this.producerFactory.destroy();
		}

	}

}
