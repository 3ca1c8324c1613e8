package io.github.discordgateway.test.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.github.discordgateway.test.internal.JsonSupport;
import io.github.discordgateway.test.internal.PayloadEncoder;
import io.github.discordgateway.test.internal.PayloadEncoders;
import tools.jackson.databind.JsonNode;

/**
 * Discord's own ETF decoder, erlpack (as discord.js uses it), reads what the simulator
 * sends in {@code encoding=etf}: it knows only the Latin-1 atom tags, so this fails if
 * the simulator writes {@code SMALL_ATOM_UTF8_EXT}. Needs Node.js and the erlpack npm
 * package: {@code .ci/run} installs it and sets {@code ERLPACK_NODE_PATH}; locally the
 * test is skipped, saying so, when either is missing. On CI ({@code CI=true}) a missing
 * tool fails the test.
 */
class ErlpackInteropTest {

	private static final List<String> FIXTURES = List.of("hello", "ready", "guild_create", "message_create",
			"interaction_create", "invalid_session_false");

	@Test
	void erlpackDecodesEveryPayloadTheSimulatorSends() throws Exception {
		String nodePath = System.getenv("ERLPACK_NODE_PATH");
		boolean ci = "true".equals(System.getenv("CI"));
		String missing = (nodePath == null || !Files.isDirectory(Path.of(nodePath, "erlpack")))
				? "ERLPACK_NODE_PATH does not point at a node_modules directory with erlpack (npm install erlpack; "
						+ ".ci/run does it)"
				: null;
		if (missing != null) {
			assertThat(ci).as("on CI: " + missing).isFalse();
			Assumptions.abort("Skipped: " + missing);
		}
		PayloadEncoder etf = PayloadEncoders.forName("etf").orElseThrow();
		List<String> lines = new ArrayList<>();
		for (String fixture : FIXTURES) {
			lines.add(HexFormat.of().formatHex(etf.encode(JsonSupport.write(JsonSupport.fixture(fixture)))));
		}
		Path input = Files.createDirectories(Path.of("target")).resolve("erlpack-input.txt");
		Files.write(input, lines, StandardCharsets.UTF_8);
		String script = "const erlpack = require('erlpack');"
				+ "for (const hex of require('fs').readFileSync(process.argv[1], 'utf8').trim().split('\\n')) {"
				+ "  console.log(JSON.stringify(erlpack.unpack(Buffer.from(hex, 'hex')), "
				+ "    (k, v) => typeof v === 'bigint' ? v.toString() : v));" + "}";
		ProcessBuilder builder = new ProcessBuilder("node", "-e", script, input.toAbsolutePath().toString())
			.redirectErrorStream(true);
		builder.environment().put("NODE_PATH", nodePath);
		Process node = builder.start();
		String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(node.exitValue()).as(output).isZero();

		List<String> decoded = output.lines().toList();
		assertThat(decoded).hasSize(FIXTURES.size());
		for (int i = 0; i < FIXTURES.size(); i++) {
			JsonNode expected = JsonSupport.fixture(FIXTURES.get(i));
			JsonNode actual = JsonSupport.MAPPER.readTree(decoded.get(i));
			assertThat(actual.path("op").asInt()).as(FIXTURES.get(i)).isEqualTo(expected.path("op").asInt());
			assertThat(actual.path("t").asString("")).as(FIXTURES.get(i)).isEqualTo(expected.path("t").asString(""));
			assertThat(actual.path("d").size()).as(FIXTURES.get(i)).isEqualTo(expected.path("d").size());
		}
		JsonNode message = JsonSupport.MAPPER.readTree(decoded.get(FIXTURES.indexOf("message_create")));
		assertThat(message.path("d").path("content").asString())
			.isEqualTo(JsonSupport.fixture("message_create").path("d").path("content").asString());
		assertThat(message.path("d").path("id").asString())
			.isEqualTo(JsonSupport.fixture("message_create").path("d").path("id").asString());
	}

}
