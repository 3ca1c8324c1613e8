/**
 * A decoded gateway payload and the reader of its data, shared by the codecs of
 * {@code core.internal} and by {@link io.github.discordgateway.core.GatewayDispatch},
 * which reads a dispatch's data through them. It depends on nothing else of the client,
 * so that the API package can use it without a cycle. Internal: no other module may
 * import it.
 */
package io.github.discordgateway.core.internal.payload;
