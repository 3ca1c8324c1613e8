package io.github.discordgateway.test.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed HTTP/1.1 request head (request line and headers; bodies are skipped by the
 * server).
 *
 * @param method request method, e.g. {@code GET}
 * @param target raw request target, e.g. {@code /?v=10&encoding=json}
 * @param path decoded path part of the target ({@code /} when empty)
 * @param query decoded query parameters (first value wins)
 * @param headers headers keyed by lower-case name (repeated headers joined with
 * {@code ", "})
 */
public record HttpRequest(String method, String target, String path, Map<String, String> query,
		Map<String, String> headers) {

	private static final int MAX_HEAD_BYTES = 16 * 1024;

	/**
	 * Returns a header value by case-insensitive name.
	 * @param name header name
	 * @return the value or {@code null}
	 */
	public String header(String name) {
		return headers.get(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * Tells whether the header contains the token (comma separated, case-insensitive).
	 * @param name header name
	 * @param token token to look for
	 * @return whether present
	 */
	public boolean headerHasToken(String name, String token) {
		String value = header(name);
		if (value == null) {
			return false;
		}
		for (String part : value.split(",")) {
			if (part.trim().equalsIgnoreCase(token)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether this is a WebSocket upgrade request.
	 * @return whether {@code Upgrade: websocket} is present
	 */
	public boolean isWebSocketUpgrade() {
		return headerHasToken("upgrade", "websocket");
	}

	/**
	 * Reads one request head from the stream.
	 * @param in the connection input
	 * @return the request, or {@code null} on a clean end of stream before any byte
	 * @throws IOException on read errors or a malformed request
	 */
	public static HttpRequest read(InputStream in) throws IOException {
		byte[] buf = new byte[1024];
		int len = 0;
		while (true) {
			int b = in.read();
			if (b < 0) {
				if (len == 0) {
					return null;
				}
				throw new IOException("Connection closed inside an HTTP request head");
			}
			if (len == buf.length) {
				if (len >= MAX_HEAD_BYTES) {
					throw new IOException("HTTP request head too large");
				}
				buf = java.util.Arrays.copyOf(buf, len * 2);
			}
			buf[len++] = (byte) b;
			if (len >= 4 && buf[len - 4] == '\r' && buf[len - 3] == '\n' && buf[len - 2] == '\r'
					&& buf[len - 1] == '\n') {
				break;
			}
			if (len == 2 && buf[0] == '\r' && buf[1] == '\n') {
				len = 0; // tolerate stray CRLF between requests
			}
		}
		String head = new String(buf, 0, len - 4, StandardCharsets.ISO_8859_1);
		String[] lines = head.split("\r\n");
		String[] requestLine = lines[0].split(" ");
		if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
			throw new IOException("Malformed HTTP request line");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon <= 0) {
				throw new IOException("Malformed HTTP header line");
			}
			String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = lines[i].substring(colon + 1).trim();
			headers.merge(name, value, (a, c) -> a + ", " + c);
		}
		String target = requestLine[1];
		String rawPath = target;
		String rawQuery = "";
		int q = target.indexOf('?');
		if (q >= 0) {
			rawPath = target.substring(0, q);
			rawQuery = target.substring(q + 1);
		}
		if (rawPath.startsWith("http://") || rawPath.startsWith("ws://")) { // absolute-form
			int slash = rawPath.indexOf('/', rawPath.indexOf("//") + 2);
			rawPath = slash < 0 ? "/" : rawPath.substring(slash);
		}
		String path = rawPath.isEmpty() ? "/" : URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
		Map<String, String> query = new LinkedHashMap<>();
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			query.putIfAbsent(key, value);
		}
		return new HttpRequest(requestLine[0], target, path, Collections.unmodifiableMap(query),
				Collections.unmodifiableMap(headers));
	}
}
