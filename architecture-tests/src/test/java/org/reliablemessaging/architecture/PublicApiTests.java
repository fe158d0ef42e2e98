package org.reliablemessaging.architecture;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;

/**
 * What an application programs against (the root package and the SPI) names no implementation type, so the
 * implementations can change without breaking it.
 */
class PublicApiTests {

    /** The packages an application or an extension codes against. */
    private static final String[] API = { "org.reliablemessaging", "org.reliablemessaging.spi..",
            "org.reliablemessaging.idempotency" };

    /** Implementations: the internal packages and every technology package. */
    private static final DescribedPredicate<JavaClass> IMPLEMENTATION = resideInAnyPackage("..internal..",
            "org.reliablemessaging.kafka..", "org.reliablemessaging.rabbit..", "org.reliablemessaging.file..",
            "org.reliablemessaging.jdbc..", "org.reliablemessaging.listener..", "org.reliablemessaging.transport..",
            "org.reliablemessaging.observation..", "org.reliablemessaging.relay..", "org.reliablemessaging.broker..",
            "org.reliablemessaging.idempotency.jdbc..", "org.reliablemessaging.idempotency.redis..",
            "org.reliablemessaging.console..", "..autoconfigure..")
            .as("implementation types");

    @Test
    void thePublicApiExposesNoImplementationType() {
        members().that().arePublic().or().areProtected()
                .and().areDeclaredInClassesThat().resideInAnyPackage(API)
                .and().areDeclaredInClassesThat().arePublic()
                .should(exposeNo(IMPLEMENTATION))
                .check(ProjectClasses.all());
    }

    private static ArchCondition<JavaMember> exposeNo(DescribedPredicate<JavaClass> hidden) {
        return new ArchCondition<>("expose no " + hidden.getDescription()) {
            @Override
            public void check(JavaMember member, ConditionEvents events) {
                for (JavaClass exposed : exposedTypes(member)) {
                    boolean ok = !hidden.test(exposed);
                    events.add(new SimpleConditionEvent(member, ok,
                            member.getFullName() + " exposes " + exposed.getName() + " in " + member.getSourceCodeLocation()));
                }
            }
        };
    }

    /** Every type in a member's signature, type arguments and thrown exceptions included. */
    private static List<JavaClass> exposedTypes(JavaMember member) {
        List<JavaType> types = new ArrayList<>();
        if (member instanceof JavaField field) {
            types.add(field.getType());
        }
        if (member instanceof JavaCodeUnit codeUnit) {
            types.add(codeUnit.getReturnType());
            types.addAll(codeUnit.getParameterTypes());
            types.addAll(codeUnit.getThrowsClause().getTypes());
        }
        if (member.getModifiers().contains(JavaModifier.SYNTHETIC)) {
            return List.of();
        }
        return types.stream().flatMap(type -> type.getAllInvolvedRawTypes().stream()).toList();
    }
}
