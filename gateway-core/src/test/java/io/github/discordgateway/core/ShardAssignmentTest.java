package io.github.discordgateway.core;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shard rules checked at launch, against the total discovery recommended (the
 * configured ones are checked when the options are built, see
 * {@link GatewayOptionsInstanceShareTest}).
 */
class ShardAssignmentTest {

	private static final String DISCOVERED = "shard total 2 recommended by Discord (GET /gateway/bot)";

	@Test
	void anInstanceCountAboveTheTotalLeavesAnInstanceWithoutShards() {
		GatewayOptions options = builder().instance(2, 3).build();
		assertThat(ShardAssignment.problemWith(options, 2, DISCOVERED))
			.isEqualTo("Instance 2 of 3 has no shard to run: " + "the " + DISCOVERED + " is below the instance count; "
					+ "configure the shard total explicitly or run fewer instances");
		assertThat(ShardAssignment.problemWith(options, 3, DISCOVERED)).isNull();
	}

	@Test
	void anIdNotBelowTheTotalIsNamed() {
		GatewayOptions options = builder().shardIds(List.of(0, 3, 1)).build();
		assertThat(ShardAssignment.problemWith(options, 2, DISCOVERED))
			.isEqualTo("Configured shard id 3 is not below the " + DISCOVERED
					+ " (ids run from 0 to 1); configure the shard total explicitly or change the shard ids");
		assertThat(ShardAssignment.problemWith(options, 4, DISCOVERED)).isNull();
	}

	@Test
	void everyShardFitsAnyTotal() {
		assertThat(ShardAssignment.problemWith(builder().build(), 1, DISCOVERED)).isNull();
	}

	private static GatewayOptions.Builder builder() {
		return GatewayOptions.builder(BotToken.of("token"));
	}

}
