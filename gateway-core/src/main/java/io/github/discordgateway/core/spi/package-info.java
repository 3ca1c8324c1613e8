/**
 * The small set of core pieces that other modules of this project build on, deliberately
 * public: the gateway command payloads and the collection of member chunks by nonce,
 * shared by the shard manager and by a worker that sends its commands through a broker.
 * Like {@code io.github.discordgateway.core}, this package is public API; everything else
 * of the client stays in {@code core.internal}, which may change in any release and which
 * no other module may import.
 */
package io.github.discordgateway.core.spi;
