package io.github.discordgateway.core;

import java.util.Objects;

/**
 * A bot token. It is a secret: {@link #toString()} never shows it, and the only way to
 * read it is {@link #reveal()}, which the client calls when it builds the
 * {@code Authorization} header and the IDENTIFY and RESUME payloads, none of which are
 * ever logged.
 */
public final class BotToken {

	private final String value;

	private BotToken(String value) {
		this.value = value;
	}

	/**
	 * Wraps a token. A leading {@code "Bot "} prefix, as copied from HTTP examples, is
	 * removed.
	 * @throws IllegalArgumentException if the token is blank or contains white space
	 */
	public static BotToken of(String token) {
		Objects.requireNonNull(token, "token");
		String trimmed = token.strip();
		if (trimmed.regionMatches(true, 0, "Bot ", 0, 4)) {
			trimmed = trimmed.substring(4).strip();
		}
		if (trimmed.isEmpty()) {
			throw new IllegalArgumentException("The bot token is empty");
		}
		if (trimmed.chars().anyMatch(Character::isWhitespace)) {
			throw new IllegalArgumentException("The bot token contains white space");
		}
		return new BotToken(trimmed);
	}

	/** The raw token, without the {@code Bot } prefix. Never log or print it. */
	public String reveal() {
		return this.value;
	}

	/**
	 * The text with every occurrence of this token replaced by {@code ******};
	 * {@code null} stays {@code null}.
	 */
	public String redact(String text) {
		return (text != null && text.contains(this.value)) ? text.replace(this.value, "******") : text;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof BotToken token && token.value.equals(this.value);
	}

	@Override
	public int hashCode() {
		return this.value.hashCode();
	}

	@Override
	public String toString() {
		return "BotToken[******]";
	}

}
