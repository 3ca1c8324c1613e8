package io.github.discordgateway.test;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

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

	/**
	 * The options of the standalone process with their defaults and help texts, before
	 * the {@linkplain SimulatorOptions#GATEWAY shared ones}.
	 */
	private static final String[][] PROCESS_OPTIONS = {
			{ "port", "8090", "TCP port for REST discovery and the WebSocket gateway (0 = any free port)" },
			{ "bind", "0.0.0.0",
					"local address to listen on (0.0.0.0 = every interface, 127.0.0.1 = this machine only)" },
			{ "public-host", "127.0.0.1", "host name clients use; returned by discovery and as resume_gateway_url" },
			{ "token", "simulator-token", "the bot token clients must present (never printed)" },
			{ "events-per-second", "5", "rate of generated guild events (0 = none)" } };

	/** Options whose values are never printed. */
	private static final Set<String> SECRETS = Set.of("token", "tls-key-store-password");

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
		SimulatorOptions parsed = new SimulatorOptions(options, (name) -> "--" + name);
		double eventsPerSecond = parsed.doubleOption("events-per-second");
		GatewaySimulator simulator = parsed.start(GatewaySimulator.builder()
			.port(parsed.intOption("port", 0, 65535))
			.bindAddress(address(options.get("bind")))
			.publicHost(options.get("public-host"))
			.token(options.get("token")));
		if (eventsPerSecond > 0) {
			simulator.startTraffic(eventsPerSecond);
		}
		StringBuilder effective = new StringBuilder("Options:");
		options.forEach((name, value) -> effective.append(" --")
			.append(name)
			.append('=')
			.append(SECRETS.contains(name) ? "(" + value.length() + " characters)" : value));
		out.println(effective + " (--help lists them)");
		out.println("Discord gateway simulator listening on " + options.get("bind") + ":" + simulator.port() + " (REST "
				+ simulator.apiBaseUrl() + ", gateway " + simulator.gatewayUrl() + ", " + eventsPerSecond
				+ " events/s, " + options.get("guilds") + " guild(s), " + options.get("shards")
				+ " recommended shard(s), " + simulator.sessionStartsRemaining() + " session start(s) left, token "
				+ (options.get("token").length()) + " characters)");
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
				throw new IllegalArgumentException("unknown option --" + SimulatorOptions.safe(name));
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
		Stream.of(PROCESS_OPTIONS, SimulatorOptions.GATEWAY)
			.flatMap(Stream::of)
			.forEach((option) -> defaults.put(option[0], option[1]));
		return defaults;
	}

	private static Map<String, String> help() {
		Map<String, String> help = new LinkedHashMap<>();
		Stream.of(PROCESS_OPTIONS, SimulatorOptions.GATEWAY)
			.flatMap(Stream::of)
			.forEach((option) -> help.put(option[0], option[2]));
		return help;
	}

	private static void printHelp(PrintStream out) {
		out.println("Usage: GatewaySimulatorApplication [--name=value ...]");
		out.println("A fake Discord gateway (REST discovery + WebSocket) for running a bot without Discord.");
		out.println();
		for (Map.Entry<String, String> option : HELP.entrySet()) {
			out.printf("  --%-20s %s%n", option.getKey() + "=", option.getValue());
			out.printf("    %-20s env %s, default %s%n", "", envName(option.getKey()),
					DEFAULTS.get(option.getKey()).isEmpty() ? "none" : DEFAULTS.get(option.getKey()));
		}
	}

	private static InetAddress address(String value) {
		try {
			return InetAddress.getByName(value);
		}
		catch (UnknownHostException e) {
			throw new IllegalArgumentException(
					"--bind must be a local address but was '" + SimulatorOptions.safe(value) + "'");
		}
	}

}
