package io.github.discordgateway.test;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.util.StringUtils;

/**
 * Runs an application against an embedded {@link GatewaySimulator} when no real token is
 * configured.
 *
 * <p>
 * If {@code discord.gateway.token} has no text and
 * {@code discord.gateway.simulator.enabled} is not {@code false}, this starts a simulator
 * (generated placeholder token, 3 guilds, traffic at
 * {@code discord.gateway.simulator.events-per-second} events/s, default 20 ({@code 0} =
 * none), and otherwise Discord's settings unless {@code discord.gateway.simulator.*}
 * properties say otherwise: the options of the standalone
 * {@link GatewaySimulatorApplication} such as {@code heartbeat-interval} (plain
 * milliseconds, {@code 500ms}, {@code 30s}, {@code 1m} or ISO-8601),
 * {@code session-start-remaining} or {@code tls-key-store}, listed in the configuration
 * metadata), adds a highest-precedence property source named
 * {@value #PROPERTY_SOURCE_NAME} with {@code discord.gateway.token} and
 * {@code discord.gateway.api-base-url}, and registers the simulator as singleton bean
 * {@value #BEAN_NAME}, closed with the context. It says so with a WARN that names where
 * the token was looked for, so that a misspelled token variable does not pass for a
 * running bot.
 *
 * <p>
 * Register it with {@code SpringApplication#addInitializers}, the
 * {@code context.initializer.classes} property or {@code META-INF/spring.factories}; it
 * is not registered automatically.
 */
public class EmbeddedGatewaySimulatorInitializer
		implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** Name of the property source this initializer adds. */
	public static final String PROPERTY_SOURCE_NAME = "gatewaySimulator";

	/** Bean name of the registered simulator. */
	public static final String BEAN_NAME = "gatewaySimulator";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedGatewaySimulatorInitializer.class);

	private static final String TOKEN = "discord.gateway.token";

	private static final String PREFIX = "discord.gateway.simulator.";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}\\s]+)");

	/** Creates the initializer. */
	public EmbeddedGatewaySimulatorInitializer() {
	}

	/**
	 * Starts the simulator and wires the properties if the environment has no token.
	 * @param context the context being prepared
	 */
	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment env = context.getEnvironment();
		if (hasToken(env) || !env.getProperty(PREFIX + "enabled", Boolean.class, true)
				|| env.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		double eventsPerSecond = env.getProperty(PREFIX + "events-per-second", Double.class, 20.0);
		SimulatorOptions options = simulatorOptions(env);
		byte[] random = new byte[12];
		new SecureRandom().nextBytes(random);
		String token = "simulator-" + HexFormat.of().formatHex(random);
		GatewaySimulator simulator = options.start(GatewaySimulator.builder().token(token));
		if (eventsPerSecond > 0) {
			simulator.startTraffic(eventsPerSecond);
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("discord.gateway.token", token);
		properties.put("discord.gateway.api-base-url", simulator.apiBaseUrl());
		env.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		beanFactory.registerSingleton(BEAN_NAME, simulator);
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			registry.registerDisposableBean(BEAN_NAME, simulator::close);
		}
		else {
			context.addApplicationListener(event -> {
				if (event instanceof ContextClosedEvent) {
					simulator.close();
				}
			});
		}
		log.warn(
				"No discord.gateway.token set (checked {}{}): running against an EMBEDDED GATEWAY SIMULATOR at {} "
						+ "with generated events ({} events/s), NOT Discord. Set the token to connect to Discord, or "
						+ "discord.gateway.simulator.enabled=false to run without it.",
				String.join(", ", checkedNames(env)), unreadNames(env), simulator.gatewayUrl(), eventsPerSecond);
	}

	private static boolean hasToken(ConfigurableEnvironment env) {
		try {
			return StringUtils.hasText(env.getProperty(TOKEN));
		}
		catch (IllegalArgumentException unresolvablePlaceholder) {
			// ${NAME} with NAME unset: the starter stops startup and names the variable;
			// no simulator to hide it
			return true;
		}
	}

	/**
	 * The token property, its environment variable, and every variable a placeholder in
	 * its raw value names.
	 */
	private static Set<String> checkedNames(ConfigurableEnvironment env) {
		Set<String> checked = new LinkedHashSet<>(List.of(TOKEN, "DISCORD_GATEWAY_TOKEN"));
		for (PropertySource<?> source : env.getPropertySources()) {
			Object raw = source.containsProperty(TOKEN) ? source.getProperty(TOKEN) : null;
			if (raw != null) {
				Matcher placeholder = PLACEHOLDER.matcher(raw.toString());
				while (placeholder.find()) {
					checked.add(placeholder.group(1));
				}
			}
		}
		return checked;
	}

	private static boolean looksLikeATokenVariable(String name) {
		String upper = name.toUpperCase(Locale.ROOT);
		return upper.contains("DISCORD")
				|| (upper.contains("TOKEN") && (upper.contains("DIS") || upper.contains("BOT")));
	}

	/**
	 * Names (never values) of set environment variables that look like a misspelled token
	 * variable.
	 */
	private static String unreadNames(ConfigurableEnvironment env) {
		Set<String> checked = checkedNames(env);
		List<String> unread = env.getSystemEnvironment()
			.entrySet()
			.stream()
			.filter(e -> looksLikeATokenVariable(e.getKey()) && !checked.contains(e.getKey()) && e.getValue() != null
					&& StringUtils.hasText(e.getValue().toString()))
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
		return unread.isEmpty() ? "" : "; set but not read: " + String.join(", ", unread) + " (misspelled?)";
	}

	/**
	 * The {@code discord.gateway.simulator.*} options that shape the simulated gateway;
	 * unlike the standalone simulator's default of 1, 3 guilds unless set.
	 */
	private static SimulatorOptions simulatorOptions(ConfigurableEnvironment env) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("guilds", "3");
		for (String[] option : SimulatorOptions.GATEWAY) {
			String value = env.getProperty(PREFIX + option[0]);
			if (value != null) {
				values.put(option[0], value);
			}
		}
		return new SimulatorOptions(values, (name) -> PREFIX + name);
	}

}
