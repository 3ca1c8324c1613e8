package io.github.discordgateway.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.discordgateway.core.GatewayCloseCode.Recovery;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayCloseCodeTest {

	@ParameterizedTest
	@ValueSource(ints = { 4004, 4010, 4011, 4012, 4013, 4014 })
	void fatalCodesStop(int code) {
		assertThat(GatewayCloseCode.recoveryOf(code)).isEqualTo(Recovery.FATAL);
	}

	@ParameterizedTest
	@ValueSource(ints = { 4003, 4005, 4007, 4009 })
	void sessionEndingCodesIdentifyAgain(int code) {
		assertThat(GatewayCloseCode.recoveryOf(code)).isEqualTo(Recovery.IDENTIFY);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1000, 1001, 1006, 1011, 4000, 4001, 4002, 4008, 4006, 4900, 4999, 3000 })
	void everythingElseResumes(int code) {
		assertThat(GatewayCloseCode.recoveryOf(code)).isEqualTo(Recovery.RESUME);
	}

	@Test
	void describesKnownAndUnknownCodes() {
		assertThat(GatewayCloseCode.describe(4014)).contains("privileged intent");
		assertThat(GatewayCloseCode.describe(4321)).isEqualTo("Unknown close code 4321");
		assertThat(GatewayCloseCode.of(4004)).isEqualTo(GatewayCloseCode.AUTHENTICATION_FAILED);
	}

}
