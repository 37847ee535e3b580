package dk.simplydinero.sync;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import dk.simplydinero.sync.ConsoleTest.Browser;
import dk.simplydinero.sync.ConsoleTest.Page;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12.2 with {@code sync.direction=both}, once per {@code sync.priority}: a record changed on both sides since the last sync previews as a conflict
 * with both sides' values, the winner {@code sync.priority} names and why; a change on one side previews in its
 * direction; nothing is written, and the run that follows keeps the winner's values.
 */
@ExtendWith(Simulators.class)
class DryRunBothWaysTest {

    @ParameterizedTest
    @EnumSource(SyncProperties.Priority.class)
    void aRecordChangedOnBothSidesIsAConflictThePrioritySideWinsAndTheRunKeepsItsValues(SyncProperties.Priority priority,
                                                                                      SimulatedSides sides)
            throws Exception {
        boolean crmFirst = priority == SyncProperties.Priority.CRM_FIRST;
        String setting = crmFirst ? "crm-first" : "dinero-first";
        String shared = sides.crm.put("Accounts", Map.of("accountname", "Østergaard & Søn ApS", SimulatedSides.VAT_FIELD, "DK11112222",
                "bill_city", "Aarhus C", "bill_country", "Denmark", "assigned_user_id", ""));
        String sharedInDinero = sides.dinero.putContact(Map.of("Name", "Østergaard & Søn ApS", "VatNumber", "DK11112222",
                "City", "Aarhus C", "CountryKey", "DK", "IsPerson", false));
        String crmOnly = sides.crm.put("Accounts", Map.of("accountname", "Bøgelund Tømrer A/S", SimulatedSides.VAT_FIELD, "DK22223333",
                "bill_city", "Roskilde", "bill_country", "Denmark", "assigned_user_id", ""));
        try (ConfigurableApplicationContext service = sides.startService("--sync.direction=both",
                "--sync.priority=" + setting, "--sync.modules=organizations,contacts,products")) {
            previewThenRun(crmFirst, setting, sides, SimulatedSides.api(service), shared, sharedInDinero, crmOnly);
        }
    }

    private static void previewThenRun(boolean crmFirst, String setting, SimulatedSides sides, ApiClient api,
                                       String shared, String sharedInDinero, String crmOnly) throws Exception {
        assertThat(SimulatedSides.runSync(api).get("status")).isEqualTo("succeeded");
        String crmOnlyInDinero = sides.liveDineroCompanies().stream().filter(c -> "DK22223333".equals(c.get("VatNumber")))
                .findFirst().orElseThrow().get("ContactGuid").toString();

        // Both sides edit the shared organization; the CRM alone edits the other.
        sides.crm.change(shared, Map.of("bill_city", "Aarhus N"));
        sides.dinero.updateRecord(DineroSimulator.CONTACTS, sharedInDinero, Map.of("City", "Aarhus V"));
        sides.crm.change(crmOnly, Map.of("phone", "+45 46 35 22 11"));
        sides.crm.requestLog().clear();
        sides.dinero.requestLog().clear();

        ApiClient.Answer answer = api.post("/api/sync?dryRun=true", "");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode preview = answer.json();

        assertThat(sides.crmWrites()).as("CRM writes of the dry run").isZero();
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).as("Dinero writes of the dry run").isZero();
        assertThat(preview.get("direction").asText()).isEqualTo("both");
        assertThat(preview.get("conflicts")).hasSize(1);
        JsonNode conflict = preview.get("conflicts").get(0);
        assertThat(conflict.get("module").asText()).isEqualTo("organizations");
        assertThat(conflict.get("crmId").asText()).isEqualTo(shared);
        assertThat(conflict.get("dineroId").asText()).isEqualTo(sharedInDinero);
        assertThat(conflict.at("/fields/City/crm").asText()).isEqualTo("Aarhus N");
        assertThat(conflict.at("/fields/City/dinero").asText()).isEqualTo("Aarhus V");
        assertThat(conflict.get("fields").has("Name")).as("the name is the same on both sides").isFalse();
        assertThat(conflict.get("winner").asText()).isEqualTo(crmFirst ? "crm" : "dinero");
        assertThat(conflict.get("reason").asText()).isEqualTo("Changed on both sides since the last sync; "
                + (crmFirst ? "sync.priority=crm-first, so the CRM's values are written to Dinero and Dinero's change "
                + "is overwritten." : "sync.priority=dinero-first, so Dinero's values are written to the CRM and the "
                + "CRM's change is overwritten."));

        // The winner's write, in its direction: the losing side's city before, the winner's after.
        Map<String, JsonNode> byCrmId = new HashMap<>();
        preview.get("records").forEach(r -> byCrmId.put(r.path("crmId").asText(), r));
        JsonNode winnerRow = byCrmId.get(shared);
        assertThat(winnerRow.get("direction").asText()).isEqualTo(crmFirst ? "crm-to-dinero" : "dinero-to-crm");
        assertThat(winnerRow.get("action").asText()).isEqualTo("update");
        assertThat(winnerRow.get("dineroId").asText()).isEqualTo(sharedInDinero);
        String cityField = crmFirst ? "City" : "bill_city";
        assertThat(winnerRow.at("/changes/" + cityField + "/before").asText()).isEqualTo(crmFirst ? "Aarhus V" : "Aarhus N");
        assertThat(winnerRow.at("/changes/" + cityField + "/after").asText()).isEqualTo(crmFirst ? "Aarhus N" : "Aarhus V");
        JsonNode oneSided = byCrmId.get(crmOnly);
        assertThat(oneSided.get("direction").asText()).isEqualTo("crm-to-dinero");
        assertThat(oneSided.get("action").asText()).isEqualTo("update");
        assertThat(oneSided.get("dineroId").asText()).isEqualTo(crmOnlyInDinero);
        assertThat(oneSided.at("/changes/Phone/after").asText()).isEqualTo("+45 46 35 22 11");
        assertThat(preview.at("/modules/organizations/update").asInt()).isEqualTo(2);

        // The answer keeps the contract (the conflict's schema).
        keepsTheContract(api, answer);

        // The console's Preview shows both directions and the conflict with the winner and why, in English and Danish.
        Browser browser = new Browser(api);
        browser.login("admin", SimulatedSides.API_PASSWORD);
        Page page = browser.post("/sync/preview", browser.get("/sync"));
        // (th:text writes an apostrophe as &#39;: the texts are checked around it)
        assertThat(page.body()).contains("id=\"conflict-" + shared + "\"").contains("<h2>Conflicts</h2>")
                .contains("<td class=\"crm\">Aarhus N</td><td class=\"dinero\">Aarhus V</td>")
                .contains("<strong class=\"winner\">" + (crmFirst ? "CRM" : "Dinero") + "</strong>")
                .contains("sync.priority=" + setting + ": ")
                .contains(crmFirst ? "values are written to Dinero and Dinero" : "values are written to the CRM and the CRM")
                .contains("<td class=\"direction\">CRM → Dinero</td>").contains("id=\"run-it\"");
        if (!crmFirst) {
            assertThat(page.body()).contains("<td class=\"direction\">Dinero → CRM</td>");
        }
        Page dansk = browser.post("/sync/preview", browser.get("/sync?lang=da"));
        assertThat(dansk.body()).contains("<h2>Konflikter</h2>")
                .contains(crmFirst ? "værdier skrives til Dinero, og ændringen i Dinero overskrives."
                        : "sync.priority=dinero-first: Dineros værdier skrives til CRM, og ændringen i CRM overskrives.");

        // One record's dry run stays crm-to-dinero only, as the single-record sync itself.
        ApiClient.Answer record = api.post("/api/sync/organizations/" + shared + "?dryRun=true", "");
        assertThat(record.status()).isEqualTo(409);
        assertThat(record.json().get("error").asText()).isEqualTo("Single-record sync is only allowed when "
                + "sync.direction=crm-to-dinero; it is both. Use POST /api/sync for a full run.");

        // A second preview says the same: nothing was written to links, cursors or the pairs waiting.
        assertThat(api.post("/api/sync?dryRun=true", "").json()).isEqualTo(preview);
        assertThat(sides.crmWrites() + sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();

        Map<String, Object> run = SimulatedSides.runSync(api);

        assertThat(run.get("status")).isEqualTo("succeeded");
        JsonNode done = api.get("/api/runs/" + run.get("id")).json().at("/modules/organizations");
        assertThat(done.get("updated").asInt()).isEqualTo(preview.at("/modules/organizations/update").asInt());
        assertThat(done.get("created").asInt()).isEqualTo(preview.at("/modules/organizations/create").asInt());
        String winner = crmFirst ? "Aarhus N" : "Aarhus V";
        assertThat(sides.crm.get(shared)).containsEntry("bill_city", winner);
        assertThat(sides.dinero.getRecord(DineroSimulator.CONTACTS, sharedInDinero)).containsEntry("City", winner);
        assertThat(sides.dinero.getRecord(DineroSimulator.CONTACTS, crmOnlyInDinero))
                .containsEntry("Phone", "+45 46 35 22 11");
    }

    /** A dry run's answer (200 of POST /api/sync) checked against the served contract's Preview schema. */
    static void keepsTheContract(ApiClient api, ApiClient.Answer answer) {
        OpenApiInteractionValidator contract = OpenApiInteractionValidator
                .createForInlineApiSpecification(api.get("/api/openapi").body()).build();
        ValidationReport report = contract.validateResponse("/sync", Request.Method.POST, SimpleResponse.Builder
                .status(200).withContentType("application/json").withBody(answer.body()).build());
        assertThat(report.hasErrors()).as(SimpleValidationReportFormat.getInstance().apply(report)).isFalse();
    }
}
