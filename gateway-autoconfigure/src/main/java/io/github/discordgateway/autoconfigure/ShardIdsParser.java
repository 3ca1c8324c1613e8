package io.github.discordgateway.autoconfigure;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/** Parses {@code discord.gateway.shards.total} and {@code discord.gateway.shards.ids}. */
final class ShardIdsParser {

	static final String TOTAL_PROPERTY = DiscordGatewayProperties.PREFIX + ".shards.total";

	static final String IDS_PROPERTY = DiscordGatewayProperties.PREFIX + ".shards.ids";

	static final String INSTANCE_INDEX_PROPERTY = DiscordGatewayProperties.PREFIX + ".shards.instance-index";

	static final String INSTANCE_COUNT_PROPERTY = DiscordGatewayProperties.PREFIX + ".shards.instance-count";

	private static final String INSTANCE_HINT = "Set discord.gateway.shards.instance-count to the number of instances "
			+ "and discord.gateway.shards.instance-index to this instance's index (0 to instance-count - 1, for example "
			+ "a StatefulSet ordinal), and leave discord.gateway.shards.ids unset; or list this instance's ids in "
			+ "discord.gateway.shards.ids instead.";

	/**
	 * Largest shard id accepted; far above any real bot, low enough to keep a typo from
	 * exhausting memory.
	 */
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
			throw new InvalidGatewayPropertyException(TOTAL_PROPERTY,
					"the shard total must be at least 1 but was " + total, TOTAL_HINT);
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
				throw new InvalidGatewayPropertyException(IDS_PROPERTY, "shard id " + to
						+ " is not below the shard total " + total + " (shard ids run from 0 to " + (total - 1) + ")",
						IDS_HINT);
			}
			for (int id = from; id <= to; id++) {
				if (seen.get(id)) {
					throw new InvalidGatewayPropertyException(IDS_PROPERTY,
							"shard id " + id + " is listed more than once", IDS_HINT);
				}
				seen.set(id);
				ids.add(id);
			}
		}
		return ids;
	}

	/**
	 * Checks {@code shards.instance-index} and {@code shards.instance-count}.
	 * @param index the instance index, or {@code null}
	 * @param count the instance count, or {@code null}
	 * @param total the shard total, or {@code null} when it is discovered at startup
	 * @param ids the explicit shard ids, or {@code null} for none
	 */
	static void checkInstance(Integer index, Integer count, Integer total, List<Integer> ids) {
		if (index == null && count == null) {
			return;
		}
		if (count == null) {
			throw new InvalidGatewayPropertyException(INSTANCE_COUNT_PROPERTY,
					"must be set when " + INSTANCE_INDEX_PROPERTY + " is set", INSTANCE_HINT);
		}
		if (index == null) {
			throw new InvalidGatewayPropertyException(INSTANCE_INDEX_PROPERTY,
					"must be set when " + INSTANCE_COUNT_PROPERTY + " is set", INSTANCE_HINT);
		}
		if (ids != null) {
			throw new InvalidGatewayPropertyException(
					IDS_PROPERTY, "cannot be combined with " + INSTANCE_INDEX_PROPERTY + " and "
							+ INSTANCE_COUNT_PROPERTY + " (either list the ids or let the instance index pick them)",
					INSTANCE_HINT);
		}
		if (count < 1) {
			throw new InvalidGatewayPropertyException(INSTANCE_COUNT_PROPERTY, "must be at least 1 but was " + count,
					INSTANCE_HINT);
		}
		if (index < 0 || index >= count) {
			throw new InvalidGatewayPropertyException(INSTANCE_INDEX_PROPERTY,
					"must be between 0 and " + (count - 1) + " (instance-count " + count + ") but was " + index,
					INSTANCE_HINT);
		}
		if (total != null && count > total) {
			throw new InvalidGatewayPropertyException(INSTANCE_COUNT_PROPERTY,
					"the instance count " + count + " is above the shard total " + total
							+ ", so some instances would run no shard",
					"Run at most " + total + " instances or raise " + TOTAL_PROPERTY + ".");
		}
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
