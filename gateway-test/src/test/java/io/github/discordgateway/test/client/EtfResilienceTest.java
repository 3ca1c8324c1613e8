package io.github.discordgateway.test.client;

import io.github.discordgateway.core.GatewayEncoding;

/** {@link ResilienceTest} with the client and the simulator speaking ETF. */
class EtfResilienceTest extends ResilienceTest {

	EtfResilienceTest() {
		super(GatewayEncoding.ETF);
	}

}
