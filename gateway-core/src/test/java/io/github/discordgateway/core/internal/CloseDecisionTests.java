package io.github.discordgateway.core.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.discordgateway.core.GatewayCloseCode.Recovery;
import io.github.discordgateway.core.ShardDisconnect;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The close-code decision against the protocol reference's table (GATEWAY.md §5.6) and
 * its notes: 1000/1001 and abnormal drops resume, unknown codes (4006 included, a voice
 * gateway code) resume.
 */
class CloseDecisionTests {

	@ParameterizedTest
	@CsvSource({ "1000, RESUME", "1001, RESUME", "1006, RESUME", "4000, RESUME", "4001, RESUME", "4002, RESUME",
			"4003, IDENTIFY", "4004, FATAL", "4005, IDENTIFY", "4006, RESUME", "4007, IDENTIFY", "4008, RESUME",
			"4009, IDENTIFY", "4010, FATAL", "4011, FATAL", "4012, FATAL", "4013, FATAL", "4014, FATAL",
			"4999, RESUME" })
	void followsTheGatewayCloseCodeTable(int code, Recovery expected) {
		assertThat(CloseDecision.of(code, null).recovery()).isEqualTo(expected);
	}

	@Test
	void describesTheCodeAndTheGatewaysReason() {
		assertThat(CloseDecision.of(4009, "expired").description()).isEqualTo("Session timed out (expired)");
		assertThat(CloseDecision.of(4009, " ").description()).isEqualTo("Session timed out");
		assertThat(CloseDecision.of(4009, null).description()).isEqualTo("Session timed out");
		assertThat(CloseDecision.of(4321, "odd").description()).isEqualTo("Unknown close code 4321 (odd)");
	}

	@Test
	void becomesTheDisconnectListenersSee() {
		CloseDecision decision = CloseDecision.of(4014, "intents");
		assertThat(decision.disconnect(false)).isEqualTo(new ShardDisconnect(4014,
				"Disallowed intents: a privileged intent is not enabled for this application (intents)", Recovery.FATAL,
				false));
		assertThat(CloseDecision.of(1001, null).disconnect(true).willReconnect()).isTrue();
	}

}
