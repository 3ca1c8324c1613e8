package io.github.discordgateway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link GatewayOptions.Builder#instance(Integer, Integer)}: a process's contiguous share
 * of the shards.
 */
class GatewayOptionsInstanceShareTest {

	private static GatewayOptions.Builder builder() {
		return GatewayOptions.builder(BotToken.of("MTIz.instance-share-token"));
	}

	@Test
	void shareIsResolvedOnceTheTotalIsKnown() {
		GatewayOptions options = builder().instance(1, 3).build();
		assertThat(options.shardTotal()).isNull();
		assertThat(options.resolveShardIds(10)).containsExactly(3, 4, 5);
		assertThat(options.resolveShardIds(3)).containsExactly(1);
		assertThat(options.toString()).contains("instance=1/3");
	}

	@Test
	void withoutAShareTheListedIdsOrEveryShard() {
		assertThat(builder().build().resolveShardIds(3)).containsExactly(0, 1, 2);
		assertThat(builder().shardIds(List.of(2, 0)).build().resolveShardIds(3)).containsExactly(2, 0);
		assertThat(builder().build().instanceIndex()).isNull();
	}

	@Test
	void invalidSharesAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> builder().instance(0, null).build())
			.withMessageContaining("instanceCount must be set when instanceIndex is set");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().instance(0, 2).shardIds(List.of(0)).build())
			.withMessageContaining("cannot be combined");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().instance(0, 0).build())
			.withMessageContaining("instanceCount must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().instance(2, 2).build())
			.withMessageContaining("instanceIndex must be between 0 and 1");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().shardTotal(2).instance(0, 3).build())
			.withMessageContaining("above the shard total 2");
		assertThatIllegalArgumentException().isThrownBy(() -> GatewayOptions.instanceShardIds(4, 4, 4));
	}

}
