package io.github.discordgateway.benchmarks.peer.starter;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/** The arguments every flood peer takes: --port, --events, --warmup, --encoding, --compression (and --read-data here). */
record PeerArgs(int port, long events, long warmup, String encoding, String compression, boolean readData) {

	/** Same for every peer: the user id of the fixtures' bot, base64, then two dummy parts. */
	static final String TOKEN = "MTIzODQ5NjI5NzM0NjQ4NTY1Ng.GFlood.benchmark-token-not-a-real-one";

	static PeerArgs parse(String[] args) {
		Map<String, String> values = new HashMap<>(Map.of("events", "200000", "warmup", "50000", "encoding", "json",
				"compression", "zlib-stream", "read-data", "false"));
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (arg.startsWith("--") && eq > 2) {
				values.put(arg.substring(2, eq), arg.substring(eq + 1));
			}
		}
		if (!values.containsKey("port")) {
			throw new IllegalArgumentException("--port=<flood server port> is required");
		}
		return new PeerArgs(Integer.parseInt(values.get("port")), Long.parseLong(values.get("events")),
				Long.parseLong(values.get("warmup")), values.get("encoding"), values.get("compression"),
				Boolean.parseBoolean(values.get("read-data")));
	}

	static long epochMicros() {
		return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
	}

}
