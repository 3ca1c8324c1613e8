package io.github.discordgateway.autoconfigure.keepalive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import io.github.discordgateway.core.event.GatewayDispatchEvent;

/**
 * A plain application with the starter and no web server, run in a child JVM by
 * {@link KeepAliveTests}. It closes its context when the gateway dispatches
 * {@value #CLOSE_EVENT}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class KeepAliveApplication {

	static final String CLOSE_EVENT = "TEST_CLOSE_CONTEXT";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(KeepAliveApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run(args);
	}

	@Bean
	CloseOnRequest closeOnRequest(ConfigurableApplicationContext context) {
		return new CloseOnRequest(context);
	}

	static class CloseOnRequest {

		private final ConfigurableApplicationContext context;

		CloseOnRequest(ConfigurableApplicationContext context) {
			this.context = context;
		}

		@EventListener(condition = "#event.type == '" + CLOSE_EVENT + "'")
		void close(GatewayDispatchEvent event) {
			// Not on the delivery thread: closing the context stops it.
			new Thread(this.context::close, "test-close-context").start();
		}

	}

}
