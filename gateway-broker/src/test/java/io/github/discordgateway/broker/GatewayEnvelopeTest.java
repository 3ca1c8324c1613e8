package io.github.discordgateway.broker;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class GatewayEnvelopeTest {

	private static final Instant RECEIVED = Instant.parse("2026-12-03T18:00:00.123456Z");

	@Test
	void writesTheDocumentedFormatWithDataByteForByte() {
		String data = "{\"content\":\"h\\u00e9 \\\"x\\\"\",\"id\":\"1\",  \"n\":[1,2.5e3,null]}";
		GatewayEnvelope envelope = new GatewayEnvelope(3, 16, "abc", 42, "MESSAGE_CREATE", "81384788765712384",
				RECEIVED, utf8(data));
		assertThat(new String(envelope.toJson(), StandardCharsets.UTF_8))
			.isEqualTo("{\"v\":1,\"shard\":3,\"shards\":16,"
					+ "\"session\":\"abc\",\"seq\":42,\"type\":\"MESSAGE_CREATE\",\"guild_id\":\"81384788765712384\","
					+ "\"received_at\":\"2026-12-03T18:00:00.123456Z\",\"d\":" + data + "}");
	}

	@Test
	void readsWhatItWritesWithTheRawDataIntact() {
		byte[] data = utf8("{\"emoji\":\"\uD83D\uDE00\",\"nested\":{\"a\":[{}]},\"s\":\"}\"}");
		GatewayEnvelope envelope = new GatewayEnvelope(0, 1, "s\"e\\ss", 7, "X", null, RECEIVED, data);
		GatewayEnvelope read = GatewayEnvelope.fromJson(envelope.toJson());
		assertThat(read).isEqualTo(envelope);
		assertThat(read.data()).isEqualTo(data);
		assertThat(read.guildId()).isNull();
		assertThat(read.partitionKey()).isEqualTo("shard-0");
	}

	@Test
	void readsFieldsInAnyOrderAndIgnoresUnknownOnes() {
		String json = "{\"d\":[1, 2],\"extra\":{\"x\":[1]},\"type\":\"T\",\"seq\":5,\"session\":\"s\",\"shards\":2,"
				+ "\"shard\":1,\"received_at\":\"2026-12-03T18:00:00Z\",\"v\":1,\"guild_id\":\"9\"}";
		GatewayEnvelope read = GatewayEnvelope.fromJson(utf8(json));
		assertThat(read.data()).isEqualTo(utf8("[1, 2]"));
		assertThat(read.partitionKey()).isEqualTo("9");
		assertThat(read.sequence()).isEqualTo(5);
	}

	@Test
	void scalarDataIsKept() {
		GatewayEnvelope envelope = new GatewayEnvelope(0, 1, "s", 1, "T", null, RECEIVED, utf8("\"a\\nb\""));
		assertThat(GatewayEnvelope.fromJson(envelope.toJson()).data()).isEqualTo(utf8("\"a\\nb\""));
	}

	@Test
	void rejectsOtherVersionsAndBrokenEnvelopesClearly() {
		assertThatExceptionOfType(EnvelopeFormatException.class)
			.isThrownBy(() -> GatewayEnvelope.fromJson(utf8("{\"v\":2,\"d\":{}}")))
			.withMessageContaining("version 2");
		assertThatExceptionOfType(EnvelopeFormatException.class)
			.isThrownBy(() -> GatewayEnvelope.fromJson(utf8("{\"v\":1,\"shard\":0,\"shards\":1,\"session\":\"s\","
					+ "\"seq\":1,\"type\":\"T\",\"received_at\":\"2026-12-03T18:00:00Z\"}")))
			.withMessageContaining("\"d\"");
		assertThatExceptionOfType(EnvelopeFormatException.class)
			.isThrownBy(() -> GatewayEnvelope.fromJson(utf8("{\"v\":1,\"d\":{\"a\":")))
			.withMessageContaining("Not a valid event envelope");
		assertThatExceptionOfType(EnvelopeFormatException.class)
			.isThrownBy(() -> GatewayEnvelope.fromJson(utf8("[1]")));
		assertThatExceptionOfType(EnvelopeFormatException.class)
			.isThrownBy(() -> GatewayEnvelope.fromJson(utf8("{\"v\":1} {}")))
			.withMessageContaining("Trailing");
	}

	@Test
	void commandEnvelopeRoundTrips() {
		GatewayCommandEnvelope command = new GatewayCommandEnvelope(8, null, "81384788765712384", "n1", RECEIVED,
				utf8("{\"guild_id\":\"81384788765712384\",\"query\":\"\",\"limit\":0,\"nonce\":\"n1\"}"));
		byte[] json = command.toJson();
		assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{\"v\":1,\"op\":8,\"shard\":null,"
				+ "\"guild_id\":\"81384788765712384\",\"nonce\":\"n1\",\"issued_at\":\"2026-12-03T18:00:00.123456Z\",\"d\":{");
		assertThat(GatewayCommandEnvelope.fromJson(json)).isEqualTo(command);
		GatewayCommandEnvelope toShard = new GatewayCommandEnvelope(3, 2, null, null, RECEIVED, utf8("{}"));
		assertThat(GatewayCommandEnvelope.fromJson(toShard.toJson()).shardId()).isEqualTo(2);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
