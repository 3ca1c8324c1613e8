package io.github.discordgateway.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The value of {@code discord.gateway.shards.ids}: {@code all}, or a comma-separated list
 * of shard ids and ranges such as {@code 0-15,32}. Boot binds it from text through
 * {@link #valueOf(String)}; the gateway options check the ids against the shard total.
 *
 * @param ids the ids in the order given, or {@code null} for all
 */
public record ShardIds(List<Integer> ids) {

	/** Every shard (or this instance's share of them). */
	public static final ShardIds ALL = new ShardIds(null);

	/**
	 * Largest shard id accepted; far above any real bot, low enough to keep a typo from
	 * exhausting memory.
	 */
	static final int MAX_SHARD_ID = 99_999;

	private static final String SYNTAX = "; write 'all' or a comma-separated list of shard ids and ranges such as '0-15,32'";

	public ShardIds {
		ids = (ids != null) ? List.copyOf(ids) : null;
	}

	/**
	 * Parses {@code all} (any case; blank means the same) or a list of ids and ranges.
	 * @param text the property value
	 * @return the ids
	 * @throws IllegalArgumentException if the text is neither
	 */
	public static ShardIds valueOf(String text) {
		if (text == null || text.isBlank() || "all".equals(text.strip().toLowerCase(Locale.ROOT))) {
			return ALL;
		}
		List<Integer> ids = new ArrayList<>();
		for (String rawItem : text.split(",", -1)) {
			String item = rawItem.strip();
			if (item.isEmpty()) {
				throw new IllegalArgumentException(
						"'" + abbreviate(text.strip()) + "' contains an empty entry" + SYNTAX);
			}
			int dash = item.indexOf('-', 1);
			int from = parseId((dash < 0) ? item : item.substring(0, dash).strip(), item);
			int to = (dash < 0) ? from : parseId(item.substring(dash + 1).strip(), item);
			if (to < from) {
				throw new IllegalArgumentException("the range '" + item + "' ends before it starts" + SYNTAX);
			}
			for (int id = from; id <= to; id++) {
				ids.add(id);
			}
		}
		return new ShardIds(ids);
	}

	private static int parseId(String text, String item) {
		if (text.startsWith("-")) {
			throw new IllegalArgumentException("'" + abbreviate(item) + "' contains a negative shard id" + SYNTAX);
		}
		int id;
		try {
			id = Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"'" + abbreviate(item) + "' is not a shard id or a range of shard ids" + SYNTAX);
		}
		if (id > MAX_SHARD_ID) {
			throw new IllegalArgumentException("shard id " + id + " is above the supported maximum " + MAX_SHARD_ID);
		}
		return id;
	}

	static String abbreviate(String text) {
		return (text.length() <= 40) ? text : text.substring(0, 40) + "...";
	}

	/**
	 * The value as written in configuration: the ids, or {@code all}. Also how
	 * {@code /actuator/configprops} shows it.
	 */
	@Override
	@JsonValue
	public String toString() {
		return (this.ids != null) ? this.ids.toString() : "all";
	}

}
