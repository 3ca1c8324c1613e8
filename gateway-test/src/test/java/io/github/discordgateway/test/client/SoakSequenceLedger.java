package io.github.discordgateway.test.client;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayListener;
import io.github.discordgateway.test.GatewaySimulator;

/**
 * Splits each shard's delivered stream at READY (whose {@code session_id} names the
 * session) and checks that each session's dispatches arrive as 1, 2, 3, ... Keeps one
 * number per session, not the dispatches.
 */
final class SoakSequenceLedger implements GatewayListener {

	final AtomicLong delivered = new AtomicLong();

	final List<String> violations = new CopyOnWriteArrayList<>();

	/** Session id to the last sequence delivered for it. */
	private final Map<String, Long> lastBySession = new ConcurrentHashMap<>();

	private final Map<Integer, String> currentByShard = new ConcurrentHashMap<>();

	@Override
	public void onDispatch(GatewayDispatch dispatch) {
		this.delivered.incrementAndGet();
		int shard = dispatch.shardId();
		if ("READY".equals(dispatch.type())) {
			String session = dispatch.data().path("session_id").asString("");
			if (this.lastBySession.putIfAbsent(session, dispatch.sequence()) != null) {
				violation("shard %d: second READY for session %s (s=%d)", shard, session, dispatch.sequence());
			}
			if (dispatch.sequence() != 1) {
				violation("shard %d: READY of session %s has s=%d", shard, session, dispatch.sequence());
			}
			this.currentByShard.put(shard, session);
			return;
		}
		String session = this.currentByShard.get(shard);
		if (session == null) {
			violation("shard %d: %s before any READY", shard, dispatch);
			return;
		}
		long last = this.lastBySession.get(session);
		if (dispatch.sequence() != last + 1) {
			violation("shard %d session %s: after s=%d got %s (%s)", shard, session, last, dispatch,
					(dispatch.sequence() <= last) ? "duplicate or out of order" : "gap");
		}
		this.lastBySession.put(session, Math.max(last, dispatch.sequence()));
	}

	private void violation(String format, Object... args) {
		if (this.violations.size() < 100) {
			this.violations.add(String.format(format, args));
		}
	}

	String currentSession(int shard) {
		return this.currentByShard.get(shard);
	}

	long deliveredUpTo(String session) {
		return this.lastBySession.getOrDefault(session, 0L);
	}

	Set<String> sessions() {
		return this.lastBySession.keySet();
	}

	/**
	 * Sessions whose client moved on before receiving all of them (the current sessions
	 * excluded).
	 */
	long abandoned(GatewaySimulator simulator) {
		Set<String> current = new HashSet<>(this.currentByShard.values());
		return simulator.sessions()
			.stream()
			.filter((s) -> !current.contains(s.id()))
			.filter((s) -> deliveredUpTo(s.id()) < s.lastSequence())
			.count();
	}

}
