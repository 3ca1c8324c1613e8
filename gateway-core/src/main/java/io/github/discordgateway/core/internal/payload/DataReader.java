package io.github.discordgateway.core.internal.payload;

import java.math.BigInteger;

/**
 * Reads values of one dispatch's data where they are, without building a tree: from the
 * bytes the codec has already validated ({@code JsonDataReader}, {@code EtfDataReader})
 * or from a tree ({@link TreeDataReader}). A value is addressed by a position
 * ({@code int}, {@value #MISSING} for none) that only this reader understands. Every
 * reader reports what the Jackson tree of the same data would hold: the same kinds, texts
 * and numbers (ETF normalised as {@code EtfDecoder} documents). Internal; readers over
 * bytes are immutable and thread-safe.
 */
public abstract class DataReader {

	/** The position of a value that is not there. */
	public static final int MISSING = -1;

	/** Kinds of values, as the tree's node types. */
	public static final int OBJECT = 1;

	public static final int ARRAY = 2;

	public static final int STRING = 3;

	/** An integral number that fits a {@code long}. */
	public static final int INTEGER = 4;

	/** An integral number beyond a {@code long}. */
	public static final int BIG_INTEGER = 5;

	/** A number with a fraction or an exponent (a {@code double}). */
	public static final int FLOAT = 6;

	public static final int TRUE = 7;

	public static final int FALSE = 8;

	public static final int NULL = 9;

	/** Anything else a hand-built tree may hold (binary, POJO nodes). */
	public static final int OTHER = 10;

	/** The position of the data itself. */
	public abstract int root();

	/** The kind of the value at a position that is not {@link #MISSING}. */
	public abstract int kind(int position);

	/**
	 * The value of a property of the object at {@code object}; the last one when the name
	 * repeats, as in the tree.
	 * @return its position, or {@link #MISSING}
	 */
	public abstract int field(int object, String name, byte[] nameBytes);

	/** The number of elements of the array at a position. */
	public abstract int size(int array);

	/** The positions of all elements of the array at a position, in order. */
	public abstract int[] elements(int array);

	/** The element at {@code index} of the array at a position, or {@link #MISSING}. */
	public int element(int array, int index) {
		int[] elements = elements(array);
		return (index < elements.length) ? elements[index] : MISSING;
	}

	/** The text of a {@link #STRING}. */
	public abstract String string(int position);

	/** The value of an {@link #INTEGER}. */
	public abstract long longValue(int position);

	/** The value of a {@link #BIG_INTEGER} (or an {@link #INTEGER}). */
	public abstract BigInteger bigIntegerValue(int position);

	/** The value of a {@link #FLOAT}. */
	public abstract double doubleValue(int position);

}
