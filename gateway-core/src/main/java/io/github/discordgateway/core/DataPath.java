package io.github.discordgateway.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A path into a dispatch's data: property names and array indexes, for example
 * {@code DataPath.of("author", "username")} or
 * {@code DataPath.of("mentions").index(0).then("id")}. Build paths once (in a
 * {@code static final} field) and read with the typed accessors of
 * {@link GatewayDispatch}; they read straight from the received bytes without building
 * the data's tree. Immutable and thread-safe.
 */
public final class DataPath {

	private static final DataPath ROOT = new DataPath(new String[0], new byte[0][], new int[0]);

	/** Step names; {@code null} where the step is an array index. */
	private final String[] names;

	/**
	 * The UTF-8 bytes of the step names; {@code null} where the step is an array index.
	 */
	private final byte[][] nameBytes;

	/** The array index of each step; {@code -1} where the step is a name. */
	private final int[] indexes;

	private DataPath(String[] names, byte[][] nameBytes, int[] indexes) {
		this.names = names;
		this.nameBytes = nameBytes;
		this.indexes = indexes;
	}

	/** The data itself. */
	public static DataPath root() {
		return ROOT;
	}

	/**
	 * A path of property names.
	 * @param names the names from the data's top level down, for example
	 * {@code "author", "id"}
	 */
	public static DataPath of(String... names) {
		DataPath path = ROOT;
		for (String name : names) {
			path = path.then(name);
		}
		return path;
	}

	/** This path followed by a property name. */
	public DataPath then(String name) {
		Objects.requireNonNull(name, "name");
		return append(name, name.getBytes(StandardCharsets.UTF_8), -1);
	}

	/** This path followed by an array index (from 0). */
	public DataPath index(int index) {
		if (index < 0) {
			throw new IllegalArgumentException("An array index must not be negative but was " + index);
		}
		return append(null, null, index);
	}

	private DataPath append(String name, byte[] bytes, int index) {
		int length = this.indexes.length;
		String[] names = Arrays.copyOf(this.names, length + 1);
		byte[][] nameBytes = Arrays.copyOf(this.nameBytes, length + 1);
		int[] indexes = Arrays.copyOf(this.indexes, length + 1);
		names[length] = name;
		nameBytes[length] = bytes;
		indexes[length] = index;
		return new DataPath(names, nameBytes, indexes);
	}

	/** The number of steps. */
	int length() {
		return this.indexes.length;
	}

	/** The property name of a step, or {@code null} if the step is an array index. */
	String nameAt(int step) {
		return this.names[step];
	}

	/**
	 * The UTF-8 bytes of a step's property name (shared: do not modify), or {@code null}.
	 */
	byte[] nameBytesAt(int step) {
		return this.nameBytes[step];
	}

	/** The array index of a step, or {@code -1} if the step is a property name. */
	int indexAt(int step) {
		return this.indexes[step];
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof DataPath that && Arrays.equals(this.names, that.names)
				&& Arrays.equals(this.indexes, that.indexes));
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.names) + Arrays.hashCode(this.indexes);
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("$");
		for (int i = 0; i < this.indexes.length; i++) {
			if (this.names[i] != null) {
				text.append('.').append(this.names[i]);
			}
			else {
				text.append('[').append(this.indexes[i]).append(']');
			}
		}
		return text.toString();
	}

}
