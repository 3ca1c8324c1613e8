package io.github.discordgateway.core;

/**
 * Whether {@code compress=zstd-stream} can be used: zstd-jni ships native libraries for
 * the common platforms inside its jar and loads one on first use. Checked once, at
 * startup, so that a platform without a matching library fails with a clear message
 * instead of on the first connection.
 */
final class ZstdSupport {

	private static volatile String reason;

	private static volatile boolean checked;

	private ZstdSupport() {
	}

	/**
	 * Loads the native library if needed.
	 * @return {@code null} when zstd-stream can be used, otherwise why not
	 */
	static String unavailableReason() {
		if (!checked) {
			synchronized (ZstdSupport.class) {
				if (!checked) {
					reason = probe(ZstdSupport::loadNative);
					checked = true;
				}
			}
		}
		return reason;
	}

	/**
	 * Runs {@code loader} and turns any failure into a sentence; {@code null} when it
	 * succeeded.
	 */
	static String probe(Runnable loader) {
		try {
			loader.run();
			return null;
		}
		catch (LinkageError | RuntimeException ex) {
			return "the native library of zstd-jni (com.github.luben:zstd-jni) could not be loaded on "
					+ System.getProperty("os.name") + "/" + System.getProperty("os.arch") + " (" + ex + ")";
		}
	}

	private static void loadNative() {
		com.github.luben.zstd.util.Native.load();
		// Creating and freeing a context proves that the library really works.
		new com.github.luben.zstd.ZstdDecompressCtx().close();
	}

}
