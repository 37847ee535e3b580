package dk.simplydinero;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dk.simplydinero.sandbox.SandboxConfiguration;
import dk.simplydinero.sandbox.SandboxStartupSync;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package arrows of the production code run one way only (issue 11, item 1):
 * <pre>
 *   api ─→ status ─┐
 *   api ─→ sync  ──┼─→ mapping ─→ crm, dinero ─→ store, http, config, logging ─→ metrics ─→ model
 * </pre>
 * {@code metrics} (the sync's meters) sits just above the floor: sync, the Dinero client and the HTTP transport count
 * into it, and it knows none of them.
 * {@code model} (record types, content hashes, the side status, the problem a step may raise) depends on nothing of
 * ours. The simulators in {@code sandbox} depend on nothing of ours but {@code model}, and the only production classes
 * that know them are the sandbox's own start-up classes (the configuration that starts them and points the clients'
 * URL settings at them, and the demo run at start). Test code is not checked: tests use the simulators everywhere.
 */
@AnalyzeClasses(packages = "dk.simplydinero", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The sandbox classes allowed to know both the simulators and the production side (with their nested classes). */
    private static final DescribedPredicate<JavaClass> SANDBOX_START =
            belongToAnyOf(SandboxConfiguration.class, SandboxStartupSync.class).as("the sandbox's start-up classes");

    private static final DescribedPredicate<JavaClass> SIMULATORS =
            resideInAPackage("dk.simplydinero.sandbox..").and(not(SANDBOX_START)).as("the simulators");

    @ArchTest
    static final ArchRule arrowsRunOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Console").definedBy("dk.simplydinero.console..")
            .layer("Api").definedBy("dk.simplydinero.api..")
            .layer("Status").definedBy("dk.simplydinero.status..")
            .layer("Sync").definedBy("dk.simplydinero.sync..")
            .layer("RecordTypes").definedBy("dk.simplydinero.organizations..", "dk.simplydinero.contacts..",
                    "dk.simplydinero.products..", "dk.simplydinero.invoices..")
            .layer("Mapping").definedBy("dk.simplydinero.mapping..")
            .layer("Crm").definedBy("dk.simplydinero.crm..")
            .layer("Dinero").definedBy("dk.simplydinero.dinero..")
            .layer("Store").definedBy("dk.simplydinero.store..")
            .layer("Http").definedBy("dk.simplydinero.http..")
            .layer("Config").definedBy("dk.simplydinero.config..")
            .layer("Logging").definedBy("dk.simplydinero.logging..")
            .layer("Metrics").definedBy("dk.simplydinero.metrics..")
            .layer("Model").definedBy("dk.simplydinero.model..")
            .layer("SandboxStart").definedBy(SANDBOX_START)
            .layer("Simulators").definedBy(SIMULATORS)

            // The browser's console beside the REST API, on the same services; it knows the API's roles, the API
            // knows no console.
            .whereLayer("Console").mayOnlyAccessLayers("Api", "Status", "Sync", "Mapping", "Crm", "Dinero",
                    "Store", "Http", "Config", "Logging", "Model")
            .whereLayer("Api").mayOnlyAccessLayers("Status", "Sync", "Mapping", "Crm", "Dinero",
                    "Store", "Http", "Config", "Logging", "Metrics", "Model")
            // Status sits beside sync: it reads the clients' states and the run store, never a run itself.
            .whereLayer("Status").mayOnlyAccessLayers("Crm", "Dinero", "Store", "Http", "Config", "Logging", "Metrics",
                    "Model")
            .whereLayer("Sync").mayOnlyAccessLayers("RecordTypes", "Mapping", "Crm", "Dinero", "Store", "Http", "Config",
                    "Logging", "Metrics", "Model")
            // A record type (its spec and both mappers) uses the mapping's tools; the generic mapping reads the specs
            // through RecordType only, never a record type's package.
            .whereLayer("RecordTypes").mayOnlyAccessLayers("Mapping", "Crm", "Dinero", "Store", "Http", "Config",
                    "Logging", "Metrics", "Model")
            // Mapping checks its fields against the CRM and reads the clients' settings; the clients know no mapping.
            .whereLayer("Mapping").mayOnlyAccessLayers("Crm", "Dinero", "Store", "Http", "Config", "Logging", "Metrics",
                    "Model")
            // The two clients do not know each other.
            .whereLayer("Crm").mayOnlyAccessLayers("Store", "Http", "Config", "Logging", "Metrics", "Model")
            .whereLayer("Dinero").mayOnlyAccessLayers("Store", "Http", "Config", "Logging", "Metrics", "Model")
            .whereLayer("Store").mayOnlyAccessLayers("Http", "Config", "Logging", "Metrics", "Model")
            .whereLayer("Http").mayOnlyAccessLayers("Store", "Config", "Logging", "Metrics", "Model")
            .whereLayer("Config").mayOnlyAccessLayers("Store", "Http", "Logging", "Metrics", "Model")
            .whereLayer("Logging").mayOnlyAccessLayers("Store", "Http", "Config", "Metrics", "Model")
            .whereLayer("Metrics").mayOnlyAccessLayers("Model")
            .whereLayer("Model").mayNotAccessAnyLayer()

            .whereLayer("Simulators").mayOnlyAccessLayers("Model")
            .whereLayer("Simulators").mayOnlyBeAccessedByLayers("SandboxStart")
            // Config: the sandbox gives sync.public-url its bound address, as it gives the clients the simulators' URLs.
            .whereLayer("SandboxStart").mayOnlyAccessLayers("Simulators", "Sync", "Crm", "Dinero", "Config", "Model")
            .whereLayer("SandboxStart").mayNotBeAccessedByAnyLayer()

            // A new package gets its place in this list (else none of the rules above would see it).
            .ensureAllClassesAreContainedInArchitectureIgnoring(
                    belongToAnyOf(SimplyDineroSyncApplication.class).as("the application class"));

    /** The floor holds on its own: nothing of ours below it, so every package may use it. */
    @ArchTest
    static final ArchRule modelDependsOnNothingOfOurs = noClasses().that().resideInAPackage("dk.simplydinero.model..")
            .should().dependOnClassesThat(resideInAPackage("dk.simplydinero..")
                    .and(not(resideInAPackage("dk.simplydinero.model.."))));

    /** Each record type is one place: none of them knows another's package. */
    @ArchTest
    static final ArchRule organizationsStandAlone = knowsNoOtherRecordType("organizations");
    @ArchTest
    static final ArchRule contactsStandAlone = knowsNoOtherRecordType("contacts");
    @ArchTest
    static final ArchRule productsStandAlone = knowsNoOtherRecordType("products");
    @ArchTest
    static final ArchRule invoicesStandAlone = knowsNoOtherRecordType("invoices");

    private static ArchRule knowsNoOtherRecordType(String type) {
        String[] others = java.util.stream.Stream.of("organizations", "contacts", "products", "invoices")
                .filter(t -> !t.equals(type)).map(t -> "dk.simplydinero." + t + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage("dk.simplydinero." + type + "..")
                .should().dependOnClassesThat(resideInAnyPackage(others));
    }

    /** Packages of the same tier may use each other (e.g. store and http), but never round in a circle. */
    @ArchTest
    static final ArchRule noCycles = slices().matching("dk.simplydinero.(*)..").should().beFreeOfCycles();
}
