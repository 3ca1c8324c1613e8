package io.github.discordgateway.core.internal.payload;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/**
 * A decoded gateway payload envelope. Its data ({@code d}) is either a tree already or
 * the exact, already validated bytes of an object or array that become a tree when
 * {@link #data()} is called: most dispatches are never looked at, and building their
 * trees was most of the socket thread's work. The codec checks those bytes completely
 * (syntax, nesting, lengths) before the payload exists, so a malformed {@code d} still
 * fails the payload, not a listener. Immutable; the deferred bytes are owned by the
 * payload and never changed.
 */
public final class GatewayPayload implements Supplier<JsonNode> {

	private final int op;

	private final long sequence;

	private final String type;

	private final JsonNode data;

	private final byte[] deferredData;

	private final Function<byte[], JsonNode> decoder;

	private final Function<byte[], DataReader> readerFactory;

	private final boolean jsonData;

	/**
	 * A payload whose data is a tree already.
	 * @param op the opcode
	 * @param sequence {@code s}, or {@code -1} when absent or null
	 * @param type {@code t}, or {@code null}
	 * @param data {@code d} (a {@code NullNode} when absent)
	 */
	public GatewayPayload(int op, long sequence, String type, JsonNode data) {
		this.op = op;
		this.sequence = sequence;
		this.type = type;
		this.data = Objects.requireNonNull(data, "data");
		this.deferredData = null;
		this.decoder = null;
		this.readerFactory = null;
		this.jsonData = false;
	}

	private GatewayPayload(int op, long sequence, String type, byte[] deferredData, Function<byte[], JsonNode> decoder,
			Function<byte[], DataReader> readerFactory, boolean jsonData) {
		this.op = op;
		this.sequence = sequence;
		this.type = type;
		this.data = null;
		this.deferredData = deferredData;
		this.decoder = decoder;
		this.readerFactory = readerFactory;
		this.jsonData = jsonData;
	}

	/**
	 * A payload whose data arrived as JSON and is decoded when first asked for.
	 * @param deferredData the JSON of {@code d}, already validated, owned by the payload
	 * from now on
	 * @param decoder turns {@code deferredData} into the tree
	 * @param readerFactory makes a reader of single values straight from
	 * {@code deferredData}
	 */
	public static GatewayPayload deferredJson(int op, long sequence, String type, byte[] deferredData,
			Function<byte[], JsonNode> decoder, Function<byte[], DataReader> readerFactory) {
		return new GatewayPayload(op, sequence, type, deferredData, decoder, readerFactory, true);
	}

	/**
	 * A payload whose data arrived in another encoding (ETF) and is decoded when first
	 * asked for; see {@link #deferredJson}.
	 */
	public static GatewayPayload deferredEncoded(int op, long sequence, String type, byte[] deferredData,
			Function<byte[], JsonNode> decoder, Function<byte[], DataReader> readerFactory) {
		return new GatewayPayload(op, sequence, type, deferredData, decoder, readerFactory, false);
	}

	/** The opcode. */
	public int op() {
		return this.op;
	}

	/** {@code s}, or {@code -1} when absent or null. */
	public long sequence() {
		return this.sequence;
	}

	/** {@code t}, or {@code null}. */
	public String type() {
		return this.type;
	}

	/**
	 * {@code d} as a tree ({@code NullNode} when absent). Deferred data is decoded on
	 * every call: the socket thread reads the few non-dispatch payloads it needs once,
	 * and a dispatch's {@link io.github.discordgateway.core.GatewayDispatch} decodes once
	 * and keeps the tree.
	 */
	public JsonNode data() {
		return (this.data != null) ? this.data : this.decoder.apply(this.deferredData);
	}

	/** Same as {@link #data()}; lets the payload be a dispatch's data source. */
	@Override
	public JsonNode get() {
		return data();
	}

	/**
	 * {@code d} exactly as received, when it arrived as JSON and is kept as bytes;
	 * otherwise {@code null}. The array is the payload's own: read it, never change it.
	 */
	public byte[] receivedJsonData() {
		return this.jsonData ? this.deferredData : null;
	}

	/**
	 * A reader of single values of {@code d} straight from its bytes, without a tree;
	 * {@code null} when the data is a tree already.
	 */
	public DataReader dataReader() {
		return (this.deferredData != null) ? this.readerFactory.apply(this.deferredData) : null;
	}

	/**
	 * Payloads are equal when their envelopes and data trees are (this decodes deferred
	 * data).
	 */
	@Override
	public boolean equals(Object other) {
		return this == other
				|| (other instanceof GatewayPayload that && this.op == that.op && this.sequence == that.sequence
						&& Objects.equals(this.type, that.type) && data().equals(that.data()));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.op, this.sequence, this.type, data());
	}

	@Override
	public String toString() {
		return "GatewayPayload[op=" + this.op + ", s=" + this.sequence + ", t=" + this.type + "]";
	}

}
