package io.github.discordgateway.core.internal;

import java.net.URI;
import java.util.Locale;

/**
 * Decides whether a resume URL (READY's {@code resume_gateway_url} or a stored session's)
 * may carry the next RESUME, which includes the bot token. It must not weaken the
 * connection (no {@code ws://} after {@code wss://}) and must point at Discord's gateway
 * domain ({@code gateway.discord.gg}, its subdomains and the regional
 * {@code gateway-*.discord.gg} hosts) or at the configured or discovered gateway's host.
 */
final class ResumeUrlPolicy {

	private static final String DISCORD_GATEWAY = "gateway.discord.gg";

	private ResumeUrlPolicy() {
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
