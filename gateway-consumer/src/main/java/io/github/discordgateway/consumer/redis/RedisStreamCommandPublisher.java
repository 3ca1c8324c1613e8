package io.github.discordgateway.consumer.redis;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.StreamRecords;

import io.github.discordgateway.broker.GatewayCommandEnvelope;
import io.github.discordgateway.consumer.CommandPublisher;

/**
 * Writes command envelopes to a Redis stream, one entry each with the fields {@code op}
 * and {@code envelope}. The write happens on the calling thread; the future is complete
 * on return.
 */
public class RedisStreamCommandPublisher implements CommandPublisher {

	private final RedisConnectionFactory connectionFactory;

	private final byte[] stream;

	public RedisStreamCommandPublisher(RedisConnectionFactory connectionFactory, String stream) {
		this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
		this.stream = stream.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public CompletableFuture<Void> publish(GatewayCommandEnvelope command) {
		Map<byte[], byte[]> fields = new LinkedHashMap<>();
		fields.put("op".getBytes(StandardCharsets.US_ASCII),
				Integer.toString(command.opcode()).getBytes(StandardCharsets.US_ASCII));
		fields.put("envelope".getBytes(StandardCharsets.US_ASCII), command.toJson());
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.streamCommands().xAdd(StreamRecords.newRecord().in(this.stream).ofMap(fields));
		}
		return CompletableFuture.completedFuture(null);
	}

}
