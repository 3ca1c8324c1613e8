package io.github.discordgateway.core.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A reusable, growable byte buffer with a hard size cap. It grows for a large payload and
 * drops back to its small initial size once {@value #SMALL_PAYLOADS_BEFORE_RELEASE}
 * payloads in a row did not need the large array, so an idle connection keeps only a few
 * KiB while a run of large payloads (the GUILD_CREATEs after READY) reuses one array
 * instead of regrowing it by doubling for each, which allocated about twice every large
 * payload's size.
 */
final class ByteAccumulator {

	private static final int RETAINED_CAPACITY = 256 * 1024;

	static final int SMALL_PAYLOADS_BEFORE_RELEASE = 64;

	private final int initialCapacity;

	private final int maxBytes;

	private final String tooLargeWhat;

	private byte[] bytes;

	private int length;

	/** Payloads since the last one that needed more than {@link #RETAINED_CAPACITY}. */
	private int smallPayloads;

	ByteAccumulator(int initialCapacity, int maxBytes, String tooLargeWhat) {
		this.initialCapacity = initialCapacity;
		this.maxBytes = maxBytes;
		this.tooLargeWhat = tooLargeWhat;
		this.bytes = new byte[initialCapacity];
	}

	byte[] array() {
		return this.bytes;
	}

	int length() {
		return this.length;
	}

	/** Free space after {@link #length()}, growing first if there is none. */
	int ensureFree() {
		if (this.length == this.bytes.length) {
			grow(this.length + 1);
		}
		return this.bytes.length - this.length;
	}

	void advance(int count) {
		this.length += count;
	}

	void append(ByteBuffer data) {
		int count = data.remaining();
		ensureCapacity(this.length + (long) count);
		data.get(this.bytes, this.length, count);
		this.length += count;
	}

	void append(byte[] data, int offset, int count) {
		ensureCapacity(this.length + (long) count);
		System.arraycopy(data, offset, this.bytes, this.length, count);
		this.length += count;
	}

	boolean endsWith(byte[] suffix) {
		if (this.length < suffix.length) {
			return false;
		}
		return Arrays.equals(this.bytes, this.length - suffix.length, this.length, suffix, 0, suffix.length);
	}

	/**
	 * Empties the buffer; a large backing array is released after a run of small
	 * payloads.
	 */
	void clear() {
		if (this.bytes.length > RETAINED_CAPACITY) {
			if (this.length > RETAINED_CAPACITY) {
				this.smallPayloads = 0;
			}
			else if (++this.smallPayloads >= SMALL_PAYLOADS_BEFORE_RELEASE) {
				this.bytes = new byte[this.initialCapacity];
				this.smallPayloads = 0;
			}
		}
		this.length = 0;
	}

	int capacity() {
		return this.bytes.length;
	}

	private void ensureCapacity(long needed) {
		if (needed > this.bytes.length) {
			grow(needed);
		}
	}

	private void grow(long needed) {
		if (needed > this.maxBytes) {
			throw new PayloadDecodeException("too-large",
					this.tooLargeWhat + " exceeds the limit of " + this.maxBytes + " bytes");
		}
		long doubled = Math.max(needed, (long) this.bytes.length * 2);
		this.bytes = Arrays.copyOf(this.bytes, (int) Math.min(doubled, this.maxBytes));
	}

}
