package io.github.discordgateway.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ZstdSupportTest {

	@Test
	void theNativeLibraryLoadsHereAndAFailureNamesTheProperty() {
		assertThat(GatewayCompression.ZSTD_STREAM.unavailableReason()).isEmpty();
		assertThat(GatewayCompression.ZLIB_STREAM.unavailableReason()).isEmpty();
		String reason = ZstdSupport.probe(() -> {
			throw new UnsatisfiedLinkError("no zstd-jni in java.library.path");
		});
		assertThat(reason).contains("zstd-jni").contains("could not be loaded").contains("no zstd-jni");
	}

}
