package org.reliablemessaging.architecture;

import java.util.Objects;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Configuration;

import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.metaAnnotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Dependencies run one way: technology packages implement the core, and only {@code autoconfigure} packages know
 * Spring Boot's configuration.
 */
class DependencyRulesTests {

    static final ArchRule CONFIGURATION_ONLY_IN_AUTOCONFIGURE = classes().that(ProjectClasses.library())
            .and(metaAnnotatedWith(Configuration.class).or(metaAnnotatedWith(ConfigurationProperties.class)))
            .should().resideInAPackage("..autoconfigure..")
            .because("technology packages take plain settings records; autoconfigure maps properties to them");

    static final ArchRule PROPERTIES_READ_ONLY_IN_AUTOCONFIGURE = noClasses().that(ProjectClasses.library())
            .and().resideOutsideOfPackage("..autoconfigure..")
            .should().dependOnClassesThat().areMetaAnnotatedWith(ConfigurationProperties.class);

    static final ArchRule NOTHING_DEPENDS_ON_AUTOCONFIGURE = noClasses().that(ProjectClasses.library())
            .and().resideOutsideOfPackage("..autoconfigure..")
            .should().dependOnClassesThat().resideInAPackage("org.reliablemessaging..autoconfigure..");

    static final ArchRule CORE_WITHOUT_SPRING_BOOT = noClasses()
            .that().resideInAnyPackage("org.reliablemessaging", "org.reliablemessaging.spi..",
                    "org.reliablemessaging.internal..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework.boot..");

    static final ArchRule INTERNAL_STAYS_IN_ITS_MODULE = classes().that().resideInAPackage("..internal..")
            .should(beUsedOnlyFromTheirOwnModule());

    /** {@code org.(**)} makes each package, the root API package included, a slice of its own. */
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("org.(**)").namingSlices("$1").should().beFreeOfCycles();

    @Test
    void onlyAutoconfigurePackagesHoldConfigurationAndProperties() {
        CONFIGURATION_ONLY_IN_AUTOCONFIGURE.check(ProjectClasses.all());
    }

    @Test
    void noClassOutsideAutoconfigureReadsAPropertiesClass() {
        PROPERTIES_READ_ONLY_IN_AUTOCONFIGURE.check(ProjectClasses.all());
    }

    @Test
    void noTechnologyPackageDependsOnAnAutoconfigurePackage() {
        NOTHING_DEPENDS_ON_AUTOCONFIGURE.check(ProjectClasses.all());
    }

    @Test
    void theCoreApiKnowsNothingOfSpringBoot() {
        CORE_WITHOUT_SPRING_BOOT.check(ProjectClasses.all());
    }

    @Test
    void internalPackagesAreUsedOnlyInTheirOwnModule() {
        INTERNAL_STAYS_IN_ITS_MODULE.check(ProjectClasses.all());
    }

    @Test
    void packagesHaveNoCycles() {
        NO_PACKAGE_CYCLES.check(ProjectClasses.all());
    }

    private static ArchCondition<JavaClass> beUsedOnlyFromTheirOwnModule() {
        return new ArchCondition<>("be used only from their own module") {
            @Override
            public void check(JavaClass internal, ConditionEvents events) {
                for (Dependency dependency : internal.getDirectDependenciesToSelf()) {
                    JavaClass user = dependency.getOriginClass();
                    boolean sameModule = Objects.equals(ProjectClasses.module(user), ProjectClasses.module(internal));
                    events.add(new SimpleConditionEvent(dependency, sameModule, dependency.getDescription()
                            + " crosses from module " + ProjectClasses.module(user).orElse("?") + " to "
                            + ProjectClasses.module(internal).orElse("?")));
                }
            }
        };
    }
}
