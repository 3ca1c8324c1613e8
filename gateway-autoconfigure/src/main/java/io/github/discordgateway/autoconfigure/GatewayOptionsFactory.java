package io.github.discordgateway.autoconfigure;

import java.net.URI;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

import io.github.discordgateway.core.BotToken;
import io.github.discordgateway.core.GatewayIntent;
import io.github.discordgateway.core.GatewayOption;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.GatewayPresence;
import io.github.discordgateway.core.InvalidGatewayOptionException;

/**
 * Maps {@link DiscordGatewayProperties} onto the {@link GatewayOptions} builder, which
 * validates every option. An option it rejects is reported as Boot's
 * {@link InvalidConfigurationPropertyValueException} for the property behind the option,
 * so that Boot's failure analysis names the property, the reason and where the value came
 * from. The token never appears in a message.
 */
public final class GatewayOptionsFactory {

	/** The bot token property. */
	static final String TOKEN_PROPERTY = DiscordGatewayProperties.PREFIX + ".token";

	private static final String P = DiscordGatewayProperties.PREFIX + ".";

	/**
	 * The property behind each option ({@code os}, {@code browser} and {@code device}
	 * have none: they are not configurable through properties).
	 */
	static final Map<GatewayOption, String> PROPERTIES = propertyNames();

	/**
	 * An unresolved {@code ${NAME}} (or {@code ${NAME:default}}) left in a property
	 * value.
	 */
	private static final Pattern UNRESOLVED_PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]{1,64})[^}]*}");

	private GatewayOptionsFactory() {
	}

	/**
	 * Builds the options from the properties.
	 * @param properties the bound properties
	 * @return the options
	 * @throws InvalidConfigurationPropertyValueException naming the first invalid
	 * property
	 */
	public static GatewayOptions create(DiscordGatewayProperties properties) {
		return create(properties, new PropertiesDiscordGatewayConnectionDetails(properties));
	}

	/**
	 * Builds the options from the properties, connecting where the connection details
	 * say.
	 * @param properties the bound properties
	 * @param connection the token, REST base URL and gateway URL to use
	 * @return the options
	 * @throws InvalidConfigurationPropertyValueException naming the first invalid
	 * property
	 */
	public static GatewayOptions create(DiscordGatewayProperties properties,
			DiscordGatewayConnectionDetails connection) {
		GatewayOptions.Builder builder = GatewayOptions.builder(token(connection.getToken()));
		PropertyMapper map = PropertyMapper.get();
		map.from(connection::getApiBaseUrl).always().to(builder::apiBaseUrl);
		map.from(connection::getUrl).whenNot((url) -> url.toString().isEmpty()).to(builder::gatewayUrl);
		map.from(properties::getIntents).always().as(GatewayOptionsFactory::intents).to(builder::intents);
		map.from(properties::getEncoding).always().to(builder::encoding);
		map.from(properties::getCompression).always().to(builder::compression);
		map.from(properties::getLargeThreshold).to(builder::largeThreshold);
		DiscordGatewayProperties.Shards shards = properties.getShards();
		map.from(shards::getTotal).as(ShardTotal::value).to(builder::shardTotal);
		map.from(shards::getIds).as(ShardIds::ids).to(builder::shardIds);
		builder.instance(shards.getInstanceIndex(), shards.getInstanceCount());
		map.from(properties::getPresence).as(GatewayOptionsFactory::presence).to(builder::presence);
		map.from(properties::getMaxPayloadSize)
			.always()
			.as(GatewayOptionsFactory::maxPayloadBytes)
			.to(builder::maxPayloadBytes);
		map.from(properties::getDispatchQueueCapacity).to(builder::dispatchQueueCapacity);
		map.from(properties::getHelloTimeout).always().to(builder::helloTimeout);
		map.from(properties::getReadyTimeout).always().to(builder::readyTimeout);
		builder.reconnectBackoff(properties.getReconnect().getInitialBackoff(),
				properties.getReconnect().getMaxBackoff());
		builder.invalidSessionDelay(properties.getInvalidSessionDelayMin(), properties.getInvalidSessionDelayMax());
		map.from(properties::getIdentifyInterval).always().to(builder::identifyInterval);
		map.from(properties::getCloseTimeout).always().to(builder::closeTimeout);
		try {
			return builder.build();
		}
		catch (InvalidGatewayOptionException ex) {
			throw invalidProperty(ex);
		}
	}

	/**
	 * The rejection of an option as the rejection of its property, with every option the
	 * reason names spelled as its property.
	 */
	static InvalidConfigurationPropertyValueException invalidProperty(InvalidGatewayOptionException ex) {
		String reason = ex.getReason();
		for (Map.Entry<GatewayOption, String> entry : PROPERTIES.entrySet()) {
			reason = reason.replaceAll("\\b" + Pattern.quote(entry.getKey().key()) + "\\b",
					Matcher.quoteReplacement(entry.getValue()));
		}
		String property = PROPERTIES.getOrDefault(ex.getOption(), DiscordGatewayProperties.PREFIX);
		return new InvalidConfigurationPropertyValueException(property, ex.getValue(), reason);
	}

	private static BotToken token(String token) {
		if (token == null || token.isBlank()) {
			throw invalidToken("no bot token is set: set it (for example with the DISCORD_GATEWAY_TOKEN environment "
					+ "variable), or set " + P + "enabled=false to run without connecting");
		}
		Matcher placeholder = UNRESOLVED_PLACEHOLDER.matcher(token);
		if (placeholder.find()) {
			// Boot binds a placeholder it cannot resolve literally; sent to Discord it
			// would look like a bad token.
			String variable = placeholder.group(1);
			throw invalidToken("it contains the unresolved placeholder ${" + variable + "}: " + variable
					+ " is not set (write ${" + variable + ":} so that an unset variable leaves the gateway disabled)");
		}
		try {
			return BotToken.of(token);
		}
		catch (IllegalArgumentException ex) {
			// BotToken's messages never contain the token.
			throw invalidToken(lowerFirst(ex.getMessage())
					+ " (copy the token again from the Bot page of the Discord developer portal)");
		}
	}

	/**
	 * An invalid token, reported without its value; {@link BotTokenFailureAnalyzer} keeps
	 * it out of the failure report too.
	 */
	private static InvalidConfigurationPropertyValueException invalidToken(String reason) {
		return new InvalidConfigurationPropertyValueException(TOKEN_PROPERTY, "******", reason);
	}

	private static int intents(Set<GatewayIntent> intents) {
		return (intents != null) ? GatewayIntent.bitsOf(intents) : 0;
	}

	private static GatewayPresence presence(DiscordGatewayProperties.Presence presence) {
		String status = trimToNull(presence.getStatus());
		String name = trimToNull(presence.getActivityName());
		String state = trimToNull(presence.getActivityState());
		DiscordGatewayProperties.ActivityType type = presence.getActivityType();
		if (status == null && name == null && state == null && type == null) {
			return null;
		}
		List<GatewayPresence.Activity> activities = List.of();
		if (name != null || state != null || type != null) {
			if (type == null) {
				type = (name == null) ? DiscordGatewayProperties.ActivityType.CUSTOM
						: DiscordGatewayProperties.ActivityType.PLAYING;
			}
			if (name == null) {
				if (type != DiscordGatewayProperties.ActivityType.CUSTOM) {
					throw new InvalidConfigurationPropertyValueException(P + "presence.activity-name", null,
							"must be set for activity type " + type.name().toLowerCase(Locale.ROOT)
									+ " (or use activity-type custom with activity-state)");
				}
				name = "Custom Status";
			}
			if (type == DiscordGatewayProperties.ActivityType.CUSTOM && state == null) {
				throw new InvalidConfigurationPropertyValueException(P + "presence.activity-state", null,
						"must be set for a custom status (activity type custom)");
			}
			activities = List.of(new GatewayPresence.Activity(name, type.code(), state, null));
		}
		String shownStatus = (status != null) ? status.toLowerCase(Locale.ROOT) : "online";
		try {
			return new GatewayPresence(shownStatus, activities, false);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(P + "presence.status", status, ex.getMessage());
		}
	}

	private static int maxPayloadBytes(DataSize size) {
		if (size == null || size.toBytes() > Integer.MAX_VALUE) {
			throw new InvalidConfigurationPropertyValueException(P + "max-payload-size", size,
					"must be set and below 2GB");
		}
		return (int) size.toBytes();
	}

	private static String trimToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	private static String lowerFirst(String text) {
		return (text == null || text.isEmpty()) ? "is invalid"
				: Character.toLowerCase(text.charAt(0)) + text.substring(1);
	}

	private static Map<GatewayOption, String> propertyNames() {
		Map<GatewayOption, String> names = new EnumMap<>(GatewayOption.class);
		names.put(GatewayOption.API_BASE_URL, P + "api-base-url");
		names.put(GatewayOption.GATEWAY_URL, P + "url");
		names.put(GatewayOption.INTENTS, P + "intents");
		names.put(GatewayOption.ENCODING, P + "encoding");
		names.put(GatewayOption.COMPRESSION, P + "compression");
		names.put(GatewayOption.LARGE_THRESHOLD, P + "large-threshold");
		names.put(GatewayOption.SHARD_TOTAL, P + "shards.total");
		names.put(GatewayOption.SHARD_IDS, P + "shards.ids");
		names.put(GatewayOption.INSTANCE_INDEX, P + "shards.instance-index");
		names.put(GatewayOption.INSTANCE_COUNT, P + "shards.instance-count");
		names.put(GatewayOption.MAX_PAYLOAD_BYTES, P + "max-payload-size");
		names.put(GatewayOption.DISPATCH_QUEUE_CAPACITY, P + "dispatch-queue-capacity");
		names.put(GatewayOption.HELLO_TIMEOUT, P + "hello-timeout");
		names.put(GatewayOption.READY_TIMEOUT, P + "ready-timeout");
		names.put(GatewayOption.RECONNECT_BACKOFF_INITIAL, P + "reconnect.initial-backoff");
		names.put(GatewayOption.RECONNECT_BACKOFF_MAX, P + "reconnect.max-backoff");
		names.put(GatewayOption.INVALID_SESSION_DELAY_MIN, P + "invalid-session-delay-min");
		names.put(GatewayOption.INVALID_SESSION_DELAY_MAX, P + "invalid-session-delay-max");
		names.put(GatewayOption.IDENTIFY_INTERVAL, P + "identify-interval");
		names.put(GatewayOption.CLOSE_TIMEOUT, P + "close-timeout");
		return Collections.unmodifiableMap(names);
	}

}
