package io.github.discordgateway.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The README's complete test is {@link BotGatewayTests}, which the build compiles and
 * runs: the two must not drift apart.
 */
class ReadmeTests {

	private static final Path README = Path.of("..", "README.md");

	private static final Path TEST = Path.of("src", "test", "java", "io", "github", "discordgateway", "sample",
			"BotGatewayTests.java");

	@Test
	void theReadmeShowsBotGatewayTestsAsItIs() throws IOException {
		String readme = Files.readString(README, StandardCharsets.UTF_8);
		String section = readme.substring(readme.indexOf("## Testing your bot"));
		Matcher block = Pattern.compile("```java\n(import static .*?)```", Pattern.DOTALL).matcher(section);
		assertThat(block.find()).as("a java block with the imports in the testing section").isTrue();
		String source = Files.readString(TEST, StandardCharsets.UTF_8);
		String withoutPackage = source.substring(source.indexOf("import static"));
		assertThat(block.group(1)).isEqualTo(withoutPackage);
	}

}
