package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dk.simplydinero.sync.FailedRecords.crmInvoice;
import static dk.simplydinero.sync.FailedRecords.productLines;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12.2: {@code POST /api/sync?dryRun=true} says what a run would do (creates with their fields, updates field by
 * field before → after, refusals with the reason) and writes nothing on either side; the run that follows then does
 * exactly that.
 */
@SimulatedService(properties = "sandbox.sync-at-start=false")
class DryRunTest {

    static SimulatedSides sides;

    @Test
    void thePreviewWritesNothingAndTheRunThenDoesWhatItSaid(ApiClient api) {
        // dryRun is read strictly: anything but true or false is refused, never taken for a real run.
        sides.crm.put("Contacts", CrmRecordsInDinero.contact("Ida", "Ibsen", "ida@ibsen.dk"));
        assertThat(api.post("/api/sync?dryRun=true", "").json().at("/modules/contacts/create").asInt()).isEqualTo(1);
        for (String value : List.of("1", "yes", "ja")) {
            ApiClient.Answer refused = api.post("/api/sync?dryRun=" + value, "");
            assertThat(refused.status()).as("dryRun=" + value).isEqualTo(400);
            assertThat(refused.json().get("error").asText()).as("dryRun=" + value)
                    .isEqualTo("Query parameter dryRun: '" + value + "' is not allowed; expected true or false; true ="
                            + " compute what the sync would do and write nothing (on either side, nor links or cursors)");
        }
        assertThat(api.get("/api/runs").json()).as("no run started").isEmpty();
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();

        // In Dinero before the first run: the organization under an old name, known by its e-mail address.
        String oldCompany = sides.dinero.putContact(Map.of("Name", "Havbrise Fiskeeksport", "Email", "salg@havbrise.dk",
                "CountryKey", "DK", "IsPerson", false, "Street", "Havnevej 2"));
        String org = sides.crm.put("Accounts", Map.of("accountname", "Havbrise ApS", "email1", "salg@havbrise.dk",
                "bill_street", "Havnevej 2", "bill_city", "Hirtshals", "bill_country", "Denmark", "assigned_user_id", ""));
        String karen = sides.crm.put("Contacts", CrmRecordsInDinero.contact("Karen", "Krog", "karen@krog.dk"));
        String fish = sides.crm.put("Products", Map.of("productname", "Røget laks 1 kg", "product_no", "LAKS-1",
                "unit_price", "289.50", "usageunit", "Box", "assigned_user_id", ""));
        String unpriced = sides.crm.put("Products", Map.of("productname", "Dagens fangst", "assigned_user_id", ""));
        String invoice = sides.crm.put("Invoice", crmInvoice(org, "Laks til julefrokost", sides.crm.currencyId("DKK")),
                List.of(Map.of("productid", fish, "quantity", "12", "listprice", "289.50")));
        sides.crm.requestLog().clear();
        sides.dinero.requestLog().clear();

        JsonNode preview = api.post("/api/sync?dryRun=true", "").json();

        assertThat(sides.crmWrites()).as("CRM writes of the dry run").isZero();
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).as("Dinero writes of the dry run").isZero();
        assertThat(sides.liveDinero(DineroSimulator.CONTACTS)).hasSize(1);
        Map<String, JsonNode> byCrmId = new HashMap<>();
        preview.get("records").forEach(r -> byCrmId.put(r.get("crmId").asText(), r));

        JsonNode orgRow = byCrmId.get(org);
        assertThat(orgRow.get("action").asText()).isEqualTo("update");
        assertThat(orgRow.get("dineroId").asText()).isEqualTo(oldCompany);
        assertThat(orgRow.at("/changes/Name/before").asText()).isEqualTo("Havbrise Fiskeeksport");
        assertThat(orgRow.at("/changes/Name/after").asText()).isEqualTo("Havbrise ApS");
        assertThat(orgRow.at("/changes/City/after").asText()).isEqualTo("Hirtshals");
        assertThat(orgRow.get("changes").has("Street")).as("Street holds already").isFalse();

        JsonNode karenRow = byCrmId.get(karen);
        assertThat(karenRow.get("action").asText()).isEqualTo("create");
        assertThat(karenRow.at("/fields/Name").asText()).isEqualTo("Karen Krog");
        assertThat(karenRow.at("/fields/Email").asText()).isEqualTo("karen@krog.dk");
        assertThat(karenRow.at("/fields/IsPerson").asBoolean()).isTrue();

        JsonNode fishRow = byCrmId.get(fish);
        assertThat(fishRow.get("action").asText()).isEqualTo("create");
        assertThat(fishRow.at("/fields/ProductNumber").asText()).isEqualTo("LAKS-1");
        assertThat(new BigDecimal(fishRow.at("/fields/BaseAmountValue").asText())).isEqualByComparingTo("289.5");

        assertThat(byCrmId.get(unpriced).get("action").asText()).isEqualTo("fail");
        assertThat(byCrmId.get(unpriced).get("reason").asText()).contains("BaseAmountValue").contains("unit_price");

        // The invoice goes to the organization found by e-mail and to the product this run creates first.
        JsonNode invoiceRow = byCrmId.get(invoice);
        assertThat(invoiceRow.get("action").asText()).isEqualTo("create");
        assertThat(invoiceRow.at("/fields/ContactGuid").asText()).isEqualTo(oldCompany);
        assertThat(invoiceRow.at("/fields/ProductLines/0/ProductGuid").asText()).isEqualTo("new:products:" + fish);
        assertThat(invoiceRow.at("/fields/Description").asText()).isEqualTo("Laks til julefrokost");

        assertThat(preview.at("/modules/organizations/update").asInt()).isEqualTo(1);
        assertThat(preview.at("/modules/contacts/create").asInt()).as("Ida and Karen").isEqualTo(2);
        assertThat(preview.at("/modules/products/create").asInt()).isEqualTo(1);
        assertThat(preview.at("/modules/products/fail").asInt()).isEqualTo(1);
        assertThat(preview.at("/modules/invoices/create").asInt()).isEqualTo(1);

        // A second preview says the same: the first one changed nothing anywhere (links, cursors, failures).
        assertThat(api.post("/api/sync?dryRun=true", "").json()).isEqualTo(preview);
        assertThat(api.get("/api/failures").json()).isEmpty();
        assertThat(api.get("/api/runs").json()).as("a dry run is no run").isEmpty();

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
        Map<String, Object> company = sides.dinero.getRecord(DineroSimulator.CONTACTS, oldCompany);
        assertThat(company.get("Name")).isEqualTo(orgRow.at("/changes/Name/after").asText());
        assertThat(company.get("City")).isEqualTo(orgRow.at("/changes/City/after").asText());
        Map<String, Object> person = sides.liveDinero(DineroSimulator.CONTACTS).stream()
                .filter(c -> "karen@krog.dk".equals(c.get("Email"))).findFirst().orElseThrow();
        karenRow.get("fields").fields().forEachRemaining(f -> assertThat(String.valueOf(person.get(f.getKey())))
                .as("Karen's %s", f.getKey()).isEqualTo(f.getValue().asText()));
        Map<String, Object> product = sides.liveDinero(DineroSimulator.PRODUCTS).get(0);
        assertThat(product.get("ProductNumber")).isEqualTo("LAKS-1");
        Map<String, Object> dineroInvoice = sides.liveDinero(DineroSimulator.INVOICES).get(0);
        assertThat(dineroInvoice.get("ContactGuid")).isEqualTo(oldCompany);
        assertThat(productLines(dineroInvoice).get(0).get("ProductGuid")).isEqualTo(product.get("ProductGuid"));
    }
}
