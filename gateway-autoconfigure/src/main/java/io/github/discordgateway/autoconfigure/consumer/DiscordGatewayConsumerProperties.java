package io.github.discordgateway.autoconfigure.consumer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of a worker: a process that consumes the events a gateway service
 * forwards to a broker, instead of connecting to Discord itself.
 */
@ConfigurationProperties(DiscordGatewayConsumerProperties.PREFIX)
public class DiscordGatewayConsumerProperties {

	/** The prefix of these properties. */
	public static final String PREFIX = "discord.gateway.consumer";

	/**
	 * Where to consume gateway events from. Setting it makes this process a worker: it
	 * opens no gateway connection and needs no token. Connection settings come from
	 * spring.kafka.* or spring.data.redis.*.
	 */
	private Source source;

	/**
	 * The consumer group. Workers of one application share a group and split the events;
	 * every group receives every event. Required when a source is set.
	 */
	private String group;

	/** Listener calls per event before it goes to the dead letters. */
	private int maxAttempts = 5;

	/** Wait after the first failed listener call; doubled after each further failure. */
	private Duration initialBackoff = Duration.ofMillis(200);

	/** Longest wait between listener calls for one event. */
	private Duration maxBackoff = Duration.ofSeconds(5);

	/**
	 * How long stopping waits for the event in progress before interrupting it (it then
	 * stays unacknowledged and is delivered again).
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * How long the broker may be unreachable before the discordGatewayConsumer health is
	 * DOWN.
	 */
	private Duration downAfter = Duration.ofSeconds(30);

	private final Kafka kafka = new Kafka();

	private final Redis redis = new Redis();

	public Source getSource() {
		return this.source;
	}

	public void setSource(Source source) {
		this.source = source;
	}

	public String getGroup() {
		return this.group;
	}

	public void setGroup(String group) {
		this.group = group;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getInitialBackoff() {
		return this.initialBackoff;
	}

	public void setInitialBackoff(Duration initialBackoff) {
		this.initialBackoff = initialBackoff;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = maxBackoff;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Duration getDownAfter() {
		return this.downAfter;
	}

	public void setDownAfter(Duration downAfter) {
		this.downAfter = downAfter;
	}

	public Kafka getKafka() {
		return this.kafka;
	}

	public Redis getRedis() {
		return this.redis;
	}

	/** The brokers a worker consumes from. */
	public enum Source {

		/** A Kafka topic, with Spring Kafka. */
		KAFKA,

		/** A Redis stream, with Spring Data Redis. */
		REDIS_STREAM

	}

	/** Kafka source settings. */
	public static class Kafka {

		/** The topic the gateway forwards events to. */
		private String topic = "discord-gateway-events";

		/** The topic for events that cannot be handled. */
		private String deadLetterTopic = "discord-gateway-events.dlt";

		/** The topic the gateway reads commands from. */
		private String commandTopic = "discord-gateway-commands";

		/**
		 * The topic that carries member chunks to the worker that requested them, keyed
		 * by worker (create it beforehand; one partition is plenty).
		 */
		private String replyTopic = "discord-gateway-replies";

		/**
		 * Consumer threads of this worker. Each owns whole partitions, so one guild's
		 * events are handled in order; more threads than partitions stay idle.
		 */
		private int concurrency = 1;

		/** How long a dead letter may take to be confirmed by the broker. */
		private Duration sendTimeout = Duration.ofSeconds(10);

		public String getTopic() {
			return this.topic;
		}

		public void setTopic(String topic) {
			this.topic = topic;
		}

		public String getDeadLetterTopic() {
			return this.deadLetterTopic;
		}

		public void setDeadLetterTopic(String deadLetterTopic) {
			this.deadLetterTopic = deadLetterTopic;
		}

		public String getCommandTopic() {
			return this.commandTopic;
		}

		public void setCommandTopic(String commandTopic) {
			this.commandTopic = commandTopic;
		}

		public String getReplyTopic() {
			return this.replyTopic;
		}

		public void setReplyTopic(String replyTopic) {
			this.replyTopic = replyTopic;
		}

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public Duration getSendTimeout() {
			return this.sendTimeout;
		}

		public void setSendTimeout(Duration sendTimeout) {
			this.sendTimeout = sendTimeout;
		}

	}

	/** Redis Streams source settings. */
	public static class Redis {

		/** The stream the gateway forwards events to. */
		private String stream = "discord:gateway:events";

		/**
		 * The stream for events that cannot be handled (never trimmed by this library).
		 */
		private String deadLetterStream = "discord:gateway:events:dead";

		/** The stream the gateway reads commands from. */
		private String commandStream = "discord:gateway:commands";

		/**
		 * The prefix of the per-worker streams that carry member chunks to the worker
		 * that requested them ({@code <prefix>:<worker-id>}).
		 */
		private String replyStreamPrefix = "discord:gateway:replies";

		/**
		 * This worker's consumer name in the group; a random one per start when not set.
		 */
		private String consumerName;

		/** Entries per XREADGROUP and per XAUTOCLAIM. */
		private int batchSize = 64;

		/**
		 * How long an entry stays pending with another consumer (a worker that died or
		 * hangs) before this one takes it over with XAUTOCLAIM.
		 */
		private Duration minIdle = Duration.ofSeconds(30);

		/** How often to look for such entries and to read the group's lag. */
		private Duration claimInterval = Duration.ofSeconds(5);

		/** The prefix of the keys that record handled (session, seq) pairs, per group. */
		private String dedupKeyPrefix = "discord:gateway:dedup";

		/**
		 * How long a handled (session, seq) is remembered to drop its replays and
		 * redeliveries.
		 */
		private Duration dedupWindow = Duration.ofHours(1);

		public String getStream() {
			return this.stream;
		}

		public void setStream(String stream) {
			this.stream = stream;
		}

		public String getDeadLetterStream() {
			return this.deadLetterStream;
		}

		public void setDeadLetterStream(String deadLetterStream) {
			this.deadLetterStream = deadLetterStream;
		}

		public String getCommandStream() {
			return this.commandStream;
		}

		public void setCommandStream(String commandStream) {
			this.commandStream = commandStream;
		}

		public String getReplyStreamPrefix() {
			return this.replyStreamPrefix;
		}

		public void setReplyStreamPrefix(String replyStreamPrefix) {
			this.replyStreamPrefix = replyStreamPrefix;
		}

		public String getConsumerName() {
			return this.consumerName;
		}

		public void setConsumerName(String consumerName) {
			this.consumerName = consumerName;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getMinIdle() {
			return this.minIdle;
		}

		public void setMinIdle(Duration minIdle) {
			this.minIdle = minIdle;
		}

		public Duration getClaimInterval() {
			return this.claimInterval;
		}

		public void setClaimInterval(Duration claimInterval) {
			this.claimInterval = claimInterval;
		}

		public String getDedupKeyPrefix() {
			return this.dedupKeyPrefix;
		}

		public void setDedupKeyPrefix(String dedupKeyPrefix) {
			this.dedupKeyPrefix = dedupKeyPrefix;
		}

		public Duration getDedupWindow() {
			return this.dedupWindow;
		}

		public void setDedupWindow(Duration dedupWindow) {
			this.dedupWindow = dedupWindow;
		}

	}

}
