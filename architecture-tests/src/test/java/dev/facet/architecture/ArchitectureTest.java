package dev.facet.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of DESIGN.md ("Modules and what may depend on what"), checked on the compiled main classes of
 * every module, so that it stays true as the stack grows to many models. Maven's module graph already keeps
 * a module from using what it does not declare; these rules cover what it cannot: cycles between packages,
 * and which packages may touch HTTP.
 */
@AnalyzeClasses(packages = "dev.facet", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String SERVING = "dev.facet.serving..";
    private static final String DRIFT = "dev.facet.drift..";
    private static final String GROUND_TRUTH = "dev.facet.groundtruth..";

    /** Every package is its own slice: a cycle between any two packages of ours fails. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.facet.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule servingDependsOnNoOtherService = noClasses().that().resideInAPackage(SERVING)
            .should().dependOnClassesThat().resideInAnyPackage(DRIFT, GROUND_TRUTH);

    @ArchTest
    static final ArchRule driftWorkerDependsOnNoOtherService = noClasses().that().resideInAPackage(DRIFT)
            .should().dependOnClassesThat().resideInAnyPackage(SERVING, GROUND_TRUTH);

    @ArchTest
    static final ArchRule groundTruthDependsOnNoOtherService = noClasses().that().resideInAPackage(GROUND_TRUTH)
            .should().dependOnClassesThat().resideInAnyPackage(SERVING, DRIFT);

    /** The contracts are what everyone shares, so they carry no model library, no runtime, and nothing of ours. */
    @ArchTest
    static final ArchRule contractsDependOnNeitherTribuoNorVertx = noClasses()
            .that().resideInAPackage("dev.facet.contracts..")
            .should().dependOnClassesThat().resideInAnyPackage("org.tribuo..", "io.vertx..", "io.netty..",
                    "dev.facet.forest..", "dev.facet.trainer..", "dev.facet.service..", "dev.facet.kafka..");

    /** The monitors compare traffic with training statistics; they never load a model. */
    @ArchTest
    static final ArchRule monitorsNeverLoadAModel = noClasses()
            .that().resideInAnyPackage(DRIFT, GROUND_TRUTH)
            .should().dependOnClassesThat().resideInAnyPackage("org.tribuo..", "dev.facet.forest..",
                    "dev.facet.trainer..");

    /**
     * Routers, requests and responses stay in the {@code http} packages (and V2's, which is HTTP too), so the
     * domain (prediction, inference, windows, joins, state, metrics, settings, Kafka, the lifecycle) can be tested
     * and reused without a server. A service's root package (its App and Main) wires everything, HTTP included.
     */
    @ArchTest
    static final ArchRule vertxHttpTypesOnlyInHttpPackages = noClasses()
            .that(new DescribedPredicate<JavaClass>("are in a subpackage of a service or of service-kit, "
                    + "other than http and v2") {
                @Override
                public boolean test(JavaClass c) {
                    String p = c.getPackageName();
                    return Stream.of("dev.facet.serving.", "dev.facet.drift.", "dev.facet.groundtruth.",
                                    "dev.facet.service.")
                            .anyMatch(root -> p.startsWith(root)) && !p.contains(".http") && !p.contains(".v2");
                }
            })
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx.ext.web..", "io.vertx.core.http..");
}
