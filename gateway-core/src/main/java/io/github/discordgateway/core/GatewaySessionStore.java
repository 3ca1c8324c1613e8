package io.github.discordgateway.core;

import java.util.Optional;

/**
 * Keeps shard sessions across a restart so that a redeploy resumes instead of identifying
 * again (identifying costs the daily budget, takes 5 s per bucket, and loses the events
 * sent meanwhile). On shutdown each shard saves its session and closes with a code that
 * keeps it resumable; on start a shard takes its saved session, if one is there and
 * fresh, and resumes it. Implementations must make {@link #take} atomic: a session is
 * resumed by one process only.
 */
public interface GatewaySessionStore {

	/** Saves a shard's session, replacing any saved one for the same shard and total. */
	void save(StoredSession session);

	/**
	 * Removes and returns the saved session of a shard, if there is one for this shard
	 * total that is still fresh enough to resume.
	 */
	Optional<StoredSession> take(int shardId, int shardTotal);

}
