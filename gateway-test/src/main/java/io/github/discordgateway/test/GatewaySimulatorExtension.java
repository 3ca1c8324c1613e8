package io.github.discordgateway.test;

import java.util.function.UnaryOperator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs one {@link GatewaySimulator} per test class (started before
 * the first test, closed after the last) and injects it into test and lifecycle method
 * parameters and constructors of type {@link GatewaySimulator}.
 *
 * <pre>
 * &#64;ExtendWith(GatewaySimulatorExtension.class)
 * class MyTests {
 *
 *     &#64;Test
 *     void resumes(GatewaySimulator simulator) { ... }
 * }
 * </pre>
 *
 * For other settings, register it in a static field: {@code @RegisterExtension static
 * GatewaySimulatorExtension gateway = GatewaySimulatorExtension.with((b) -> b.guilds(3));}
 * and use {@link #simulator()}. The default simulator expects the token
 * {@code test-token}.
 */
public final class GatewaySimulatorExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(GatewaySimulatorExtension.class);

	private final UnaryOperator<GatewaySimulator.Builder> settings;

	private volatile GatewaySimulator simulator;

	/** Creates the extension with the default simulator (used by {@code @ExtendWith}). */
	public GatewaySimulatorExtension() {
		this(UnaryOperator.identity());
	}

	private GatewaySimulatorExtension(UnaryOperator<GatewaySimulator.Builder> settings) {
		this.settings = settings;
	}

	/**
	 * Creates the extension with a configured simulator, for {@code @RegisterExtension}.
	 * @param settings configures the builder (token, guilds, shards, heartbeat interval,
	 * ...)
	 * @return the extension
	 */
	public static GatewaySimulatorExtension with(UnaryOperator<GatewaySimulator.Builder> settings) {
		return new GatewaySimulatorExtension(settings);
	}

	/**
	 * The running simulator.
	 * @return the simulator
	 * @throws IllegalStateException outside the test class's lifetime
	 */
	public GatewaySimulator simulator() {
		GatewaySimulator running = this.simulator;
		if (running == null) {
			throw new IllegalStateException("The gateway simulator runs only while the test class runs");
		}
		return running;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		GatewaySimulator started = this.settings.apply(GatewaySimulator.builder()).build().start();
		// JUnit closes what the class's store holds (an AutoCloseable), also when a later
		// beforeAll fails.
		context.getStore(NAMESPACE).put(GatewaySimulator.class, started);
		this.simulator = started;
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.simulator = null;
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == GatewaySimulator.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
			throws ParameterResolutionException {
		GatewaySimulator running = this.simulator;
		if (running == null) {
			throw new ParameterResolutionException("No gateway simulator: it runs from beforeAll to afterAll of the "
					+ "test class (a static @BeforeAll method that takes it must be declared in that class)");
		}
		return running;
	}

}
