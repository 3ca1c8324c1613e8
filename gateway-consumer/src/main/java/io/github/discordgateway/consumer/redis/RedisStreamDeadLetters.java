package io.github.discordgateway.consumer.redis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamRecords;

import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.consumer.DeadLetter;
import io.github.discordgateway.consumer.DeadLetters;

/**
 * Writes dead letters to a Redis stream (never trimmed by this library), one entry each
 * with the fields {@code envelope} (the bytes as read), {@code error}, {@code attempts},
 * {@code group}, {@code source} ({@code <stream> <entry id>}), {@code failed_at}, and
 * {@code type}, {@code shard}, {@code seq}, {@code session} when the envelope could be
 * read.
 */
final class RedisStreamDeadLetters {

	private final RedisConnection connection;

	private final byte[] deadLetterStream;

	private final String sourceStream;

	private final String group;

	RedisStreamDeadLetters(RedisConnection connection, String deadLetterStream, String sourceStream, String group) {
		this.connection = connection;
		this.deadLetterStream = deadLetterStream.getBytes(StandardCharsets.UTF_8);
		this.sourceStream = sourceStream;
		this.group = group;
	}

	DeadLetters forEntry(RecordId source) {
		return (letter) -> publish(letter, source);
	}

	private void publish(DeadLetter letter, RecordId source) {
		Map<byte[], byte[]> fields = new LinkedHashMap<>();
		fields.put(bytes("envelope"), letter.value());
		fields.put(bytes("error"), bytes(letter.error()));
		fields.put(bytes("attempts"), bytes(Integer.toString(letter.attempts())));
		fields.put(bytes("group"), bytes(this.group));
		fields.put(bytes("source"), bytes(this.sourceStream + " " + source.getValue()));
		fields.put(bytes("failed_at"), bytes(Instant.now().toString()));
		GatewayEnvelope envelope = letter.envelope();
		if (envelope != null) {
			fields.put(bytes("type"), bytes(envelope.type()));
			fields.put(bytes("shard"), bytes(Integer.toString(envelope.shardId())));
			fields.put(bytes("session"), bytes(envelope.sessionId()));
			fields.put(bytes("seq"), bytes(Long.toString(envelope.sequence())));
		}
		MapRecord<byte[], byte[], byte[]> record = StreamRecords.newRecord().in(this.deadLetterStream).ofMap(fields);
		this.connection.streamCommands().xAdd(record);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
