package io.github.discordgateway.broker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes and reads the envelopes' JSON without building trees: {@code d} is copied as raw
 * bytes in both directions, so a JSON dispatch crosses the broker exactly as Discord sent
 * it.
 */
final class EnvelopeJson {

	private static final JsonFactory FACTORY = new JsonFactory();

	private static final JsonStringEncoder QUOTER = JsonStringEncoder.getInstance();

	private EnvelopeJson() {
	}

	static byte[] writeEvent(GatewayEnvelope envelope) {
		Writer out = new Writer(envelope.dataUnsafe().length + 192);
		out.raw("{\"v\":").number(GatewayEnvelope.VERSION);
		out.raw(",\"shard\":").number(envelope.shardId());
		out.raw(",\"shards\":").number(envelope.shardTotal());
		out.raw(",\"session\":").string(envelope.sessionId());
		out.raw(",\"seq\":").number(envelope.sequence());
		out.raw(",\"type\":").string(envelope.type());
		out.raw(",\"guild_id\":").string(envelope.guildId());
		out.raw(",\"received_at\":").string(envelope.receivedAt().toString());
		out.raw(",\"d\":").bytes(envelope.dataUnsafe());
		return out.raw("}").toByteArray();
	}

	static byte[] writeCommand(GatewayCommandEnvelope command) {
		Writer out = new Writer(command.dataUnsafe().length + 128);
		out.raw("{\"v\":").number(GatewayCommandEnvelope.VERSION);
		out.raw(",\"op\":").number(command.opcode());
		out.raw(",\"shard\":");
		if (command.shardId() != null) {
			out.number(command.shardId());
		}
		else {
			out.raw("null");
		}
		out.raw(",\"guild_id\":").string(command.guildId());
		out.raw(",\"nonce\":").string(command.nonce());
		out.raw(",\"issued_at\":").string(command.issuedAt().toString());
		out.raw(",\"d\":").bytes(command.dataUnsafe());
		return out.raw("}").toByteArray();
	}

	static GatewayEnvelope readEvent(byte[] json) {
		Fields fields = read(json, "event envelope", GatewayEnvelope.VERSION);
		return new GatewayEnvelope((int) fields.requireNumber("shard"), (int) fields.requireNumber("shards"),
				fields.requireString("session"), fields.requireNumber("seq"), fields.requireString("type"),
				fields.guildId, fields.requireInstant("received_at"), fields.requireData());
	}

	static GatewayCommandEnvelope readCommand(byte[] json) {
		Fields fields = read(json, "command envelope", GatewayCommandEnvelope.VERSION);
		Integer shard = (fields.shard != null) ? (int) (long) fields.shard : null;
		return new GatewayCommandEnvelope((int) fields.requireNumber("op"), shard, fields.guildId, fields.nonce,
				fields.requireInstant("issued_at"), fields.requireData());
	}

	private static Fields read(byte[] json, String what, int version) {
		Fields fields = new Fields(what);
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new EnvelopeFormatException("A " + what + " must be a JSON object");
			}
			String name;
			while ((name = parser.nextName()) != null) {
				JsonToken token = parser.nextToken();
				switch (name) {
					case "v" -> fields.version = number(parser, token, what, name);
					case "shard" ->
						fields.shard = (token == JsonToken.VALUE_NULL) ? null : number(parser, token, what, name);
					case "shards" -> fields.shards = number(parser, token, what, name);
					case "seq" -> fields.seq = number(parser, token, what, name);
					case "op" -> fields.op = number(parser, token, what, name);
					case "session" -> fields.session = string(parser, token, what, name);
					case "type" -> fields.type = string(parser, token, what, name);
					case "guild_id" -> fields.guildId = string(parser, token, what, name);
					case "nonce" -> fields.nonce = string(parser, token, what, name);
					case "received_at", "issued_at" -> fields.instant = string(parser, token, what, name);
					case "d" -> fields.data = rawValue(parser, token, json);
					default -> parser.skipChildren();
				}
			}
			if (parser.nextToken() != null) {
				throw new EnvelopeFormatException("Trailing content after the " + what);
			}
		}
		catch (JacksonException ex) {
			throw new EnvelopeFormatException("Not a valid " + what + ": " + ex.getOriginalMessage(), ex);
		}
		if (fields.version == null) {
			throw new EnvelopeFormatException("The " + what + " has no version (\"v\")");
		}
		if (fields.version != version) {
			throw new EnvelopeFormatException("The " + what + " has version " + fields.version
					+ "; this reader understands " + version + " (upgrade the consumer before the producer)");
		}
		return fields;
	}

	private static long number(JsonParser parser, JsonToken token, String what, String name) {
		if (token != JsonToken.VALUE_NUMBER_INT) {
			throw new EnvelopeFormatException("The " + what + "'s \"" + name + "\" must be an integer");
		}
		return parser.getLongValue();
	}

	private static String string(JsonParser parser, JsonToken token, String what, String name) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token != JsonToken.VALUE_STRING) {
			throw new EnvelopeFormatException("The " + what + "'s \"" + name + "\" must be a string or null");
		}
		return parser.getString();
	}

	/**
	 * The bytes of the value at the parser's current token, exactly as they stand in the
	 * input.
	 */
	private static byte[] rawValue(JsonParser parser, JsonToken token, byte[] json) {
		if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
			int start = (int) parser.currentTokenLocation().getByteOffset();
			parser.skipChildren();
			int end = (int) parser.currentLocation().getByteOffset();
			return Arrays.copyOfRange(json, start, end);
		}
		return switch (token) {
			case VALUE_NULL -> "null".getBytes(StandardCharsets.US_ASCII);
			case VALUE_TRUE -> "true".getBytes(StandardCharsets.US_ASCII);
			case VALUE_FALSE -> "false".getBytes(StandardCharsets.US_ASCII);
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText().getBytes(StandardCharsets.US_ASCII);
			case VALUE_STRING -> quoted(parser.getString());
			default -> throw new EnvelopeFormatException("Unexpected " + token + " as \"d\"");
		};
	}

	private static byte[] quoted(String value) {
		byte[] body = QUOTER.quoteAsUTF8(value);
		byte[] out = new byte[body.length + 2];
		out[0] = '"';
		System.arraycopy(body, 0, out, 1, body.length);
		out[out.length - 1] = '"';
		return out;
	}

	/** What one envelope carried; which fields are required depends on the envelope. */
	private static final class Fields {

		private final String what;

		private Long version;

		private Long shard;

		private Long shards;

		private Long seq;

		private Long op;

		private String session;

		private String type;

		private String guildId;

		private String nonce;

		private String instant;

		private byte[] data;

		Fields(String what) {
			this.what = what;
		}

		long requireNumber(String name) {
			Long value = switch (name) {
				case "shard" -> this.shard;
				case "shards" -> this.shards;
				case "seq" -> this.seq;
				case "op" -> this.op;
				default -> throw new IllegalArgumentException(name);
			};
			if (value == null) {
				throw missing(name);
			}
			return value;
		}

		String requireString(String name) {
			String value = "session".equals(name) ? this.session : this.type;
			if (value == null) {
				throw missing(name);
			}
			return value;
		}

		Instant requireInstant(String name) {
			if (this.instant == null) {
				throw missing(name);
			}
			try {
				return Instant.parse(this.instant);
			}
			catch (DateTimeParseException ex) {
				throw new EnvelopeFormatException("The " + this.what + "'s \"" + name + "\" is not an ISO-8601 instant",
						ex);
			}
		}

		byte[] requireData() {
			if (this.data == null) {
				throw missing("d");
			}
			return this.data;
		}

		private EnvelopeFormatException missing(String name) {
			return new EnvelopeFormatException("The " + this.what + " has no \"" + name + "\"");
		}

	}

	/** A growable UTF-8 buffer with JSON string quoting. */
	private static final class Writer extends ByteArrayOutputStream {

		Writer(int capacity) {
			super(capacity);
		}

		Writer raw(String ascii) {
			writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
			return this;
		}

		Writer number(long value) {
			return raw(Long.toString(value));
		}

		Writer string(String value) {
			if (value == null) {
				return raw("null");
			}
			write('"');
			writeBytes(QUOTER.quoteAsUTF8(value));
			write('"');
			return this;
		}

		Writer bytes(byte[] value) {
			writeBytes(value);
			return this;
		}

	}

}
