package io.github.discordgateway.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.discordgateway.autoconfigure.DiscordGatewayProperties;
import io.github.discordgateway.autoconfigure.ShardIds;
import io.github.discordgateway.autoconfigure.ShardTotal;
import io.github.discordgateway.autoconfigure.forwarding.DiscordGatewayForwardingProperties;
import io.github.discordgateway.autoconfigure.metrics.DeliveryQueueMetrics;
import io.github.discordgateway.autoconfigure.metrics.MicrometerGatewayObserver;
import io.github.discordgateway.core.GatewayShard;
import io.github.discordgateway.core.ShardState;

/**
 * What can be checked of {@code docker/} and {@code docs/operations.md} without a Docker
 * engine: the files parse, fit together, and reference only metrics that exist.
 */
class DockerConfigurationTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Path DOCKER = ROOT.resolve("docker");

	private static final Pattern METRIC = Pattern.compile("\\bdiscord_gateway_[a-z_]+\\b");

	@Test
	void composeFileDescribesTheStack() throws IOException {
		Map<String, Object> compose = yaml(DOCKER.resolve("compose.yaml"));
		Map<String, Object> services = map(compose.get("services"));
		assertThat(services).containsKeys("simulator", "bot", "bot-discord", "prometheus", "grafana");
		Set<String> stages = dockerfileStages();
		assertThat(stages).contains("build", "simulator", "sample-app");

		Map<String, Object> simulator = map(services.get("simulator"));
		Map<String, Object> bot = map(services.get("bot"));
		Map<String, Object> botDiscord = map(services.get("bot-discord"));
		assertThat(list(simulator.get("profiles"))).containsExactly("simulator", "fleet", "service");
		assertThat(list(bot.get("profiles"))).containsExactly("simulator");
		assertThat(list(botDiscord.get("profiles"))).containsExactly("discord");
		for (Map<String, Object> service : List.of(simulator, bot, botDiscord)) {
			Map<String, Object> build = map(service.get("build"));
			assertThat(DOCKER.resolve((String) build.get("context")).normalize()).as("build context").isEqualTo(ROOT);
			assertThat(DOCKER.resolve((String) build.get("context")).resolve((String) build.get("dockerfile")))
				.isRegularFile();
			assertThat(stages).contains((String) build.get("target"));
		}
		assertThat(map(bot.get("build")).get("target")).isEqualTo("sample-app");
		assertThat(map(simulator.get("build")).get("target")).isEqualTo("simulator");
		assertThat(map(map(bot.get("depends_on")).get("simulator")).get("condition")).isEqualTo("service_healthy");

		// The bot finds the simulator under the host name the simulator hands out, with
		// the same token.
		Map<String, String> simulatorEnv = serviceEnvironment(simulator);
		Map<String, String> botEnv = serviceEnvironment(bot);
		assertThat(botEnv.get("DISCORD_GATEWAY_API_BASE_URL")).isEqualTo("http://"
				+ simulatorEnv.get("SIMULATOR_PUBLIC_HOST") + ":" + simulatorEnv.get("SIMULATOR_PORT") + "/api/v10");
		assertThat(simulatorEnv.get("SIMULATOR_PUBLIC_HOST")).isEqualTo("simulator");
		assertThat(botEnv.get("DISCORD_TOKEN")).isEqualTo(simulatorEnv.get("SIMULATOR_TOKEN"));
		assertThat(list(simulator.get("ports"))).contains("127.0.0.1:" + simulatorEnv.get("SIMULATOR_PORT") + ":8090");

		// The Discord profile reads the token from an env file that is neither committed
		// nor sent to the build.
		Map<String, Object> envFile = map(list(botDiscord.get("env_file")).get(0));
		assertThat(envFile.get("path")).isEqualTo("./discord.env");
		assertThat(Files.readString(DOCKER.resolve(".gitignore"))).contains("discord.env");
		assertThat(Files.readString(DOCKER.resolve("Dockerfile.dockerignore"))).contains("docker/discord.env")
			.contains("**/target/");
		assertThat(Files.readString(DOCKER.resolve("discord.env.example"))).contains("DISCORD_TOKEN=");
		assertThat(serviceEnvironment(botDiscord)).containsEntry("DISCORD_GATEWAY_SIMULATOR_ENABLED", "false");
		assertThat(list(map(map(botDiscord.get("networks")).get("default")).get("aliases"))).contains("bot");
		assertThat(Files.readString(DOCKER.resolve(".env"))).contains("COMPOSE_PROFILES=simulator");

		// Every mounted file or directory exists.
		for (String name : List.of("prometheus", "grafana")) {
			for (Object volume : list(map(services.get(name)).get("volumes"))) {
				String source = ((String) volume).split(":")[0];
				assertThat(DOCKER.resolve(source)).as(source).exists();
			}
		}
	}

	@Test
	void composePublishesPortsOnLoopbackOnlyAndGrafanaNeedsAPassword() throws IOException {
		Map<String, Object> services = map(yaml(DOCKER.resolve("compose.yaml")).get("services"));
		int published = 0;
		for (Map.Entry<String, Object> service : services.entrySet()) {
			Object ports = map(service.getValue()).get("ports");
			for (Object port : (ports != null) ? list(ports) : List.of()) {
				assertThat((String) port).as(service.getKey() + " publishes " + port).startsWith("127.0.0.1:");
				published++;
			}
		}
		assertThat(published).isGreaterThanOrEqualTo(4);
		Map<String, String> grafana = serviceEnvironment(map(services.get("grafana")));
		// ${VAR:?message}: compose refuses to start without it; no default such as admin
		assertThat(grafana.get("GF_SECURITY_ADMIN_PASSWORD")).startsWith("${GRAFANA_ADMIN_PASSWORD:?")
			.doesNotContain(":-");
		assertThat(grafana.get("GF_AUTH_ANONYMOUS_ENABLED")).isEqualTo("false");
		assertThat(grafana).doesNotContainKey("GF_AUTH_ANONYMOUS_ORG_ROLE");
	}

	@Test
	void serviceProfileRunsRedisTheGatewayServiceAndAWorkerOnLoopbackPorts() throws IOException {
		Map<String, Object> services = map(yaml(DOCKER.resolve("compose.yaml")).get("services"));
		Map<String, Object> simulator = map(services.get("simulator"));
		Map<String, Object> gatewayService = map(services.get("gateway-service"));
		Map<String, Object> worker = map(services.get("worker"));
		Map<String, Object> redis = map(services.get("redis"));
		for (Map<String, Object> service : List.of(gatewayService, worker)) {
			assertThat(list(service.get("profiles"))).containsExactly("service");
			assertThat(list(service.get("ports"))).isNotEmpty()
				.allSatisfy((port) -> assertThat((String) port).startsWith("127.0.0.1:"));
		}
		assertThat(list(redis.get("profiles"))).contains("service");
		Map<String, Object> build = map(gatewayService.get("build"));
		assertThat(DOCKER.resolve((String) build.get("context")).normalize()).isEqualTo(ROOT);
		Path dockerfile = DOCKER.resolve((String) build.get("context")).resolve((String) build.get("dockerfile"));
		assertThat(dockerfileStages(dockerfile)).contains("build", (String) build.get("target"));
		String service = Files.readString(dockerfile);
		assertThat(service).contains("USER 10001:10001")
			.contains("gateway-service/target/gateway-service.jar")
			.containsPattern("HEALTHCHECK .*\"/actuator/health\", \"8080\"");
		assertThat(Files.readString(ROOT.resolve("docker/gateway-service.Dockerfile.dockerignore")))
			.contains("**/target/")
			.contains("docker/discord.env");
		assertThat(Files.readString(ROOT.resolve("gateway-service/pom.xml")))
			.contains("<finalName>gateway-service</finalName>");
		assertThat(map(map(gatewayService.get("depends_on")).get("redis")).get("condition"))
			.isEqualTo("service_healthy");
		assertThat(map(map(gatewayService.get("depends_on")).get("simulator")).get("condition"))
			.isEqualTo("service_healthy");

		// The gateway service reaches the simulator with its token and forwards to the
		// compose Redis.
		Map<String, String> env = new HashMap<>(serviceEnvironment(gatewayService));
		env.replaceAll((key, value) -> value.replace("${SIMULATOR_TOKEN:-simulator-token}", "simulator-token"));
		StandardEnvironment environment = environment(env,
				new FileSystemResource(ROOT.resolve("gateway-service/src/main/resources/application.yml")));
		Binder binder = Binder.get(environment);
		assertThat(binder.bindOrCreate(DiscordGatewayProperties.PREFIX, DiscordGatewayProperties.class).getApiBaseUrl())
			.hasToString("http://" + serviceEnvironment(simulator).get("SIMULATOR_PUBLIC_HOST") + ":8090/api/v10");
		assertThat(environment.getProperty("discord.gateway.token")).isEqualTo("simulator-token");
		assertThat(
				binder.bindOrCreate(DiscordGatewayForwardingProperties.PREFIX, DiscordGatewayForwardingProperties.class)
					.getTarget())
			.isEqualTo(DiscordGatewayForwardingProperties.Target.REDIS_STREAM);
		assertThat(environment.getProperty("spring.data.redis.host")).isEqualTo("redis");
		assertThat(serviceEnvironment(worker)).containsEntry("SPRING_PROFILES_ACTIVE", "worker")
			.containsEntry("SPRING_DATA_REDIS_HOST", "redis")
			.containsEntry("DISCORD_GATEWAY_CONSUMER_SOURCE", "redis-stream");
		assertThat(map(worker.get("build")).get("target")).isEqualTo("sample-app");
	}

	@Test
	void composeEnvironmentBindsToTheGatewayProperties() throws IOException {
		Map<String, Object> services = map(yaml(DOCKER.resolve("compose.yaml")).get("services"));
		Map<String, String> env = new HashMap<>(serviceEnvironment(map(services.get("bot"))));
		env.replaceAll((key, value) -> value.replace("${SIMULATOR_TOKEN:-simulator-token}", "simulator-token"));
		DiscordGatewayProperties properties = bind(env);
		assertThat(properties.getToken()).isEqualTo("simulator-token");
		assertThat(properties.getApiBaseUrl()).hasToString("http://simulator:8090/api/v10");
		StandardEnvironment environment = environment(env);
		assertThat(environment.getProperty("discord.gateway.simulator.enabled", Boolean.class)).isFalse();
	}

	@Test
	void composeFleetProfileRunsTwoInstancesOfTheSameShardsUnderLeases() throws IOException {
		Map<String, Object> services = map(yaml(DOCKER.resolve("compose.yaml")).get("services"));
		assertThat(services).containsKeys("redis", "fleet-bot-1", "fleet-bot-2");
		Map<String, Object> redis = map(services.get("redis"));
		assertThat(list(redis.get("profiles"))).contains("fleet");
		assertThat(redis.get("ports")).as("Redis is not published").isNull();
		assertThat(list(map(redis.get("healthcheck")).get("test"))).contains("redis-cli", "ping");
		assertThat(list(map(services.get("simulator")).get("profiles"))).contains("fleet");

		Map<String, String> firstEnv = serviceEnvironment(map(services.get("fleet-bot-1")));
		Set<String> published = new TreeSet<>();
		for (String name : List.of("fleet-bot-1", "fleet-bot-2")) {
			Map<String, Object> bot = map(services.get(name));
			assertThat(list(bot.get("profiles"))).as(name).containsExactly("fleet");
			assertThat(map(bot.get("build")).get("target")).isEqualTo("sample-app");
			assertThat(map(map(bot.get("depends_on")).get("redis")).get("condition")).isEqualTo("service_healthy");
			assertThat(map(map(bot.get("depends_on")).get("simulator")).get("condition")).isEqualTo("service_healthy");
			assertThat(list(bot.get("ports"))).as(name)
				.singleElement()
				.asString()
				.startsWith("127.0.0.1:")
				.endsWith(":8080");
			published.add((String) list(bot.get("ports")).get(0));
			// Same shards, same Redis, same prefix: one runs them, the other stands by.
			assertThat(serviceEnvironment(bot)).as(name).isEqualTo(firstEnv);
		}
		assertThat(published).hasSize(2);

		Map<String, String> env = new HashMap<>(firstEnv);
		env.replaceAll((key, value) -> value.replace("${SIMULATOR_TOKEN:-simulator-token}", "simulator-token"));
		DiscordGatewayProperties properties = bind(env);
		assertThat(properties.getIdentify().getCoordinator())
			.isEqualTo(DiscordGatewayProperties.IdentifyCoordinatorType.REDIS);
		assertThat(properties.getSessionStore()).isEqualTo(DiscordGatewayProperties.SessionStoreType.REDIS);
		assertThat(properties.getShards().getLeases().isEnabled()).isTrue();
		assertThat(properties.getShards().getIds()).isEqualTo(ShardIds.ALL);
		assertThat(properties.getShards().getTotal()).isEqualTo(new ShardTotal(2));
		StandardEnvironment environment = environment(env);
		assertThat(environment.getProperty("spring.data.redis.host")).isEqualTo("redis");
		assertThat(environment.getProperty("management.health.redis.enabled", Boolean.class)).isTrue();
		assertThat(environment.getProperty("discord.gateway.simulator.enabled", Boolean.class)).isFalse();
	}

	@Test
	void sampleApplicationLeavesRedisAloneUnlessAFleetAsksForIt() throws Exception {
		StandardEnvironment environment = environment(Map.of());
		// Spring Data Redis is packaged, but a lone instance without Redis must stay
		// healthy.
		assertThat(environment.getProperty("management.health.redis.enabled", Boolean.class)).isFalse();
		assertThat(environment.getProperty("discord.gateway.identify.coordinator")).isNull();
		assertThat(Class.forName("org.springframework.data.redis.connection.RedisConnectionFactory", false,
				getClass().getClassLoader()))
			.isNotNull();
	}

	@Test
	void dockerfileBuildsNonRootImagesWithHealthChecks() throws Exception {
		String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
		assertThat(dockerfile).contains("FROM eclipse-temurin:${JAVA_VERSION}-jdk AS build")
			.contains("FROM eclipse-temurin:${JAVA_VERSION}-jre AS runtime")
			.contains("USER 10001:10001")
			.contains("MaxRAMPercentage")
			.contains("/app/app.jar")
			.contains("cp gateway-test/target/gateway-simulator.jar /out/simulator/gateway-simulator.jar")
			.contains("-jar /app/gateway-simulator.jar");
		List<String> stages = new ArrayList<>(dockerfileStages());
		assertThat(stages.get(stages.size() - 1)).as("the default target").isEqualTo("sample-app");
		String sampleStage = dockerfile.substring(dockerfile.indexOf("AS sample-app"));
		assertThat(sampleStage).contains("USER 10001:10001")
			.containsPattern("HEALTHCHECK .*\"/actuator/health\", \"8080\"");
		String simulatorStage = dockerfile.substring(dockerfile.indexOf("AS simulator"),
				dockerfile.indexOf("AS sample-app"));
		assertThat(simulatorStage).contains("USER 10001:10001").contains("HEALTHCHECK");
		Matcher copies = Pattern.compile("(?m)^COPY (?!--from)(?:--\\S+ )*(\\S+) ").matcher(dockerfile);
		while (copies.find()) {
			if (!copies.group(1).equals(".")) {
				assertThat(ROOT.resolve(copies.group(1))).as("COPY source " + copies.group(1)).exists();
			}
		}
		assertThat(DOCKER.resolve("healthcheck.sh")).isExecutable();
		assertThat(Class.forName("io.github.discordgateway.test.GatewaySimulatorApplication")
			.getMethod("main", String[].class)).isNotNull();
	}

	@Test
	void prometheusScrapesTheBot() throws Exception {
		Map<String, Object> prometheus = yaml(DOCKER.resolve("prometheus/prometheus.yml"));
		Map<String, Object> job = map(list(prometheus.get("scrape_configs")).get(0));
		assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
		assertThat(list(map(list(job.get("static_configs")).get(0)).get("targets"))).containsExactly("bot:8080");
		for (Object rule : list(prometheus.get("rule_files"))) {
			assertThat(DOCKER.resolve("prometheus").resolve((String) rule)).isRegularFile();
		}
		Map<String, Object> alerts = yaml(DOCKER.resolve("prometheus/alerts.yml"));
		Set<String> expressions = new LinkedHashSet<>();
		for (Object group : list(alerts.get("groups"))) {
			for (Object rule : list(map(group).get("rules"))) {
				expressions.add((String) map(rule).get("expr"));
			}
		}
		assertThat(expressions).isNotEmpty();
		assertOnlyKnownMetrics("alerts.yml", expressions);
	}

	@Test
	void promtoolAcceptsThePrometheusConfiguration() throws Exception {
		Assumptions.assumeTrue(onPath("promtool"), "promtool is not installed (Debian package 'prometheus')");
		Process process = new ProcessBuilder("promtool", "check", "config", "prometheus.yml")
			.directory(DOCKER.resolve("prometheus").toFile())
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(output).isZero();
	}

	@Test
	void promtoolAcceptsEveryDashboardQuery(@TempDir Path temp) throws Exception {
		Assumptions.assumeTrue(onPath("promtool"), "promtool is not installed (Debian package 'prometheus')");
		JsonNode dashboard = JsonMapper.builder()
			.build()
			.readTree(DOCKER.resolve("grafana/dashboards/discord-gateway.json").toFile());
		StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
		int n = 0;
		for (JsonNode panel : dashboard.path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				String expr = target.path("expr").asString().replace("$job", ".*").replace("$instance", ".*");
				rules.append("      - record: dashboard:query")
					.append(n++)
					.append("\n        expr: '")
					.append(expr.replace("'", "''"))
					.append("'\n");
			}
		}
		Path file = temp.resolve("dashboard-rules.yml");
		Files.writeString(file, rules);
		Process process = new ProcessBuilder("promtool", "check", "rules", file.toString()).redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains(n + " rules found");
	}

	@Test
	void grafanaDashboardQueriesOnlyMetricsThatExist() throws IOException {
		JsonNode dashboard = JsonMapper.builder()
			.build()
			.readTree(DOCKER.resolve("grafana/dashboards/discord-gateway.json").toFile());
		Map<String, Object> datasources = yaml(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yml"));
		Object uid = map(list(datasources.get("datasources")).get(0)).get("uid");
		Set<String> expressions = new LinkedHashSet<>();
		for (JsonNode panel : dashboard.path("panels")) {
			assertThat(panel.path("datasource").path("uid").asString()).as(panel.path("title").asString())
				.isEqualTo(uid);
			assertThat(panel.path("targets")).as(panel.path("title").asString()).isNotEmpty();
			for (JsonNode target : panel.path("targets")) {
				expressions.add(target.path("expr").asString());
			}
		}
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			expressions.add(variable.path("definition").asString());
		}
		assertThat(expressions).hasSizeGreaterThan(10);
		assertOnlyKnownMetrics("the dashboard", expressions);
		Set<String> queried = metricsIn(expressions);
		for (String meter : MicrometerGatewayObserver.meterNames()) {
			String prefix = meter.replace('.', '_');
			assertThat(queried).as("the dashboard shows " + meter).anyMatch((name) -> name.startsWith(prefix));
		}
		Map<String, Object> providers = yaml(DOCKER.resolve("grafana/provisioning/dashboards/dashboards.yml"));
		assertThat(map(map(list(providers.get("providers")).get(0)).get("options")).get("path"))
			.isEqualTo("/var/lib/grafana/dashboards");
	}

	@Test
	void operationsGuideDocumentsEveryMeter() throws IOException {
		String guide = Files.readString(ROOT.resolve("docs/operations.md"));
		Set<String> documented = new TreeSet<>();
		Matcher rows = Pattern
			.compile("(?m)^\\| `(discord\\.gateway\\.[a-z.]+)` \\|.*\\| `(discord_gateway_[a-z_]+)(_\\*)?` \\|$")
			.matcher(guide);
		Set<String> scraped = scrapedMetricNames();
		while (rows.find()) {
			documented.add(rows.group(1));
			String prometheus = rows.group(2);
			if (rows.group(3) != null) {
				assertThat(scraped).as(prometheus + "_*")
					.contains(prometheus + "_count", prometheus + "_sum", prometheus + "_max");
			}
			else {
				assertThat(scraped).as(prometheus).contains(prometheus);
			}
		}
		assertThat(documented).containsExactlyInAnyOrderElementsOf(MicrometerGatewayObserver.meterNames());
		assertThat(guide).contains("management.endpoint.health.group.readiness.include=readinessState,discordGateway")
			.contains("include: readinessState, discordGateway")
			.contains("management.endpoint.gateway.access=unrestricted")
			.contains("discord.gateway.health.down-after");
	}

	@Test
	void sampleApplicationPutsTheGatewayInTheReadinessGroup() throws IOException {
		StandardEnvironment environment = environment(Map.of());
		assertThat(environment.getProperty("management.endpoint.health.group.readiness.include"))
			.contains("discordGateway");
		assertThat(environment.getProperty("management.endpoints.web.exposure.include")).contains("gateway")
			.contains("prometheus");
		assertThat(environment.getProperty("management.endpoint.gateway.access")).isEqualTo("read-only");
	}

	private static void assertOnlyKnownMetrics(String where, Set<String> expressions) {
		Set<String> used = metricsIn(expressions);
		assertThat(used).as(where + " queries discord_gateway_* metrics").isNotEmpty();
		assertThat(scrapedMetricNames()).as("metrics registered by MicrometerGatewayObserver, queried by " + where)
			.containsAll(used);
	}

	private static Set<String> metricsIn(Set<String> expressions) {
		Set<String> names = new TreeSet<>();
		for (String expression : expressions) {
			Matcher matcher = METRIC.matcher(expression);
			while (matcher.find()) {
				names.add(matcher.group());
			}
		}
		return names;
	}

	/**
	 * The names of every series the observer exposes to Prometheus once every hook has
	 * fired.
	 */
	static Set<String> scrapedMetricNames() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		List<GatewayShard> shards = List.of();
		MicrometerGatewayObserver observer = new MicrometerGatewayObserver(registry, true);
		new DeliveryQueueMetrics(observer, () -> shards).bindTo(registry);
		observer.stateChanged(0, ShardState.IDLE, ShardState.CONNECTING);
		observer.stateChanged(0, ShardState.IDENTIFYING, ShardState.READY);
		observer.payloadReceived(0, 10, 20);
		observer.payloadSent(0, 1);
		observer.heartbeatAcknowledged(0, Duration.ofMillis(40));
		observer.decodeFailed(0, "json");
		observer.sessionStarted(0, false);
		observer.sessionStarted(0, true);
		observer.reconnecting(0, "close-4000");
		observer.dispatchDelivered(0, "READY", 1000);
		observer.sequenceAnomaly(0, 2, 3);
		observer.sessionStoreFailed(0, "checkpoint");
		Set<String> names = new TreeSet<>();
		for (String line : registry.scrape().split("\n")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				int end = line.indexOf('{');
				names.add(line.substring(0, (end >= 0) ? end : line.indexOf(' ')));
			}
		}
		assertThat(names).contains("discord_gateway_dispatches_total");
		return names;
	}

	private static DiscordGatewayProperties bind(Map<String, String> env) throws IOException {
		return Binder.get(environment(env))
			.bindOrCreate(DiscordGatewayProperties.PREFIX, DiscordGatewayProperties.class);
	}

	/**
	 * The sample's application.yml under the given environment variables, as Spring Boot
	 * resolves it.
	 */
	private static StandardEnvironment environment(Map<String, String> env) throws IOException {
		return environment(env, new ClassPathResource("application.yml"));
	}

	/**
	 * An application.yml under the given environment variables, as Spring Boot resolves
	 * it.
	 */
	private static StandardEnvironment environment(Map<String, String> env, Resource applicationYml)
			throws IOException {
		StandardEnvironment environment = new StandardEnvironment();
		MutablePropertySources sources = environment.getPropertySources();
		sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		// Named like the real one ("...-systemEnvironment"), so that Boot maps nested
		// names such as
		// DISCORD_GATEWAY_IDENTIFY_COORDINATOR the way it does in a container.
		sources.addLast(new SystemEnvironmentPropertySource("compose-systemEnvironment", new HashMap<>(env)));
		for (PropertySource<?> source : new YamlPropertySourceLoader().load("application.yml", applicationYml)) {
			sources.addLast(source);
		}
		ConfigurationPropertySources.attach(environment);
		return environment;
	}

	private static Map<String, String> serviceEnvironment(Map<String, Object> service) {
		Map<String, String> env = new HashMap<>();
		Object environment = service.get("environment");
		if (environment != null) {
			map(environment).forEach((key, value) -> env.put(key, String.valueOf(value)));
		}
		return env;
	}

	private static Set<String> dockerfileStages() throws IOException {
		return dockerfileStages(DOCKER.resolve("Dockerfile"));
	}

	private static Set<String> dockerfileStages(Path dockerfile) throws IOException {
		Set<String> stages = new LinkedHashSet<>();
		Matcher matcher = Pattern.compile("(?m)^FROM \\S+ AS (\\S+)$").matcher(Files.readString(dockerfile));
		while (matcher.find()) {
			stages.add(matcher.group(1));
		}
		return stages;
	}

	private static boolean onPath(String command) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(java.io.File.pathSeparator)) {
			if (Files.isExecutable(Path.of(directory, command))) {
				return true;
			}
		}
		return false;
	}

	private static Map<String, Object> yaml(Path file) throws IOException {
		return new Yaml().load(Files.readString(file));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<Object>) value;
	}

}
