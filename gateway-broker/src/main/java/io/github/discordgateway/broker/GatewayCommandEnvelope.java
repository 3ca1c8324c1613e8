package io.github.discordgateway.broker;

import java.time.Instant;
import java.util.Objects;

/**
 * One gateway command (presence, voice state, guild member request, …) on its way from a
 * worker to the gateway instance that owns the target shard. Its JSON form (version
 * {@value #VERSION}, documented in {@code docs/forwarding.md}) is
 *
 * <pre>{@code
 * {"v":1,"op":8,"shard":null,"guild_id":"…"|null,"nonce":"…"|null,"issued_at":"…","d":{…}}
 * }</pre>
 *
 * The target is {@code shard} when set, else the shard of {@code guild_id}, else every
 * shard of the receiving instance (a presence update for the whole bot). {@code d} is the
 * command's data exactly as the gateway expects it, as raw JSON. A member request's
 * answer comes back as {@code GUILD_MEMBERS_CHUNK} event envelopes carrying the same
 * {@code nonce}. Immutable.
 */
public final class GatewayCommandEnvelope {

	/** The envelope format version this class writes and reads. */
	public static final int VERSION = 1;

	private final int opcode;

	private final Integer shardId;

	private final String guildId;

	private final String nonce;

	private final Instant issuedAt;

	private final byte[] data;

	/**
	 * @param opcode the gateway opcode to send (3 presence, 4 voice state, 8 request
	 * guild members, …)
	 * @param shardId the target shard, or {@code null} to route by guild (or to every
	 * shard)
	 * @param guildId the guild whose shard receives the command, or {@code null}
	 * @param nonce correlates the answers of a member request, or {@code null}
	 * @param issuedAt when the worker issued it
	 * @param data the command's data ({@code d}) as one complete JSON value, UTF-8
	 */
	public GatewayCommandEnvelope(int opcode, Integer shardId, String guildId, String nonce, Instant issuedAt,
			byte[] data) {
		this.opcode = opcode;
		this.shardId = shardId;
		this.guildId = guildId;
		this.nonce = nonce;
		this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
		this.data = Objects.requireNonNull(data, "data").clone();
	}

	/**
	 * Reads a command envelope.
	 * @throws EnvelopeFormatException if the bytes are not a command envelope of a
	 * version this class reads
	 */
	public static GatewayCommandEnvelope fromJson(byte[] json) {
		return EnvelopeJson.readCommand(json);
	}

	/** The envelope's JSON form, UTF-8. */
	public byte[] toJson() {
		return EnvelopeJson.writeCommand(this);
	}

	public int opcode() {
		return this.opcode;
	}

	public Integer shardId() {
		return this.shardId;
	}

	public String guildId() {
		return this.guildId;
	}

	public String nonce() {
		return this.nonce;
	}

	public Instant issuedAt() {
		return this.issuedAt;
	}

	/** A copy of the command data ({@code d}) as raw JSON, UTF-8. */
	public byte[] data() {
		return this.data.clone();
	}

	byte[] dataUnsafe() {
		return this.data;
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		return other instanceof GatewayCommandEnvelope that && this.opcode == that.opcode
				&& Objects.equals(this.shardId, that.shardId) && Objects.equals(this.guildId, that.guildId)
				&& Objects.equals(this.nonce, that.nonce) && this.issuedAt.equals(that.issuedAt)
				&& java.util.Arrays.equals(this.data, that.data);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.opcode, this.shardId, this.guildId, this.nonce, this.issuedAt);
	}

	@Override
	public String toString() {
		return "GatewayCommandEnvelope[op=" + this.opcode + ", shard=" + this.shardId + ", guild=" + this.guildId
				+ ", nonce=" + this.nonce + "]";
	}

}
