/**
 * A fleet of gateway instances coordinated through one Redis, on Spring Data Redis:
 * <ul>
 * <li>{@link io.github.discordgateway.redis.RedisIdentifyCoordinator}: the identify slots
 * of every concurrency bucket and the daily session-start budget, shared by the
 * fleet;</li>
 * <li>{@link io.github.discordgateway.redis.RedisShardLeaseManager}: each shard runs on
 * the one instance that holds its lease, the others stand by;</li>
 * <li>{@link io.github.discordgateway.redis.RedisGatewaySessionStore}: sessions saved at
 * shutdown, resumed by whichever instance starts the shard next;</li>
 * <li>{@link io.github.discordgateway.redis.TimeLimitedRedisTemplate}: the template they
 * share, whose commands give up after a short timeout.</li>
 * </ul>
 * Each takes a {@link org.springframework.data.redis.core.StringRedisTemplate} and a key
 * prefix that every instance of the bot shares. No key or value holds the bot token.
 * Spring Boot applications get them from {@code gateway-autoconfigure} through
 * {@code discord.gateway.identify.coordinator=redis} and
 * {@code discord.gateway.session-store=redis}.
 */
package io.github.discordgateway.redis;
