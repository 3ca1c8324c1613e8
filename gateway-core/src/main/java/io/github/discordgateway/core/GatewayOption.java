package io.github.discordgateway.core;

/**
 * The options of {@link GatewayOptions}, one key each: an
 * {@link InvalidGatewayOptionException} names the option it rejects by its key, so that a
 * configuration layer (such as the Spring Boot auto-configuration) can name its own
 * property instead.
 */
public enum GatewayOption {

	/** {@link GatewayOptions#apiBaseUrl()}. */
	API_BASE_URL("apiBaseUrl"),

	/** {@link GatewayOptions#gatewayUrl()}. */
	GATEWAY_URL("gatewayUrl"),

	/** {@link GatewayOptions#intents()}. */
	INTENTS("intents"),

	/** {@link GatewayOptions#encoding()}. */
	ENCODING("encoding"),

	/** {@link GatewayOptions#compression()}. */
	COMPRESSION("compression"),

	/** {@link GatewayOptions#largeThreshold()}. */
	LARGE_THRESHOLD("largeThreshold"),

	/** {@link GatewayOptions#shardTotal()}. */
	SHARD_TOTAL("shardTotal"),

	/** {@link GatewayOptions#shardIds()}. */
	SHARD_IDS("shardIds"),

	/** {@link GatewayOptions#instanceIndex()}. */
	INSTANCE_INDEX("instanceIndex"),

	/** {@link GatewayOptions#instanceCount()}. */
	INSTANCE_COUNT("instanceCount"),

	/** {@link GatewayOptions#os()}. */
	OS("os"),

	/** {@link GatewayOptions#browser()}. */
	BROWSER("browser"),

	/** {@link GatewayOptions#device()}. */
	DEVICE("device"),

	/** {@link GatewayOptions#maxPayloadBytes()}. */
	MAX_PAYLOAD_BYTES("maxPayloadBytes"),

	/** {@link GatewayOptions#dispatchQueueCapacity()}. */
	DISPATCH_QUEUE_CAPACITY("dispatchQueueCapacity"),

	/** {@link GatewayOptions#helloTimeout()}. */
	HELLO_TIMEOUT("helloTimeout"),

	/** {@link GatewayOptions#readyTimeout()}. */
	READY_TIMEOUT("readyTimeout"),

	/** {@link GatewayOptions#reconnectBackoffInitial()}. */
	RECONNECT_BACKOFF_INITIAL("reconnectBackoffInitial"),

	/** {@link GatewayOptions#reconnectBackoffMax()}. */
	RECONNECT_BACKOFF_MAX("reconnectBackoffMax"),

	/** {@link GatewayOptions#invalidSessionDelayMin()}. */
	INVALID_SESSION_DELAY_MIN("invalidSessionDelayMin"),

	/** {@link GatewayOptions#invalidSessionDelayMax()}. */
	INVALID_SESSION_DELAY_MAX("invalidSessionDelayMax"),

	/** {@link GatewayOptions#identifyInterval()}. */
	IDENTIFY_INTERVAL("identifyInterval"),

	/** {@link GatewayOptions#closeTimeout()}. */
	CLOSE_TIMEOUT("closeTimeout");

	private final String key;

	GatewayOption(String key) {
		this.key = key;
	}

	/** The option's name as the {@link GatewayOptions} accessor spells it. */
	public String key() {
		return this.key;
	}

	@Override
	public String toString() {
		return this.key;
	}

}
