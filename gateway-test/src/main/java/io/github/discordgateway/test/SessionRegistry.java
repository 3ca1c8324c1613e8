package io.github.discordgateway.test;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.discordgateway.test.internal.GuildFactory;
import io.github.discordgateway.test.internal.JsonSupport;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every session the simulator started: starts one for an accepted IDENTIFY (READY, then
 * GUILD_CREATE for each guild of its shard), finds one for a RESUME, and routes
 * dispatches to the live sessions like Discord does (by {@code guild_id} to shard
 * {@code (guild_id >> 22) % num_shards}, events without one to shard 0). Thread-safe.
 */
final class SessionRegistry {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SimulatorConfig config;

	private final GuildFactory guilds;

	private final List<SimulatedSession> sessions = new CopyOnWriteArrayList<>();

	private final Map<String, SimulatedSession> sessionsById = new ConcurrentHashMap<>();

	SessionRegistry(SimulatorConfig config, GuildFactory guilds) {
		this.config = config;
		this.guilds = guilds;
	}

	/**
	 * Starts a session on a connection: it is registered and attached before READY and
	 * the shard's GUILD_CREATEs are dispatched, all under the session's lock.
	 * @param connection the identifying connection
	 * @param identify what the IDENTIFY asked for
	 * @param resumeGatewayUrl the {@code resume_gateway_url} for READY
	 * @return the new session
	 */
	SimulatedSession start(SimulatedConnection connection, IdentifyPayload identify, String resumeGatewayUrl) {
		byte[] idBytes = new byte[16];
		RANDOM.nextBytes(idBytes);
		SimulatedSession session = new SimulatedSession(HexFormat.of().formatHex(idBytes), identify.shardId(),
				identify.shardCount(), identify.intents(), this.config.replayBufferSize,
				this.config.resumeWindow.toNanos());
		List<Integer> shardGuilds = this.guilds.guildsOnShard(identify.shardId(), identify.shardCount());
		ObjectNode ready = (ObjectNode) JsonSupport.fixture("ready").get("d");
		ready.put("session_id", session.id());
		ready.put("resume_gateway_url", resumeGatewayUrl);
		if (identify.sharded()) {
			ArrayNode echo = ready.putArray("shard");
			echo.add(identify.shardId());
			echo.add(identify.shardCount());
		}
		else {
			ready.remove("shard");
		}
		ArrayNode stubs = ready.putArray("guilds");
		shardGuilds.forEach((i) -> stubs.add(this.guilds.unavailableStub(i)));
		synchronized (session) {
			this.sessions.add(session);
			this.sessionsById.put(session.id(), session);
			session.attach(connection);
			connection.onSessionStarted(session);
			session.dispatchRaw("READY", JsonSupport.write(ready));
			for (int index : shardGuilds) {
				session.dispatchRaw("GUILD_CREATE", this.guilds.guildCreateJson(index));
			}
		}
		return session;
	}

	SimulatedSession find(String id) {
		return this.sessionsById.get(id);
	}

	List<SimulatedSession> all() {
		return List.copyOf(this.sessions);
	}

	/** The newest session of a shard that has not ended. */
	Optional<SimulatedSession> current(int shardId) {
		List<SimulatedSession> all = all();
		for (int i = all.size() - 1; i >= 0; i--) {
			SimulatedSession session = all.get(i);
			if (session.shardId() == shardId && !session.isInvalidated()) {
				return Optional.of(session);
			}
		}
		return Optional.empty();
	}

	/**
	 * Dispatches to every live session the event routes to.
	 * @param type event name
	 * @param guildId the event's guild, or {@code -1} for none
	 * @param json the {@code d} as JSON
	 * @return number of sessions it was dispatched to
	 */
	int route(String type, long guildId, byte[] json) {
		int delivered = 0;
		for (SimulatedSession session : this.sessions) {
			if (session.isInvalidated()) {
				continue;
			}
			int shard = (guildId >= 0) ? GuildFactory.shardOf(guildId, session.shardCount()) : 0;
			if (shard != session.shardId()) {
				continue;
			}
			try {
				session.dispatchRaw(type, json);
				delivered++;
			}
			catch (IllegalStateException ended) {
				// the session ended meanwhile
			}
		}
		return delivered;
	}

	/** Lets every ended session drop the connection it last had. */
	void releaseEndedConnections() {
		this.sessions.stream().filter(SimulatedSession::isInvalidated).forEach(SimulatedSession::releaseConnection);
	}

}
