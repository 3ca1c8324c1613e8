package io.github.discordgateway.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering rules of the project, checked on the production classes of every module on
 * this module's test classpath. A violation fails the build naming the offending class
 * and dependency.
 */
class LayeringRulesTests {

	private static final String ROOT = "io.github.discordgateway";

	private static JavaClasses production;

	@BeforeAll
	static void importProductionClasses() {
		production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(ROOT);
	}

	@Test
	void theRulesSeeEveryModule() {
		// Guards the rules below against passing vacuously when a module drops off the
		// classpath.
		assertThat(production.containPackage(ROOT + ".core")).isTrue();
		assertThat(production.containPackage(ROOT + ".core.internal")).isTrue();
		assertThat(production.containPackage(ROOT + ".core.manager")).isTrue();
		assertThat(production.containPackage(ROOT + ".autoconfigure")).isTrue();
		assertThat(production.containPackage(ROOT + ".redis")).isTrue();
		assertThat(production.containPackage(ROOT + ".broker")).isTrue();
		assertThat(production.containPackage(ROOT + ".forwarding")).isTrue();
		assertThat(production.containPackage(ROOT + ".consumer")).isTrue();
		assertThat(production.containPackage(ROOT + ".test")).isTrue();
		assertThat(production.containPackage(ROOT + ".test.redis")).isTrue();
	}

	@Test
	void coreDoesNotDependOnSpringBoot() {
		noClasses().that()
			.resideInAPackage(ROOT + ".core..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.boot..")
			.because("gateway-core is the protocol client for any Spring application, with or without Boot")
			.check(production);
	}

	@Test
	void nothingOutsideCoreUsesItsInternals() {
		noClasses().that()
			.resideOutsideOfPackage(ROOT + ".core..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".core.internal..")
			.because("core.internal may change in any release; other modules use the public API")
			.check(production);
	}

	@Test
	void onlyTheTransportUsesTheWebSocketLibrary() {
		// The manager's builder accepts a Spring WebSocketClient and hands it through the
		// runtime to the transport; everything else of the protocol client sees
		// GatewayTransport only.
		noClasses().that()
			.resideInAPackage(ROOT + ".core..")
			.and()
			.haveNameNotMatching(ROOT.replace(".", "\\.")
					+ "\\.core\\.(manager\\.GatewayShardManager|internal\\.(ShardRuntime|SpringWebSocketTransport))([$.].*)?")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.web.socket..", "jakarta.websocket..", "org.apache.tomcat..")
			.check(production);
	}

	@Test
	void productionCodeDoesNotUseTestFrameworks() {
		// gateway-test and gateway-test-autoconfigure are test support: their JUnit
		// extension may.
		noClasses().that()
			.resideOutsideOfPackage(ROOT + ".test..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.junit..", "org.assertj..", "org.awaitility..", "org.mockito..")
			.check(production);
	}

	@Test
	void librariesDoNotDependOnTheSimulator() {
		noClasses().that()
			.resideInAnyPackage(ROOT + ".core..", ROOT + ".autoconfigure..", ROOT + ".redis..", ROOT + ".broker..",
					ROOT + ".forwarding..", ROOT + ".consumer..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".test..")
			.because("GatewaySimulator is test support, never part of what the starter ships")
			.check(production);
	}

	@Test
	void autoConfigurationDependsOnLibrariesNeverTheOtherWayRound() {
		noClasses().that()
			.resideInAnyPackage(ROOT + ".core..", ROOT + ".redis..", ROOT + ".broker..", ROOT + ".forwarding..",
					ROOT + ".consumer..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".autoconfigure..")
			.check(production);
	}

	@Test
	void gatewaySideAndWorkerSideAreIndependent() {
		noClasses().that()
			.resideInAPackage(ROOT + ".forwarding..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".consumer..")
			.check(production);
		noClasses().that()
			.resideInAPackage(ROOT + ".consumer..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".forwarding..")
			.check(production);
	}

	@Test
	void modulesHaveNoCycles() {
		slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(production);
	}

	@Test
	void packagesHaveNoCycles() {
		// core holds the API types, core.internal the engine built on them and
		// core.manager the entry point that runs the engine: each package depends only on
		// the ones below it.
		slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(production);
	}

}
