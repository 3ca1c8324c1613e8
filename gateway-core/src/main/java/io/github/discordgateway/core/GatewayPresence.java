package io.github.discordgateway.core;

import java.util.List;
import java.util.Objects;

/**
 * A bot presence, as sent in IDENTIFY ({@code presence}) and in Presence Update (opcode
 * 3).
 *
 * @param status {@code online}, {@code dnd}, {@code idle}, {@code invisible} or
 * {@code offline}
 * @param activities the activities to show (bots may set name, type, state and url)
 * @param afk whether the bot is AFK
 */
public record GatewayPresence(String status, List<Activity> activities, boolean afk) {

	private static final List<String> STATUSES = List.of("online", "dnd", "idle", "invisible", "offline");

	public GatewayPresence {
		Objects.requireNonNull(status, "status");
		if (!STATUSES.contains(status)) {
			throw new IllegalArgumentException(
					"Presence status must be one of " + STATUSES + " but was '" + status + "'");
		}
		activities = List.copyOf(activities);
	}

	/**
	 * An activity.
	 *
	 * @param name the activity name (required, for a custom status conventionally "Custom
	 * Status")
	 * @param type 0 playing, 1 streaming, 2 listening, 3 watching, 4 custom, 5 competing
	 * @param state the shown text of a custom status, or {@code null}
	 * @param url the stream URL for type 1, or {@code null}
	 */
	public record Activity(String name, int type, String state, String url) {

		public Activity {
			Objects.requireNonNull(name, "name");
			if (type < 0 || type > 5) {
				throw new IllegalArgumentException("Activity type must be 0-5 but was " + type);
			}
		}

	}

}
