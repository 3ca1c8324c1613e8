/**
 * The small set of core pieces that other modules of this project build on, deliberately
 * public: the gateway command payloads and the collection of member chunks by nonce,
 * shared by the shard manager and by a worker that sends its commands through a broker.
 * Everything else of the client stays in {@code core.internal}.
 */
package io.github.discordgateway.core.spi;
