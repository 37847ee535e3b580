package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12.2 with {@code sync.direction=dinero-to-crm}: the dry run previews what the run would write to the CRM (a new
 * Dinero contact as a create field by field, an edited one as before → after, the records the sync keeps for itself as
 * creates that would happen) and writes nothing on either side; the run that follows then does exactly that.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "sync.direction=dinero-to-crm"})
class DryRunDineroToCrmTest {

    static SimulatedSides sides;

    @Test
    void thePreviewWritesNothingAndTheRunThenDoesWhatItSaid(ApiClient api) {
        String company = sides.dinero.putContact(Map.of("Name", "Skagen Røgeri ApS", "Email", "info@skagenroegeri.dk",
                "CountryKey", "DK", "IsPerson", false, "Street", "Havnen 4", "ZipCode", "9990", "City", "Skagen"));
        String halibut = sides.dinero.putProduct(Map.of("Name", "Røget hellefisk", "ProductNumber", "HEL-1",
                "BaseAmountValue", 240, "Quantity", 1, "AccountNumber", 1000, "Unit", "kilogram"));
        assertThat(SimulatedSides.runSync(api).get("status")).isEqualTo("succeeded");
        String companyInCrm = sides.crmOrganizations().get(0).get("id").toString();
        String halibutInCrm = sides.crm.records("Products").get(0).get("id").toString();

        // Edited in Dinero since: an update; a new person with an invoice whose line has no product: creates.
        sides.dinero.updateRecord(DineroSimulator.CONTACTS, company, Map.of("City", "Hirtshals", "ZipCode", "9850"));
        String person = sides.dinero.putContact(Map.of("Name", "Mette Mols", "Email", "mette@mols.dk", "CountryKey", "DK",
                "IsPerson", true, "Street", "Strandvejen 9", "ZipCode", "8400", "City", "Ebeltoft"));
        String invoice = sides.dinero.putInvoice(invoice(person, "Røget ål til nytår"));
        // Deleted in Dinero: not propagated; the run reports it (a skip).
        sides.dinero.deleteRecord(DineroSimulator.PRODUCTS, halibut);
        sides.crm.requestLog().clear();
        sides.dinero.requestLog().clear();

        ApiClient.Answer answer = api.post("/api/sync?dryRun=true", "");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode preview = answer.json();

        assertThat(preview.get("direction").asText()).isEqualTo("dinero-to-crm");
        DryRunBothWaysTest.keepsTheContract(api, answer);
        assertThat(sides.crmWrites()).as("CRM writes of the dry run").isZero();
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).as("Dinero writes of the dry run").isZero();
        assertThat(sides.crm.records("Accounts")).hasSize(1);
        assertThat(sides.crm.records("Contacts")).isEmpty();
        assertThat(sides.crm.records("Products")).hasSize(1);
        Map<String, JsonNode> byDineroId = new HashMap<>();
        preview.get("records").forEach(r -> byDineroId.put(r.path("dineroId").asText(), r));

        JsonNode companyRow = byDineroId.get(company);
        assertThat(companyRow.get("direction").asText()).isEqualTo("dinero-to-crm");
        assertThat(companyRow.get("action").asText()).isEqualTo("update");
        assertThat(companyRow.get("crmId").asText()).isEqualTo(companyInCrm);
        assertThat(companyRow.at("/changes/bill_city/before").asText()).isEqualTo("Skagen");
        assertThat(companyRow.at("/changes/bill_city/after").asText()).isEqualTo("Hirtshals");
        assertThat(companyRow.at("/changes/bill_code/before").asText()).isEqualTo("9990");
        assertThat(companyRow.at("/changes/bill_code/after").asText()).isEqualTo("9850");
        assertThat(companyRow.get("changes").has("bill_street")).as("the street holds already").isFalse();

        JsonNode personRow = byDineroId.get(person);
        assertThat(personRow.get("action").asText()).isEqualTo("create");
        assertThat(personRow.has("crmId")).as("not in the CRM yet").isFalse();
        assertThat(personRow.at("/fields/firstname").asText()).isEqualTo("Mette");
        assertThat(personRow.at("/fields/lastname").asText()).isEqualTo("Mols");
        assertThat(personRow.at("/fields/email").asText()).isEqualTo("mette@mols.dk");
        assertThat(personRow.at("/fields/mailingcity").asText()).isEqualTo("Ebeltoft");

        JsonNode invoiceRow = byDineroId.get(invoice);
        assertThat(invoiceRow.get("action").asText()).isEqualTo("create");
        assertThat(invoiceRow.at("/fields/subject").asText()).isEqualTo("Røget ål til nytår");
        assertThat(invoiceRow.at("/fields/invoicestatus").asText()).isEqualTo("Created");
        assertThat(invoiceRow.at("/fields/contact_id").asText()).isEqualTo("new:contacts:" + person);

        // What the sync keeps for itself in the CRM is previewed as the create that would happen, not made.
        List<String> helpers = new java.util.ArrayList<>();
        preview.get("records").forEach(r -> {
            if (r.path("fields").has("productname") && "Dinero-linje uden vare".equals(r.at("/fields/productname").asText())
                    || "Privatkunder (Dinero)".equals(r.at("/fields/accountname").asText())) {
                assertThat(r.get("action").asText()).isEqualTo("create");
                helpers.add(r.at("/module").asText());
            }
        });
        assertThat(helpers).containsExactlyInAnyOrder("products", "organizations");
        assertThat(invoiceRow.at("/fields/productid").asText()).isEqualTo("new:products:Dinero-linje uden vare");
        assertThat(invoiceRow.at("/fields/account_id").asText()).isEqualTo("new:organizations:Privatkunder (Dinero)");

        JsonNode halibutRow = byDineroId.get(halibut);
        assertThat(halibutRow.get("action").asText()).isEqualTo("skip");
        assertThat(halibutRow.get("reason").asText())
                .isEqualTo("products " + halibutInCrm + " was deleted in Dinero; the CRM record is kept");
        assertThat(preview.at("/modules/products/skip").asInt()).isEqualTo(1);

        assertThat(preview.at("/modules/organizations/update").asInt()).isEqualTo(1);
        assertThat(preview.at("/modules/contacts/create").asInt()).isEqualTo(1);
        assertThat(preview.at("/modules/invoices/create").asInt()).isEqualTo(1);
        assertThat(preview.get("conflicts")).isEmpty();

        // A second preview says the same: nothing changed anywhere (links, states, cursors, failures, runs).
        assertThat(api.post("/api/sync?dryRun=true", "").json()).isEqualTo(preview);
        assertThat(api.get("/api/runs").json()).as("only the first run").hasSize(1);

        // The run does what the preview said, module by module and field by field.
        Map<String, Object> run = SimulatedSides.runSync(api);
        JsonNode modules = api.get("/api/runs/" + run.get("id")).json().get("modules");
        for (String module : List.of("organizations", "contacts", "products", "invoices")) {
            JsonNode said = preview.at("/modules/" + module);
            JsonNode done = modules.get(module);
            assertThat(done.get("created").asInt()).as(module + " created").isEqualTo(said.get("create").asInt());
            assertThat(done.get("updated").asInt()).as(module + " updated").isEqualTo(said.get("update").asInt());
            assertThat(done.get("failed").asInt()).as(module + " failed").isEqualTo(said.get("fail").asInt());
            assertThat(done.get("skipped").asInt()).as(module + " skipped").isEqualTo(said.get("skip").asInt());
        }
        assertThat(sides.crm.get(companyInCrm)).containsEntry("bill_city", "Hirtshals").containsEntry("bill_code", "9850");
        Map<String, Object> mette = sides.crm.records("Contacts").get(0);
        personRow.get("fields").fields().forEachRemaining(f -> assertThat(String.valueOf(mette.get(f.getKey())))
                .as("Mette's %s", f.getKey()).isEqualTo(f.getValue().asText()));
        Map<String, Object> crmInvoice = sides.crm.records("Invoice").get(0);
        assertThat(crmInvoice).containsEntry("subject", "Røget ål til nytår").containsEntry("invoicestatus", "Created")
                .containsEntry("contact_id", mette.get("id"));
        assertThat(sides.crm.records("Products")).extracting(p -> p.get("productname"))
                .containsExactlyInAnyOrder("Røget hellefisk", "Dinero-linje uden vare");
    }

    private static Map<String, Object> invoice(String customer, String description) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("Description", "Røget ål, 1 kg");
        line.put("Quantity", BigDecimal.ONE);
        line.put("AccountNumber", 1000);
        line.put("Unit", "kilogram");
        line.put("Discount", BigDecimal.ZERO);
        line.put("LineType", "Product");
        line.put("BaseAmountValue", new BigDecimal("320"));
        Map<String, Object> invoice = new LinkedHashMap<>();
        invoice.put("ContactGuid", customer);
        invoice.put("Date", "2026-12-01");
        invoice.put("Currency", "DKK");
        invoice.put("Language", "da-DK");
        invoice.put("Description", description);
        invoice.put("PaymentConditionType", "Netto");
        invoice.put("PaymentConditionNumberOfDays", 14);
        invoice.put("ProductLines", List.of(line));
        return invoice;
    }
}
