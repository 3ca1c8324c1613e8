package io.github.discordgateway.core.event;

import tools.jackson.databind.JsonNode;

/** Small null-safe readers for event data, shared by the typed events. */
final class EventData {

	private EventData() {
	}

	/**
	 * The text of a string node, or {@code null} when the node is missing, {@code null}
	 * or not a string.
	 */
	static String text(JsonNode node) {
		return (node != null && node.isString()) ? node.stringValue() : null;
	}

	/** The value of a boolean node, or {@code fallback}. */
	static boolean bool(JsonNode node, boolean fallback) {
		return (node != null && node.isBoolean()) ? node.booleanValue() : fallback;
	}

	/** The value of an integer node that fits in an {@code int}, or {@code fallback}. */
	static int integer(JsonNode node, int fallback) {
		return (node != null && node.isIntegralNumber() && node.canConvertToInt()) ? node.intValue() : fallback;
	}

	/** The number of elements of an array node, or {@code 0}. */
	static int count(JsonNode node) {
		return (node != null && node.isArray()) ? node.size() : 0;
	}

}
