package io.github.discordgateway.core;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks and parses the JSON data of dispatches that come from outside a shard, such as a
 * broker.
 */
final class DispatchJson {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private DispatchJson() {
	}

	/**
	 * Checks that {@code json} is exactly one complete JSON value, without building it.
	 */
	static void check(byte[] json) {
		try (JsonParser parser = MAPPER.createParser(json)) {
			if (parser.nextToken() == null) {
				throw new IllegalArgumentException("The dispatch data is empty");
			}
			parser.skipChildren();
			if (parser.nextToken() != null) {
				throw new IllegalArgumentException("The dispatch data has content after its JSON value");
			}
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("The dispatch data is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	static JsonNode parse(byte[] json) {
		return MAPPER.readTree(json);
	}

}
