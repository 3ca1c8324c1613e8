/**
 * Spring application events for gateway dispatches and shard lifecycle changes, published
 * by {@link io.github.discordgateway.core.event.ApplicationEventGatewayListener}.
 */
package io.github.discordgateway.core.event;
