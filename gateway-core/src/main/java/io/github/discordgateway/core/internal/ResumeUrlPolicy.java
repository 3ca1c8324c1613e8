package io.github.discordgateway.core.internal;

import java.net.URI;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a resume URL (READY's {@code resume_gateway_url} or a stored session's)
 * may carry the next RESUME, which includes the bot token. It must not weaken the
 * connection (no {@code ws://} after {@code wss://}) and must point at Discord's gateway
 * domain ({@code gateway.discord.gg}, its subdomains and the regional
 * {@code gateway-*.discord.gg} hosts) or at the configured or discovered gateway's host.
 */
final class ResumeUrlPolicy {

	private static final String DISCORD_GATEWAY = "gateway.discord.gg";

	private static final Logger logger = LoggerFactory.getLogger(ResumeUrlPolicy.class);

	private ResumeUrlPolicy() {
	}

	/**
	 * READY's {@code resume_gateway_url} as a URI, or {@code null} if it is missing, not
	 * {@code ws}/{@code wss} or invalid (then resuming goes through the main gateway).
	 */
	static URI parse(String url, int shardId) {
		if (url == null || url.isBlank()) {
			return null;
		}
		try {
			URI uri = URI.create(url);
			return ("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme())) ? uri : null;
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Shard {}: READY carried an invalid resume_gateway_url; resuming through the main gateway",
					shardId);
			return null;
		}
	}

	/**
	 * The resume URL if it may carry the next RESUME, otherwise {@code null} (resume
	 * through the gateway URL) and a warning.
	 * @param what names the URL's origin in the warning
	 */
	static URI trusted(URI candidate, URI base, String what, int shardId) {
		if (candidate == null) {
			return null;
		}
		String rejection = rejection(candidate, base);
		if (rejection == null) {
			return candidate;
		}
		logger.warn("Shard {}: not resuming on {} {}: {}; resuming through the gateway URL instead", shardId, what,
				candidate.getScheme() + "://" + candidate.getHost(), rejection);
		return null;
	}

	/**
	 * Why the URL must not be used, or {@code null} if it may.
	 * @param candidate the resume URL
	 * @param base the URL of the connection the session was opened on (or the gateway
	 * URL)
	 */
	static String rejection(URI candidate, URI base) {
		String scheme = lower(candidate.getScheme());
		if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
			return "its scheme is not ws or wss";
		}
		if (base != null && "wss".equals(lower(base.getScheme())) && !"wss".equals(scheme)) {
			return "it is plaintext ws:// while the session runs over wss://";
		}
		String host = lower(candidate.getHost());
		if (host == null) {
			return "it has no host";
		}
		if (host.equals(DISCORD_GATEWAY) || host.endsWith("." + DISCORD_GATEWAY) || (host.startsWith("gateway-")
				&& host.endsWith(".discord.gg") && host.indexOf('.') == host.length() - ".discord.gg".length())) {
			return null;
		}
		if (base != null && host.equals(lower(base.getHost()))) {
			return null;
		}
		return "its host is neither Discord's gateway domain nor the configured gateway host";
	}

	private static String lower(String text) {
		return (text != null) ? text.toLowerCase(Locale.ROOT) : null;
	}

}
