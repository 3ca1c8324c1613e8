package io.github.discordgateway.autoconfigure;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The value of {@code discord.gateway.shards.total}: {@code auto} (the count Discord
 * recommends) or a number. Boot binds it from text through {@link #valueOf(String)}; the
 * gateway options check the number.
 *
 * @param value the total, or {@code null} for {@code auto}
 */
public record ShardTotal(Integer value) {

	/** The count Discord recommends. */
	public static final ShardTotal AUTO = new ShardTotal(null);

	/**
	 * Parses {@code auto} (any case; blank means the same) or a whole number.
	 * @param text the property value
	 * @return the total
	 * @throws IllegalArgumentException if the text is neither
	 */
	public static ShardTotal valueOf(String text) {
		if (text == null || text.isBlank() || "auto".equals(text.strip().toLowerCase(Locale.ROOT))) {
			return AUTO;
		}
		String number = text.strip();
		int total;
		try {
			total = Integer.parseInt(number);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + ShardIds.abbreviate(number)
					+ "' is neither 'auto' nor a whole number; set the total shard count of the bot across all "
					+ "processes, or 'auto' for the count Discord recommends");
		}
		if (total > ShardIds.MAX_SHARD_ID + 1) {
			throw new IllegalArgumentException(
					"the shard total must be at most " + (ShardIds.MAX_SHARD_ID + 1) + " but was " + total);
		}
		return new ShardTotal(total);
	}

	/**
	 * The value as written in configuration: the number, or {@code auto}. Also how
	 * {@code /actuator/configprops} shows it.
	 */
	@Override
	@JsonValue
	public String toString() {
		return (this.value != null) ? this.value.toString() : "auto";
	}

}
