package io.github.discordgateway.core.internal;

import tools.jackson.databind.JsonNode;

/**
 * A decoded gateway payload envelope.
 *
 * @param op the opcode
 * @param sequence {@code s}, or {@code -1} when absent or null
 * @param type {@code t}, or {@code null}
 * @param data {@code d} (a {@code NullNode} when absent)
 */
public record GatewayPayload(int op, long sequence, String type, JsonNode data) {

}
