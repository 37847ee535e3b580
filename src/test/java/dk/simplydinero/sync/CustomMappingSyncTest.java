package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code sync.mapping=custom}: the file's rules change what lands in Dinero (field by field in the simulator), the
 * effective mapping is shown, a changed file is taken without a restart, a broken one keeps the mapping in force,
 * and a file naming a CRM field the installation does not have stops the start (or, with the CRM unreachable at
 * start, fails the first run) with one line naming the file, the place and the problem.
 */
@ExtendWith(Simulators.class)
class CustomMappingSyncTest {

    /** A fresh set for each test. */
    SimulatedSides sides;
    private final Path file = Path.of("target", "test-mapping", UUID.randomUUID() + ".yaml");

    private static final String MAPPING = """
            # The VAT number lives in cf_853 (no simplycrm.vat-field), the part number is Dinero's product number.
            organizations:
              crm-to-dinero:
                - dinero: VatNumber
                  crm: cf_853
                - dinero: Phone
                  drop: true
            products:
              crm-to-dinero:
                - dinero: ProductNumber
                  crm: productcode
                - dinero: AccountNumber
                  constant: 1010
            """;

    @Test
    void aCustomFileChangesWhatLandsInDineroAndIsTakenAgainWhenItChanges() throws IOException {
        write(MAPPING);
        String organization = sides.crm.put("Accounts", Map.of("accountname", "Møllegården ApS", "cf_853", "DK31415926",
                "phone", "+45 70 20 30 40", "bill_country", "Denmark", "assigned_user_id", ""));
        String product = sides.crm.put("Products", Map.of("productname", "Kværnsten", "productcode", "KV-77",
                "unit_price", "450", "usageunit", "Box", "assigned_user_id", ""));
        // Never edited after the first run: a changed mapping must reach it too, not only records edited since.
        String untouched = sides.crm.put("Products", Map.of("productname", "Slibesten", "productcode", "SL-1",
                "unit_price", "80", "usageunit", "Pieces", "assigned_user_id", ""));
        try (ConfigurableApplicationContext service = sides.startService("--sync.mapping=custom",
                "--sync.mapping-file=" + file, "--simplycrm.vat-field=")) {
            ApiClient api = SimulatedSides.api(service);

            Map<String, Object> first = SimulatedSides.runSync(api);

            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            Map<String, Object> contact = dinero(DineroSimulator.CONTACTS, organization);
            assertThat(contact).containsEntry("Name", "Møllegården ApS").containsEntry("VatNumber", "DK31415926");
            assertThat(contact.get("Phone")).as("Phone was dropped from the mapping").isIn(null, "");
            Map<String, Object> dineroProduct = dinero(DineroSimulator.PRODUCTS, product);
            assertThat(dineroProduct).containsEntry("Name", "Kværnsten").containsEntry("ProductNumber", "KV-77")
                    .containsEntry("Unit", "box");
            assertThat(new BigDecimal(dineroProduct.get("AccountNumber").toString())).isEqualByComparingTo("1010");
            assertThat(new BigDecimal(dineroProduct.get("BaseAmountValue").toString())).isEqualByComparingTo("450");

            // The effective mapping: default pairs, the file's changes with their line, the dropped pair gone.
            JsonNode shown = api.get("/api/mapping").json();
            assertThat(shown.get("mapping").asText()).isEqualTo("custom");
            JsonNode productRules = shown.at("/modules/products/crm-to-dinero");
            assertThat(rule(productRules, "ProductNumber").toString()).contains("productcode").contains("line 10");
            assertThat(rule(productRules, "Name").toString()).contains("productname").contains("default");
            assertThat(rule(shown.at("/modules/organizations/crm-to-dinero"), "Phone")).isNull();

            // A broken file is refused and the mapping in force stays: the next change still maps by it.
            write(MAPPING.replace("constant: 1010", "constant: 1010\n    - dinero: Colour\n      crm: productname"));
            ApiClient.Answer refused = api.post("/api/mapping/reload", "");
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.json().get("error").asText()).startsWith(file.getFileName() + " line 14")
                    .contains("unknown Dinero field 'Colour'").contains("stays in force");
            assertThat(api.get("/api/mapping").json().get("problem").asText()).contains("'Colour'");
            sides.crm.change(product, Map.of("productcode", "KV-78"));
            assertThat(SimulatedSides.runSync(api).get("status")).isEqualTo("succeeded");
            assertThat(dinero(DineroSimulator.PRODUCTS, product)).containsEntry("ProductNumber", "KV-78");

            // A good new file is taken without a restart (the file watch), in force from the next run, for every
            // record of the module: also the one nobody edited since the first run.
            write(MAPPING.replace("constant: 1010", "constant: 1020"));
            await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/mapping").json()
                    .at("/modules/products/crm-to-dinero").toString().contains("1020"));
            assertThat(api.get("/api/mapping").json().has("problem")).isFalse();
            assertThat(api.get("/api/mapping").json().get("fromNextRun").asBoolean()).isTrue();
            assertThat(SimulatedSides.runSync(api).get("status")).isEqualTo("succeeded");
            for (String id : List.of(product, untouched)) {
                assertThat(new BigDecimal(dinero(DineroSimulator.PRODUCTS, id).get("AccountNumber").toString()))
                        .as("AccountNumber of %s", id).isEqualByComparingTo("1020");
            }
            assertThat(api.get("/api/mapping").json().get("fromNextRun").asBoolean()).isFalse();
        }
    }

    @Test
    void aDineroToCrmRuleGetsItsDineroFieldFromTheChangeFeed() throws IOException {
        write("""
                organizations:
                  dinero-to-crm:
                    - crm: cf_902
                      dinero: EanNumber
                """);
        sides.dinero.putContact(Map.of("Name", "Havnens Fisk ApS", "EanNumber", "5790001234567", "CountryKey", "DK",
                "IsPerson", false, "IsMember", false, "UseCvr", false));
        try (ConfigurableApplicationContext service = sides.startService("--sync.mapping=custom",
                "--sync.mapping-file=" + file, "--sync.direction=dinero-to-crm")) {
            Map<String, Object> run = SimulatedSides.runSync(SimulatedSides.api(service));

            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            assertThat(sides.crm.records("Accounts")).filteredOn(a -> "Havnens Fisk ApS".equals(a.get("accountname")))
                    .singleElement().satisfies(a -> assertThat(a).containsEntry("cf_902", "5790001234567"));
        }
    }

    /**
     * Both ways, a rule reads a Dinero field the CRM → Dinero side never writes (the EAN number, which the accountant
     * fills in in Dinero): the sync creates the contact, the accountant fills it in before the next run, and it reaches
     * the CRM. What our create is expected to leave cannot vouch for a field it did not send.
     */
    @Test
    void bothWaysADineroFieldOnlyReadFromDineroFilledInAfterOurCreateReachesTheCrm() throws IOException {
        write("""
                organizations:
                  dinero-to-crm:
                    - crm: cf_902
                      dinero: EanNumber
                """);
        String organization = sides.crm.put("Accounts", Map.of("accountname", "Kystens Is ApS", "bill_country", "Denmark",
                "assigned_user_id", ""));
        try (ConfigurableApplicationContext service = sides.startService("--sync.mapping=custom",
                "--sync.mapping-file=" + file, "--sync.direction=both")) {
            ApiClient api = SimulatedSides.api(service);
            assertThat(SimulatedSides.runSync(api).get("status")).isEqualTo("succeeded");
            Map<String, Object> contact = dinero(DineroSimulator.CONTACTS, organization);
            assertThat(contact.get("EanNumber")).as("not sent by the sync").isIn(null, "");

            sides.dinero.updateRecord(DineroSimulator.CONTACTS, contact.get("ContactGuid").toString(),
                    Map.of("EanNumber", "5790009876543"));
            Map<String, Object> second = SimulatedSides.runSync(api);

            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            assertThat(sides.crm.records("Accounts")).filteredOn(a -> organization.equals(a.get("id"))).singleElement()
                    .satisfies(a -> assertThat(a).containsEntry("cf_902", "5790009876543"));
        }
    }

    /**
     * Both ways, a changed rule for invoices reaches an invoice nobody edited since it was synced: the module is read
     * again in full, and a CRM invoice back in the feed with the modifiedtime its link keeps is read whole again
     * (not spared as "the version already synced"), so it is written by the new rule.
     */
    @Test
    void bothWaysAChangedInvoiceRuleReachesAnInvoiceNobodyEdited() throws IOException {
        String rules = """
                invoices:
                  crm-to-dinero:
                    - dinero: Comment
                      constant: Tak for handlen
                """;
        write(rules);
        String customer = sides.crm.put("Contacts", CrmRecordsInDinero.contact("Jens", "Jul", "jens@jul.dk"));
        String product = sides.crm.put("Products", Map.of("productname", "Juletræ", "unit_price", "200",
                "usageunit", "Units", "assigned_user_id", ""));
        String invoice = sides.crm.put("Invoice", Map.of("subject", "Juletræer", "contact_id", customer,
                        "invoicedate", "2026-12-01", "duedate", "2026-12-15", "currency_id", sides.crm.currencyId("DKK"),
                        "bill_street", "Kirkevej 1", "ship_street", "Kirkevej 1", "hdnTaxType", "group",
                        "invoicestatus", "Created", "assigned_user_id", ""),
                List.of(Map.of("productid", product, "quantity", "2", "listprice", "200")));
        try (ConfigurableApplicationContext service = sides.startService("--sync.mapping=custom",
                "--sync.mapping-file=" + file, "--sync.direction=both", "--sync.priority=crm-first")) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> first = SimulatedSides.runSync(api);
            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            assertThat(dinero(DineroSimulator.INVOICES, invoice)).containsEntry("Comment", "Tak for handlen");
            // a quiet run: the invoice's link now keeps the versions of both sides
            assertThat(SimulatedSides.runSync(api).get("status")).isEqualTo("succeeded");

            write(rules.replace("Tak for handlen", "Glædelig jul"));
            assertThat(api.post("/api/mapping/reload", "").status()).isEqualTo(200);
            Map<String, Object> third = SimulatedSides.runSync(api);

            assertThat(third.get("status")).as(String.valueOf(third)).isEqualTo("succeeded");
            assertThat(dinero(DineroSimulator.INVOICES, invoice)).containsEntry("Comment", "Glædelig jul");
        }
    }

    @Test
    void aCrmFieldTheInstallationDoesNotHaveStopsTheStartWithOneLine() throws IOException {
        write(MAPPING.replace("crm: productcode", "crm: productcod"));
        assertThatThrownBy(() -> sides.startService("--sync.mapping=custom", "--sync.mapping-file=" + file).close())
                .hasStackTraceContaining("Invalid setting sync.mapping-file: " + file.getFileName() + " line 10")
                .hasStackTraceContaining("'productcod'");
    }

    @Test
    void withTheCrmUnreachableAtStartTheCheckFailsTheFirstRun() throws IOException {
        write(MAPPING.replace("crm: productcode", "crm: productcod"));
        sides.crm.faults().serverErrorShare(1.0);
        try (ConfigurableApplicationContext service = sides.startService("--sync.mapping=custom",
                "--sync.mapping-file=" + file, "--resilience.max-attempts=1")) {
            sides.crm.faults().off();
            Map<String, Object> run = SimulatedSides.runSync(SimulatedSides.api(service));

            assertThat(run.get("status")).isEqualTo("failed");
            assertThat(run.get("message").toString()).startsWith(file.getFileName() + " line 10")
                    .contains("'productcod'");
            assertThat(sides.dinero.records(DineroSimulator.PRODUCTS)).isEmpty();
        }
    }

    @Test
    void theExampleFileRunsAgainstTheSandboxDemoData() {
        sides.crm.seedDemoData();
        try (ConfigurableApplicationContext service = sides.startService("--sync.mapping=custom",
                "--sync.mapping-file=mapping.example.yaml")) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> run = SimulatedSides.runSync(api);

            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            assertThat(sides.dinero.records(DineroSimulator.PRODUCTS)).isNotEmpty().allSatisfy(p ->
                    assertThat(new BigDecimal(p.get("AccountNumber").toString())).isEqualByComparingTo("1010"));
            assertThat(sides.dinero.records(DineroSimulator.INVOICES)).isNotEmpty()
                    .allSatisfy(i -> assertThat(i).containsEntry("Language", "en-GB"));
            assertThat(api.get("/api/mapping").json().get("crmFieldsChecked").asBoolean()).isTrue();
        }
    }

    @Test
    void brokenYamlStopsTheStartWithItsLineAndColumn() throws IOException {
        write("products:\n  crm-to-dinero:\n    - dinero: Name\n   crm: productname\n");
        assertThatThrownBy(() -> sides.startService("--sync.mapping=custom", "--sync.mapping-file=" + file).close())
                .hasStackTraceContaining("Invalid setting sync.mapping-file: " + file.getFileName() + " line ")
                .hasStackTraceContaining("not valid YAML");
    }

    @Test
    void defaultModeShowsTheDefaultMapping() {
        try (ConfigurableApplicationContext service = sides.startService()) {
            JsonNode shown = SimulatedSides.api(service).get("/api/mapping").json();
            assertThat(shown.get("mapping").asText()).isEqualTo("default");
            assertThat(rule(shown.at("/modules/organizations/crm-to-dinero"), "VatNumber").toString()).contains("cf_853");
            assertThat(rule(shown.at("/modules/products/dinero-to-crm"), "productname").toString()).contains("Name");
        }
    }

    private void write(String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private Map<String, Object> dinero(String type, String crmId) {
        List<Map<String, Object>> found = sides.dinero.records(type).stream()
                .filter(r -> crmId.equals(r.get("ExternalReference"))).toList();
        assertThat(found).as("%s with ExternalReference %s", type, crmId).hasSize(1);
        return found.get(0);
    }

    private static JsonNode rule(JsonNode rules, String target) {
        for (JsonNode r : rules) {
            if (target.equals(r.path("target").asText())) {
                return r;
            }
        }
        return null;
    }
}
