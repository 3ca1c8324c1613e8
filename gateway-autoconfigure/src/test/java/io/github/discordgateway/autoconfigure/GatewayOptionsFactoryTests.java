package io.github.discordgateway.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

import io.github.discordgateway.core.GatewayCompression;
import io.github.discordgateway.core.GatewayEncoding;
import io.github.discordgateway.core.GatewayIntent;
import io.github.discordgateway.core.GatewayOption;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.GatewayPresence;

class GatewayOptionsFactoryTests {

	private static final String TOKEN = "MTIz.secret-token-value";

	private DiscordGatewayProperties properties() {
		DiscordGatewayProperties properties = new DiscordGatewayProperties();
		properties.setToken(TOKEN);
		return properties;
	}

	@Test
	void defaultsMatchTheCoreDefaults() {
		GatewayOptions options = GatewayOptionsFactory.create(properties());
		GatewayOptions core = GatewayOptions.builder(options.token()).build();
		assertThat(options.token().reveal()).isEqualTo(TOKEN);
		assertThat(options.apiBaseUrl()).isEqualTo(core.apiBaseUrl());
		assertThat(options.gatewayUrl()).isNull();
		assertThat(options.intents()).isEqualTo(core.intents());
		assertThat(options.encoding()).isEqualTo(core.encoding());
		assertThat(options.compression()).isEqualTo(core.compression());
		assertThat(options.largeThreshold()).isEqualTo(core.largeThreshold());
		assertThat(options.shardTotal()).isNull();
		assertThat(options.shardIds()).isNull();
		assertThat(options.presence()).isNull();
		assertThat(options.maxPayloadBytes()).isEqualTo(core.maxPayloadBytes());
		assertThat(options.dispatchQueueCapacity()).isEqualTo(core.dispatchQueueCapacity());
		assertThat(options.helloTimeout()).isEqualTo(core.helloTimeout());
		assertThat(options.readyTimeout()).isEqualTo(core.readyTimeout());
		assertThat(options.reconnectBackoffInitial()).isEqualTo(core.reconnectBackoffInitial());
		assertThat(options.reconnectBackoffMax()).isEqualTo(core.reconnectBackoffMax());
		assertThat(options.invalidSessionDelayMin()).isEqualTo(core.invalidSessionDelayMin());
		assertThat(options.invalidSessionDelayMax()).isEqualTo(core.invalidSessionDelayMax());
		assertThat(options.identifyInterval()).isEqualTo(core.identifyInterval());
		assertThat(options.closeTimeout()).isEqualTo(core.closeTimeout());
	}

	@Test
	void mapsEtfAndZstdStream() {
		DiscordGatewayProperties properties = properties();
		properties.setEncoding(GatewayEncoding.ETF);
		properties.setCompression(GatewayCompression.ZSTD_STREAM);
		GatewayOptions options = GatewayOptionsFactory.create(properties);
		assertThat(options.encoding()).isEqualTo(GatewayEncoding.ETF);
		assertThat(options.compression()).isEqualTo(GatewayCompression.ZSTD_STREAM);
	}

	@Test
	void mapsEveryProperty() {
		DiscordGatewayProperties properties = properties();
		properties.setToken("Bot " + TOKEN);
		properties.setApiBaseUrl(URI.create("http://127.0.0.1:8080/api/v10"));
		properties.setUrl(URI.create("ws://127.0.0.1:8080"));
		properties.setIntents(EnumSet.of(GatewayIntent.GUILDS, GatewayIntent.MESSAGE_CONTENT));
		properties.setCompression(GatewayCompression.NONE);
		properties.setLargeThreshold(250);
		properties.getShards().setTotal(ShardTotal.valueOf("16"));
		properties.getShards().setIds(ShardIds.valueOf("0-1,8"));
		properties.setMaxPayloadSize(DataSize.ofKilobytes(4));
		properties.setDispatchQueueCapacity(1);
		properties.setHelloTimeout(Duration.ofSeconds(2));
		properties.setReadyTimeout(Duration.ofSeconds(3));
		properties.getReconnect().setInitialBackoff(Duration.ofMillis(100));
		properties.getReconnect().setMaxBackoff(Duration.ofMillis(100));
		properties.setInvalidSessionDelayMin(Duration.ZERO);
		properties.setInvalidSessionDelayMax(Duration.ZERO);
		properties.setIdentifyInterval(Duration.ZERO);
		properties.setCloseTimeout(Duration.ofMillis(500));
		GatewayOptions options = GatewayOptionsFactory.create(properties);
		assertThat(options.token().reveal()).isEqualTo(TOKEN);
		assertThat(options.apiBaseUrl()).hasToString("http://127.0.0.1:8080/api/v10");
		assertThat(options.gatewayUrl()).hasToString("ws://127.0.0.1:8080");
		assertThat(options.intents()).isEqualTo(1 | 32768);
		assertThat(options.compression()).isEqualTo(GatewayCompression.NONE);
		assertThat(options.largeThreshold()).isEqualTo(250);
		assertThat(options.shardTotal()).isEqualTo(16);
		assertThat(options.shardIds()).containsExactly(0, 1, 8);
		assertThat(options.maxPayloadBytes()).isEqualTo(4096);
		assertThat(options.dispatchQueueCapacity()).isEqualTo(1);
		assertThat(options.helloTimeout()).hasSeconds(2);
		assertThat(options.readyTimeout()).hasSeconds(3);
		assertThat(options.reconnectBackoffInitial()).hasMillis(100);
		assertThat(options.reconnectBackoffMax()).hasMillis(100);
		assertThat(options.invalidSessionDelayMin()).isZero();
		assertThat(options.invalidSessionDelayMax()).isZero();
		assertThat(options.identifyInterval()).isZero();
		assertThat(options.closeTimeout()).hasMillis(500);
	}

	@Test
	void noIntents() {
		DiscordGatewayProperties properties = properties();
		properties.setIntents(EnumSet.noneOf(GatewayIntent.class));
		assertThat(GatewayOptionsFactory.create(properties).intents()).isZero();
	}

	@Test
	void presenceWithActivity() {
		DiscordGatewayProperties properties = properties();
		properties.getPresence().setStatus("DND");
		properties.getPresence().setActivityName("the build");
		properties.getPresence().setActivityType(DiscordGatewayProperties.ActivityType.WATCHING);
		GatewayPresence presence = GatewayOptionsFactory.create(properties).presence();
		assertThat(presence.status()).isEqualTo("dnd");
		assertThat(presence.activities()).containsExactly(new GatewayPresence.Activity("the build", 3, null, null));
	}

	@Test
	void presenceDefaults() {
		DiscordGatewayProperties properties = properties();
		properties.getPresence().setActivityName("chess");
		assertThat(GatewayOptionsFactory.create(properties).presence()).isEqualTo(
				new GatewayPresence("online", List.of(new GatewayPresence.Activity("chess", 0, null, null)), false));
		properties = properties();
		properties.getPresence().setActivityState("Fixing the laser cutter");
		assertThat(GatewayOptionsFactory.create(properties).presence().activities())
			.containsExactly(new GatewayPresence.Activity("Custom Status", 4, "Fixing the laser cutter", null));
		properties = properties();
		properties.getPresence().setStatus("idle");
		assertThat(GatewayOptionsFactory.create(properties).presence())
			.isEqualTo(new GatewayPresence("idle", List.of(), false));
	}

	@Test
	void invalidPresence() {
		DiscordGatewayProperties properties = properties();
		properties.getPresence().setStatus("busy");
		assertInvalid(properties, "discord.gateway.presence.status",
				"must be one of [online, dnd, idle, invisible, offline]");
		properties = properties();
		properties.getPresence().setActivityType(DiscordGatewayProperties.ActivityType.LISTENING);
		assertInvalid(properties, "discord.gateway.presence.activity-name", "must be set for activity type listening");
		properties = properties();
		properties.getPresence().setActivityType(DiscordGatewayProperties.ActivityType.CUSTOM);
		assertInvalid(properties, "discord.gateway.presence.activity-state", "custom status");
	}

	@Test
	void invalidTokens() {
		DiscordGatewayProperties properties = properties();
		properties.setToken("   ");
		assertInvalid(properties, "discord.gateway.token", "no bot token is set");
		properties.setToken("abc def");
		assertInvalid(properties, "discord.gateway.token", "white space");
		properties.setToken(null);
		assertInvalid(properties, "discord.gateway.token", "no bot token is set");
	}

	@Test
	void nullValues() {
		DiscordGatewayProperties properties = properties();
		properties.setCompression(null);
		assertInvalid(properties, "discord.gateway.compression", "must be set (zlib-stream, zstd-stream or none)");
		properties = properties();
		properties.setHelloTimeout(null);
		assertInvalid(properties, "discord.gateway.hello-timeout", "positive duration");
		properties = properties();
		properties.setApiBaseUrl(null);
		assertInvalid(properties, "discord.gateway.api-base-url", "http:// or https://");
	}

	@Test
	void optionsTheBuilderRejectsAreReportedByTheirProperty() {
		DiscordGatewayProperties properties = properties();
		properties.getReconnect().setInitialBackoff(Duration.ofSeconds(5));
		properties.getReconnect().setMaxBackoff(Duration.ofSeconds(1));
		assertInvalid(properties, "discord.gateway.reconnect.max-backoff",
				"must not be less than discord.gateway.reconnect.initial-backoff (PT5S) but was PT1S");
		properties = properties();
		properties.getShards().setTotal(ShardTotal.valueOf("4"));
		properties.getShards().setIds(ShardIds.valueOf("0-3,9"));
		assertInvalid(properties, "discord.gateway.shards.ids", "contains 9, which is not below the shard total 4");
	}

	@Test
	void everyConfigurableOptionHasAProperty() {
		assertThat(GatewayOptionsFactory.PROPERTIES.keySet()).containsAll(
				EnumSet.complementOf(EnumSet.of(GatewayOption.OS, GatewayOption.BROWSER, GatewayOption.DEVICE)));
		assertThat(GatewayOptionsFactory.PROPERTIES.values())
			.allSatisfy((property) -> assertThat(property).startsWith(DiscordGatewayProperties.PREFIX + "."));
	}

	private static void assertInvalid(DiscordGatewayProperties properties, String property, String reason) {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> GatewayOptionsFactory.create(properties))
			.satisfies((ex) -> {
				assertThat(ex.getName()).isEqualTo(property);
				assertThat(ex.getReason()).contains(reason);
				assertThat(ex.getMessage()).startsWith("Property " + property + " with value ")
					.doesNotContain("secret-token-value")
					.doesNotContain("abc def");
			});
	}

}
