package io.github.discordgateway.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when an enum property binds, relaxed as {@code @ConfigurationProperties} bind
 * it, to one value: {@code redis-stream}, {@code REDIS_STREAM} and {@code redis_stream}
 * all name {@code REDIS_STREAM}, where a plain {@code @ConditionalOnProperty} would
 * compare strings. A value that does not bind matches nothing; the binding of the
 * properties class then reports it.
 *
 * @param <E> the type of the property
 */
public abstract class OnEnumPropertyCondition<E extends Enum<E>> extends SpringBootCondition {

	private final String property;

	private final Class<E> type;

	private final E expected;

	private final E defaultValue;

	/**
	 * Creates the condition.
	 * @param property the full name of the property
	 * @param type its type
	 * @param expected the value that matches
	 * @param defaultValue the value when the property is not set, or {@code null}
	 */
	protected OnEnumPropertyCondition(String property, Class<E> type, E expected, E defaultValue) {
		this.property = property;
		this.type = type;
		this.expected = expected;
		this.defaultValue = defaultValue;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition(this.property + " " + this.expected);
		E configured;
		try {
			configured = Binder.get(context.getEnvironment()).bind(this.property, this.type).orElse(this.defaultValue);
		}
		catch (RuntimeException ex) {
			return ConditionOutcome.noMatch(message.because(this.property + " is invalid"));
		}
		return (configured == this.expected)
				? ConditionOutcome.match(message.because(this.property + " is " + configured))
				: ConditionOutcome.noMatch(message.because(this.property + " is " + configured));
	}

}
