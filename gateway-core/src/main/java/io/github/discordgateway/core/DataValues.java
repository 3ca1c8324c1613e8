package io.github.discordgateway.core;

import java.math.BigInteger;
import java.util.Arrays;

import io.github.discordgateway.core.internal.payload.DataReader;

/**
 * The typed reads of {@link GatewayDispatch}, written once over any {@link DataReader},
 * with the meaning they have on the data's tree: a missing value, JSON {@code null} and a
 * value of another kind all read as absent.
 */
final class DataValues {

	private static final BigInteger UNSIGNED_LONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

	private static final long[] NO_IDS = new long[0];

	private DataValues() {
	}

	/**
	 * The position of the value at {@code path} below {@code from}, or
	 * {@link DataReader#MISSING}.
	 */
	static int locate(DataReader reader, int from, DataPath path) {
		int position = from;
		for (int step = 0; step < path.length() && position != DataReader.MISSING; step++) {
			String name = path.nameAt(step);
			int kind = reader.kind(position);
			if (name != null) {
				position = (kind == DataReader.OBJECT) ? reader.field(position, name, path.nameBytesAt(step))
						: DataReader.MISSING;
			}
			else {
				position = (kind == DataReader.ARRAY) ? reader.element(position, path.indexAt(step))
						: DataReader.MISSING;
			}
		}
		return position;
	}

	static String text(DataReader reader, int position) {
		return (position != DataReader.MISSING && reader.kind(position) == DataReader.STRING) ? reader.string(position)
				: null;
	}

	static int integer(DataReader reader, int position, int fallback) {
		if (position == DataReader.MISSING || reader.kind(position) != DataReader.INTEGER) {
			return fallback;
		}
		long value = reader.longValue(position);
		return (value == (int) value) ? (int) value : fallback;
	}

	static boolean bool(DataReader reader, int position, boolean fallback) {
		if (position == DataReader.MISSING) {
			return fallback;
		}
		int kind = reader.kind(position);
		return (kind == DataReader.TRUE) || (kind != DataReader.FALSE && fallback);
	}

	static int count(DataReader reader, int position) {
		return (position != DataReader.MISSING && reader.kind(position) == DataReader.ARRAY) ? reader.size(position)
				: 0;
	}

	static boolean isPresent(DataReader reader, int position) {
		return position != DataReader.MISSING && reader.kind(position) != DataReader.NULL;
	}

	/**
	 * A scalar as a Java value: String, Long, BigInteger, Double or Boolean; {@code null}
	 * otherwise.
	 */
	static Object value(DataReader reader, int position) {
		if (position == DataReader.MISSING) {
			return null;
		}
		return switch (reader.kind(position)) {
			case DataReader.STRING -> reader.string(position);
			case DataReader.INTEGER -> reader.longValue(position);
			case DataReader.BIG_INTEGER -> reader.bigIntegerValue(position);
			case DataReader.FLOAT -> reader.doubleValue(position);
			case DataReader.TRUE -> Boolean.TRUE;
			case DataReader.FALSE -> Boolean.FALSE;
			default -> null;
		};
	}

	/** A snowflake that may be absent ({@code null}); anything else than an id fails. */
	static Long snowflakeOrNull(DataReader reader, int position) {
		if (position == DataReader.MISSING || reader.kind(position) == DataReader.NULL) {
			return null;
		}
		return snowflake(reader, position);
	}

	/** A snowflake that must be there: a decimal string or an unsigned 64-bit integer. */
	static long snowflake(DataReader reader, int position) {
		int kind = (position != DataReader.MISSING) ? reader.kind(position) : DataReader.NULL;
		switch (kind) {
			case DataReader.NULL:
				throw new IllegalArgumentException("Expected a snowflake but the value is missing");
			case DataReader.STRING:
				return parseSnowflake(reader.string(position));
			case DataReader.INTEGER: {
				long value = reader.longValue(position);
				if (value < 0) {
					throw new IllegalArgumentException("A snowflake must not be negative but was " + value);
				}
				return value;
			}
			case DataReader.BIG_INTEGER: {
				BigInteger big = reader.bigIntegerValue(position);
				if (big.signum() >= 0 && big.compareTo(UNSIGNED_LONG_MAX) <= 0) {
					return big.longValue();
				}
				throw new IllegalArgumentException("A snowflake must fit in 64 bits but was " + big);
			}
			default:
				throw new IllegalArgumentException(
						"Expected a snowflake (string or integer) but found " + kindName(kind));
		}
	}

	/**
	 * The ids at {@code element} below each element of the array at {@code array}; absent
	 * ones are left out.
	 */
	static long[] snowflakes(DataReader reader, int array, DataPath element) {
		if (array == DataReader.MISSING || reader.kind(array) != DataReader.ARRAY) {
			return NO_IDS;
		}
		int[] elements = reader.elements(array);
		long[] ids = new long[elements.length];
		int count = 0;
		for (int position : elements) {
			Long id = snowflakeOrNull(reader, locate(reader, position, element));
			if (id != null) {
				ids[count++] = id;
			}
		}
		return (count == ids.length) ? ids : Arrays.copyOf(ids, count);
	}

	private static long parseSnowflake(String text) {
		if (text.isEmpty()) {
			throw new IllegalArgumentException("Expected a snowflake but the text is empty");
		}
		try {
			return Long.parseUnsignedLong(text);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"'" + ((text.length() <= 32) ? text : text.substring(0, 32) + "...") + "' is not a snowflake");
		}
	}

	private static String kindName(int kind) {
		return switch (kind) {
			case DataReader.OBJECT -> "OBJECT";
			case DataReader.ARRAY -> "ARRAY";
			case DataReader.FLOAT -> "NUMBER";
			case DataReader.TRUE, DataReader.FALSE -> "BOOLEAN";
			default -> "OTHER";
		};
	}

}
