package io.github.discordgateway.test.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete HTTP/1.1 response with a JSON (or empty) body.
 *
 * @param status status code
 * @param headers extra headers
 * @param body body bytes
 */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {

	/**
	 * Creates a JSON response.
	 * @param status status code
	 * @param json body text
	 * @return the response
	 */
	public static HttpResponse json(int status, String json) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json");
		return new HttpResponse(status, headers, json.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Returns a copy with one more header.
	 * @param name header name
	 * @param value header value
	 * @return a new response
	 */
	public HttpResponse withHeader(String name, String value) {
		Map<String, String> copy = new LinkedHashMap<>(headers);
		copy.put(name, value);
		return new HttpResponse(status, copy, body);
	}

	/**
	 * Writes the response.
	 * @param out connection output
	 * @param keepAlive whether the connection stays open afterwards
	 * @throws IOException on write failure
	 */
	public void write(OutputStream out, boolean keepAlive) throws IOException {
		StringBuilder head = new StringBuilder();
		head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
		headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
		head.append("Content-Length: ").append(body.length).append("\r\n");
		head.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
		out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		out.write(body);
		out.flush();
	}

	/**
	 * Standard reason phrase for a status code.
	 * @param status status code
	 * @return reason phrase (never null)
	 */
	public static String reason(int status) {
		return switch (status) {
			case 101 -> "Switching Protocols";
			case 200 -> "OK";
			case 400 -> "Bad Request";
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "Not Found";
			case 405 -> "Method Not Allowed";
			case 426 -> "Upgrade Required";
			case 429 -> "Too Many Requests";
			case 500 -> "Internal Server Error";
			case 502 -> "Bad Gateway";
			case 503 -> "Service Unavailable";
			case 504 -> "Gateway Timeout";
			default -> "Status " + status;
		};
	}
}
