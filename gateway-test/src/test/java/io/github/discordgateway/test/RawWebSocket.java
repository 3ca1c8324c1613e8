package io.github.discordgateway.test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** A raw RFC 6455 client on a plain socket, to look at individual frames. */
final class RawWebSocket implements AutoCloseable {

	record Frame(boolean fin, int opcode, byte[] payload) {
		String text() {
			return new String(payload, StandardCharsets.UTF_8);
		}
	}

	private final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	final String handshakeResponse;

	RawWebSocket(int port, String target) throws IOException {
		socket = new Socket("127.0.0.1", port);
		socket.setSoTimeout(10_000);
		in = new DataInputStream(socket.getInputStream());
		out = socket.getOutputStream();
		byte[] keyBytes = new byte[16];
		ThreadLocalRandom.current().nextBytes(keyBytes);
		String key = Base64.getEncoder().encodeToString(keyBytes);
		out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
				+ "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			head.append((char) in.readUnsignedByte());
		}
		handshakeResponse = head.toString();
	}

	Frame readFrame() throws IOException {
		int b0 = in.readUnsignedByte();
		int b1 = in.readUnsignedByte();
		long len = b1 & 0x7F;
		if (len == 126) {
			len = in.readUnsignedShort();
		}
		else if (len == 127) {
			len = in.readLong();
		}
		if ((b1 & 0x80) != 0) {
			throw new IOException("server frames must not be masked");
		}
		byte[] payload = new byte[(int) len];
		in.readFully(payload);
		return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
	}

	/** Sends one frame; {@code masked=false} violates the protocol on purpose. */
	void sendFrame(boolean fin, int opcode, byte[] payload, boolean masked) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write((fin ? 0x80 : 0) | opcode);
		int maskBit = masked ? 0x80 : 0;
		if (payload.length < 126) {
			frame.write(maskBit | payload.length);
		}
		else {
			frame.write(maskBit | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length);
		}
		byte[] data = payload.clone();
		if (masked) {
			byte[] mask = new byte[4];
			ThreadLocalRandom.current().nextBytes(mask);
			frame.write(mask);
			for (int i = 0; i < data.length; i++) {
				data[i] ^= mask[i & 3];
			}
		}
		frame.write(data);
		out.write(frame.toByteArray());
		out.flush();
	}

	void sendText(String text) throws IOException {
		sendFrame(true, 1, text.getBytes(StandardCharsets.UTF_8), true);
	}

	static int closeCode(Frame frame) {
		return ((frame.payload()[0] & 0xFF) << 8) | (frame.payload()[1] & 0xFF);
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}

}
