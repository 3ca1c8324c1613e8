package io.github.discordgateway.core.internal;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResumeUrlPolicyTest {

	private static final URI DISCORD = URI.create("wss://gateway.discord.gg/?v=10&encoding=json");

	@Test
	void discordsGatewayHostsAreTrusted() {
		assertThat(ResumeUrlPolicy.rejection(URI.create("wss://gateway-us-east1-b.discord.gg"), DISCORD)).isNull();
		assertThat(ResumeUrlPolicy.rejection(URI.create("wss://gateway.discord.gg"), DISCORD)).isNull();
		assertThat(ResumeUrlPolicy.rejection(URI.create("wss://eu.gateway.discord.gg"), DISCORD)).isNull();
		assertThat(ResumeUrlPolicy.rejection(URI.create("WSS://Gateway-US-West1-A.Discord.GG"), DISCORD)).isNull();
	}

	@Test
	void aPlaintextUrlNeverFollowsATlsSession() {
		assertThat(ResumeUrlPolicy.rejection(URI.create("ws://gateway-us-east1-b.discord.gg"), DISCORD))
			.contains("plaintext");
		assertThat(ResumeUrlPolicy.rejection(URI.create("ws://127.0.0.1:8080"), URI.create("ws://127.0.0.1:9000")))
			.isNull();
	}

	@Test
	void otherHostsAreRefusedUnlessTheyAreTheConfiguredGateway() {
		assertThat(ResumeUrlPolicy.rejection(URI.create("wss://evil.example"), DISCORD)).contains("host");
		assertThat(ResumeUrlPolicy.rejection(URI.create("wss://gateway.discord.gg.evil.example"), DISCORD))
			.contains("host");
		assertThat(ResumeUrlPolicy.rejection(URI.create("wss://gateway-x.evil.discord.gg"), DISCORD)).contains("host");
		assertThat(ResumeUrlPolicy.rejection(URI.create("wss://proxy.internal:8443/resume"),
				URI.create("wss://proxy.internal:8443")))
			.isNull();
		assertThat(ResumeUrlPolicy.rejection(URI.create("wss://other.internal"), null)).contains("host");
		assertThat(ResumeUrlPolicy.rejection(URI.create("https://gateway.discord.gg"), DISCORD)).contains("scheme");
	}

}
