package io.github.discordgateway.core.internal.payload;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Reads a data tree through the {@link DataReader} interface, for dispatches that were
 * given a tree rather than bytes. Positions index the nodes this reader has handed out.
 * Not thread-safe: one instance per lookup.
 */
public final class TreeDataReader extends DataReader {

	private final List<JsonNode> nodes = new ArrayList<>(4);

	public TreeDataReader(JsonNode root) {
		this.nodes.add(root);
	}

	@Override
	public int root() {
		return 0;
	}

	@Override
	public int kind(int position) {
		JsonNode node = this.nodes.get(position);
		if (node.isObject()) {
			return OBJECT;
		}
		if (node.isArray()) {
			return ARRAY;
		}
		if (node.isString()) {
			return STRING;
		}
		if (node.isIntegralNumber()) {
			return node.canConvertToLong() ? INTEGER : BIG_INTEGER;
		}
		if (node.isNumber()) {
			return FLOAT;
		}
		if (node.isBoolean()) {
			return node.booleanValue() ? TRUE : FALSE;
		}
		return (node.isNull() || node.isMissingNode()) ? NULL : OTHER;
	}

	@Override
	public int field(int object, String name, byte[] nameBytes) {
		return add(this.nodes.get(object).get(name));
	}

	@Override
	public int size(int array) {
		return this.nodes.get(array).size();
	}

	@Override
	public int[] elements(int array) {
		JsonNode node = this.nodes.get(array);
		int[] positions = new int[node.size()];
		for (int i = 0; i < positions.length; i++) {
			positions[i] = add(node.get(i));
		}
		return positions;
	}

	@Override
	public int element(int array, int index) {
		return add(this.nodes.get(array).get(index));
	}

	@Override
	public String string(int position) {
		return this.nodes.get(position).stringValue();
	}

	@Override
	public long longValue(int position) {
		return this.nodes.get(position).longValue();
	}

	@Override
	public BigInteger bigIntegerValue(int position) {
		return this.nodes.get(position).bigIntegerValue();
	}

	@Override
	public double doubleValue(int position) {
		return this.nodes.get(position).doubleValue();
	}

	private int add(JsonNode node) {
		if (node == null) {
			return MISSING;
		}
		this.nodes.add(node);
		return this.nodes.size() - 1;
	}

}
