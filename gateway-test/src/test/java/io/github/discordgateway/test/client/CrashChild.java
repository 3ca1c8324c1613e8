package io.github.discordgateway.test.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.github.discordgateway.core.BotToken;
import io.github.discordgateway.core.FileGatewaySessionStore;
import io.github.discordgateway.core.GatewayOptions;
import io.github.discordgateway.core.manager.GatewayShardManager;

/**
 * The bot process of {@link CrashRecoveryTest}: runs the shards against a simulator with
 * a file session store and prints {@code delivered <shard> <sequence>} for every dispatch
 * its listener returned from, until it is killed.
 * <p>
 * Arguments: the simulator's API base URL, the session store directory, the bot token.
 */
public final class CrashChild {

	private CrashChild() {
	}

	public static void main(String[] args) throws InterruptedException {
		GatewayOptions options = GatewayOptions.builder(BotToken.of(args[2]))
			.apiBaseUrl(URI.create(args[0]))
			.identifyInterval(Duration.ZERO)
			.build();
		GatewayShardManager manager = GatewayShardManager
			.builder(options,
					(dispatch) -> System.out.println("delivered " + dispatch.shardId() + " " + dispatch.sequence()))
			.sessionStore(new FileGatewaySessionStore(Path.of(args[1]), Duration.ofMinutes(2)))
			.build();
		manager.start();
		System.out.println("started");
		new CountDownLatch(1).await();
	}

}
