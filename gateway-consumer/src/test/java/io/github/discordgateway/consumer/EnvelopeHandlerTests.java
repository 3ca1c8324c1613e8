package io.github.discordgateway.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.discordgateway.broker.GatewayEnvelope;
import io.github.discordgateway.consumer.EnvelopeHandler.Outcome;
import io.github.discordgateway.core.GatewayDispatch;
import io.github.discordgateway.core.GatewayObserver;

class EnvelopeHandlerTests {

	private final List<GatewayDispatch> delivered = new ArrayList<>();

	private final List<String> observed = new ArrayList<>();

	private final List<DeadLetter> deadLetters = new ArrayList<>();

	private final InMemoryGuard guard = new InMemoryGuard();

	private int failuresLeft;

	private final EnvelopeHandler handler = new EnvelopeHandler((dispatch) -> {
		if (this.failuresLeft > 0) {
			this.failuresLeft--;
			throw new IllegalStateException("listener down");
		}
		this.delivered.add(dispatch);
	}, null, new GatewayObserver() {

		@Override
		public void dispatchDelivered(int shardId, String type, long nanos) {
			EnvelopeHandlerTests.this.observed.add(shardId + ":" + type);
		}

	}, new RetryPolicy(3, Duration.ZERO, Duration.ZERO));

	@Test
	void deliversOnceAndDropsCopiesOfTheSameSessionAndSequence() {
		byte[] envelope = envelope(7).toJson();
		assertThat(this.handler.handle(envelope, this.guard, this.deadLetters::add)).isEqualTo(Outcome.DELIVERED);
		assertThat(this.handler.handle(envelope, this.guard, this.deadLetters::add)).isEqualTo(Outcome.DUPLICATE);
		assertThat(this.delivered).singleElement().satisfies((dispatch) -> {
			assertThat(dispatch.sequence()).isEqualTo(7);
			assertThat(dispatch.data().path("n").asInt()).isEqualTo(7);
		});
		assertThat(this.observed).containsExactly("1:THING");
		assertThat(this.handler.statistics().duplicates()).isEqualTo(1);
	}

	@Test
	void retriesAFailingListenerThenDeadLettersWithTheError() {
		this.failuresLeft = 2;
		assertThat(this.handler.handle(envelope(1).toJson(), this.guard, this.deadLetters::add))
			.isEqualTo(Outcome.DELIVERED);
		this.failuresLeft = 3;
		byte[] poison = envelope(2).toJson();
		assertThat(this.handler.handle(poison, this.guard, this.deadLetters::add)).isEqualTo(Outcome.DEAD_LETTERED);
		assertThat(this.deadLetters).singleElement().satisfies((letter) -> {
			assertThat(letter.error()).isEqualTo("java.lang.IllegalStateException: listener down");
			assertThat(letter.attempts()).isEqualTo(3);
			assertThat(letter.value()).isEqualTo(poison);
			assertThat(letter.envelope().sequence()).isEqualTo(2);
		});
		assertThat(this.guard.completed).as("a dead letter is handled: its copies are duplicates").contains(2L);
		assertThat(this.handler.statistics().failedAttempts()).isEqualTo(5);
	}

	@Test
	void anUndecodableEnvelopeGoesToTheDeadLettersAtOnce() {
		byte[] garbage = "{\"v\":2}".getBytes(StandardCharsets.UTF_8);
		assertThat(this.handler.handle(garbage, this.guard, this.deadLetters::add)).isEqualTo(Outcome.DEAD_LETTERED);
		assertThat(this.deadLetters).singleElement()
			.satisfies(
					(letter) -> assertThat(letter.error()).contains("EnvelopeFormatException").contains("version 2"));
		assertThat(this.delivered).isEmpty();
	}

	@Test
	void aDeadLetterThatCannotBeWrittenLeavesTheEnvelopeForAnotherTry() {
		this.failuresLeft = 3;
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.handler.handle(envelope(3).toJson(), this.guard, (letter) -> {
				throw new IllegalStateException("broker down");
			}));
		assertThat(this.guard.completed).isEmpty();
		assertThat(this.guard.released).containsExactly(3L);
	}

	@Test
	void anEnvelopeInFlightElsewhereIsLeftAlone() {
		this.guard.inFlight.add(4L);
		assertThat(this.handler.handle(envelope(4).toJson(), this.guard, this.deadLetters::add))
			.isEqualTo(Outcome.IN_FLIGHT);
		assertThat(this.delivered).isEmpty();
	}

	private static GatewayEnvelope envelope(long seq) {
		return new GatewayEnvelope(1, 2, "session", seq, "THING", null, Instant.now(),
				("{\"n\":" + seq + "}").getBytes(StandardCharsets.UTF_8));
	}

	private static final class InMemoryGuard implements DuplicateGuard {

		final Set<Long> completed = new HashSet<>();

		final List<Long> released = new ArrayList<>();

		final Set<Long> inFlight = new HashSet<>();

		@Override
		public Claim claim(GatewayEnvelope envelope) {
			if (this.inFlight.contains(envelope.sequence())) {
				return Claim.IN_FLIGHT;
			}
			return this.completed.contains(envelope.sequence()) ? Claim.DUPLICATE : Claim.FIRST;
		}

		@Override
		public void completed(GatewayEnvelope envelope) {
			this.completed.add(envelope.sequence());
		}

		@Override
		public void released(GatewayEnvelope envelope) {
			this.released.add(envelope.sequence());
		}

	}

}
