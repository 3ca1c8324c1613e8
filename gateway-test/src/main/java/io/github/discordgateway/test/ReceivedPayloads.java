package io.github.discordgateway.test;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The payloads the simulator or one of its connections received, oldest first. Keeps the
 * last {@code limit} only, so that a simulator that runs for days (the standalone one, a
 * soak) keeps its memory bounded; tests see every payload as long as they stay below the
 * limit. Thread-safe.
 */
final class ReceivedPayloads {

	private final int limit;

	private final ArrayDeque<ReceivedPayload> payloads = new ArrayDeque<>();

	ReceivedPayloads(int limit) {
		this.limit = limit;
	}

	synchronized void add(ReceivedPayload payload) {
		if (this.payloads.size() == this.limit) {
			this.payloads.removeFirst();
		}
		this.payloads.addLast(payload);
	}

	synchronized List<ReceivedPayload> all() {
		return List.copyOf(this.payloads);
	}

	synchronized List<ReceivedPayload> withOp(int op) {
		return this.payloads.stream().filter((payload) -> payload.op() == op).toList();
	}

}
