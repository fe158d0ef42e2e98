package org.reliablemessaging.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * Every package is {@code @NullMarked}: NullAway checks only marked packages, so a package that forgets its
 * {@code package-info.java} would silently go unchecked.
 */
class NullnessRulesTests {

    static final ArchRule EVERY_PACKAGE_NULL_MARKED = classes().should(resideInANullMarkedPackage());

    @Test
    void everyPackageIsNullMarked() {
        EVERY_PACKAGE_NULL_MARKED.check(ProjectClasses.all());
    }

    private static ArchCondition<JavaClass> resideInANullMarkedPackage() {
        return new ArchCondition<>("reside in a package annotated with @NullMarked") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                boolean marked = javaClass.getPackage().isAnnotatedWith("org.jspecify.annotations.NullMarked");
                events.add(new SimpleConditionEvent(javaClass, marked, javaClass.getPackageName()
                        + " has no package-info.java with @NullMarked (" + javaClass.getName() + ")"));
            }
        };
    }
}
