package io.peerage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the layering honest: the domain knows nothing of the web layer, and packages do not form cycles. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.peerage");

    @Test
    void the_domain_does_not_depend_on_the_web_layer() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.peerage.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.peerage.api..", "jakarta.ws.rs..", "org.jboss.resteasy..")
                .check(CLASSES);
    }

    @Test
    void policies_and_the_live_swarm_do_not_depend_on_the_pipeline() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.peerage.policy..", "io.peerage.swarm..", "io.peerage.node..", "io.peerage.content..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.peerage.allocation..",
                        "io.peerage.membership..",
                        "io.peerage.upkeep..",
                        "io.peerage.audit..")
                .check(CLASSES);
    }

    @Test
    void packages_are_free_of_cycles() {
        slices().matching("io.peerage.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
