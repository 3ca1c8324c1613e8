package io.github.discordgateway.test.client;

import io.github.discordgateway.core.GatewayEncoding;

/** {@link ResilienceTest} with the client and the simulator speaking JSON. */
class JsonResilienceTest extends ResilienceTest {

	JsonResilienceTest() {
		super(GatewayEncoding.JSON);
	}

}
