package io.github.discordgateway.autoconfigure;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/** Parses {@code discord.gateway.shards.total} and {@code discord.gateway.shards.ids}. */
final class ShardIdsParser {

	static final String TOTAL_PROPERTY = DiscordGatewayProperties.PREFIX + ".shards.total";

	static final String IDS_PROPERTY = DiscordGatewayProperties.PREFIX + ".shards.ids";

	/** Largest shard id accepted; far above any real bot, low enough to keep a typo from exhausting memory. */
	static final int MAX_SHARD_ID = 99_999;

	private static final String IDS_HINT = "Set discord.gateway.shards.ids to 'all' or to a comma-separated list of "
			+ "shard ids and ranges such as '0-15,32'; every id must be below discord.gateway.shards.total.";

	private static final String TOTAL_HINT = "Set discord.gateway.shards.total to 'auto' (the count Discord recommends) "
			+ "or to the total shard count of the bot across all processes.";

	private ShardIdsParser() {
	}

	/**
	 * Parses the shard total.
	 * @return the total, or {@code null} for {@code auto}
	 */
	static Integer parseTotal(String value) {
		if (value == null || value.isBlank() || "auto".equals(value.strip().toLowerCase(Locale.ROOT))) {
			return null;
		}
		String text = value.strip();
		int total;
		try {
			total = Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw new InvalidGatewayPropertyException(TOTAL_PROPERTY,
					"'" + abbreviate(text) + "' is neither 'auto' nor a whole number", TOTAL_HINT);
		}
		if (total < 1) {
			throw new InvalidGatewayPropertyException(TOTAL_PROPERTY, "the shard total must be at least 1 but was " + total,
					TOTAL_HINT);
		}
		if (total > MAX_SHARD_ID + 1) {
			throw new InvalidGatewayPropertyException(TOTAL_PROPERTY,
					"the shard total must be at most " + (MAX_SHARD_ID + 1) + " but was " + total, TOTAL_HINT);
		}
		return total;
	}

	/**
	 * Parses the shard ids.
	 * @param value "all", blank, or a list such as {@code 0-15,32}
	 * @param total the shard total, or {@code null} when it is discovered at startup
	 * @return the ids in the order given, or {@code null} for all
	 */
	static List<Integer> parseIds(String value, Integer total) {
		if (value == null || value.isBlank() || "all".equals(value.strip().toLowerCase(Locale.ROOT))) {
			return null;
		}
		List<Integer> ids = new ArrayList<>();
		BitSet seen = new BitSet();
		for (String rawItem : value.split(",", -1)) {
			String item = rawItem.strip();
			if (item.isEmpty()) {
				throw new InvalidGatewayPropertyException(IDS_PROPERTY,
						"'" + abbreviate(value.strip()) + "' contains an empty entry", IDS_HINT);
			}
			int dash = item.indexOf('-', 1);
			int from;
			int to;
			if (dash < 0) {
				from = parseId(item, item);
				to = from;
			}
			else {
				from = parseId(item.substring(0, dash).strip(), item);
				to = parseId(item.substring(dash + 1).strip(), item);
				if (to < from) {
					throw new InvalidGatewayPropertyException(IDS_PROPERTY,
							"the range '" + item + "' ends before it starts", IDS_HINT);
				}
			}
			if (total != null && to >= total) {
				throw new InvalidGatewayPropertyException(IDS_PROPERTY,
						"shard id " + to + " is not below the shard total " + total + " (shard ids run from 0 to "
								+ (total - 1) + ")",
						IDS_HINT);
			}
			for (int id = from; id <= to; id++) {
				if (seen.get(id)) {
					throw new InvalidGatewayPropertyException(IDS_PROPERTY, "shard id " + id + " is listed more than once",
							IDS_HINT);
				}
				seen.set(id);
				ids.add(id);
			}
		}
		return ids;
	}

	private static int parseId(String text, String item) {
		if (text.startsWith("-")) {
			throw new InvalidGatewayPropertyException(IDS_PROPERTY,
					"'" + abbreviate(item) + "' contains a negative shard id", IDS_HINT);
		}
		int id;
		try {
			id = Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw new InvalidGatewayPropertyException(IDS_PROPERTY,
					"'" + abbreviate(item) + "' is not a shard id or a range of shard ids", IDS_HINT);
		}
		if (id < 0) {
			throw new InvalidGatewayPropertyException(IDS_PROPERTY,
					"'" + abbreviate(item) + "' contains a negative shard id", IDS_HINT);
		}
		if (id > MAX_SHARD_ID) {
			throw new InvalidGatewayPropertyException(IDS_PROPERTY,
					"shard id " + id + " is above the supported maximum " + MAX_SHARD_ID, IDS_HINT);
		}
		return id;
	}

	private static String abbreviate(String text) {
		return (text.length() <= 40) ? text : text.substring(0, 40) + "...";
	}

}
