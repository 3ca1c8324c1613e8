package io.github.discordgateway.test.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Server side of one RFC 6455 connection after the upgrade: masked client frames in,
 * unmasked frames out. Writes are serialised; reads happen on one thread in
 * {@link #readLoop(WebSocketListener)}.
 */
public final class WebSocketChannel {

	/** Continuation frame opcode. */
	public static final int OP_CONTINUATION = 0x0;

	/** Text frame opcode. */
	public static final int OP_TEXT = 0x1;

	/** Binary frame opcode. */
	public static final int OP_BINARY = 0x2;

	/** Close frame opcode. */
	public static final int OP_CLOSE = 0x8;

	/** Ping frame opcode. */
	public static final int OP_PING = 0x9;

	/** Pong frame opcode. */
	public static final int OP_PONG = 0xA;

	private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private static final int MAX_MESSAGE_BYTES = 1024 * 1024;

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final Object writeLock = new Object();

	private volatile boolean closeSent;

	private volatile boolean closeReceived;

	private volatile boolean silent;

	private final java.util.concurrent.atomic.AtomicLong framesIgnored = new java.util.concurrent.atomic.AtomicLong();

	private volatile boolean socketClosed;

	/**
	 * Wraps an upgraded socket.
	 * @param socket the socket
	 * @param in its (buffered) input; bytes already buffered after the handshake are kept
	 * @param out its (buffered) output
	 */
	public WebSocketChannel(Socket socket, InputStream in, OutputStream out) {
		this.socket = socket;
		this.in = in;
		this.out = out;
	}

	/**
	 * Computes {@code Sec-WebSocket-Accept} for a key.
	 * @param key the client's {@code Sec-WebSocket-Key}
	 * @return the accept value
	 */
	public static String acceptKey(String key) {
		try {
			MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
			return Base64.getEncoder()
				.encodeToString(sha1.digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * Sends one data message, optionally as several frames (first frame + continuation
	 * frames).
	 * @param binary binary ({@code true}) or text message
	 * @param data payload
	 * @param frames number of frames to use (capped by the payload length; at least 1)
	 * @return {@code false} when nothing was sent (closing, silent or socket gone)
	 */
	public boolean sendMessage(boolean binary, byte[] data, int frames) {
		synchronized (writeLock) {
			if (closeSent || silent || socketClosed) {
				return false;
			}
			try {
				int count = Math.max(1, Math.min(frames, data.length));
				int offset = 0;
				for (int i = 0; i < count; i++) {
					int end = i == count - 1 ? data.length : (int) ((long) data.length * (i + 1) / count);
					int opcode = i == 0 ? (binary ? OP_BINARY : OP_TEXT) : OP_CONTINUATION;
					writeFrame(i == count - 1, opcode, data, offset, end - offset);
					offset = end;
				}
				out.flush();
				return true;
			}
			catch (IOException e) {
				closeSocket();
				return false;
			}
		}
	}

	/**
	 * Writes bytes that already are complete, unmasked server frames (built ahead of
	 * time, as the flood benchmark does), then flushes. Serialised with every other
	 * write; the caller must only pass whole frames.
	 * @param frames buffer holding the frames
	 * @param offset start of the frames
	 * @param length number of bytes
	 * @return {@code false} when nothing was sent (closing, silent or socket gone)
	 */
	public boolean sendPreframed(byte[] frames, int offset, int length) {
		synchronized (writeLock) {
			if (closeSent || silent || socketClosed) {
				return false;
			}
			try {
				out.write(frames, offset, length);
				out.flush();
				return true;
			}
			catch (IOException e) {
				closeSocket();
				return false;
			}
		}
	}

	/**
	 * Sends a close frame (once). The socket stays open for the peer's answer.
	 * @param code close code ({@code -1} for a close frame without a code)
	 * @param reason reason, truncated to fit 123 bytes
	 * @return {@code true} if this call sent the close frame
	 */
	public boolean sendClose(int code, String reason) {
		synchronized (writeLock) {
			if (closeSent || silent || socketClosed) {
				return false;
			}
			closeSent = true;
			try {
				byte[] payload;
				if (code < 0) {
					payload = new byte[0];
				}
				else {
					byte[] r = truncateUtf8(reason == null ? "" : reason, 123);
					payload = new byte[2 + r.length];
					payload[0] = (byte) (code >> 8);
					payload[1] = (byte) code;
					System.arraycopy(r, 0, payload, 2, r.length);
				}
				writeFrame(true, OP_CLOSE, payload, 0, payload.length);
				out.flush();
			}
			catch (IOException e) {
				closeSocket();
			}
			return true;
		}
	}

	private void sendControl(int opcode, byte[] payload) {
		synchronized (writeLock) {
			if (closeSent || silent || socketClosed) {
				return;
			}
			try {
				writeFrame(true, opcode, payload, 0, payload.length);
				out.flush();
			}
			catch (IOException e) {
				closeSocket();
			}
		}
	}

	private void writeFrame(boolean fin, int opcode, byte[] data, int off, int len) throws IOException {
		writeFrame(this.out, fin, opcode, data, off, len);
	}

	/**
	 * Writes one unmasked server frame (RFC 6455 section 5.2).
	 * @param out where to write
	 * @param fin whether this is the message's last frame
	 * @param opcode frame opcode, e.g. {@link #OP_TEXT}
	 * @param data buffer holding the payload
	 * @param off start of the payload
	 * @param len payload length
	 * @throws IOException if {@code out} fails
	 */
	public static void writeFrame(OutputStream out, boolean fin, int opcode, byte[] data, int off, int len)
			throws IOException {
		out.write((fin ? 0x80 : 0) | opcode);
		if (len < 126) {
			out.write(len);
		}
		else if (len <= 0xFFFF) {
			out.write(126);
			out.write(len >>> 8);
			out.write(len);
		}
		else {
			out.write(127);
			long l = len;
			for (int shift = 56; shift >= 0; shift -= 8) {
				out.write((int) (l >>> shift));
			}
		}
		out.write(data, off, len);
	}

	/**
	 * Stops all writes and ignores everything read from now on, keeping the socket open
	 * (a zombie server).
	 */
	public void goSilent() {
		silent = true;
	}

	/**
	 * Whether {@link #goSilent()} was called.
	 * @return whether silent
	 */
	public boolean isSilent() {
		return silent;
	}

	/**
	 * Frames read and thrown away since {@link #goSilent()}.
	 * @return the count
	 */
	public long framesIgnored() {
		return framesIgnored.get();
	}

	/**
	 * Whether a close frame was sent by this side.
	 * @return whether close was sent
	 */
	public boolean isCloseSent() {
		return closeSent;
	}

	/**
	 * Whether the socket was closed (by us or after an I/O error).
	 * @return whether closed
	 */
	public boolean isSocketClosed() {
		return socketClosed;
	}

	/** Closes the TCP socket (no close frame is sent). */
	public void closeSocket() {
		socketClosed = true;
		try {
			socket.close();
		}
		catch (IOException ignored) {
			// nothing to do
		}
	}

	/** Closes the TCP socket with an RST (SO_LINGER 0), without a close frame. */
	public void abort() {
		try {
			socket.setSoLinger(true, 0);
		}
		catch (IOException ignored) {
			// best effort
		}
		closeSocket();
	}

	/**
	 * Reads frames until the connection ends, reassembling fragmented messages and
	 * answering pings and closes.
	 * @param listener receives messages, close frames and termination
	 */
	public void readLoop(WebSocketListener listener) {
		boolean abnormal = true;
		ByteArrayOutputStream message = null;
		boolean messageBinary = false;
		try {
			while (true) {
				int b0 = in.read();
				if (b0 < 0) {
					break;
				}
				int b1 = readByte();
				boolean fin = (b0 & 0x80) != 0;
				int opcode = b0 & 0x0F;
				boolean masked = (b1 & 0x80) != 0;
				long len = b1 & 0x7F;
				if (len == 126) {
					len = ((long) readByte() << 8) | readByte();
				}
				else if (len == 127) {
					len = 0;
					for (int i = 0; i < 8; i++) {
						len = (len << 8) | readByte();
					}
				}
				byte[] mask = new byte[4];
				if (masked) {
					readFully(mask);
				}
				if ((b0 & 0x70) != 0) {
					protocolError(1002, "Reserved bits set");
					continue;
				}
				if (!masked && !silent) {
					protocolError(1002, "Client frames must be masked");
					continue;
				}
				if (len > MAX_MESSAGE_BYTES || (message != null && message.size() + len > MAX_MESSAGE_BYTES)) {
					protocolError(1009, "Message too big");
					break;
				}
				byte[] payload = new byte[(int) len];
				readFully(payload);
				for (int i = 0; i < payload.length; i++) {
					payload[i] ^= mask[i & 3];
				}
				if (silent) {
					framesIgnored.incrementAndGet();
					continue; // a zombie reads nothing
				}
				switch (opcode) {
					case OP_TEXT, OP_BINARY -> {
						if (message != null) {
							protocolError(1002, "Expected a continuation frame");
							continue;
						}
						if (fin) {
							if (!closeSent) {
								listener.onMessage(payload, opcode == OP_BINARY);
							}
						}
						else {
							message = new ByteArrayOutputStream();
							message.write(payload);
							messageBinary = opcode == OP_BINARY;
						}
					}
					case OP_CONTINUATION -> {
						if (message == null) {
							protocolError(1002, "Unexpected continuation frame");
							continue;
						}
						message.write(payload);
						if (fin) {
							byte[] whole = message.toByteArray();
							message = null;
							if (!closeSent) {
								listener.onMessage(whole, messageBinary);
							}
						}
					}
					case OP_PING -> sendControl(OP_PONG, payload);
					case OP_PONG -> {
						/* unsolicited pongs are ignored */ }
					case OP_CLOSE -> {
						int code = 1005;
						String reason = "";
						if (payload.length >= 2) {
							code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
							reason = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
						}
						closeReceived = true;
						listener.onCloseFrame(code, reason);
						if (!closeSent) {
							sendClose(code == 1005 ? -1 : code, reason);
						}
						abnormal = false;
						closeSocket();
						return;
					}
					default -> protocolError(1002, "Unknown opcode " + opcode);
				}
				if (!fin && (opcode == OP_PING || opcode == OP_PONG || opcode == OP_CLOSE)) {
					protocolError(1002, "Fragmented control frame");
				}
			}
		}
		catch (IOException e) {
			// socket closed or broken: fall through
		}
		finally {
			closeSocket();
			listener.onTerminated(abnormal && !closeReceived);
		}
	}

	private void protocolError(int code, String reason) {
		sendClose(code, reason);
	}

	private int readByte() throws IOException {
		int b = in.read();
		if (b < 0) {
			throw new EOFException();
		}
		return b;
	}

	private void readFully(byte[] buf) throws IOException {
		int off = 0;
		while (off < buf.length) {
			int n = in.read(buf, off, buf.length - off);
			if (n < 0) {
				throw new EOFException();
			}
			off += n;
		}
	}

	private static byte[] truncateUtf8(String s, int maxBytes) {
		byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= maxBytes) {
			return bytes;
		}
		int end = maxBytes;
		while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
			end--;
		}
		return java.util.Arrays.copyOf(bytes, end);
	}

}
