package io.github.discordgateway.core.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.springframework.core.NestedExceptionUtils;

/** Turns failures of asynchronous steps into what a log line should say. */
final class Failures {

	private Failures() {
	}

	/** The failure inside the completion/execution wrappers of futures. */
	static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	/** The failure's type and message, and its root cause's. */
	static String describe(Throwable failure) {
		String message = failure.getMessage();
		String description = failure.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
		// The WebSocket client wraps the reason (TLS, DNS, refused) in a generic
		// handshake failure.
		Throwable root = NestedExceptionUtils.getRootCause(failure);
		if (root == null || root == failure) {
			return description;
		}
		String rootMessage = root.getMessage();
		return description + " caused by " + root.getClass().getSimpleName()
				+ ((rootMessage != null) ? ": " + rootMessage : "");
	}

}
