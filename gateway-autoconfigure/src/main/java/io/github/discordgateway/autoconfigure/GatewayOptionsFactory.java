package io.github.discordgateway.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.util.unit.DataSize;

import io.github.discordgateway.core.BotToken;
import io.github.discordgateway.core.GatewayCompression;
import io.github.discordgateway.core.GatewayIntent;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.GatewayPresence;

/**
 * Turns {@link DiscordGatewayProperties} into {@link GatewayOptions}: the one place where
 * property values are checked. Every invalid value raises an
 * {@link InvalidGatewayPropertyException} that names the property and the reason, never
 * the token.
 */
public final class GatewayOptionsFactory {

	private static final String P = DiscordGatewayProperties.PREFIX + ".";

	/**
	 * An unresolved {@code ${NAME}} (or {@code ${NAME:default}}) left in a property
	 * value.
	 */
	private static final Pattern UNRESOLVED_PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]{1,64})[^}]*}");

	private static final List<String> STATUSES = List.of("online", "dnd", "idle", "invisible", "offline");

	private GatewayOptionsFactory() {
	}

	/**
	 * Checks the properties and builds the options.
	 * @param properties the bound properties
	 * @return the options
	 * @throws InvalidGatewayPropertyException naming the first invalid property
	 */
	public static GatewayOptions create(DiscordGatewayProperties properties) {
		return create(properties, new PropertiesDiscordGatewayConnectionDetails(properties));
	}

	/**
	 * Checks the properties and builds the options, connecting where the connection
	 * details say.
	 * @param properties the bound properties
	 * @param connection the token, REST base URL and gateway URL to use
	 * @return the options
	 * @throws InvalidGatewayPropertyException naming the first invalid property
	 */
	public static GatewayOptions create(DiscordGatewayProperties properties,
			DiscordGatewayConnectionDetails connection) {
		GatewayOptions.Builder builder = GatewayOptions.builder(token(connection.getToken()));
		builder.apiBaseUrl(httpUrl("api-base-url", connection.getApiBaseUrl()));
		URI url = connection.getUrl();
		if (url != null && !url.toString().isEmpty()) {
			builder.gatewayUrl(webSocketUrl("url", url));
		}
		builder.intents(intents(properties.getIntents()));
		builder.encoding(required("encoding", properties.getEncoding(), "json or etf"));
		GatewayCompression compression = required("compression", properties.getCompression(),
				"zlib-stream, zstd-stream or none");
		compression.unavailableReason().ifPresent((reason) -> {
			throw new InvalidGatewayPropertyException(P + "compression",
					compression.queryValue() + " cannot be used: " + reason,
					"Set discord.gateway.compression=zlib-stream (or none), or run on a platform that zstd-jni supports.");
		});
		builder.compression(compression);
		int largeThreshold = properties.getLargeThreshold();
		if (largeThreshold < 50 || largeThreshold > 250) {
			throw new InvalidGatewayPropertyException(P + "large-threshold",
					"must be between 50 and 250 but was " + largeThreshold);
		}
		builder.largeThreshold(largeThreshold);
		Integer total = ShardIdsParser.parseTotal(properties.getShards().getTotal());
		builder.shardTotal(total);
		List<Integer> ids = ShardIdsParser.parseIds(properties.getShards().getIds(), total);
		builder.shardIds(ids);
		ShardIdsParser.checkInstance(properties.getShards().getInstanceIndex(),
				properties.getShards().getInstanceCount(), total, ids);
		builder.instance(properties.getShards().getInstanceIndex(), properties.getShards().getInstanceCount());
		builder.presence(presence(properties.getPresence()));
		builder.maxPayloadBytes(maxPayloadBytes(properties.getMaxPayloadSize()));
		if (properties.getDispatchQueueCapacity() < 1) {
			throw new InvalidGatewayPropertyException(P + "dispatch-queue-capacity",
					"must be at least 1 but was " + properties.getDispatchQueueCapacity());
		}
		builder.dispatchQueueCapacity(properties.getDispatchQueueCapacity());
		builder.helloTimeout(positive("hello-timeout", properties.getHelloTimeout()));
		builder.readyTimeout(positive("ready-timeout", properties.getReadyTimeout()));
		Duration initialBackoff = positive("reconnect.initial-backoff", properties.getReconnect().getInitialBackoff());
		Duration maxBackoff = positive("reconnect.max-backoff", properties.getReconnect().getMaxBackoff());
		if (maxBackoff.compareTo(initialBackoff) < 0) {
			throw new InvalidGatewayPropertyException(P + "reconnect.max-backoff", "must not be less than " + P
					+ "reconnect.initial-backoff (" + initialBackoff + ") but was " + maxBackoff);
		}
		builder.reconnectBackoff(initialBackoff, maxBackoff);
		Duration invalidMin = notNegative("invalid-session-delay-min", properties.getInvalidSessionDelayMin());
		Duration invalidMax = notNegative("invalid-session-delay-max", properties.getInvalidSessionDelayMax());
		if (invalidMax.compareTo(invalidMin) < 0) {
			throw new InvalidGatewayPropertyException(P + "invalid-session-delay-max", "must not be less than " + P
					+ "invalid-session-delay-min (" + invalidMin + ") but was " + invalidMax);
		}
		builder.invalidSessionDelay(invalidMin, invalidMax);
		builder.identifyInterval(notNegative("identify-interval", properties.getIdentifyInterval()));
		builder.closeTimeout(positive("close-timeout", properties.getCloseTimeout()));
		try {
			return builder.build();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			// Everything the builder checks is checked above; this is a safety net for
			// future options.
			throw new InvalidGatewayPropertyException(DiscordGatewayProperties.PREFIX, String.valueOf(ex.getMessage()));
		}
	}

	private static BotToken token(String token) {
		if (token == null || token.isBlank()) {
			throw new InvalidGatewayPropertyException(P + "token", "no bot token is set",
					"Set discord.gateway.token (for example with the DISCORD_GATEWAY_TOKEN environment variable), "
							+ "or set discord.gateway.enabled=false to run without connecting.");
		}
		Matcher placeholder = UNRESOLVED_PLACEHOLDER.matcher(token);
		if (placeholder.find()) {
			// Boot binds a placeholder it cannot resolve literally; sent to Discord it
			// would look like a bad token.
			String variable = placeholder.group(1);
			throw new InvalidGatewayPropertyException(P + "token",
					"contains the unresolved placeholder ${" + variable + "}: " + variable + " is not set",
					"Set the " + variable + " environment variable (or property), or write ${" + variable
							+ ":} so that an unset variable leaves the gateway disabled.");
		}
		try {
			return BotToken.of(token);
		}
		catch (IllegalArgumentException ex) {
			// BotToken's messages never contain the token.
			throw new InvalidGatewayPropertyException(P + "token", lowerFirst(ex.getMessage()),
					"Copy the token again from the Bot page of the Discord developer portal.");
		}
	}

	private static URI httpUrl(String property, URI url) {
		if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
				|| url.getHost() == null) {
			throw new InvalidGatewayPropertyException(P + property,
					"must be an http:// or https:// URL but was '" + url + "'");
		}
		return url;
	}

	private static URI webSocketUrl(String property, URI url) {
		if (!("ws".equals(url.getScheme()) || "wss".equals(url.getScheme())) || url.getHost() == null) {
			throw new InvalidGatewayPropertyException(P + property,
					"must be a ws:// or wss:// URL but was '" + url + "'",
					"Leave discord.gateway.url unset to discover the gateway URL from Discord.");
		}
		return url;
	}

	private static int intents(Set<GatewayIntent> intents) {
		return (intents != null) ? GatewayIntent.bitsOf(intents) : 0;
	}

	private static <T> T required(String property, T value, String expected) {
		if (value == null) {
			throw new InvalidGatewayPropertyException(P + property, "must be set (" + expected + ")");
		}
		return value;
	}

	private static GatewayPresence presence(DiscordGatewayProperties.Presence presence) {
		String status = trimToNull(presence.getStatus());
		if (status != null) {
			status = status.toLowerCase(Locale.ROOT);
		}
		String name = trimToNull(presence.getActivityName());
		String state = trimToNull(presence.getActivityState());
		DiscordGatewayProperties.ActivityType type = presence.getActivityType();
		if (status == null && name == null && state == null && type == null) {
			return null;
		}
		if (status != null && !STATUSES.contains(status)) {
			throw new InvalidGatewayPropertyException(P + "presence.status",
					"must be one of " + String.join(", ", STATUSES) + " but was '" + status + "'");
		}
		List<GatewayPresence.Activity> activities = List.of();
		if (name != null || state != null || type != null) {
			if (type == null) {
				type = (name == null) ? DiscordGatewayProperties.ActivityType.CUSTOM
						: DiscordGatewayProperties.ActivityType.PLAYING;
			}
			if (name == null) {
				if (type != DiscordGatewayProperties.ActivityType.CUSTOM) {
					throw new InvalidGatewayPropertyException(P + "presence.activity-name",
							"must be set for activity type " + type.name().toLowerCase(Locale.ROOT),
							"Set discord.gateway.presence.activity-name, or use activity-type custom with activity-state.");
				}
				name = "Custom Status";
			}
			if (type == DiscordGatewayProperties.ActivityType.CUSTOM && state == null) {
				throw new InvalidGatewayPropertyException(P + "presence.activity-state",
						"must be set for a custom status (activity type custom)");
			}
			activities = List.of(new GatewayPresence.Activity(name, type.code(), state, null));
		}
		return new GatewayPresence((status != null) ? status : "online", activities, false);
	}

	private static int maxPayloadBytes(DataSize size) {
		if (size == null) {
			throw new InvalidGatewayPropertyException(P + "max-payload-size", "must be set");
		}
		long bytes = size.toBytes();
		if (bytes < 4096) {
			throw new InvalidGatewayPropertyException(P + "max-payload-size", "must be at least 4KB but was " + size);
		}
		if (bytes > Integer.MAX_VALUE) {
			throw new InvalidGatewayPropertyException(P + "max-payload-size", "must be below 2GB but was " + size);
		}
		return (int) bytes;
	}

	private static Duration positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidGatewayPropertyException(P + property, "must be a positive duration but was " + value);
		}
		return value;
	}

	private static Duration notNegative(String property, Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidGatewayPropertyException(P + property, "must not be negative but was " + value);
		}
		return value;
	}

	private static String trimToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	private static String lowerFirst(String text) {
		return (text == null || text.isEmpty()) ? "is invalid"
				: Character.toLowerCase(text.charAt(0)) + text.substring(1);
	}

}
