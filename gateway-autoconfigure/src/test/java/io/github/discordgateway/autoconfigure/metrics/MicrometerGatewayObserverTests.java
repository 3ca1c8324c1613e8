package io.github.discordgateway.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class MicrometerGatewayObserverTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private double count(String shard, String type) {
		Counter counter = (shard != null) ? this.registry.find(MicrometerGatewayObserver.DISPATCHES)
			.tag("shard", shard)
			.tag("type", type)
			.counter() : this.registry.find(MicrometerGatewayObserver.DISPATCHES).tag("type", type).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void countsDispatchesPerShardAndType() {
		MicrometerGatewayObserver observer = new MicrometerGatewayObserver(this.registry, true);
		observer.dispatchDelivered(0, "MESSAGE_CREATE", 10);
		observer.dispatchDelivered(0, "MESSAGE_CREATE", 10);
		observer.dispatchDelivered(7, "MESSAGE_CREATE", 10);
		observer.dispatchDelivered(7, "GUILD_CREATE", 10);
		assertThat(count("0", "MESSAGE_CREATE")).isEqualTo(2);
		assertThat(count("7", "MESSAGE_CREATE")).isEqualTo(1);
		assertThat(count("7", "GUILD_CREATE")).isEqualTo(1);
		assertThat(this.registry.find(MicrometerGatewayObserver.DISPATCHES).counters()).hasSize(3);
	}

	@Test
	void invalidTypesAreCountedAsUnknown() {
		MicrometerGatewayObserver observer = new MicrometerGatewayObserver(this.registry, true);
		observer.dispatchDelivered(1, "message_create", 1);
		observer.dispatchDelivered(1, "A".repeat(65), 1);
		observer.dispatchDelivered(1, "", 1);
		observer.dispatchDelivered(1, null, 1);
		observer.dispatchDelivered(1, "BAD TYPE{}", 1);
		observer.dispatchDelivered(1, "A".repeat(64), 1);
		assertThat(count("1", "UNKNOWN")).isEqualTo(5);
		assertThat(count("1", "A".repeat(64))).isEqualTo(1);
		assertThat(this.registry.find(MicrometerGatewayObserver.DISPATCHES).counters()).hasSize(2);
	}

	@Test
	void distinctTypesPerShardAreCapped() {
		MicrometerGatewayObserver observer = new MicrometerGatewayObserver(this.registry, true);
		for (int i = 0; i < MicrometerGatewayObserver.MAX_TYPES_PER_SHARD + 10; i++) {
			observer.dispatchDelivered(0, "TYPE_" + i, 1);
		}
		observer.dispatchDelivered(0, "TYPE_0", 1);
		assertThat(count("0", "TYPE_0")).isEqualTo(2);
		assertThat(count("0", "UNKNOWN")).isEqualTo(10);
		assertThat(this.registry.find(MicrometerGatewayObserver.DISPATCHES).counters())
			.hasSize(MicrometerGatewayObserver.MAX_TYPES_PER_SHARD + 1);
	}

	@Test
	void withoutShardTag() {
		MicrometerGatewayObserver observer = new MicrometerGatewayObserver(this.registry, false);
		observer.dispatchDelivered(0, "MESSAGE_CREATE", 1);
		observer.dispatchDelivered(500, "MESSAGE_CREATE", 1);
		Counter counter = this.registry.find(MicrometerGatewayObserver.DISPATCHES).counter();
		assertThat(counter.count()).isEqualTo(2);
		assertThat(counter.getId().getTag("shard")).isNull();
		assertThat(counter.getId().getTag("type")).isEqualTo("MESSAGE_CREATE");
	}

	@Test
	void highShardIdsGrowTheCache() {
		MicrometerGatewayObserver observer = new MicrometerGatewayObserver(this.registry, true);
		observer.dispatchDelivered(4095, "READY", 1);
		observer.dispatchDelivered(3, "READY", 1);
		observer.dispatchDelivered(4095, "READY", 1);
		assertThat(count("4095", "READY")).isEqualTo(2);
		assertThat(count("3", "READY")).isEqualTo(1);
	}

	@Test
	void validTypes() {
		assertThat(MicrometerGatewayObserver.isValidType("MESSAGE_REACTION_ADD")).isTrue();
		assertThat(MicrometerGatewayObserver.isValidType("V2_EVENT")).isTrue();
		assertThat(MicrometerGatewayObserver.isValidType("Message")).isFalse();
		assertThat(MicrometerGatewayObserver.isValidType("MESSAGE-CREATE")).isFalse();
	}

}
