package io.github.discordgateway.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.discordgateway.test.GatewaySimulator;

/**
 * Starts a {@link GatewaySimulator} for the test's application context and connects the
 * starter to it: the simulator is a bean (inject it with
 * {@code @Autowired GatewaySimulator} to dispatch events and inject faults), and a
 * {@code DiscordGatewayConnectionDetails} bean gives the auto-configuration its REST URL
 * and token, so no token or URL property is needed. The simulator lives as long as the
 * context; tests that share a cached context share its simulator and what it recorded.
 * <p>
 * Also sets {@code discord.gateway.identify-interval=0s} (the simulator does not enforce
 * the 5 s spacing), {@code discord.gateway.encoding} and
 * {@code discord.gateway.compression} from the attributes, with lower precedence than the
 * test's own properties, and turns off an {@code EmbeddedGatewaySimulatorInitializer} the
 * application may register.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureGatewaySimulator {

	/**
	 * The token the simulator expects; the starter is given the same one.
	 * @return the token
	 */
	String token() default "test-token";

	/**
	 * How many guilds READY lists and GUILD_CREATE sends.
	 * @return the guild count
	 */
	int guilds() default 1;

	/**
	 * The shard count {@code GET /gateway/bot} recommends.
	 * @return the shard count
	 */
	int shards() default 1;

	/**
	 * The payload encoding the starter requests: {@code json} or {@code etf}.
	 * @return the encoding
	 */
	String encoding() default "json";

	/**
	 * The transport compression the starter requests: {@code zlib-stream},
	 * {@code zstd-stream} or {@code none}.
	 * @return the compression
	 */
	String compression() default "zlib-stream";

	/**
	 * The heartbeat interval the simulator sends in HELLO, in milliseconds.
	 * @return the interval
	 */
	long heartbeatIntervalMillis() default 41250;

	/**
	 * Generated guild events per second the simulator dispatches (0 = none; dispatch your
	 * own with {@link GatewaySimulator#dispatch(String, String)}).
	 * @return the rate
	 */
	double eventsPerSecond() default 0;

}
