package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A step for one module added by editing YAML only, as README.md ("Adding a step for one module") shows: a copy of
 * the routes folder where CRM contacts get a template of their own, {@code crm-record-to-dinero} plus a step that
 * lets a contact without an e-mail address go no further. The service runs on that folder
 * (camel.main.routes-include-pattern): the contact without an e-mail is not created in Dinero, the one with it is,
 * and organizations (same template, without the step) are untouched by it.
 */
@SimulatedService(properties = "sandbox.sync-at-start=false")
class ExtraStepTest {

    /** The step, exactly as README.md shows it. */
    static final String STEP = """
                      # Contacts without an e-mail address stay out of Dinero (not counted, not failed).
                      - filter:
                          simple: "${body[email]} == null || ${body[email]} == ''"
                          steps:
                            - stop: {}
            """;

    static SimulatedSides sides;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        Path folder = routesWithTheStep();
        registry.add("camel.main.routes-include-pattern", () -> "file:" + folder + "/*.yaml");
    }

    @Test
    void aContactWithoutEmailStaysOutOfDineroAndOneWithEmailIsCreated(ApiClient api) {
        String withEmail = sides.crm.put("Contacts", CrmRecordsInDinero.contact("Karen", "Krog", "karen@krog.dk"));
        String withoutEmail = sides.crm.put("Contacts", CrmRecordsInDinero.contact("Ole", "Olsen", ""));
        String organization = sides.crm.put("Accounts", Map.of("accountname", "Uden Mail ApS", "bill_country", "Danmark",
                "assigned_user_id", ""));

        Map<String, Object> run = SimulatedSides.runSync(api);

        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
        assertThat(FailedRecords.byReference(sides.dinero, DineroSimulator.CONTACTS, withEmail)).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("Name", "Karen Krog").containsEntry("Email", "karen@krog.dk"));
        assertThat(FailedRecords.byReference(sides.dinero, DineroSimulator.CONTACTS, withoutEmail)).isEmpty();
        assertThat(FailedRecords.byReference(sides.dinero, DineroSimulator.CONTACTS, organization)).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("Name", "Uden Mail ApS"));
        assertThat(api.get("/api/failures").json()).isEmpty();
    }

    /** routes/ copied, with the edit README.md describes made in the copy of sync.yaml. */
    static Path routesWithTheStep() {
        try {
            Path folder = Files.createTempDirectory("routes-extra-step");
            folder.toFile().deleteOnExit();
            try (var files = Files.list(Path.of("routes"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    Path copy = folder.resolve(file.getFileName());
                    Files.copy(file, copy);
                    copy.toFile().deleteOnExit();
                }
            }
            Path sync = folder.resolve("sync.yaml");
            String routes = Files.readString(sync);
            // 1. A copy of the template crm-record-to-dinero under a new id, with the step before the record is
            //    completed and mapped.
            String header = "- routeTemplate:\n    id: crm-record-to-dinero\n";
            int start = once(routes, header);
            int end = routes.indexOf("\n# ", start);
            String template = routes.substring(start, end + 1);
            String firstStep = "          - bean:\n              ref: crmToDinero\n              method: complete\n";
            once(template, firstStep);
            String own = template.replace(header, "- routeTemplate:\n    id: crm-record-to-dinero-with-email\n")
                    .replace(firstStep, STEP + firstStep);
            routes = routes.substring(0, end + 1) + "\n" + own + routes.substring(end + 1);
            // 2. The contacts instance uses it.
            String instance = "    routeTemplateRef: crm-record-to-dinero\n    routeId: contacts-crm-record-to-dinero\n";
            once(routes, instance);
            routes = routes.replace(instance, instance.replace("crm-record-to-dinero\n    routeId",
                    "crm-record-to-dinero-with-email\n    routeId"));
            Files.writeString(sync, routes);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int once(String text, String part) {
        int at = text.indexOf(part);
        assertThat(at).as("routes/sync.yaml holds, once:%n%s", part).isNotNegative();
        assertThat(text.indexOf(part, at + 1)).as("routes/sync.yaml holds only once:%n%s", part).isNegative();
        return at;
    }

}
