package io.github.discordgateway.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when the gateway should connect: {@code discord.gateway.enabled} is not
 * {@code false}, {@code discord.gateway.consumer.source} is not set (a worker never
 * connects) and either {@code discord.gateway.token} has text or a
 * {@link DiscordGatewayConnectionDetails} bean is defined. (A plain
 * {@code @ConditionalOnProperty} would also match an empty token.)
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnDiscordGatewayCondition.class)
public @interface ConditionalOnDiscordGateway {

}
