package io.github.discordgateway.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import io.github.discordgateway.core.BotToken;
import io.github.discordgateway.core.GatewayCompression;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.GatewayIntent;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.core.GatewayObserver;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.InMemoryShardLeaseManager;
import io.github.discordgateway.core.ShardLeaseManager;
import io.github.discordgateway.core.event.ApplicationEventGatewayListener;
import io.github.discordgateway.core.manager.GatewayShardManager;

class DiscordGatewayAutoConfigurationTests {

	/** A recognisable token; no test output or failure message may contain it. */
	static final String TOKEN = "NzkyNzE1.TOKEN-MUST-NOT-LEAK.Ovy4MCQy";

	/**
	 * Keeps the manager off the network: an explicit loopback URL and shard total skip
	 * discovery.
	 */
	private static final String[] OFFLINE = { "discord.gateway.url=ws://127.0.0.1:1", "discord.gateway.shards.total=1",
			"discord.gateway.reconnect.initial-backoff=30s", "discord.gateway.reconnect.max-backoff=60s" };

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(DiscordGatewayAutoConfiguration.class, TaskSchedulingAutoConfiguration.class));

	private ApplicationContextRunner withToken() {
		return this.runner.withPropertyValues(OFFLINE).withPropertyValues("discord.gateway.token=" + TOKEN);
	}

	@Test
	void noTokenMeansNoGateway() {
		this.runner.withPropertyValues(OFFLINE).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(GatewayShardManager.class);
			assertThat(context).doesNotHaveBean(GatewayOptions.class);
			assertThat(context).doesNotHaveBean(GatewayListener.class);
			assertThat(context).doesNotHaveBean(DiscordGatewayProperties.class);
		});
	}

	@Test
	void emptyOrBlankTokenMeansNoGateway() {
		this.runner.withPropertyValues(OFFLINE).withPropertyValues("discord.gateway.token=").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(GatewayShardManager.class);
		});
		this.runner.withPropertyValues(OFFLINE).withPropertyValues("discord.gateway.token=   ").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(GatewayShardManager.class);
		});
	}

	@Test
	void disabledMeansNoGatewayEvenWithAToken() {
		withToken().withPropertyValues("discord.gateway.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(GatewayShardManager.class);
			assertThat(context).doesNotHaveBean(GatewayOptions.class);
		});
	}

	@Test
	void tokenCreatesTheGateway() {
		withToken().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(GatewayOptions.class);
			assertThat(context).hasSingleBean(GatewayShardManager.class);
			assertThat(context).getBean(GatewayListener.class).isInstanceOf(ApplicationEventGatewayListener.class);
			GatewayShardManager manager = context.getBean(GatewayShardManager.class);
			assertThat(manager.options()).isSameAs(context.getBean(GatewayOptions.class));
			assertThat(manager.isRunning()).isTrue();
			assertThat(manager.options().token().reveal()).isEqualTo(TOKEN);
		});
	}

	@Test
	void nothingPrintsTheToken() {
		withToken().run((context) -> {
			assertThat(context.getBean(DiscordGatewayProperties.class).toString()).contains("token=******")
				.doesNotContain(TOKEN);
			assertThat(context.getBean(GatewayOptions.class).toString()).doesNotContain(TOKEN);
			ConditionEvaluationReport report = ConditionEvaluationReport.get(context.getBeanFactory());
			StringBuilder messages = new StringBuilder();
			report.getConditionAndOutcomesBySource()
				.values()
				.forEach((outcomes) -> outcomes
					.forEach((outcome) -> messages.append(outcome.getOutcome().getMessage()).append('\n')));
			assertThat(messages).contains("discord.gateway.token is set").doesNotContain(TOKEN);
		});
	}

	@Test
	void userDefinedBeansWin() {
		withToken().withUserConfiguration(UserOptions.class, UserListener.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(GatewayOptions.class).isSameAs(context.getBean(UserOptions.class).options);
			assertThat(context).getBean(GatewayListener.class).isSameAs(UserListener.LISTENER);
			assertThat(context).doesNotHaveBean(ApplicationEventGatewayListener.class);
			GatewayShardManager manager = context.getBean(GatewayShardManager.class);
			assertThat(manager.options()).isSameAs(context.getBean(UserOptions.class).options);
		});
	}

	@Test
	void userDefinedShardManagerWins() {
		withToken().withUserConfiguration(UserManager.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(GatewayShardManager.class);
			assertThat(context).getBean(GatewayShardManager.class).isSameAs(context.getBean(UserManager.class).manager);
		});
	}

	@Test
	void userDefinedObserverIsUsed() {
		withToken().withUserConfiguration(UserObserver.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(GatewayObserver.class);
			assertThat(context).hasSingleBean(GatewayShardManager.class);
		});
	}

	@Test
	void dedicatedSchedulerWithoutAnApplicationScheduler() {
		ThreadPoolTaskScheduler[] dedicated = new ThreadPoolTaskScheduler[1];
		withToken().run((context) -> {
			assertThat(context).doesNotHaveBean(TaskScheduler.class);
			DiscordGatewayScheduler holder = context.getBean(DiscordGatewayScheduler.class);
			assertThat(holder.isDedicated()).isTrue();
			assertThat(holder.getTaskScheduler()).isInstanceOf(ThreadPoolTaskScheduler.class);
			dedicated[0] = (ThreadPoolTaskScheduler) holder.getTaskScheduler();
			assertThat(dedicated[0].getThreadNamePrefix()).isEqualTo("discord-gateway-");
			assertThat(((ScheduledThreadPoolExecutor) dedicated[0].getScheduledExecutor()).getCorePoolSize())
				.isEqualTo(2);
			assertThat(dedicated[0].getScheduledExecutor().isShutdown()).isFalse();
		});
		ScheduledExecutorService executor = dedicated[0].getScheduledExecutor();
		assertThat(executor.isShutdown()).isTrue();
	}

	@Test
	void applicationTaskSchedulerIsUsed() {
		withToken().withUserConfiguration(UserScheduler.class).run((context) -> {
			DiscordGatewayScheduler holder = context.getBean(DiscordGatewayScheduler.class);
			assertThat(holder.isDedicated()).isFalse();
			assertThat(holder.getTaskScheduler()).isSameAs(context.getBean("userScheduler"));
		});
	}

	@Test
	void bootsSchedulingTaskSchedulerIsUsedWithEnableScheduling() {
		withToken().withUserConfiguration(SchedulingEnabled.class).run((context) -> {
			assertThat(context).hasSingleBean(TaskScheduler.class);
			DiscordGatewayScheduler holder = context.getBean(DiscordGatewayScheduler.class);
			assertThat(holder.isDedicated()).isFalse();
			assertThat(holder.getTaskScheduler()).isSameAs(context.getBean(TaskScheduler.class));
		});
	}

	@Test
	void bindsIntentsFromACommaSeparatedList() {
		withToken().withPropertyValues("discord.gateway.intents=GUILDS, GUILD_MESSAGES, MESSAGE_CONTENT")
			.run((context) -> {
				assertThat(context.getBean(DiscordGatewayProperties.class).getIntents()).containsExactlyInAnyOrder(
						GatewayIntent.GUILDS, GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT);
				assertThat(context.getBean(GatewayOptions.class).intents()).isEqualTo(1 | 512 | 32768);
			});
		withToken().withPropertyValues("discord.gateway.intents=guilds,guild-message-reactions").run((context) -> {
			assertThat(context.getBean(GatewayOptions.class).intents()).isEqualTo(1 | 1024);
		});
		withToken().withPropertyValues("discord.gateway.intents[0]=DIRECT_MESSAGES").run((context) -> {
			assertThat(context.getBean(GatewayOptions.class).intents()).isEqualTo(4096);
		});
		withToken().run((context) -> assertThat(context.getBean(GatewayOptions.class).intents())
			.isEqualTo(GatewayIntent.bitsOf(GatewayIntent.NON_PRIVILEGED)));
	}

	@ParameterizedTest
	@CsvSource({ "zlib-stream, ZLIB_STREAM", "ZLIB_STREAM, ZLIB_STREAM", "zstd-stream, ZSTD_STREAM",
			"ZSTD_STREAM, ZSTD_STREAM", "none, NONE", "NONE, NONE" })
	void bindsCompression(String value, GatewayCompression expected) {
		withToken().withPropertyValues("discord.gateway.compression=" + value).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(GatewayOptions.class).compression()).isEqualTo(expected);
		});
	}

	@ParameterizedTest
	@CsvSource({ "json, JSON", "etf, ETF", "ETF, ETF" })
	void bindsEncoding(String value, GatewayEncoding expected) {
		withToken().withPropertyValues("discord.gateway.encoding=" + value).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(GatewayOptions.class).encoding()).isEqualTo(expected);
		});
	}

	@Test
	void bindsShardsAndTheRest() {
		withToken()
			.withPropertyValues("discord.gateway.shards.total=32", "discord.gateway.shards.ids=0-3, 16,31",
					"discord.gateway.api-base-url=http://127.0.0.1:1/api/v10", "discord.gateway.large-threshold=120",
					"discord.gateway.max-payload-size=8MB", "discord.gateway.dispatch-queue-capacity=100",
					"discord.gateway.hello-timeout=5s", "discord.gateway.ready-timeout=10s",
					"discord.gateway.invalid-session-delay-min=0ms", "discord.gateway.invalid-session-delay-max=2s",
					"discord.gateway.identify-interval=10ms", "discord.gateway.close-timeout=1s",
					"discord.gateway.presence.status=idle", "discord.gateway.presence.activity-type=listening",
					"discord.gateway.presence.activity-name=the gateway", "discord.gateway.metrics.shard-tag=false",
					"discord.gateway.encoding=json")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				GatewayOptions options = context.getBean(GatewayOptions.class);
				assertThat(options.shardTotal()).isEqualTo(32);
				assertThat(options.shardIds()).containsExactly(0, 1, 2, 3, 16, 31);
				assertThat(options.apiBaseUrl()).hasToString("http://127.0.0.1:1/api/v10");
				assertThat(options.gatewayUrl()).hasToString("ws://127.0.0.1:1");
				assertThat(options.largeThreshold()).isEqualTo(120);
				assertThat(options.maxPayloadBytes()).isEqualTo(8 * 1024 * 1024);
				assertThat(options.dispatchQueueCapacity()).isEqualTo(100);
				assertThat(options.helloTimeout()).hasSeconds(5);
				assertThat(options.readyTimeout()).hasSeconds(10);
				assertThat(options.reconnectBackoffInitial()).hasSeconds(30);
				assertThat(options.invalidSessionDelayMin()).isZero();
				assertThat(options.invalidSessionDelayMax()).hasSeconds(2);
				assertThat(options.identifyInterval()).hasMillis(10);
				assertThat(options.closeTimeout()).hasSeconds(1);
				assertThat(options.presence().status()).isEqualTo("idle");
				assertThat(options.presence().activities().get(0).type()).isEqualTo(2);
				assertThat(context.getBean(DiscordGatewayProperties.class).getMetrics().isShardTag()).isFalse();
			});
	}

	@Test
	void optionTheBuilderRejectsFailsStartupNamingThePropertyAndTheReason() {
		withToken().withPropertyValues("discord.gateway.shards.total=4", "discord.gateway.shards.ids=2-4")
			.run((context) -> {
				assertThat(context).hasFailed();
				InvalidConfigurationPropertyValueException invalid = findCause(context.getStartupFailure(),
						InvalidConfigurationPropertyValueException.class);
				assertThat(invalid.getName()).isEqualTo("discord.gateway.shards.ids");
				assertThat(invalid.getValue()).isEqualTo(List.of(2, 3, 4));
				assertThat(invalid.getReason())
					.isEqualTo("contains 4, which is not below the shard total 4 (ids run from 0 to 3)");
			});
		withToken()
			.withPropertyValues("discord.gateway.invalid-session-delay-min=2s",
					"discord.gateway.invalid-session-delay-max=1s")
			.run((context) -> {
				InvalidConfigurationPropertyValueException invalid = findCause(context.getStartupFailure(),
						InvalidConfigurationPropertyValueException.class);
				assertThat(invalid.getName()).isEqualTo("discord.gateway.invalid-session-delay-max");
				assertThat(invalid.getReason())
					.isEqualTo("must not be less than discord.gateway.invalid-session-delay-min (PT2S) but was PT1S");
			});
	}

	@Test
	void customizersChangeTheManagerBuilderInOrder() {
		withToken().withUserConfiguration(OrderedCustomizers.class).run((context) -> {
			assertThat(context).hasNotFailed();
			OrderedCustomizers customizers = context.getBean(OrderedCustomizers.class);
			assertThat(customizers.applied).containsExactly("first", "second");
			// the later customizer's lease manager is the one the manager runs with
			assertThat(context.getBean(GatewayShardManager.class).instanceId()).isEqualTo("second-instance");
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			// checked by GatewayOptions
			"discord.gateway.large-threshold=49|discord.gateway.large-threshold",
			"discord.gateway.large-threshold=251|discord.gateway.large-threshold",
			"discord.gateway.shards.total=0|discord.gateway.shards.total",
			"discord.gateway.shards.ids=0-4|discord.gateway.shards.ids",
			"discord.gateway.shards.ids=0,0|discord.gateway.shards.ids",
			"discord.gateway.shards.ids=2-1|discord.gateway.shards.ids",
			"discord.gateway.url=https://gateway.discord.gg|discord.gateway.url",
			"discord.gateway.api-base-url=ftp://discord.com/api|discord.gateway.api-base-url",
			"discord.gateway.dispatch-queue-capacity=0|discord.gateway.dispatch-queue-capacity",
			"discord.gateway.hello-timeout=0s|discord.gateway.hello-timeout",
			"discord.gateway.ready-timeout=-1s|discord.gateway.ready-timeout",
			"discord.gateway.reconnect.initial-backoff=0s|discord.gateway.reconnect.initial-backoff",
			"discord.gateway.reconnect.max-backoff=1s|discord.gateway.reconnect.max-backoff",
			"discord.gateway.invalid-session-delay-min=-1s|discord.gateway.invalid-session-delay-min",
			"discord.gateway.invalid-session-delay-max=500ms|discord.gateway.invalid-session-delay-max",
			"discord.gateway.identify-interval=-1s|discord.gateway.identify-interval",
			"discord.gateway.close-timeout=0s|discord.gateway.close-timeout",
			"discord.gateway.max-payload-size=1KB|discord.gateway.max-payload-size",
			"discord.gateway.presence.status=busy|discord.gateway.presence.status",
			"discord.gateway.presence.activity-type=watching|discord.gateway.presence.activity-name",
			// rejected by Boot's binder
			"discord.gateway.shards.total=lots|discord.gateway.shards.total",
			"discord.gateway.shards.ids=banana|discord.gateway.shards.ids",
			"discord.gateway.intents=GUILDS,NOPE|discord.gateway.intents",
			"discord.gateway.compression=gzip|discord.gateway.compression",
			"discord.gateway.encoding=xml|discord.gateway.encoding",
			"discord.gateway.hello-timeout=soon|discord.gateway.hello-timeout",
			"discord.gateway.large-threshold=many|discord.gateway.large-threshold",
			"discord.gateway.enabled=perhaps|discord.gateway.enabled" })
	void invalidValueFailsStartupNamingTheProperty(String property, String expectedName) {
		withToken().withPropertyValues("discord.gateway.shards.total=4").withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			String trace = stackTrace(failure);
			assertThat(trace).contains(expectedName).doesNotContain(TOKEN);
			// Boot's failure analyzers report both (see FailureReportTests)
			InvalidConfigurationPropertyValueException invalid = findCause(failure,
					InvalidConfigurationPropertyValueException.class);
			BindException unbound = findCause(failure, BindException.class);
			if (invalid != null) {
				assertThat(invalid.getName()).isEqualTo(expectedName);
			}
			else if (unbound != null) {
				assertThat(unbound.getProperty().getName()).hasToString(expectedName);
			}
		});
	}

	@Test
	void malformedTokenFailsWithoutShowingIt() {
		String token = "first-half-of-the-token second-half";
		this.runner.withPropertyValues(OFFLINE).withPropertyValues("discord.gateway.token=" + token).run((context) -> {
			assertThat(context).hasFailed();
			String trace = stackTrace(context.getStartupFailure());
			assertThat(trace).contains("discord.gateway.token")
				.contains("white space")
				.doesNotContain("first-half-of-the-token")
				.doesNotContain("second-half");
		});
	}

	static String stackTrace(Throwable failure) {
		StringWriter out = new StringWriter();
		failure.printStackTrace(new PrintWriter(out));
		return out.toString();
	}

	static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		return null;
	}

	static GatewayOptions offlineOptions() {
		return GatewayOptions.builder(BotToken.of("user-token"))
			.gatewayUrl(java.net.URI.create("ws://127.0.0.1:1"))
			.shardTotal(1)
			.reconnectBackoff(java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(60))
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserOptions {

		final GatewayOptions options = offlineOptions();

		@Bean
		GatewayOptions userOptions() {
			return this.options;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserListener {

		static final GatewayListener LISTENER = (dispatch) -> {
		};

		@Bean
		GatewayListener userListener() {
			return LISTENER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserManager {

		final GatewayShardManager manager = GatewayShardManager.builder(offlineOptions(), (dispatch) -> {
		}).build();

		@Bean
		GatewayShardManager userManager() {
			return this.manager;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedCustomizers {

		final List<String> applied = new CopyOnWriteArrayList<>();

		final InMemoryShardLeaseManager leases = new InMemoryShardLeaseManager(Duration.ofSeconds(10),
				Duration.ofSeconds(2));

		final ShardLeaseManager first = this.leases.forInstance("first-instance");

		final ShardLeaseManager second = this.leases.forInstance("second-instance");

		@Bean
		@Order(2)
		GatewayShardManagerBuilderCustomizer secondCustomizer() {
			return (builder) -> {
				this.applied.add("second");
				builder.shardLeaseManager(this.second);
			};
		}

		@Bean
		@Order(1)
		GatewayShardManagerBuilderCustomizer firstCustomizer() {
			return (builder) -> {
				this.applied.add("first");
				builder.shardLeaseManager(this.first);
			};
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

	@Configuration(proxyBeanMethods = false)
	static class UserScheduler {

		@Bean
		ThreadPoolTaskScheduler userScheduler() {
			return new ThreadPoolTaskScheduler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingEnabled {

	}

}
