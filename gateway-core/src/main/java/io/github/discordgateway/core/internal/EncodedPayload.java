package io.github.discordgateway.core.internal;

import java.nio.charset.StandardCharsets;

/**
 * One encoded client-to-server payload, ready to be written as one WebSocket message:
 * text for JSON, binary for ETF. Exactly one of {@code text} and {@code bytes} is set.
 *
 * @param text the JSON text of a text message, or {@code null}
 * @param bytes the bytes of a binary message, or {@code null}
 */
record EncodedPayload(String text, byte[] bytes) {

	public static EncodedPayload text(String text) {
		return new EncodedPayload(text, null);
	}

	public static EncodedPayload binary(byte[] bytes) {
		return new EncodedPayload(null, bytes);
	}

	/** Whether the payload must go out as a binary message. */
	public boolean isBinary() {
		return this.bytes != null;
	}

	/** Size on the wire (UTF-8 bytes of a text message), which Discord limits to 4096. */
	public int size() {
		if (this.bytes != null) {
			return this.bytes.length;
		}
		String s = this.text;
		int length = s.length();
		int size = length;
		for (int i = 0; i < length; i++) {
			char c = s.charAt(i);
			if (c >= 0x80) {
				// Surrogate pairs count 2 + 2 = 4 bytes, as in UTF-8.
				size += (c >= 0x800 && !Character.isSurrogate(c)) ? 2 : 1;
			}
		}
		return size;
	}

	/** The payload's bytes, UTF-8 for text. */
	public byte[] toBytes() {
		return (this.bytes != null) ? this.bytes : this.text.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		// Never the content: IDENTIFY and RESUME carry the token.
		return "EncodedPayload[" + (isBinary() ? "binary" : "text") + ", " + size() + " bytes]";
	}

}
