package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/sync/{module}/{crmId}}: the "Sync with Dinero" button, answer by answer. */
@SimulatedService
class RecordSyncTest {

    static SimulatedSides sides;

    @Test
    void aContactIsCreatedThenUnchangedThenUpdated(ApiClient api) {
        String contact = sides.crm.put("Contacts", CrmRecordsInDinero.contact("Karen", "Ærbø", "karen.aerboe@eksempel.dk"));

        JsonNode created = api.post("/api/sync/contacts/" + contact, "").json();
        assertThat(created.get("action").asText()).isEqualTo("created");
        assertThat(created.get("module").asText()).isEqualTo("contacts");
        assertThat(created.get("crmId").asText()).isEqualTo(contact);
        Map<String, Object> inDinero = sides.dinero.getRecord(DineroSimulator.CONTACTS, created.get("dineroId").asText());
        assertThat(inDinero).containsEntry("Name", "Karen Ærbø").containsEntry("ExternalReference", contact)
                .containsEntry("Email", "karen.aerboe@eksempel.dk");

        sides.dinero.requestLog().clear();
        JsonNode unchanged = api.post("/api/sync/contacts/" + contact, "").json();
        assertThat(unchanged.get("action").asText()).isEqualTo("unchanged");
        assertThat(unchanged.get("dineroId").asText()).isEqualTo(created.get("dineroId").asText());
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();

        sides.crm.change(contact, Map.of("mailingcity", "Ærøskøbing"));
        JsonNode updated = api.post("/api/sync/contacts/" + contact, "").json();
        assertThat(updated.get("action").asText()).isEqualTo("updated");
        assertThat(sides.dinero.getRecord(DineroSimulator.CONTACTS, created.get("dineroId").asText()))
                .containsEntry("City", "Ærøskøbing").containsEntry("Name", "Karen Ærbø");

        JsonNode runs = api.get("/api/runs").json();
        assertThat(runs.get(0).get("trigger").asText()).isEqualTo("record");
        assertThat(runs.get(0).get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void anInvoiceBringsItsUnlinkedCustomerAndProductsAlong(ApiClient api) {
        String organization = sides.crm.put("Accounts", Map.of("accountname", "Skovlyst Økologi", "bill_country", "Danmark",
                "assigned_user_id", ""));
        String coffee = sides.crm.put("Products", Map.of("productname", "Kaffe", "unit_price", "189.50", "usageunit", "Pieces",
                "assigned_user_id", ""));
        String hours = sides.crm.put("Products", Map.of("productname", "Konsulenttime", "unit_price", "950", "usageunit", "Hours",
                "assigned_user_id", ""));
        Map<String, String> invoice = new LinkedHashMap<>(Map.of("subject", "Levering uge 48", "account_id", organization,
                "invoicedate", "2026-11-28", "duedate", "2026-12-08", "bill_street", "Skovlystvej 5",
                "ship_street", "Skovlystvej 5", "assigned_user_id", "", "currency_id", sides.crm.currencyId("DKK")));
        String invoiceId = sides.crm.put("Invoice", invoice, List.of(
                Map.of("productid", coffee, "quantity", "3", "listprice", "189.50", "comment", "Kaffe, økologisk"),
                Map.of("productid", hours, "quantity", "2", "listprice", "950", "comment", "Opsætning")));

        ApiClient.Answer answer = api.post("/api/sync/invoices/" + invoiceId, "");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("action").asText()).isEqualTo("created");
        Map<String, Object> draft = sides.dinero.getRecord(DineroSimulator.INVOICES, answer.json().get("dineroId").asText());
        assertThat(draft).containsEntry("Status", "Draft").containsEntry("Description", "Levering uge 48")
                .containsEntry("ExternalReference", invoiceId);
        Map<String, Object> customer = byReference(DineroSimulator.CONTACTS, organization);
        assertThat(customer).containsEntry("Name", "Skovlyst Økologi");
        assertThat(draft.get("ContactGuid")).isEqualTo(customer.get("ContactGuid"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lines = (List<Map<String, Object>>) draft.get("ProductLines");
        assertThat(lines).extracting(l -> l.get("ProductGuid")).containsExactly(
                byReference(DineroSimulator.PRODUCTS, coffee).get("ProductGuid"),
                byReference(DineroSimulator.PRODUCTS, hours).get("ProductGuid"));
    }

    @Test
    void aContactAlreadyInDineroWithTheSameEmailIsLinkedNotDuplicated(ApiClient api) {
        String existing = sides.dinero.putContact(Map.of("Name", "Bjørn Møller", "Email", "bjorn@moeller.dk", "CountryKey", "DK",
                "IsPerson", true, "IsMember", false, "UseCvr", false));
        String contact = sides.crm.put("Contacts", CrmRecordsInDinero.contact("Bjørn", "Møller", "Bjorn@Moeller.dk"));
        int before = sides.dinero.records(DineroSimulator.CONTACTS).size();

        JsonNode answer = api.post("/api/sync/contacts/" + contact, "").json();

        assertThat(answer.get("dineroId").asText()).isEqualTo(existing);
        assertThat(answer.get("action").asText()).isIn("updated", "unchanged");
        assertThat(sides.dinero.records(DineroSimulator.CONTACTS)).hasSize(before);
    }

    @Test
    void aRecordDineroRefusesIsAnswered422WithDinerosReason(ApiClient api) {
        String contact = sides.crm.put("Contacts", CrmRecordsInDinero.contact("Ole", "Olsen", "ole(at)olsen.dk"));

        ApiClient.Answer answer = api.post("/api/sync/contacts/" + contact, "");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().get("error").asText()).contains(contact).contains("Email").contains("ole(at)olsen.dk");
        assertThat(api.get("/api/runs").json().get(0).get("status").asText()).isEqualTo("partial");
    }

    @Test
    void unknownRecordModuleOrIdAreRefusedWithAReason(ApiClient api) {
        String contactPrefix = String.valueOf(sides.crm.idPrefix("Contacts"));

        ApiClient.Answer missing = api.post("/api/sync/contacts/" + contactPrefix + "x999999", "");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asText()).contains(contactPrefix + "x999999");

        ApiClient.Answer otherModule = api.post("/api/sync/contacts/" + sides.crm.idPrefix("Accounts") + "x1", "");
        assertThat(otherModule.status()).isEqualTo(404);

        ApiClient.Answer unknownModule = api.post("/api/sync/leads/" + contactPrefix + "x1", "");
        assertThat(unknownModule.status()).isEqualTo(400);
        assertThat(unknownModule.json().get("error").asText()).contains("leads").contains("organizations, contacts");

        ApiClient.Answer malformed = api.post("/api/sync/contacts/42", "");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }


    private static Map<String, Object> byReference(String type, String crmId) {
        List<Map<String, Object>> found = sides.dinero.records(type).stream()
                .filter(r -> crmId.equals(r.get("ExternalReference"))).toList();
        assertThat(found).as("Dinero %s for %s", type, crmId).hasSize(1);
        return found.get(0);
    }
}
