package io.github.discordgateway.broker;

import java.time.Instant;
import java.util.Objects;

/**
 * One gateway dispatch as it travels through a broker from the gateway service to
 * workers. Its JSON form (version {@value #VERSION}, documented in
 * {@code docs/forwarding.md}) is
 *
 * <pre>{@code
 * {"v":1,"shard":0,"shards":1,"session":"…","seq":42,"type":"MESSAGE_CREATE","guild_id":"…"|null,
 *  "received_at":"2026-12-03T18:00:00.123Z","d":{…}}
 * }</pre>
 *
 * {@code d} is kept as raw JSON bytes, written and read without building a tree: for a
 * JSON connection it is exactly what Discord sent. A {@code (session, seq)} pair
 * identifies one dispatch, so consumers drop the duplicates that resumes and redeliveries
 * produce. Immutable; the data bytes are never exposed for writing.
 */
public final class GatewayEnvelope {

	/** The envelope format version this class writes and reads. */
	public static final int VERSION = 1;

	private final int shardId;

	private final int shardTotal;

	private final String sessionId;

	private final long sequence;

	private final String type;

	private final String guildId;

	private final Instant receivedAt;

	private final byte[] data;

	/**
	 * @param shardId the shard that received the dispatch
	 * @param shardTotal the bot's shard total
	 * @param sessionId the gateway session the dispatch belongs to
	 * @param sequence the dispatch's sequence number within that session
	 * @param type the event name ({@code t})
	 * @param guildId the guild the event belongs to, or {@code null}
	 * @param receivedAt when the shard received it
	 * @param data the event data ({@code d}) as one complete JSON value, UTF-8
	 */
	public GatewayEnvelope(int shardId, int shardTotal, String sessionId, long sequence, String type, String guildId,
			Instant receivedAt, byte[] data) {
		this.shardId = shardId;
		this.shardTotal = shardTotal;
		this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
		this.sequence = sequence;
		this.type = Objects.requireNonNull(type, "type");
		this.guildId = guildId;
		this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
		this.data = Objects.requireNonNull(data, "data").clone();
	}

	/**
	 * Reads an envelope.
	 * @throws EnvelopeFormatException if the bytes are not an envelope of a version this
	 * class reads
	 */
	public static GatewayEnvelope fromJson(byte[] json) {
		return EnvelopeJson.readEvent(json);
	}

	/** The envelope's JSON form, UTF-8. */
	public byte[] toJson() {
		return EnvelopeJson.writeEvent(this);
	}

	public int shardId() {
		return this.shardId;
	}

	public int shardTotal() {
		return this.shardTotal;
	}

	public String sessionId() {
		return this.sessionId;
	}

	public long sequence() {
		return this.sequence;
	}

	public String type() {
		return this.type;
	}

	/**
	 * The guild id as Discord sends it (a string), or {@code null} for events outside a
	 * guild.
	 */
	public String guildId() {
		return this.guildId;
	}

	public Instant receivedAt() {
		return this.receivedAt;
	}

	/** A copy of the event data ({@code d}) as raw JSON, UTF-8. */
	public byte[] data() {
		return this.data.clone();
	}

	/** The event data without a copy, for this package's writers. */
	byte[] dataUnsafe() {
		return this.data;
	}

	/**
	 * The key that keeps one guild's events in order (a Kafka record key, for instance):
	 * the guild id, or {@code shard-<id>} for events outside a guild.
	 */
	public String partitionKey() {
		return (this.guildId != null) ? this.guildId : "shard-" + this.shardId;
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		return other instanceof GatewayEnvelope that && this.shardId == that.shardId
				&& this.shardTotal == that.shardTotal && this.sequence == that.sequence
				&& this.sessionId.equals(that.sessionId) && this.type.equals(that.type)
				&& Objects.equals(this.guildId, that.guildId) && this.receivedAt.equals(that.receivedAt)
				&& java.util.Arrays.equals(this.data, that.data);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.sessionId, this.sequence, this.shardId);
	}

	@Override
	public String toString() {
		return "GatewayEnvelope[shard=" + this.shardId + "/" + this.shardTotal + ", seq=" + this.sequence + ", type="
				+ this.type + ", guild=" + this.guildId + "]";
	}

}
