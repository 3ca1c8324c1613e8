package io.github.discordgateway.core;

import java.util.Objects;
import java.util.function.Supplier;

import io.github.discordgateway.core.internal.GatewayPayload;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One gateway dispatch (opcode 0) as received by a shard.
 * <p>
 * The shard reads only the envelope ({@code op}, {@code s}, {@code t}) and checks the data for
 * validity on its socket thread; the data's tree is built on the first {@link #data()} call, on
 * whichever thread makes it, at most once. A listener that ignores most events therefore pays
 * nothing for their data. Thread-safe.
 */
public final class GatewayDispatch {

	private static final JsonMapper JSON = JsonMapper.shared();

	private final int shardId;

	private final long sequence;

	private final String type;

	private volatile JsonNode data;

	private Supplier<? extends JsonNode> dataSource;

	// d exactly as a JSON connection received it, or null; kept after the tree is built, for dataJson()
	private final byte[] receivedJson;

	/**
	 * Creates a dispatch with its data tree.
	 * @param shardId the shard that received it
	 * @param sequence its sequence number ({@code s}) within the session
	 * @param type its event name ({@code t}), for example {@code MESSAGE_CREATE}
	 * @param data its event data ({@code d})
	 */
	public GatewayDispatch(int shardId, long sequence, String type, JsonNode data) {
		this.shardId = shardId;
		this.sequence = sequence;
		this.type = Objects.requireNonNull(type, "type");
		this.data = Objects.requireNonNull(data, "data");
		this.receivedJson = null;
	}

	/**
	 * Creates a dispatch whose data is built on first access.
	 * @param shardId the shard that received it
	 * @param sequence its sequence number ({@code s}) within the session
	 * @param type its event name ({@code t}), for example {@code MESSAGE_CREATE}
	 * @param dataSource builds the event data; called at most once (again only if it threw)
	 */
	public GatewayDispatch(int shardId, long sequence, String type, Supplier<? extends JsonNode> dataSource) {
		this.shardId = shardId;
		this.sequence = sequence;
		this.type = Objects.requireNonNull(type, "type");
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
		this.receivedJson = (dataSource instanceof GatewayPayload payload) ? payload.receivedJsonData() : null;
	}

	/**
	 * Creates a dispatch from the JSON bytes of its data, for example as a broker carried it from the
	 * shard that received it. The bytes are checked now; the tree is built on first access.
	 * @param shardId the shard that received it
	 * @param sequence its sequence number ({@code s}) within the session
	 * @param type its event name ({@code t})
	 * @param data its event data ({@code d}): one complete JSON value, UTF-8 (copied)
	 * @throws IllegalArgumentException if {@code data} is not one complete JSON value
	 */
	public static GatewayDispatch ofJson(int shardId, long sequence, String type, byte[] data) {
		byte[] json = data.clone();
		DispatchJson.check(json);
		return new GatewayDispatch(shardId, sequence, type, () -> DispatchJson.parse(json));
	}

	/** The shard that received the dispatch. */
	public int shardId() {
		return this.shardId;
	}

	/** The sequence number ({@code s}) of the dispatch within its session. */
	public long sequence() {
		return this.sequence;
	}

	/** The event name ({@code t}), for example {@code MESSAGE_CREATE}. */
	public String type() {
		return this.type;
	}

	/**
	 * The event data ({@code d}); shared, so treat it as read-only.
	 * @throws GatewayException if the data cannot be decoded (the shard validates it before
	 * delivery, so this means a bug or a custom data source that failed)
	 */
	public JsonNode data() {
		JsonNode tree = this.data;
		if (tree != null) {
			return tree;
		}
		synchronized (this) {
			tree = this.data;
			if (tree == null) {
				try {
					tree = Objects.requireNonNull(this.dataSource.get(), "the data source returned null");
				}
				catch (RuntimeException ex) {
					throw new GatewayException("Could not decode the data of " + this + ": " + ex.getMessage(), ex);
				}
				this.data = tree;
				this.dataSource = null;
			}
			return tree;
		}
	}

	/**
	 * The event data ({@code d}) as JSON, UTF-8, in a new array: for a JSON connection exactly the
	 * bytes Discord sent, without building the tree; for an ETF connection the tree written as
	 * JSON. Forwarders use it to pass the data on unchanged.
	 * @throws GatewayException if the data cannot be decoded
	 */
	public byte[] dataJson() {
		byte[] received = this.receivedJson;
		return (received != null) ? received.clone() : JSON.writeValueAsBytes(data());
	}

	@Override
	public String toString() {
		return "GatewayDispatch[shard=" + this.shardId + ", s=" + this.sequence + ", t=" + this.type + "]";
	}

}
