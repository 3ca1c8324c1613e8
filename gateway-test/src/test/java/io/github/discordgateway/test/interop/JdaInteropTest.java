package io.github.discordgateway.test.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.discordgateway.test.GatewaySimulator;
import io.github.discordgateway.test.internal.JsonSupport;

/**
 * JDA 6.5, a client we did not write, logs in to the simulator as it logs in to Discord
 * (REST {@code /users/@me} to check the token, IDENTIFY with zlib-stream on the gateway
 * URL its session controller gives), receives READY and the guilds, and parses a
 * dispatched message: in JSON and in ETF (JDA's own ETF decoder).
 */
class JdaInteropTest {

	private static final String TOKEN = "MTIzODQ5NjI5NzM0NjQ4NTY1Ng.GInter.interop-token-not-a-real-one";

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	@ParameterizedTest(name = "{0}")
	@EnumSource(value = net.dv8tion.jda.api.GatewayEncoding.class)
	void jdaLogsInAndReadsEvents(net.dv8tion.jda.api.GatewayEncoding encoding) throws Exception {
		Recorder recorder = new Recorder();
		try (GatewaySimulator simulator = GatewaySimulator.builder().token(TOKEN).guilds(2).build().start()) {
			JDA jda = JDABuilder
				.createLight(TOKEN, EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT))
				.enableCache(EnumSet.noneOf(CacheFlag.class))
				.setRestConfig(new RestConfig().setBaseUrl(simulator.apiBaseUrl() + "/"))
				// JDA's way to a custom gateway: it asks its session controller, not GET
				// /gateway
				.setSessionController(new ConcurrentSessionController() {
					@Override
					public String getGateway() {
						return simulator.gatewayUrl();
					}
				})
				.setGatewayEncoding(encoding)
				.setCompression(Compression.ZLIB)
				.addEventListeners(recorder)
				.build();
			try {
				jda.awaitReady();
				assertThat(recorder.ready).hasSize(1);
				await().atMost(TIMEOUT).until(() -> recorder.guilds.size() == 2);
				assertThat(recorder.guilds).containsExactlyInAnyOrderElementsOf(simulator.guildIds());
				assertThat(jda.getSelfUser().getId()).isEqualTo("1238496297346485656");
				assertThat(simulator.latestConnection().orElseThrow().query())
					.containsEntry("encoding", encoding.name().toLowerCase(java.util.Locale.ROOT))
					.containsEntry("compress", "zlib-stream");

				simulator.dispatchFixture("MESSAGE_CREATE");
				await().atMost(TIMEOUT).until(() -> !recorder.messages.isEmpty());
				String expected = JsonSupport.fixture("message_create").get("d").get("content").stringValue();
				assertThat(recorder.messages.get(0)).isEqualTo(expected);
			}
			finally {
				jda.shutdownNow();
				jda.awaitShutdown(Duration.ofSeconds(10));
			}
		}
	}

	static final class Recorder extends ListenerAdapter {

		final List<ReadyEvent> ready = new CopyOnWriteArrayList<>();

		final List<String> guilds = new CopyOnWriteArrayList<>();

		final List<String> messages = new CopyOnWriteArrayList<>();

		@Override
		public void onReady(ReadyEvent event) {
			ready.add(event);
		}

		@Override
		public void onGuildReady(GuildReadyEvent event) {
			guilds.add(event.getGuild().getId());
		}

		@Override
		public void onMessageReceived(MessageReceivedEvent event) {
			messages.add(event.getMessage().getContentRaw());
		}

	}

}
