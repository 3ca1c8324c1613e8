package io.github.discordgateway.test;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link GatewaySimulator} as a standalone process, for example in a container
 * next to a bot, so that a whole stack runs without a Discord account. Point the bot's
 * {@code discord.gateway.api-base-url} at {@code http://<public-host>:<port>/api/v10} and
 * give it the same token.
 *
 * <pre>
 * ./mvnw -pl gateway-test -am -DskipTests package
 * java -jar gateway-test/target/gateway-simulator.jar --port=8090 --token=... --events-per-second=5
 * </pre>
 *
 * Every option can also be given as an environment variable: {@code --events-per-second}
 * is {@code SIMULATOR_EVENTS_PER_SECOND}; a command-line option wins. The token is never
 * printed. Logs at INFO (its own {@code simulator-logback.xml}) unless
 * {@code -Dlogback.configurationFile} names another configuration.
 */
public final class GatewaySimulatorApplication {

	/** Every option with its default and its help text, in the order help lists them. */
	private static final String[][] OPTIONS = {
			{ "port", "8090", "TCP port for REST discovery and the WebSocket gateway (0 = any free port)" },
			{ "bind", "0.0.0.0",
					"local address to listen on (0.0.0.0 = every interface, 127.0.0.1 = this machine only)" },
			{ "public-host", "127.0.0.1", "host name clients use; returned by discovery and as resume_gateway_url" },
			{ "token", "simulator-token", "the bot token clients must present (never printed)" },
			{ "events-per-second", "5", "rate of generated guild events (0 = none)" },
			{ "guilds", "3", "number of simulated guilds" },
			{ "shards", "1", "shard count recommended by GET /gateway/bot" },
			{ "max-concurrency", "1", "session_start_limit.max_concurrency (identify buckets)" },
			{ "heartbeat-interval", "41250ms", "heartbeat_interval sent in HELLO (e.g. 41250ms, 30s)" },
			{ "identify-window", "5s", "at most one IDENTIFY per bucket in this window (0s = no limit)" },
			{ "etf-utf8-atoms", "false",
					"encoding=etf: write atoms with the UTF-8 tags 118/119 instead of erlpack's 100/115" } };

	private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

	static final Map<String, String> DEFAULTS = defaults();

	private static final Map<String, String> HELP = help();

	private GatewaySimulatorApplication() {
	}

	/**
	 * Starts the simulator and runs until the process is stopped (SIGTERM or Ctrl-C).
	 * @param args options such as {@code --port=8090}; {@code --help} lists them
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static void main(String[] args) throws InterruptedException {
		if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
			// before the first logger exists; logback's own default would be DEBUG
			System.setProperty(LOGBACK_CONFIGURATION, "io/github/discordgateway/test/simulator-logback.xml");
		}
		for (String arg : args) {
			if (arg.equals("--help") || arg.equals("-h")) {
				printHelp(System.out);
				return;
			}
		}
		GatewaySimulator simulator;
		try {
			simulator = start(args, System.getenv(), System.out);
		}
		catch (IllegalArgumentException e) {
			System.err.println("gateway-simulator: " + e.getMessage());
			System.err.println("Run with --help for the options.");
			System.exit(2);
			return;
		}
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			simulator.close();
			stopped.countDown();
		}, "gateway-simulator-shutdown"));
		stopped.await();
	}

	/**
	 * Builds, starts and (if events per second &gt; 0) feeds a simulator from options and
	 * environment.
	 * @param args command-line options
	 * @param env environment variables
	 * @param out where to print the startup summary
	 * @return the running simulator
	 * @throws IllegalArgumentException for an unknown option or an invalid value
	 */
	static GatewaySimulator start(String[] args, Map<String, String> env, PrintStream out) {
		Map<String, String> options = resolve(args, env);
		GatewaySimulator.Builder builder = GatewaySimulator.builder()
			.port(intOption(options, "port", 0, 65535))
			.bindAddress(address(options.get("bind")))
			.publicHost(options.get("public-host"))
			.token(options.get("token"))
			.guilds(intOption(options, "guilds", 1, 10_000))
			.shards(intOption(options, "shards", 1, 10_000))
			.maxConcurrency(intOption(options, "max-concurrency", 1, 1024))
			.heartbeatInterval(durationOption(options, "heartbeat-interval"))
			.identifyWindow(durationOption(options, "identify-window"))
			.etfUtf8Atoms(booleanOption(options, "etf-utf8-atoms"));
		double eventsPerSecond = doubleOption(options, "events-per-second");
		GatewaySimulator simulator = builder.build().start();
		if (eventsPerSecond > 0) {
			simulator.startTraffic(eventsPerSecond);
		}
		StringBuilder effective = new StringBuilder("Options:");
		options.forEach((name, value) -> effective.append(" --")
			.append(name)
			.append('=')
			.append(name.equals("token") ? "(" + value.length() + " characters)" : value));
		out.println(effective + " (--help lists them)");
		out.println("Discord gateway simulator listening on " + options.get("bind") + ":" + simulator.port() + " (REST "
				+ simulator.apiBaseUrl() + ", gateway " + simulator.gatewayUrl() + ", " + eventsPerSecond
				+ " events/s, " + options.get("guilds") + " guild(s), " + options.get("shards")
				+ " recommended shard(s), token " + (options.get("token").length()) + " characters)");
		return simulator;
	}

	/**
	 * Merges defaults, environment ({@code SIMULATOR_*}) and {@code --name=value}
	 * arguments.
	 */
	static Map<String, String> resolve(String[] args, Map<String, String> env) {
		Map<String, String> options = new LinkedHashMap<>(DEFAULTS);
		for (String name : DEFAULTS.keySet()) {
			String value = env.get(envName(name));
			if (value != null && !value.isBlank()) {
				options.put(name, value.strip());
			}
		}
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--") || arg.indexOf('=') < 3) {
				// Not echoed: it could be a token passed without its option name.
				throw new IllegalArgumentException("argument " + (i + 1) + " is not of the form --name=value");
			}
			String name = arg.substring(2, arg.indexOf('='));
			if (!DEFAULTS.containsKey(name)) {
				throw new IllegalArgumentException("unknown option --" + safe(name));
			}
			options.put(name, arg.substring(arg.indexOf('=') + 1).strip());
		}
		return options;
	}

	static String envName(String option) {
		return "SIMULATOR_" + option.toUpperCase(Locale.ROOT).replace('-', '_');
	}

	private static Map<String, String> defaults() {
		Map<String, String> defaults = new LinkedHashMap<>();
		for (String[] option : OPTIONS) {
			defaults.put(option[0], option[1]);
		}
		return defaults;
	}

	private static Map<String, String> help() {
		Map<String, String> help = new LinkedHashMap<>();
		for (String[] option : OPTIONS) {
			help.put(option[0], option[2]);
		}
		return help;
	}

	private static void printHelp(PrintStream out) {
		out.println("Usage: GatewaySimulatorApplication [--name=value ...]");
		out.println("A fake Discord gateway (REST discovery + WebSocket) for running a bot without Discord.");
		out.println();
		for (Map.Entry<String, String> option : HELP.entrySet()) {
			out.printf("  --%-20s %s%n", option.getKey() + "=", option.getValue());
			out.printf("    %-20s env %s, default %s%n", "", envName(option.getKey()),
					option.getKey().equals("token") ? "simulator-token" : DEFAULTS.get(option.getKey()));
		}
	}

	private static int intOption(Map<String, String> options, String name, int min, int max) {
		String value = options.get(name);
		try {
			int parsed = Integer.parseInt(value);
			if (parsed < min || parsed > max) {
				throw new IllegalArgumentException(
						"--" + name + " must be between " + min + " and " + max + " but was " + parsed);
			}
			return parsed;
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("--" + name + " must be a whole number but was '" + safe(value) + "'");
		}
	}

	private static boolean booleanOption(Map<String, String> options, String name) {
		String value = options.get(name);
		if (!value.equals("true") && !value.equals("false")) {
			throw new IllegalArgumentException("--" + name + " must be true or false but was '" + safe(value) + "'");
		}
		return Boolean.parseBoolean(value);
	}

	private static double doubleOption(Map<String, String> options, String name) {
		String value = options.get(name);
		try {
			double parsed = Double.parseDouble(value);
			if (!(parsed >= 0) || Double.isInfinite(parsed)) {
				throw new IllegalArgumentException("--" + name + " must be 0 or more but was " + value);
			}
			return parsed;
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("--" + name + " must be a number but was '" + safe(value) + "'");
		}
	}

	private static Duration durationOption(Map<String, String> options, String name) {
		String value = options.get(name);
		try {
			Duration duration = EmbeddedGatewaySimulatorInitializer.parseDuration(value, null);
			if (duration == null || duration.isNegative()) {
				throw new IllegalArgumentException("negative or empty");
			}
			return duration;
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(
					"--" + name + " must be a duration such as 500ms, 30s or PT30S but was '" + safe(value) + "'");
		}
	}

	private static InetAddress address(String value) {
		try {
			return InetAddress.getByName(value);
		}
		catch (UnknownHostException e) {
			throw new IllegalArgumentException("--bind must be a local address but was '" + safe(value) + "'");
		}
	}

	private static String safe(String text) {
		if (text == null) {
			return "";
		}
		String cleaned = text.replaceAll("[^\\x20-\\x7e]", "?");
		return (cleaned.length() > 40) ? cleaned.substring(0, 40) + "..." : cleaned;
	}

}
