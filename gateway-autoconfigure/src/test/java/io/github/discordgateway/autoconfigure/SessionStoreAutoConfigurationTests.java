package io.github.discordgateway.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.discordgateway.core.FileGatewaySessionStore;
import io.github.discordgateway.core.GatewayCompression;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.GatewaySessionStore;
import io.github.discordgateway.core.StoredSession;

import static org.assertj.core.api.Assertions.assertThat;

class SessionStoreAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DiscordGatewayAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("discord.gateway.token=store-test-token", "discord.gateway.url=ws://127.0.0.1:1",
				"discord.gateway.shards.total=1", "discord.gateway.reconnect.initial-backoff=30s",
				"discord.gateway.reconnect.max-backoff=60s");

	@TempDir
	Path directory;

	@Test
	void noStoreByDefault() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(GatewaySessionStore.class));
	}

	@Test
	void fileStoreKeepsSessionsInTheConfiguredDirectoryForTheConfiguredTime() {
		this.runner.withPropertyValues("discord.gateway.session-store=file",
				"discord.gateway.session-store-directory=" + this.directory, "discord.gateway.session-store-ttl=90s")
			.run((context) -> {
				GatewaySessionStore store = context.getBean(GatewaySessionStore.class);
				assertThat(store).isInstanceOf(FileGatewaySessionStore.class);
				store.save(session(Instant.now().minus(Duration.ofSeconds(60))));
				assertThat(store.take(3, 8)).isPresent();
				store.save(session(Instant.now().minus(Duration.ofSeconds(120))));
				assertThat(store.take(3, 8)).isEmpty();
			});
	}

	@Test
	void backsOffForTheApplicationsStore() {
		this.runner.withPropertyValues("discord.gateway.session-store=file")
			.withUserConfiguration(CustomStore.class)
			.run((context) -> assertThat(context).getBean(GatewaySessionStore.class).isSameAs(CustomStore.STORE));
	}

	@Test
	void redisStoreWithoutRedisFailsNamingTheProperty() {
		this.runner.withPropertyValues("discord.gateway.session-store=redis")
			.withClassLoader(
					new org.springframework.boot.test.context.FilteredClassLoader("org.springframework.data.redis"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("discord.gateway.session-store")
				.hasMessageNotContaining("store-test-token"));
	}

	private static StoredSession session(Instant savedAt) {
		return new StoredSession(3, 8, "abcdef0123456789abcdef0123456789", null, 77, GatewayEncoding.JSON,
				GatewayCompression.ZLIB_STREAM, savedAt);
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomStore {

		static final GatewaySessionStore STORE = new GatewaySessionStore() {

			@Override
			public void save(StoredSession session) {
			}

			@Override
			public Optional<StoredSession> take(int shardId, int shardTotal) {
				return Optional.empty();
			}

		};

		@Bean
		GatewaySessionStore customStore() {
			return STORE;
		}

	}

}
