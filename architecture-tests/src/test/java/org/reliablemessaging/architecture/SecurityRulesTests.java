package org.reliablemessaging.architecture;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaEnumConstant;
import com.tngtech.archunit.core.domain.properties.HasAnnotations;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Bytes from a broker, a database or a client never choose a class to load or instantiate, and the file broker
 * compares its token in constant time.
 */
class SecurityRulesTests {

    static final ArchRule NO_NATIVE_DESERIALIZATION = noClasses()
            .should().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectInputStream")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.beans.XMLDecoder")
            .orShould().accessTargetWhere(named("SerializationUtils", "deserialize"));

    static final ArchRule NO_CLASS_LOADING_BY_NAME = noClasses().should().accessTargetWhere(classLoadingByName());

    @Test
    void noClassUsesJavaNativeDeserialization() {
        NO_NATIVE_DESERIALIZATION.check(ProjectClasses.all());
    }

    @Test
    void noClassLoadsAClassByName() {
        NO_CLASS_LOADING_BY_NAME.check(ProjectClasses.all());
    }

    @Test
    void noJacksonTypingThatNamesAClassInTheData() {
        noClasses().should().accessTargetWhere(named(null, "activateDefaultTyping", "activateDefaultTypingAsProperty",
                        "enableDefaultTyping", "enableDefaultTypingAsProperty"))
                .check(ProjectClasses.all());
        classes().should(declareNoClassBasedTypeIds()).check(ProjectClasses.all());
    }

    @Test
    void theFileBrokerComparesTokensInConstantTime() {
        classes().that().haveFullyQualifiedName("org.reliablemessaging.broker.server.Handshaker")
                .should().callMethod(MessageDigest.class, "isEqual", byte[].class, byte[].class)
                .andShould(notCompareWithEquals())
                .allowEmptyShould(false)
                .check(ProjectClasses.all());
    }

    /** {@code Class.forName}, {@code ClassLoader.loadClass} and its overrides, as calls or method references. */
    private static DescribedPredicate<JavaAccess<?>> classLoadingByName() {
        return DescribedPredicate.describe("Class.forName or ClassLoader.loadClass", access ->
                access.getTargetOwner().isEquivalentTo(Class.class) && access.getName().equals("forName")
                        || access.getTargetOwner().isAssignableTo(ClassLoader.class) && access.getName().equals("loadClass"));
    }

    private static DescribedPredicate<JavaAccess<?>> named(String ownerSimpleName, String... names) {
        Set<String> wanted = Set.of(names);
        return DescribedPredicate.describe((ownerSimpleName == null ? "" : ownerSimpleName + ".") + wanted, access ->
                wanted.contains(access.getName())
                        && (ownerSimpleName == null || access.getTargetOwner().getSimpleName().equals(ownerSimpleName)));
    }

    /** String comparisons and {@code Arrays.equals} / {@code Objects.equals} return early at the first difference. */
    private static ArchCondition<JavaClass> notCompareWithEquals() {
        Set<String> comparisons = Set.of("equals", "equalsIgnoreCase", "contentEquals", "compareTo");
        return new ArchCondition<>("not compare with String, Arrays or Objects equality") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                javaClass.getMethodCallsFromSelf().stream()
                        .filter(call -> comparisons.contains(call.getName()) && (call.getTargetOwner().isEquivalentTo(String.class)
                                || call.getTargetOwner().isEquivalentTo(Arrays.class)
                                || call.getTargetOwner().isEquivalentTo(Objects.class)))
                        .forEach(call -> events.add(SimpleConditionEvent.violated(call, call.getDescription())));
            }
        };
    }

    /** {@code @JsonTypeInfo(use = CLASS | MINIMAL_CLASS)} on a class, a field or a method. */
    private static ArchCondition<JavaClass> declareNoClassBasedTypeIds() {
        return new ArchCondition<>("declare no @JsonTypeInfo with a class-based type id") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                Stream.<HasAnnotations<?>>concat(Stream.of(javaClass),
                                Stream.concat(javaClass.getFields().stream(), javaClass.getCodeUnits().stream()))
                        .flatMap(annotated -> annotated.getAnnotations().stream())
                        .filter(SecurityRulesTests::isClassBasedTypeInfo)
                        .forEach(annotation -> events.add(SimpleConditionEvent.violated(javaClass,
                                javaClass.getName() + " declares " + annotation)));
            }
        };
    }

    private static boolean isClassBasedTypeInfo(JavaAnnotation<?> annotation) {
        return annotation.getRawType().getSimpleName().equals("JsonTypeInfo")
                && annotation.get("use").filter(JavaEnumConstant.class::isInstance).map(JavaEnumConstant.class::cast)
                        .map(use -> use.name().equals("CLASS") || use.name().equals("MINIMAL_CLASS")).orElse(false);
    }
}
