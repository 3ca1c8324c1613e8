package io.github.discordgateway.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The options that shape the simulated gateway, read from text: by the standalone
 * {@link GatewaySimulatorApplication} ({@code --name=value} or {@code SIMULATOR_NAME})
 * and by the {@link EmbeddedGatewaySimulatorInitializer}
 * ({@code discord.gateway.simulator.name}). A bad value fails with a message naming the
 * option as its reader spells it and never echoing secrets.
 */
final class SimulatorOptions {

	/**
	 * Every shared option with its default and its help text, in the order help lists
	 * them.
	 */
	static final String[][] GATEWAY = { { "guilds", "3", "number of simulated guilds" },
			{ "shards", "1", "shard count recommended by GET /gateway/bot" },
			{ "max-concurrency", "1", "session_start_limit.max_concurrency (identify buckets)" },
			{ "heartbeat-interval", "41250ms", "heartbeat_interval sent in HELLO (e.g. 41250ms, 30s)" },
			{ "heartbeat-timeout-factor", "1.5",
					"close with 4000 when no heartbeat came for interval x factor (0 = never)" },
			{ "identify-window", "5s", "at most one IDENTIFY per bucket in this window (0s = no limit)" },
			{ "session-start-total", "1000", "session_start_limit.total" },
			{ "session-start-remaining", "",
					"session_start_limit.remaining at start (empty = total); at 0 IDENTIFYs get op 9" },
			{ "session-start-reset-after", "4h", "session_start_limit.reset_after, from start" },
			{ "refuse-identifies-for", "0s",
					"refuse every IDENTIFY with op 9 false for this long after start (an identify storm)" },
			{ "resume-window", "2m", "how long a disconnected session stays resumable" },
			{ "sharding-required", "false", "close an unsharded IDENTIFY with 4011 when shards > 1" },
			{ "send-rate-limit", "120", "client payloads per connection per 60 s before close 4008" },
			{ "etf-utf8-atoms", "false",
					"encoding=etf: write atoms with the UTF-8 tags 118/119 instead of erlpack's 100/115" },
			{ "tls-key-store", "",
					"PKCS12 key store with the server's key: serve https:// and wss:// (empty = plain http/ws)" },
			{ "tls-key-store-password", "", "password of the key store (never printed)" } };

	private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

	private final Map<String, String> values;

	private final UnaryOperator<String> label;

	/**
	 * Options to read.
	 * @param values option name to text; a missing or empty value leaves the simulator's
	 * default
	 * @param label how the reader spells an option, for messages
	 */
	SimulatorOptions(Map<String, String> values, UnaryOperator<String> label) {
		this.values = values;
		this.label = label;
	}

	/**
	 * Applies every given option.
	 * @param builder the builder to configure
	 * @return the builder
	 * @throws IllegalArgumentException naming the first invalid option
	 */
	private GatewaySimulator.Builder configure(GatewaySimulator.Builder builder) {
		ifSet("guilds", () -> builder.guilds(intOption("guilds", 1, 10_000)));
		ifSet("shards", () -> builder.shards(intOption("shards", 1, 10_000)));
		ifSet("max-concurrency", () -> builder.maxConcurrency(intOption("max-concurrency", 1, 1024)));
		ifSet("heartbeat-interval", () -> builder.heartbeatInterval(positive("heartbeat-interval")));
		ifSet("heartbeat-timeout-factor",
				() -> builder.heartbeatTimeoutFactor(doubleOption("heartbeat-timeout-factor")));
		ifSet("identify-window", () -> builder.identifyWindow(durationOption("identify-window")));
		if (isSet("session-start-total") || isSet("session-start-remaining") || isSet("session-start-reset-after")) {
			int total = isSet("session-start-total") ? intOption("session-start-total", 0, Integer.MAX_VALUE) : 1000;
			int remaining = isSet("session-start-remaining") ? intOption("session-start-remaining", 0, total) : total;
			Duration resetAfter = isSet("session-start-reset-after") ? durationOption("session-start-reset-after")
					: Duration.ofHours(4);
			builder.sessionStartLimit(total, remaining, resetAfter);
		}
		ifSet("resume-window", () -> builder.resumeWindow(durationOption("resume-window")));
		ifSet("sharding-required", () -> builder.shardingRequired(booleanOption("sharding-required")));
		ifSet("send-rate-limit", () -> builder.sendRateLimit(intOption("send-rate-limit", 1, Integer.MAX_VALUE),
				Duration.ofSeconds(60)));
		ifSet("etf-utf8-atoms", () -> builder.etfUtf8Atoms(booleanOption("etf-utf8-atoms")));
		ifSet("tls-key-store", () -> builder.tls(tls()));
		return builder;
	}

	/**
	 * Applies every given option, then builds and starts the simulator, refusing
	 * IDENTIFYs from the start when {@code refuse-identifies-for} asks for it.
	 * @param builder the builder to configure
	 * @return the running simulator
	 * @throws IllegalArgumentException naming the first invalid option (before anything
	 * is bound)
	 */
	GatewaySimulator start(GatewaySimulator.Builder builder) {
		Duration refuseIdentifies = isSet("refuse-identifies-for") ? durationOption("refuse-identifies-for")
				: Duration.ZERO;
		GatewaySimulator simulator = configure(builder).build().start();
		if (!refuseIdentifies.isZero()) {
			simulator.refuseIdentifiesFor(refuseIdentifies);
		}
		return simulator;
	}

	private boolean isSet(String name) {
		String value = this.values.get(name);
		return value != null && !value.isBlank();
	}

	private void ifSet(String name, Runnable apply) {
		if (isSet(name)) {
			apply.run();
		}
	}

	private String value(String name) {
		return this.values.get(name).strip();
	}

	int intOption(String name, int min, int max) {
		String value = value(name);
		try {
			int parsed = Integer.parseInt(value);
			if (parsed < min || parsed > max) {
				throw new IllegalArgumentException(
						this.label.apply(name) + " must be between " + min + " and " + max + " but was " + parsed);
			}
			return parsed;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					this.label.apply(name) + " must be a whole number but was '" + safe(value) + "'");
		}
	}

	boolean booleanOption(String name) {
		String value = value(name);
		if (!value.equals("true") && !value.equals("false")) {
			throw new IllegalArgumentException(
					this.label.apply(name) + " must be true or false but was '" + safe(value) + "'");
		}
		return Boolean.parseBoolean(value);
	}

	double doubleOption(String name) {
		String value = value(name);
		try {
			double parsed = Double.parseDouble(value);
			if (!(parsed >= 0) || Double.isInfinite(parsed)) {
				throw new IllegalArgumentException(this.label.apply(name) + " must be 0 or more but was " + value);
			}
			return parsed;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					this.label.apply(name) + " must be a number but was '" + safe(value) + "'");
		}
	}

	Duration durationOption(String name) {
		String value = value(name);
		Duration duration = parseDuration(value);
		if (duration == null || duration.isNegative()) {
			throw new IllegalArgumentException(this.label.apply(name)
					+ " must be a duration such as 500ms, 30s or PT30S but was '" + safe(value) + "'");
		}
		return duration;
	}

	private Duration positive(String name) {
		Duration duration = durationOption(name);
		if (duration.toMillis() < 1) {
			throw new IllegalArgumentException(this.label.apply(name) + " must be at least 1ms");
		}
		return duration;
	}

	/**
	 * A server context from the PKCS12 key store option. Neither the password nor the key
	 * store's content ever appears in a message.
	 */
	private SSLContext tls() {
		Path path = Path.of(value("tls-key-store"));
		char[] password = isSet("tls-key-store-password") ? value("tls-key-store-password").toCharArray() : new char[0];
		try (InputStream in = Files.newInputStream(path)) {
			KeyStore keys = KeyStore.getInstance("PKCS12");
			keys.load(in, password);
			KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			factory.init(keys, password);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(factory.getKeyManagers(), null, null);
			return context;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalArgumentException(this.label.apply("tls-key-store") + " '" + safe(path.toString())
					+ "' is not a readable PKCS12 key store with that password (" + ex.getClass().getSimpleName()
					+ ")");
		}
	}

	/**
	 * Parses plain milliseconds, {@code 500ms}, {@code 30s}, {@code 1m}, {@code 2h} or
	 * ISO-8601 ({@code PT30S}).
	 * @return the duration, or {@code null} if the text is none of these
	 */
	static Duration parseDuration(String value) {
		String v = value.strip().toLowerCase(Locale.ROOT);
		try {
			if (v.matches("\\d+")) {
				return Duration.ofMillis(Long.parseLong(v));
			}
			if (v.startsWith("p") || v.startsWith("-p")) {
				return Duration.parse(value.strip());
			}
			Matcher m = DURATION.matcher(v);
			if (m.matches()) {
				long n = Long.parseLong(m.group(1));
				return switch (m.group(2)) {
					case "ms" -> Duration.ofMillis(n);
					case "s" -> Duration.ofSeconds(n);
					case "m" -> Duration.ofMinutes(n);
					default -> Duration.ofHours(n);
				};
			}
		}
		catch (RuntimeException ex) {
			// not a duration
		}
		return null;
	}

	/** Printable and short: never echoes a long value that might be a secret. */
	static String safe(String text) {
		if (text == null) {
			return "";
		}
		String cleaned = text.replaceAll("[^\\x20-\\x7e]", "?");
		return (cleaned.length() > 40) ? cleaned.substring(0, 40) + "..." : cleaned;
	}

}
