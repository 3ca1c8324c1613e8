package io.github.discordgateway.test.autoconfigure;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Creates a {@link GatewaySimulatorContextCustomizer} for test classes annotated with
 * {@link AutoConfigureGatewaySimulator}. Registered in {@code META-INF/spring.factories}.
 */
class GatewaySimulatorContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		AutoConfigureGatewaySimulator annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				AutoConfigureGatewaySimulator.class);
		return (annotation != null) ? new GatewaySimulatorContextCustomizer(annotation) : null;
	}

}
