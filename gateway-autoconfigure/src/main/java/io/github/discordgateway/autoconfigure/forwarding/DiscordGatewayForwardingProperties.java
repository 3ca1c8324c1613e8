package io.github.discordgateway.autoconfigure.forwarding;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Forwarding every gateway dispatch to a broker, for workers to consume: the
 * gateway-service side of the split between gateway and bot logic. Connection settings
 * come from Spring Boot's own {@code spring.kafka.*} and {@code spring.data.redis.*}.
 */
@ConfigurationProperties(DiscordGatewayForwardingProperties.PREFIX)
public class DiscordGatewayForwardingProperties {

	/** The prefix of these properties. */
	public static final String PREFIX = "discord.gateway.forwarding";

	/**
	 * Where dispatches go: none (they are only published as Spring events in this
	 * process), kafka (needs spring-kafka) or redis-stream (needs Spring Data Redis with
	 * Lettuce).
	 */
	private Target target = Target.NONE;

	/**
	 * Event types (t) to forward; empty forwards every type. Dispatches left out count as
	 * delivered at once.
	 */
	private Set<String> eventTypes = new LinkedHashSet<>();

	/** Event types (t) never to forward, for example PRESENCE_UPDATE, TYPING_START. */
	private Set<String> excludeEventTypes = new LinkedHashSet<>();

	/**
	 * Dispatches per shard written but not yet confirmed by the broker. When they are all
	 * waiting, the shard's delivery waits, its queue fills and the shard stops reading
	 * its socket.
	 */
	private int maxInFlight = 1024;

	/**
	 * Pause before the first retry of a failed write; it doubles up to retry-backoff-max.
	 */
	private Duration retryBackoff = Duration.ofMillis(100);

	/** Longest pause between retries of a failed write. */
	private Duration retryBackoffMax = Duration.ofSeconds(5);

	/**
	 * How long a write may stay unconfirmed before the discordGatewayForwarding health
	 * turns OUT_OF_SERVICE.
	 */
	private Duration unhealthyAfter = Duration.ofSeconds(30);

	/**
	 * Whether this gateway reads the command envelopes workers publish (presence, voice
	 * state, member requests) and sends them through its shards.
	 */
	private boolean commandsEnabled = true;

	/**
	 * Consumer group (Kafka) or stream consumer group (Redis) in which this gateway
	 * instance reads commands. Every instance needs its own group, as each must see every
	 * command; defaults to
	 * discord-gateway-instance-{discord.gateway.shards.instance-index, else 0}.
	 */
	private String commandGroup;

	private final Kafka kafka = new Kafka();

	private final Redis redis = new Redis();

	public Target getTarget() {
		return this.target;
	}

	public void setTarget(Target target) {
		this.target = target;
	}

	public Set<String> getEventTypes() {
		return this.eventTypes;
	}

	public void setEventTypes(Set<String> eventTypes) {
		this.eventTypes = eventTypes;
	}

	public Set<String> getExcludeEventTypes() {
		return this.excludeEventTypes;
	}

	public void setExcludeEventTypes(Set<String> excludeEventTypes) {
		this.excludeEventTypes = excludeEventTypes;
	}

	public int getMaxInFlight() {
		return this.maxInFlight;
	}

	public void setMaxInFlight(int maxInFlight) {
		this.maxInFlight = maxInFlight;
	}

	public Duration getRetryBackoff() {
		return this.retryBackoff;
	}

	public void setRetryBackoff(Duration retryBackoff) {
		this.retryBackoff = retryBackoff;
	}

	public Duration getRetryBackoffMax() {
		return this.retryBackoffMax;
	}

	public void setRetryBackoffMax(Duration retryBackoffMax) {
		this.retryBackoffMax = retryBackoffMax;
	}

	public Duration getUnhealthyAfter() {
		return this.unhealthyAfter;
	}

	public void setUnhealthyAfter(Duration unhealthyAfter) {
		this.unhealthyAfter = unhealthyAfter;
	}

	public boolean isCommandsEnabled() {
		return this.commandsEnabled;
	}

	public void setCommandsEnabled(boolean commandsEnabled) {
		this.commandsEnabled = commandsEnabled;
	}

	public String getCommandGroup() {
		return this.commandGroup;
	}

	public void setCommandGroup(String commandGroup) {
		this.commandGroup = commandGroup;
	}

	public Kafka getKafka() {
		return this.kafka;
	}

	public Redis getRedis() {
		return this.redis;
	}

	/** Where dispatches are forwarded. */
	public enum Target {

		/** Nowhere: dispatches are only published as Spring events in this process. */
		NONE,

		/** A Kafka topic. */
		KAFKA,

		/** A Redis stream. */
		REDIS_STREAM

	}

	/** The Kafka target. */
	public static class Kafka {

		/**
		 * Topic the event envelopes are written to, keyed by guild id (else shard-{id}).
		 */
		private String topic = "discord-gateway-events";

		/** Topic this gateway instance reads command envelopes from. */
		private String commandTopic = "discord-gateway-commands";

		public String getTopic() {
			return this.topic;
		}

		public void setTopic(String topic) {
			this.topic = topic;
		}

		public String getCommandTopic() {
			return this.commandTopic;
		}

		public void setCommandTopic(String commandTopic) {
			this.commandTopic = commandTopic;
		}

	}

	/** The Redis Streams target. */
	public static class Redis {

		/** Stream the event envelopes are appended to. */
		private String stream = "discord:gateway:events";

		/**
		 * Approximate cap on the stream's length (XADD MAXLEN ~). Consumers that fall
		 * further behind lose the entries trimmed before they read them.
		 */
		private long maxLength = 1_000_000;

		/** Stream this gateway instance reads command envelopes from. */
		private String commandStream = "discord:gateway:commands";

		/** How long one read of the command stream blocks waiting for commands. */
		private Duration commandPollTimeout = Duration.ofSeconds(1);

		public String getStream() {
			return this.stream;
		}

		public void setStream(String stream) {
			this.stream = stream;
		}

		public long getMaxLength() {
			return this.maxLength;
		}

		public void setMaxLength(long maxLength) {
			this.maxLength = maxLength;
		}

		public String getCommandStream() {
			return this.commandStream;
		}

		public void setCommandStream(String commandStream) {
			this.commandStream = commandStream;
		}

		public Duration getCommandPollTimeout() {
			return this.commandPollTimeout;
		}

		public void setCommandPollTimeout(Duration commandPollTimeout) {
			this.commandPollTimeout = commandPollTimeout;
		}

	}

}
