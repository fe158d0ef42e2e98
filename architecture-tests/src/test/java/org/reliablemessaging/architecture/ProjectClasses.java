package org.reliablemessaging.architecture;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.Source;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main classes of every module of the build, imported once, and which module each came from.
 */
final class ProjectClasses {

    /**
     * Packages of applications built on the library (samples, demo driver, sidecar) and of the build's own test
     * services, not of the library.
     */
    static final String[] APPLICATION_PACKAGES = { "org.reliablemessaging.sample..", "org.reliablemessaging.demo..",
            "org.reliablemessaging.relay.sidecar..", "org.reliablemessaging.testservices.." };

    /** A module's classes directory in the reactor, or its jar there or in a local repository. */
    private static final Pattern MODULE_LOCATION = Pattern.compile(
            "/([^/]+)/target/(?:classes/|[^/]+\\.jar!)|/org/reliablemessaging/([^/]+)/[^/]+/[^/]+\\.jar!");

    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/architecture-tests/"))
            .importPackages("org.reliablemessaging");

    private ProjectClasses() {
    }

    /** Every main class of the build, libraries and applications. */
    static JavaClasses all() {
        assertThat(ALL.stream().map(ProjectClasses::module).distinct())
                .as("modules imported; a missing one means the rules read too little")
                .contains(Optional.of("file-broker"), Optional.of("reliable-messaging-starter"), Optional.of("outbox-relay"),
                        Optional.of("outbox-relay-sidecar"), Optional.of("idempotency-guard"),
                        Optional.of("reliable-messaging-console"), Optional.of("reliable-messaging-test"),
                        Optional.of("sample-order-service"),
                        Optional.of("demo-driver"));
        return ALL;
    }

    /** The module a class was compiled in, from where its class file was read. */
    static Optional<String> module(JavaClass javaClass) {
        return javaClass.getSource().map(Source::getUri).map(uri -> MODULE_LOCATION.matcher(uri.toString()))
                .filter(Matcher::find).map(found -> found.group(1) != null ? found.group(1) : found.group(2));
    }

    /** Classes of the library, as opposed to the applications in {@link #APPLICATION_PACKAGES}. */
    static DescribedPredicate<JavaClass> library() {
        return DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(APPLICATION_PACKAGES))
                .as("library classes");
    }
}
