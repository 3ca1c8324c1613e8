package io.github.discordgateway.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.StringUtils;

/**
 * Says loudly that the gateway is enabled but has no token, and where the token was
 * looked for: the {@code discord.gateway.token} property (environment variable
 * {@code DISCORD_GATEWAY_TOKEN}), every variable a placeholder in that property names
 * (such as {@code DISCORD_TOKEN} in {@code token: ${DISCORD_TOKEN:}}), and the names
 * (never the values) of set environment variables that look like a misspelled token
 * variable.
 */
public final class MissingDiscordGatewayToken implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(MissingDiscordGatewayToken.class);

	private static final String TOKEN = DiscordGatewayProperties.PREFIX + ".token";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}\\s]+)");

	private final List<String> checked;

	private final List<String> unread;

	MissingDiscordGatewayToken(List<String> checked, List<String> unread) {
		this.checked = List.copyOf(checked);
		this.unread = List.copyOf(unread);
	}

	/**
	 * Finds where the token was looked for in an environment.
	 * @param environment the environment
	 * @return the report
	 */
	static MissingDiscordGatewayToken of(ConfigurableEnvironment environment) {
		Set<String> checked = new LinkedHashSet<>();
		checked.add(TOKEN);
		checked.add("DISCORD_GATEWAY_TOKEN");
		for (PropertySource<?> source : environment.getPropertySources()) {
			Object raw = source.containsProperty(TOKEN) ? source.getProperty(TOKEN) : null;
			if (raw != null) {
				Matcher placeholder = PLACEHOLDER.matcher(raw.toString());
				while (placeholder.find()) {
					checked.add(placeholder.group(1));
				}
			}
		}
		List<String> unread = new ArrayList<>();
		if (environment.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME) instanceof EnumerablePropertySource<?> env) {
			for (String name : env.getPropertyNames()) {
				String upper = name.toUpperCase(Locale.ROOT);
				boolean looksRelated = upper.contains("DISCORD")
						|| (upper.contains("TOKEN") && (upper.contains("DIS") || upper.contains("BOT")));
				Object value = env.getProperty(name);
				if (looksRelated && !checked.contains(name) && value != null && StringUtils.hasText(value.toString())) {
					unread.add(name);
				}
			}
		}
		unread.sort(null);
		return new MissingDiscordGatewayToken(new ArrayList<>(checked), unread);
	}

	/**
	 * Where the token was looked for.
	 * @return property and environment variable names
	 */
	public List<String> getChecked() {
		return this.checked;
	}

	/**
	 * Set environment variables that look like a token variable but were not read.
	 * @return environment variable names
	 */
	public List<String> getUnread() {
		return this.unread;
	}

	/**
	 * The one-line explanation logged at startup.
	 * @return the message, never containing a value
	 */
	public String describe() {
		StringBuilder message = new StringBuilder("Discord gateway DISABLED: no bot token is configured (checked ")
			.append(String.join(", ", this.checked))
			.append(')');
		if (!this.unread.isEmpty()) {
			message.append("; set but not read: ").append(String.join(", ", this.unread)).append(" (misspelled?)");
		}
		return message.append(". Set one, or discord.gateway.enabled=false to run without the gateway.").toString();
	}

	@Override
	public void afterSingletonsInstantiated() {
		logger.warn(describe());
	}

}
