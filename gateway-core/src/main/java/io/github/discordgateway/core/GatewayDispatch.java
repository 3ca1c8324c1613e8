package io.github.discordgateway.core;

import java.util.Objects;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.discordgateway.core.internal.payload.DataReader;
import io.github.discordgateway.core.internal.payload.GatewayPayload;
import io.github.discordgateway.core.internal.payload.TreeDataReader;

/**
 * One gateway dispatch (opcode 0) as received by a shard.
 * <p>
 * The shard reads only the envelope ({@code op}, {@code s}, {@code t}) and checks the
 * data for validity on its socket thread; the data's tree is built on the first
 * {@link #data()} call, on whichever thread makes it, at most once. A listener that
 * ignores most events therefore pays nothing for their data. Thread-safe.
 * <p>
 * The typed accessors ({@link #text(DataPath)}, {@link #snowflake(DataPath)} and the
 * others) read single values without building the tree: straight from the received bytes,
 * JSON or ETF, which the shard has already validated. They return what the tree would
 * hold at the same path (a missing value, {@code null} and a value of another kind read
 * as absent), so a listener may mix them with {@link #data()} freely.
 */
public final class GatewayDispatch {

	private static final JsonMapper JSON = JsonMapper.shared();

	private final int shardId;

	private final long sequence;

	private final String type;

	private volatile JsonNode data;

	private Supplier<? extends JsonNode> dataSource;

	// d exactly as a JSON connection received it, or null; kept after the tree is built,
	// for dataJson()
	private final byte[] receivedJson;

	/**
	 * Reads single values from the received bytes; {@code null} when there are none (a
	 * tree was given).
	 */
	private final DataReader bytesReader;

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
		this.bytesReader = null;
	}

	/**
	 * Creates a dispatch whose data is built on first access.
	 * @param shardId the shard that received it
	 * @param sequence its sequence number ({@code s}) within the session
	 * @param type its event name ({@code t}), for example {@code MESSAGE_CREATE}
	 * @param dataSource builds the event data; called at most once (again only if it
	 * threw)
	 */
	public GatewayDispatch(int shardId, long sequence, String type, Supplier<? extends JsonNode> dataSource) {
		this.shardId = shardId;
		this.sequence = sequence;
		this.type = Objects.requireNonNull(type, "type");
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
		this.receivedJson = (dataSource instanceof GatewayPayload payload) ? payload.receivedJsonData() : null;
		this.bytesReader = (dataSource instanceof GatewayPayload payload) ? payload.dataReader() : null;
	}

	/**
	 * Creates a dispatch from the JSON bytes of its data, for example as a broker carried
	 * it from the shard that received it. The bytes are checked now; the tree is built on
	 * first access.
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
	 * @throws GatewayException if the data cannot be decoded (the shard validates it
	 * before delivery, so this means a bug or a custom data source that failed)
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
	 * The event data ({@code d}) as JSON, UTF-8, in a new array: for a JSON connection
	 * exactly the bytes Discord sent, without building the tree; for an ETF connection
	 * the tree written as JSON. Forwarders use it to pass the data on unchanged.
	 * @throws GatewayException if the data cannot be decoded
	 */
	public byte[] dataJson() {
		byte[] received = this.receivedJson;
		return (received != null) ? received.clone() : JSON.writeValueAsBytes(data());
	}

	/**
	 * The string at a path, or {@code null} when it is missing, {@code null} or not a
	 * string.
	 * @param path for example {@code DataPath.of("author", "username")}
	 */
	public String text(DataPath path) {
		DataReader reader = reader();
		return DataValues.text(reader, DataValues.locate(reader, reader.root(), path));
	}

	/**
	 * The snowflake (id) at a path: a decimal string (JSON) or an integer (ETF).
	 * @throws IllegalArgumentException if it is missing, {@code null} or not an unsigned
	 * 64-bit id
	 */
	public long snowflake(DataPath path) {
		DataReader reader = reader();
		return DataValues.snowflake(reader, DataValues.locate(reader, reader.root(), path));
	}

	/**
	 * The snowflake (id) at a path, or {@code null} when it is missing or {@code null}.
	 * @throws IllegalArgumentException if a value is there but is not an unsigned 64-bit
	 * id
	 */
	public Long snowflakeOrNull(DataPath path) {
		DataReader reader = reader();
		return DataValues.snowflakeOrNull(reader, DataValues.locate(reader, reader.root(), path));
	}

	/**
	 * The ids of an array's elements:
	 * {@code snowflakes(DataPath.of("mentions"), DataPath.of("id"))} reads each mentioned
	 * user's id, {@code snowflakes(DataPath.of("member", "roles"), DataPath.root())} an
	 * array of ids. Elements without an id are left out; an empty array when there is no
	 * array.
	 * @throws IllegalArgumentException if an element has a value there that is not an id
	 */
	public long[] snowflakes(DataPath array, DataPath element) {
		DataReader reader = reader();
		return DataValues.snowflakes(reader, DataValues.locate(reader, reader.root(), array), element);
	}

	/** The integer at a path if it fits an {@code int}, otherwise {@code fallback}. */
	public int integer(DataPath path, int fallback) {
		DataReader reader = reader();
		return DataValues.integer(reader, DataValues.locate(reader, reader.root(), path), fallback);
	}

	/** The boolean at a path, otherwise {@code fallback}. */
	public boolean bool(DataPath path, boolean fallback) {
		DataReader reader = reader();
		return DataValues.bool(reader, DataValues.locate(reader, reader.root(), path), fallback);
	}

	/**
	 * The number of elements of the array at a path, or {@code 0} when there is no array.
	 */
	public int count(DataPath path) {
		DataReader reader = reader();
		return DataValues.count(reader, DataValues.locate(reader, reader.root(), path));
	}

	/** Whether there is a value other than {@code null} at a path. */
	public boolean has(DataPath path) {
		DataReader reader = reader();
		return DataValues.isPresent(reader, DataValues.locate(reader, reader.root(), path));
	}

	/**
	 * The scalar at a path as a Java value: a {@code String}, {@code Long},
	 * {@code BigInteger}, {@code Double} or {@code Boolean}; {@code null} when it is
	 * missing, {@code null}, an object or an array.
	 */
	public Object value(DataPath path) {
		DataReader reader = reader();
		return DataValues.value(reader, DataValues.locate(reader, reader.root(), path));
	}

	private DataReader reader() {
		return (this.bytesReader != null) ? this.bytesReader : new TreeDataReader(data());
	}

	@Override
	public String toString() {
		return "GatewayDispatch[shard=" + this.shardId + ", s=" + this.sequence + ", t=" + this.type + "]";
	}

}
