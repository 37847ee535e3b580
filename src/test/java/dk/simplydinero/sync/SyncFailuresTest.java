package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static dk.simplydinero.sync.FailedRecords.crmInvoice;
import static dk.simplydinero.sync.FailedRecords.failure;
import static dk.simplydinero.sync.FailedRecords.productLines;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record Dinero refuses does not stop the run: it is listed with Dinero's reason, the run ends partial, and
 * the next run retries it. An invoice booked in Dinero is reported, never overwritten, never a failure.
 */
@SimulatedService
class SyncFailuresTest {

    static SimulatedSides sides;

    /** The CRM as a user edits it (line items cannot be changed without the webservice). */
    @Autowired
    SimplyCrmClient crm;

    @Test
    void aRefusedRecordIsReportedAndRetriedAndABookedInvoiceIsLeftAlone(ApiClient api) {
        String good = sides.crm.put("Accounts", Map.of("accountname", "Læsø Saltsyderi ApS", "assigned_user_id", ""));
        // A name Dinero requires is missing (the CRM let it through, e.g. an import): caught before sending.
        String nameless = sides.crm.put("Accounts", Map.of("accountname", "", "bill_city", "Læsø", "assigned_user_id", ""));
        String product = sides.crm.put("Products", Map.of("productname", "Salt 250 g", "unit_price", "65", "assigned_user_id", ""));
        String invoiceId = sides.crm.put("Invoice", invoice(good, "Salt til julemarked"),
                List.of(Map.of("productid", product, "quantity", "10", "listprice", "65", "comment", "Sydesalt")));
        // A discount over 100 %: Dinero documents no limit, so we send it and Dinero answers 400 with its validation error.
        String badDiscount = sides.crm.put("Invoice", invoice(good, "Salt med rabat"),
                List.of(Map.of("productid", product, "quantity", "2", "listprice", "65", "discount_percent", "150")));

        Map<String, Object> first = SimulatedSides.runSync(api);

        assertThat(first.get("status")).isEqualTo("partial");
        JsonNode failures = api.get("/api/failures").json();
        assertThat(failures).hasSize(2);
        JsonNode refused = failure(failures, badDiscount);
        assertThat(refused.get("module").asText()).isEqualTo("invoices");
        assertThat(refused.get("side").asText()).isEqualTo("dinero");
        assertThat(refused.get("code").asText()).isEqualTo("42");
        assertThat(refused.get("message").asText()).contains("ProductLines[0].Discount").contains("between 0 and 100");
        assertThat(refused.get("attempts").asInt()).isEqualTo(1);
        JsonNode unmappable = failure(failures, nameless);
        assertThat(unmappable.get("side").asText()).isEqualTo("crm");
        assertThat(unmappable.get("code").asText()).isEqualTo("MAPPING");
        assertThat(unmappable.get("message").asText()).contains("accountname");
        assertThat(byReference(DineroSimulator.CONTACTS, good)).hasSize(1);
        assertThat(byReference(DineroSimulator.INVOICES, invoiceId)).hasSize(1);

        // Nothing changed: the failed records are retried anyway, and fail again.
        Map<String, Object> retry = SimulatedSides.runSync(api);
        assertThat(retry.get("status")).isEqualTo("partial");
        assertThat(failure(api.get("/api/failures").json(), badDiscount).get("attempts").asInt()).isEqualTo(2);
        assertThat(failure(api.get("/api/failures").json(), nameless).get("attempts").asInt()).isEqualTo(2);

        // Retried by hand without a fix: refused again with the reason, one more attempt.
        long namelessFailure = failure(api.get("/api/failures").json(), nameless).get("id").asLong();
        ApiClient.Answer again = api.post("/api/failures/" + namelessFailure + "/retry", "");
        assertThat(again.status()).as(again.body()).isEqualTo(422);
        assertThat(again.json().get("error").asText()).contains("failed again").contains("accountname");
        assertThat(failure(api.get("/api/failures").json(), nameless).get("attempts").asInt()).isEqualTo(3);
        assertThat(api.post("/api/failures/999999/retry", "").status()).isEqualTo(404);

        // The accountant books the draft in Dinero; then the CRM changes the invoice and fixes the nameless record.
        String guid = byReference(DineroSimulator.INVOICES, invoiceId).get(0).get("Guid").toString();
        sides.dinero.bookInvoice(guid);
        sides.crm.change(invoiceId, Map.of("subject", "Salt til julemarked (rettet)"));
        sides.crm.change(nameless, Map.of("accountname", "Læsø Havn"));
        crm.update(badDiscount, Map.of("LineItems", List.of(Map.of("productid", product, "quantity", "2", "listprice", "65",
                "discount_percent", "15"))));
        // Fixed in the CRM and retried by hand at once: synced, the failure resolved.
        long badDiscountFailure = failure(api.get("/api/failures").json(), badDiscount).get("id").asLong();
        ApiClient.Answer retried = api.post("/api/failures/" + badDiscountFailure + "/retry", "");
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("action").asText()).isEqualTo("created");
        assertThat(retried.json().get("resolved").asBoolean()).isTrue();

        Map<String, Object> second = SimulatedSides.runSync(api);

        assertThat(second.get("status")).isEqualTo("succeeded");
        assertThat(second.get("message").toString()).contains("invoice " + invoiceId + " is booked in Dinero");
        @SuppressWarnings("unchecked")
        Map<String, Object> invoices = (Map<String, Object>) ((Map<String, Object>) second.get("modules")).get("invoices");
        assertThat(invoices).containsEntry("skipped", 1).containsEntry("failed", 0).containsEntry("updated", 0);
        assertThat(sides.dinero.getRecord(DineroSimulator.INVOICES, guid)).containsEntry("Description", "Salt til julemarked");
        assertThat(byReference(DineroSimulator.CONTACTS, nameless)).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("Name", "Læsø Havn"));
        assertThat(byReference(DineroSimulator.INVOICES, badDiscount)).singleElement()
                .satisfies(i -> assertThat(productLines(i)).singleElement().satisfies(line -> {
                    assertThat(new BigDecimal(line.get("Discount").toString())).isEqualByComparingTo("15");
                    assertThat(new BigDecimal(line.get("Quantity").toString())).isEqualByComparingTo("2");
                }));
        assertThat(api.get("/api/failures").json()).isEmpty();
    }

    private static Map<String, String> invoice(String accountId, String subject) {
        return crmInvoice(accountId, subject, sides.crm.currencyId("DKK"));
    }

    private static List<Map<String, Object>> byReference(String type, String crmId) {
        return FailedRecords.byReference(sides.dinero, type, crmId);
    }
}
