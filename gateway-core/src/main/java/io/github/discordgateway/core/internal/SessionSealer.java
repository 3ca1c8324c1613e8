package io.github.discordgateway.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.discordgateway.core.BotToken;
import io.github.discordgateway.core.StoredSession;

/**
 * Seals stored sessions with an HMAC-SHA256 whose key is derived from the bot token, so
 * that a record changed by whoever can write the store (pointing the next RESUME, which
 * carries the token, at another host, say) is recognised and ignored. The token itself is
 * never stored; the key is {@code HMAC-SHA256(token, "discord-gateway session seal v1")}.
 */
final class SessionSealer {

	private static final String ALGORITHM = "HmacSHA256";

	private static final byte[] KEY_LABEL = "discord-gateway session seal v1".getBytes(StandardCharsets.UTF_8);

	private final SecretKeySpec key;

	SessionSealer(BotToken token) {
		this.key = new SecretKeySpec(
				hmac(new SecretKeySpec(token.reveal().getBytes(StandardCharsets.UTF_8), ALGORITHM), KEY_LABEL),
				ALGORITHM);
	}

	/** The session with its seal. */
	StoredSession seal(StoredSession session) {
		return session.withSeal(mac(session));
	}

	/** Whether the session carries this token's seal over exactly its contents. */
	boolean isIntact(StoredSession session) {
		if (session.seal() == null) {
			return false;
		}
		return MessageDigest.isEqual(mac(session).getBytes(StandardCharsets.US_ASCII),
				session.seal().getBytes(StandardCharsets.US_ASCII));
	}

	private String mac(StoredSession session) {
		StringBuilder text = new StringBuilder();
		for (Object field : new Object[] { session.shardId(), session.shardTotal(), session.sessionId(),
				session.resumeGatewayUrl(), session.sequence(), session.encoding(), session.compression(),
				session.savedAt() }) {
			String value = String.valueOf(field);
			// length-prefixed, so that no two different records have the same text
			text.append(value.length()).append(':').append(value).append(';');
		}
		return HexFormat.of().formatHex(hmac(this.key, text.toString().getBytes(StandardCharsets.UTF_8)));
	}

	private static byte[] hmac(SecretKeySpec key, byte[] data) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
