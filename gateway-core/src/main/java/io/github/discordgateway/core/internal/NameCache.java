package io.github.discordgateway.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Shares the String instances of short ASCII names that repeat in every payload: event
 * types and ETF map keys. A hit saves the String's allocation, and its hash is computed
 * once, so the map lookups a dispatch goes through (listener factories, meters, the
 * application's own) do not hash a fresh String each time. Racy by design: entries are
 * immutable, a lost or stale one only costs a miss. Thread-safe.
 */
final class NameCache {

	private static final int SIZE = 4096;

	/** Longest name kept. */
	static final int MAX_LENGTH = 32;

	private static final Entry[] ENTRIES = new Entry[SIZE];

	private NameCache() {
	}

	/**
	 * The text of {@code bytes[start, start + length)}, shared when it is a short ASCII
	 * name.
	 * @return the name, or {@code null} if it is not short ASCII (the caller decodes it)
	 */
	static String ascii(byte[] bytes, int start, int length) {
		if (length > MAX_LENGTH) {
			return null;
		}
		int hash = 0;
		for (int i = start, stop = start + length; i < stop; i++) {
			int c = bytes[i];
			if (c < 0) {
				return null;
			}
			hash = 31 * hash + c;
		}
		int slot = (hash ^ (hash >>> 12)) & (SIZE - 1);
		Entry cached = ENTRIES[slot];
		if (cached != null && Arrays.equals(cached.bytes, 0, cached.bytes.length, bytes, start, start + length)) {
			return cached.name;
		}
		String name = new String(bytes, start, length, StandardCharsets.ISO_8859_1);
		ENTRIES[slot] = new Entry(Arrays.copyOfRange(bytes, start, start + length), name);
		return name;
	}

	/**
	 * A name and its bytes, in one object so that racing readers of the cache never pair
	 * one name's bytes with another's text; comparing bytes is a vectorized
	 * {@code Arrays.equals}.
	 */
	private record Entry(byte[] bytes, String name) {
	}

}
