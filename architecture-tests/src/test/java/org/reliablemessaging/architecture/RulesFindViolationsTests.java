package org.reliablemessaging.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule finds the violation it is written for in the classes of {@code fixture}, so a rule that passes on the
 * project passes because the project keeps it.
 */
class RulesFindViolationsTests {

    private static final JavaClasses FIXTURES = new ClassFileImporter()
            .importPackages("org.reliablemessaging.architecture.fixture");

    @Test
    void configurationOutsideAutoconfigureIsFound() {
        assertViolation(DependencyRulesTests.CONFIGURATION_ONLY_IN_AUTOCONFIGURE, "ConfigurationInTechnologyPackage");
    }

    @Test
    void aPropertiesClassReadOutsideAutoconfigureIsFound() {
        assertViolation(DependencyRulesTests.PROPERTIES_READ_ONLY_IN_AUTOCONFIGURE, "TransportReadingProperties");
        assertViolation(DependencyRulesTests.NOTHING_DEPENDS_ON_AUTOCONFIGURE, "TransportReadingProperties");
    }

    @Test
    void aPackageCycleIsFound() {
        assertViolation(DependencyRulesTests.NO_PACKAGE_CYCLES, "fixture.cycle.a -> ");
    }

    @Test
    void classLoadingByNameAndNativeDeserializationAreFound() {
        assertViolation(SecurityRulesTests.NO_CLASS_LOADING_BY_NAME, "Class.forName");
        assertViolation(SecurityRulesTests.NO_NATIVE_DESERIALIZATION, "ObjectInputStream");
    }

    @Test
    void aPackageWithoutNullMarkedIsFound() {
        assertViolation(NullnessRulesTests.EVERY_PACKAGE_NULL_MARKED, "fixture.kafka has no package-info.java");
    }

    private static void assertViolation(ArchRule rule, String expected) {
        var result = rule.evaluate(FIXTURES);
        assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anySatisfy(line -> assertThat(line).contains(expected));
    }
}
