package io.github.discordgateway.test;

import java.net.InetAddress;
import java.time.Duration;

import javax.net.ssl.SSLContext;

/**
 * The immutable settings of one {@link GatewaySimulator}, taken from its
 * {@link GatewaySimulator.Builder} (whose Javadoc documents each of them).
 */
final class SimulatorConfig {

	final String token;

	final int port;

	final Duration heartbeatInterval;

	final double heartbeatTimeoutFactor;

	final int guilds;

	final int firstGuildCreateMinBytes;

	final int shards;

	final int maxConcurrency;

	final Duration identifyWindow;

	final int sessionStartTotal;

	final int sessionStartRemaining;

	final Duration sessionStartResetAfter;

	final Duration resumeWindow;

	final int replayBufferSize;

	final int receivedPayloadLimit;

	final String resumeGatewayUrl;

	final InetAddress bindAddress;

	final String publicHost;

	final long allowedPrivilegedIntents;

	final boolean shardingRequired;

	final int sendLimit;

	final Duration sendLimitWindow;

	final int zlibMessageParts;

	final int framesPerMessage;

	final SSLContext tls;

	final boolean etfUtf8Atoms;

	SimulatorConfig(GatewaySimulator.Builder builder) {
		this.token = builder.token;
		this.port = builder.port;
		this.heartbeatInterval = builder.heartbeatInterval;
		this.heartbeatTimeoutFactor = builder.heartbeatTimeoutFactor;
		this.guilds = builder.guilds;
		this.firstGuildCreateMinBytes = builder.firstGuildCreateMinBytes;
		this.shards = builder.shards;
		this.maxConcurrency = builder.maxConcurrency;
		this.identifyWindow = builder.identifyWindow;
		this.sessionStartTotal = builder.sessionStartTotal;
		this.sessionStartRemaining = builder.sessionStartRemaining;
		this.sessionStartResetAfter = builder.sessionStartResetAfter;
		this.resumeWindow = builder.resumeWindow;
		this.replayBufferSize = builder.replayBufferSize;
		this.receivedPayloadLimit = builder.receivedPayloadLimit;
		this.resumeGatewayUrl = builder.resumeGatewayUrl;
		this.bindAddress = builder.bindAddress;
		this.publicHost = builder.publicHost;
		this.allowedPrivilegedIntents = builder.allowedPrivilegedIntents;
		this.shardingRequired = builder.shardingRequired;
		this.sendLimit = builder.sendLimit;
		this.sendLimitWindow = builder.sendLimitWindow;
		this.zlibMessageParts = builder.zlibMessageParts;
		this.framesPerMessage = builder.framesPerMessage;
		this.tls = builder.tls;
		this.etfUtf8Atoms = builder.etfUtf8Atoms;
	}

	boolean tokenMatches(String candidate) {
		return this.token.equals(candidate);
	}

}
