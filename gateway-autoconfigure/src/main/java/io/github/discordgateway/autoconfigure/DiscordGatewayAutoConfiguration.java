package io.github.discordgateway.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import io.github.discordgateway.core.FileGatewaySessionStore;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.GatewaySessionStore;
import io.github.discordgateway.core.IdentifyCoordinator;
import io.github.discordgateway.core.ShardLeaseManager;
import io.github.discordgateway.core.event.ApplicationEventGatewayListener;
import io.github.discordgateway.core.manager.GatewayShardManager;

/**
 * Connects the application to the Discord Gateway when {@code discord.gateway.token} is
 * set (and {@code discord.gateway.enabled} is not {@code false}). Dispatches are
 * published as Spring events (see {@link ApplicationEventGatewayListener}); the
 * {@link GatewayShardManager} connects after the context is refreshed and disconnects
 * first on shutdown.
 * <p>
 * Every bean backs off when the application defines its own: {@link GatewayOptions},
 * {@link GatewayListener}, {@link GatewayShardManager} and
 * {@link DiscordGatewayScheduler}; every {@link GatewayShardManagerBuilderCustomizer}
 * bean customizes the manager's builder. Every {@link GatewayObserver} bean (such as the
 * Micrometer one) is handed to the manager, combined with
 * {@link CompositeGatewayObserver} when there are several. An {@link IdentifyCoordinator}
 * bean (such as the Redis one of {@code discord.gateway.identify.coordinator=redis})
 * replaces the in-process identify queue; a {@link ShardLeaseManager} bean (the Redis one
 * is on by default with the Redis coordinator) makes the shards run only under a lease,
 * standing by while another instance runs them. A {@link DiscordGatewayConnectionDetails}
 * bean (test support contributes one for a gateway simulator) replaces the token and URLs
 * of the properties.
 * <p>
 * Every gateway thread is a daemon thread, so {@link DiscordGatewayKeepAlive} keeps an
 * application without a web server running until its context is closed (turn it off with
 * {@code discord.gateway.keep-alive=false}).
 */
@AutoConfiguration(after = TaskSchedulingAutoConfiguration.class)
@ConditionalOnClass(GatewayShardManager.class)
@ConditionalOnDiscordGateway
@EnableConfigurationProperties(DiscordGatewayProperties.class)
public final class DiscordGatewayAutoConfiguration {

	/**
	 * Pool size of the dedicated scheduler used when the application has no
	 * {@link TaskScheduler}.
	 */
	static final int DEDICATED_SCHEDULER_POOL_SIZE = 2;

	/** Thread name prefix of the dedicated scheduler. */
	static final String DEDICATED_SCHEDULER_THREAD_PREFIX = "discord-gateway-";

	@Bean
	@ConditionalOnMissingBean(DiscordGatewayConnectionDetails.class)
	PropertiesDiscordGatewayConnectionDetails discordGatewayConnectionDetails(DiscordGatewayProperties properties) {
		return new PropertiesDiscordGatewayConnectionDetails(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	GatewayOptions discordGatewayOptions(DiscordGatewayProperties properties,
			DiscordGatewayConnectionDetails connectionDetails) {
		return GatewayOptionsFactory.create(properties, connectionDetails);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = DiscordGatewayProperties.PREFIX + ".keep-alive", matchIfMissing = true)
	DiscordGatewayKeepAlive discordGatewayKeepAlive() {
		return new DiscordGatewayKeepAlive();
	}

	@Bean
	@ConditionalOnMissingBean
	GatewayListener discordGatewayListener(ApplicationEventPublisher publisher) {
		return new ApplicationEventGatewayListener(publisher);
	}

	@Bean
	@ConditionalOnMissingBean
	DiscordGatewayScheduler discordGatewayScheduler(ObjectProvider<TaskScheduler> taskScheduler,
			ObjectProvider<ThreadPoolTaskSchedulerBuilder> taskSchedulerBuilder) {
		TaskScheduler applicationScheduler = taskScheduler.getIfUnique();
		if (applicationScheduler != null) {
			return DiscordGatewayScheduler.shared(applicationScheduler);
		}
		ThreadPoolTaskScheduler dedicated = taskSchedulerBuilder.getIfAvailable(ThreadPoolTaskSchedulerBuilder::new)
			.poolSize(DEDICATED_SCHEDULER_POOL_SIZE)
			.threadNamePrefix(DEDICATED_SCHEDULER_THREAD_PREFIX)
			.build();
		dedicated.setDaemon(true);
		dedicated.setRemoveOnCancelPolicy(true);
		return DiscordGatewayScheduler.dedicated(dedicated);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = DiscordGatewayProperties.PREFIX, name = "session-store", havingValue = "file")
	GatewaySessionStore discordGatewayFileSessionStore(DiscordGatewayProperties properties) {
		return new FileGatewaySessionStore(properties.getSessionStoreDirectory(), properties.getSessionStoreTtl());
	}

	@Bean
	@ConditionalOnMissingBean
	GatewayShardManager discordGatewayShardManager(GatewayOptions options, GatewayListener listener,
			ObjectProvider<GatewayObserver> observers, DiscordGatewayScheduler scheduler,
			ObjectProvider<GatewaySessionStore> sessionStore, DiscordGatewayProperties properties,
			ObjectProvider<IdentifyCoordinator> identifyCoordinator,
			ObjectProvider<ShardLeaseManager> shardLeaseManager,
			ObjectProvider<GatewayShardManagerBuilderCustomizer> customizers) {
		GatewaySessionStore store = sessionStore.getIfAvailable();
		IdentifyCoordinator coordinator = identifyCoordinator.getIfAvailable();
		ShardLeaseManager leaseManager = shardLeaseManager.getIfAvailable();
		if (coordinator == null && properties.getIdentify()
			.getCoordinator() == DiscordGatewayProperties.IdentifyCoordinatorType.REDIS) {
			throw new InvalidConfigurationPropertyValueException(
					DiscordGatewayProperties.PREFIX + ".identify.coordinator", "redis",
					"\"redis\" needs Spring Data Redis on the classpath and a RedisConnectionFactory bean. "
							+ "Add spring-boot-starter-data-redis and configure spring.data.redis.*, or set it to \"local\" "
							+ "when this process runs every shard of the bot.");
		}
		if (store == null && properties.getSessionStore() == DiscordGatewayProperties.SessionStoreType.REDIS) {
			throw new InvalidConfigurationPropertyValueException(DiscordGatewayProperties.PREFIX + ".session-store",
					"redis", "\"redis\" needs Spring Data Redis on the classpath and a RedisConnectionFactory bean. "
							+ "Add spring-boot-starter-data-redis and configure spring.data.redis.*, or use \"file\" or \"none\".");
		}
		if (leaseManager == null && properties.getShards().getLeases().isEnabled() && properties.getIdentify()
			.getCoordinator() == DiscordGatewayProperties.IdentifyCoordinatorType.REDIS) {
			throw new InvalidConfigurationPropertyValueException(
					DiscordGatewayProperties.PREFIX + ".shards.leases.enabled", true,
					"shard leases (on by default with identify.coordinator=redis) need Spring Data Redis on the classpath "
							+ "and a RedisConnectionFactory bean, or a ShardLeaseManager bean. "
							+ "Configure spring.data.redis.*, or set it to false when every instance runs different shard ids.");
		}
		GatewayShardManager.Builder builder = GatewayShardManager.builder(options, listener)
			.observer(CompositeGatewayObserver.of(observers.orderedStream().toList()))
			.scheduler(scheduler.getTaskScheduler())
			.sessionStore(store)
			.identifyCoordinator(coordinator)
			.shardLeaseManager(leaseManager);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

}
