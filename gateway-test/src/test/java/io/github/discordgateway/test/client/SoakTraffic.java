package io.github.discordgateway.test.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;

import io.github.discordgateway.test.GatewaySimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams guild dispatches to both shards from its own thread, also while they are
 * disconnected.
 */
final class SoakTraffic implements Runnable {

	private static final String[] TYPES = { "MESSAGE_CREATE", "MESSAGE_CREATE", "MESSAGE_CREATE", "TYPING_START",
			"TYPING_START", "MESSAGE_REACTION_ADD", "PRESENCE_UPDATE" };

	final AtomicLong events = new AtomicLong();

	private final GatewaySimulator simulator;

	private final Random random;

	private final List<List<String>> guildsByShard = new ArrayList<>();

	private volatile boolean running = true;

	private final int shards;

	private final double eventsPerSecond;

	/**
	 * Taken shared for each dispatch; a fault that must see no dispatch in flight takes
	 * it exclusively.
	 */
	private final ReadWriteLock gate;

	SoakTraffic(GatewaySimulator simulator, Random random, int shards, double eventsPerSecond, ReadWriteLock gate) {
		this.simulator = simulator;
		this.random = random;
		this.shards = shards;
		this.eventsPerSecond = eventsPerSecond;
		this.gate = gate;
		for (int shard = 0; shard < this.shards; shard++) {
			this.guildsByShard.add(new ArrayList<>());
		}
		for (String guild : simulator.guildIds()) {
			this.guildsByShard.get((int) Long.remainderUnsigned(Long.parseUnsignedLong(guild) >>> 22, this.shards))
				.add(guild);
		}
		assertThat(this.guildsByShard).as("guilds per shard").allSatisfy((guilds) -> assertThat(guilds).isNotEmpty());
	}

	@Override
	public void run() {
		double budget = 0;
		long last = System.nanoTime();
		while (this.running) {
			long now = System.nanoTime();
			budget = Math.min(budget + (now - last) / 1e9 * this.eventsPerSecond, this.eventsPerSecond);
			last = now;
			while (budget >= 1 && this.running) {
				budget--;
				dispatchOne();
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // pacing the load
		}
	}

	void stop() {
		this.running = false;
		this.gate.writeLock().lock(); // waits for a dispatch in progress
		this.gate.writeLock().unlock();
	}

	private void dispatchOne() {
		List<String> guilds = this.guildsByShard.get(this.random.nextInt(this.shards));
		String guild = guilds.get(this.random.nextInt(guilds.size()));
		long n = this.events.get();
		String channel = Long.toString(900_000_000_000_000_000L + this.random.nextInt(8));
		String user = Long.toString(800_000_000_000_000_000L + this.random.nextInt(50));
		String type = TYPES[this.random.nextInt(TYPES.length)];
		String data = switch (type) {
			case "MESSAGE_CREATE" -> "{\"id\":\"" + (1_000_000_000_000_000_000L + n) + "\",\"type\":0,\"channel_id\":\""
					+ channel + "\",\"guild_id\":\"" + guild + "\",\"author\":{\"id\":\"" + user
					+ "\",\"username\":\"soak\",\"discriminator\":\"0\",\"global_name\":null,\"avatar\":null},"
					+ "\"content\":\"" + content(n) + "\",\"timestamp\":\"" + Instant.now()
					+ "\",\"tts\":false,\"mention_everyone\":false,\"mentions\":[],\"mention_roles\":[],"
					+ "\"attachments\":[],\"embeds\":[],\"pinned\":false}";
			case "TYPING_START" -> "{\"channel_id\":\"" + channel + "\",\"guild_id\":\"" + guild + "\",\"user_id\":\""
					+ user + "\",\"timestamp\":" + Instant.now().getEpochSecond() + "}";
			case "MESSAGE_REACTION_ADD" -> "{\"user_id\":\"" + user + "\",\"channel_id\":\"" + channel
					+ "\",\"message_id\":\"" + (1_000_000_000_000_000_000L + n / 2) + "\",\"guild_id\":\"" + guild
					+ "\",\"emoji\":{\"id\":null,\"name\":\"\uD83D\uDD25\"},\"burst\":false,\"type\":0}";
			default -> "{\"user\":{\"id\":\"" + user + "\"},\"guild_id\":\"" + guild
					+ "\",\"status\":\"online\",\"activities\":[],\"client_status\":{\"desktop\":\"online\"}}";
		};
		this.gate.readLock().lock();
		try {
			if (this.running) {
				this.simulator.dispatch(type, data);
				this.events.incrementAndGet();
			}
		}
		finally {
			this.gate.readLock().unlock();
		}
	}

	/**
	 * Mostly short text; now and then a message of tens of KB that spans several frames.
	 */
	private String content(long n) {
		StringBuilder text = new StringBuilder("soak message ").append(n);
		int extra = (this.random.nextInt(50) == 0) ? 8_000 + this.random.nextInt(40_000) : this.random.nextInt(200);
		for (int i = 0; i < extra; i++) {
			text.append((char) ('a' + this.random.nextInt(26)));
		}
		return text.toString();
	}

}
