package io.github.discordgateway.core;

import java.util.List;
import java.util.TreeSet;

/**
 * The rules that tie the shard total, the shard ids and the instance split together, in
 * one place: checked when the options are built (against the configured total, if any)
 * and again when the manager launches with the total it was configured with or that
 * discovery recommended.
 */
final class ShardAssignment {

	private ShardAssignment() {
	}

	/**
	 * Checks the shard options as configured.
	 * @param total the configured shard total, or {@code null} to discover it
	 * @param ids the configured shard ids, or {@code null}
	 * @param index the instance index, or {@code null}
	 * @param count the instance count, or {@code null}
	 * @throws InvalidGatewayOptionException naming the first invalid option
	 */
	static void check(Integer total, List<Integer> ids, Integer index, Integer count) {
		if (total != null && total < 1) {
			throw new InvalidGatewayOptionException(GatewayOption.SHARD_TOTAL, total,
					"must be at least 1 but was " + total);
		}
		if (index != null || count != null) {
			checkInstance(total, ids, index, count);
		}
		if (ids != null) {
			checkIds(total, ids);
		}
	}

	private static void checkInstance(Integer total, List<Integer> ids, Integer index, Integer count) {
		if (count == null) {
			throw new InvalidGatewayOptionException(GatewayOption.INSTANCE_COUNT, null,
					"must be set when " + GatewayOption.INSTANCE_INDEX + " is set");
		}
		if (index == null) {
			throw new InvalidGatewayOptionException(GatewayOption.INSTANCE_INDEX, null,
					"must be set when " + GatewayOption.INSTANCE_COUNT + " is set");
		}
		if (ids != null) {
			throw new InvalidGatewayOptionException(GatewayOption.SHARD_IDS, ids,
					"cannot be combined with " + GatewayOption.INSTANCE_INDEX + " and " + GatewayOption.INSTANCE_COUNT
							+ " (either list the ids or let the instance index pick them)");
		}
		if (count < 1) {
			throw new InvalidGatewayOptionException(GatewayOption.INSTANCE_COUNT, count,
					"must be at least 1 but was " + count);
		}
		if (index < 0 || index >= count) {
			throw new InvalidGatewayOptionException(GatewayOption.INSTANCE_INDEX, index, "must be between 0 and "
					+ (count - 1) + " (" + GatewayOption.INSTANCE_COUNT + " " + count + ") but was " + index);
		}
		if (total != null && count > total) {
			throw new InvalidGatewayOptionException(GatewayOption.INSTANCE_COUNT, count,
					count + " is above the shard total " + total + ", so some instances would run no shard");
		}
	}

	private static void checkIds(Integer total, List<Integer> ids) {
		if (ids.isEmpty()) {
			throw new InvalidGatewayOptionException(GatewayOption.SHARD_IDS, ids,
					"must not be empty (leave it unset to run every shard)");
		}
		TreeSet<Integer> seen = new TreeSet<>();
		for (Integer id : ids) {
			if (id == null || id < 0) {
				throw new InvalidGatewayOptionException(GatewayOption.SHARD_IDS, ids,
						"must not contain negative ids but contains " + id);
			}
			if (total != null && id >= total) {
				throw new InvalidGatewayOptionException(GatewayOption.SHARD_IDS, ids, "contains " + id
						+ ", which is not below the shard total " + total + " (ids run from 0 to " + (total - 1) + ")");
			}
			if (!seen.add(id)) {
				throw new InvalidGatewayOptionException(GatewayOption.SHARD_IDS, ids,
						"contains " + id + " more than once");
			}
		}
	}

	/**
	 * Why the options cannot run with the given total (a total discovery recommended can
	 * be below the configured ids or instance count).
	 * @param options the options
	 * @param total the shard total
	 * @param totalText how to name the total in the message
	 * @return the problem, or {@code null} when
	 * {@link GatewayOptions#resolveShardIds(int)} gives this process the ids to run
	 */
	static String problemWith(GatewayOptions options, int total, String totalText) {
		Integer instances = options.instanceCount();
		if (instances != null && instances > total) {
			return "Instance " + options.instanceIndex() + " of " + instances + " has no shard to run: the " + totalText
					+ " is below the instance count; configure the shard total explicitly or run fewer instances";
		}
		for (int id : options.resolveShardIds(total)) {
			if (id >= total) {
				return "Configured shard id " + id + " is not below the " + totalText + " (ids run from 0 to "
						+ (total - 1) + "); configure the shard total explicitly or change the shard ids";
			}
		}
		return null;
	}

}
