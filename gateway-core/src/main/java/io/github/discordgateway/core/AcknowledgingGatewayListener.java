package io.github.discordgateway.core;

import java.util.concurrent.CompletionStage;

/**
 * A {@link GatewayListener} that finishes with a dispatch after its call returns: one
 * that writes it to a message broker, for instance, and is done only when the broker
 * confirmed the write.
 * <p>
 * The shard counts a dispatch as delivered (the sequence a handed-over or checkpointed
 * session resumes from) only once the stage returned for it completed, and in sequence
 * order: a later dispatch that completes first waits for the earlier ones. At most
 * {@link #maxInFlight()} dispatches per shard may be incomplete; then the shard's
 * delivery waits for one to complete, its delivery queue fills up and the shard stops
 * reading the socket, as with a slow synchronous listener. Nothing is dropped and
 * heartbeats are not delayed. A stage that never completes keeps its dispatch
 * undelivered, so a session handed over later replays it; a stage that completes
 * exceptionally counts as delivered, like a synchronous listener that threw, so complete
 * it only when the dispatch is really done with.
 */
public interface AcknowledgingGatewayListener extends GatewayListener {

	/**
	 * Handles a dispatch; called like {@link #onDispatch}, one at a time per shard and in
	 * order.
	 * @return completes when the dispatch is done with
	 */
	CompletionStage<?> deliver(GatewayDispatch dispatch);

	/** How many dispatches of one shard may wait for their stage to complete. */
	default int maxInFlight() {
		return 1024;
	}

	/** Handles the dispatch and waits until {@link #deliver} says it is done. */
	@Override
	default void onDispatch(GatewayDispatch dispatch) {
		deliver(dispatch).toCompletableFuture().join();
	}

}
