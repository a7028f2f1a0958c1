package io.hashpipe.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The module boundaries, checked on every module's production classes: a module's {@code internals} are its
 * own, the services use only {@code common} and {@code api} of hashpipe, {@code common} and {@code api}
 * depend on no service, and {@code api} on nothing beyond the JDK. The command-line plumbing ({@code cli}) uses
 * no service; the one-JVM pipeline ({@code local}), {@code bench} and {@code operations} use no command line, and
 * {@code operations} reaches a pipeline through Kafka and HTTP only; the launcher, holding the commands, uses
 * the others' public faces alone.
 *
 * <p>The JMH {@code benchmarks} module is not on this module's class path: it measures the hasher's bcrypt
 * kernel ({@code hasher.internals.bcrypt}) directly, as Kafka's jmh-benchmarks measure Kafka's internals.
 */
@AnalyzeClasses(packages = "io.hashpipe", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    /** Every module whose classes live in {@code io.hashpipe.<module>}. */
    private static final List<String> MODULES =
            List.of("api", "common", "management", "broker", "testkit", "dbapi", "producer", "hasher", "saver",
                    "cli", "local", "bench", "operations", "launcher");
    /** The services: each one a stage that may run alone, embedded or from the launcher. */
    private static final List<String> SERVICES = List.of("dbapi", "producer", "hasher", "saver");

    @ArchTest
    static final ArchRule noModuleUsesAnotherModulesInternals = all(MODULES.stream().map(module -> (ArchRule)
            noClasses().that().resideOutsideOfPackage(pkg(module))
                    .should().dependOnClassesThat().resideInAPackage("io.hashpipe." + module + ".internals..")
                    .because("a module's internals are its own; other modules use its public classes at its package root"))
            .toList());

    @ArchTest
    static final ArchRule servicesUseOnlyCommonAndApiOfHashpipe = all(SERVICES.stream().map(service -> {
        List<String> others = new ArrayList<>();
        for (String module : MODULES) {
            if (!module.equals(service) && !module.equals("common") && !module.equals("api")) {
                others.add(pkg(module));
            }
        }
        return (ArchRule) noClasses().that().resideInAPackage(pkg(service))
                .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
                .because("each service scales and runs on its own; what they share is in common (or api)");
    }).toList());

    @ArchTest
    static final ArchRule commonDependsOnNoOtherModule = noClasses().that().resideInAPackage(pkg("common"))
            .should().dependOnClassesThat().resideInAnyPackage(MODULES.stream()
                    .filter(m -> !m.equals("common") && !m.equals("api")).map(ModuleBoundariesTest::pkg).toArray(String[]::new))
            .because("common is the small shared base every module may use");

    @ArchTest
    static final ArchRule theCliUsesOnlyCommonAndApiOfHashpipe = noClasses().that().resideInAPackage(pkg("cli"))
            .should().dependOnClassesThat().resideInAnyPackage(MODULES.stream()
                    .filter(m -> !m.equals("cli") && !m.equals("common") && !m.equals("api")).map(ModuleBoundariesTest::pkg)
                    .toArray(String[]::new))
            .because("every command uses the cli; it pulls in no service");

    @ArchTest
    static final ArchRule localBenchAndOperationsUseNoCommandLine = noClasses()
            .that().resideInAnyPackage(pkg("local"), pkg("bench"), pkg("operations"))
            .should().dependOnClassesThat().resideInAnyPackage(pkg("cli"), "picocli..")
            .because("the one-JVM pipeline, the bench and the operators' tools can be embedded without the command line");

    @ArchTest
    static final ArchRule operationsUseNoService = noClasses().that().resideInAPackage(pkg("operations"))
            .should().dependOnClassesThat().resideInAnyPackage(SERVICES.stream().map(ModuleBoundariesTest::pkg)
                    .toArray(String[]::new))
            .because("an operator's tools reach a live pipeline through Kafka and HTTP, as any client would");

    @ArchTest
    static final ArchRule apiUsesTheJdkAlone = classes().that().resideInAPackage(pkg("api"))
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", pkg("api"))
            .because("users build their processors against api with nothing but the JDK");

    @ArchTest
    static final ArchRule onlyTheLauncherUsesTheLauncher = noClasses().that().resideOutsideOfPackage(pkg("launcher"))
            .should().dependOnClassesThat().resideInAPackage(pkg("launcher"))
            .because("the launcher holds commands; no service or library needs it");

    @ArchTest
    static final ArchRule noProductionClassUsesTheTestkit = noClasses().that().resideOutsideOfPackage(pkg("testkit"))
            .should().dependOnClassesThat().resideInAPackage(pkg("testkit"))
            .because("testkit holds test fixtures");

    private static String pkg(String module) {
        return "io.hashpipe." + module + "..";
    }

    private static ArchRule all(List<ArchRule> rules) {
        return CompositeArchRule.of(rules);
    }
}
