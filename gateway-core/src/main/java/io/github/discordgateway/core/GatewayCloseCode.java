package io.github.discordgateway.core;

/**
 * Every close code a gateway connection can end with, and what a client does next. Codes
 * the gateway does not document (and abnormal drops) are treated as
 * {@link Recovery#RESUME}.
 */
public enum GatewayCloseCode {

	NORMAL_CLOSURE(1000, "Normal closure", Recovery.RESUME), GOING_AWAY(1001, "Going away", Recovery.RESUME),
	PROTOCOL_ERROR(1002, "WebSocket protocol error", Recovery.RESUME),
	UNSUPPORTED_DATA(1003, "Unsupported data", Recovery.RESUME), NO_STATUS(1005, "No status code", Recovery.RESUME),
	ABNORMAL_CLOSURE(1006, "Connection dropped without a close frame", Recovery.RESUME),
	INVALID_PAYLOAD(1007, "Invalid frame payload data", Recovery.RESUME),
	POLICY_VIOLATION(1008, "Policy violation", Recovery.RESUME),
	MESSAGE_TOO_BIG(1009, "Message too big", Recovery.RESUME),
	INTERNAL_ERROR(1011, "Internal server error", Recovery.RESUME),
	SERVICE_RESTART(1012, "Service restart", Recovery.RESUME),
	TRY_AGAIN_LATER(1013, "Try again later", Recovery.RESUME),
	TLS_HANDSHAKE(1015, "TLS handshake failure", Recovery.RESUME),

	UNKNOWN_ERROR(4000, "Unknown error", Recovery.RESUME), UNKNOWN_OPCODE(4001, "Unknown opcode", Recovery.RESUME),
	DECODE_ERROR(4002, "Decode error", Recovery.RESUME),
	NOT_AUTHENTICATED(4003, "Not authenticated", Recovery.IDENTIFY),
	AUTHENTICATION_FAILED(4004, "Authentication failed: the bot token was rejected", Recovery.FATAL),
	ALREADY_AUTHENTICATED(4005, "Already authenticated", Recovery.IDENTIFY),
	INVALID_SEQUENCE(4007, "Invalid sequence in RESUME", Recovery.IDENTIFY),
	RATE_LIMITED(4008, "Rate limited: more than 120 payloads in 60 s", Recovery.RESUME),
	SESSION_TIMED_OUT(4009, "Session timed out", Recovery.IDENTIFY),
	INVALID_SHARD(4010, "Invalid shard", Recovery.FATAL),
	SHARDING_REQUIRED(4011, "Sharding required: too many guilds for this shard count", Recovery.FATAL),
	INVALID_API_VERSION(4012, "Invalid API version", Recovery.FATAL),
	INVALID_INTENTS(4013, "Invalid intents", Recovery.FATAL), DISALLOWED_INTENTS(4014,
			"Disallowed intents: a privileged intent is not enabled for this application", Recovery.FATAL);

	/** What the client does after a connection closed with a code. */
	public enum Recovery {

		/** Reconnect (to the resume URL) and RESUME the session. */
		RESUME,

		/** Drop the session, reconnect to the discovery URL and IDENTIFY again. */
		IDENTIFY,

		/** Stop: retrying with the same configuration would fail again. */
		FATAL

	}

	private final int code;

	private final String description;

	private final Recovery recovery;

	GatewayCloseCode(int code, String description, Recovery recovery) {
		this.code = code;
		this.description = description;
		this.recovery = recovery;
	}

	/** The numeric close code. */
	public int code() {
		return this.code;
	}

	/** A short human-readable description. */
	public String description() {
		return this.description;
	}

	/** What to do after a close with this code. */
	public Recovery recovery() {
		return this.recovery;
	}

	/**
	 * The constant for a numeric code, or {@code null} if the code is not one of the
	 * known ones.
	 */
	public static GatewayCloseCode of(int code) {
		for (GatewayCloseCode closeCode : values()) {
			if (closeCode.code == code) {
				return closeCode;
			}
		}
		return null;
	}

	/** The recovery for any numeric code: unknown codes are resumed. */
	public static Recovery recoveryOf(int code) {
		GatewayCloseCode known = of(code);
		return (known != null) ? known.recovery : Recovery.RESUME;
	}

	/** A description for any numeric code. */
	public static String describe(int code) {
		GatewayCloseCode known = of(code);
		return (known != null) ? known.description : "Unknown close code " + code;
	}

}
