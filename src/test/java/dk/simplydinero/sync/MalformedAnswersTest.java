package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.Faults;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static dk.simplydinero.sync.FailedRecords.crmInvoice;
import static dk.simplydinero.sync.FailedRecords.failure;
import static dk.simplydinero.sync.FailedRecords.productLines;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer that is not JSON (an HTML error page, JSON cut off halfway), given by either side for one record
 * more often than the clients retry, fails that record only: the run goes on and ends partial, the record is
 * listed with a plain reason, and the next run syncs it once the side answers properly again.
 */
@SimulatedService
class MalformedAnswersTest {

    static SimulatedSides sides;

    @Test
    void aMalformedAnswerFailsOnlyItsRecordUntilTheSideAnswersProperly(ApiClient api) {
        String vejle = sides.crm.put("Accounts", Map.of("accountname", "Vejle Cykler ApS", "bill_city", "Vejle",
                "assigned_user_id", ""));
        String kolding = sides.crm.put("Accounts", Map.of("accountname", "Kolding Cykelværksted", "bill_city", "Kolding",
                "assigned_user_id", ""));
        String product = sides.crm.put("Products", Map.of("productname", "Cykelslange 28\"", "unit_price", "79",
                "assigned_user_id", ""));
        String good = sides.crm.put("Invoice", invoice(vejle, "Slanger til butikken"),
                List.of(Map.of("productid", product, "quantity", "20", "listprice", "79")));
        String unlucky = sides.crm.put("Invoice", invoice(kolding, "Slanger til værkstedet"),
                List.of(Map.of("productid", product, "quantity", "5", "listprice", "79")));
        // The CRM answers the retrieve of one invoice with a PHP error page, however often it is asked.
        sides.crm.faults().malformedAnswers(r -> "retrieve".equals(r.query().get("operation"))
                && unlucky.equals(r.query().get("id")), Faults.Malformed.HTML, -1);

        Map<String, Object> first = SimulatedSides.runSync(api);

        assertThat(first.get("status")).isEqualTo("partial");
        JsonNode crmFailure = single(api.get("/api/failures").json(), unlucky);
        assertThat(crmFailure.get("module").asText()).isEqualTo("invoices");
        assertThat(crmFailure.get("side").asText()).isEqualTo("crm");
        assertThat(crmFailure.get("code").asText()).isEqualTo("TRANSPORT_NOT_JSON");
        assertThat(crmFailure.get("message").asText())
                .contains("retrieve").contains("not a vtiger webservice answer (HTTP 200, text/html");
        assertPlain(crmFailure);
        assertThat(sides.crm.faults().malformedAnswers()).isGreaterThan(1);
        assertThat(byReference(DineroSimulator.INVOICES, good)).hasSize(1);
        assertThat(byReference(DineroSimulator.INVOICES, unlucky)).isEmpty();

        // Kolding moves; Dinero cuts its answer to the read of Kolding's contact (before the write) halfway.
        sides.crm.change(kolding, Map.of("bill_city", "Vamdrup"));
        String koldingGuid = byReference(DineroSimulator.CONTACTS, kolding).get(0).get("ContactGuid").toString();
        sides.dinero.faults().malformedAnswers(r -> "GET".equals(r.method()) && r.path().endsWith("/contacts/" + koldingGuid),
                Faults.Malformed.TRUNCATED_JSON, -1);

        Map<String, Object> second = SimulatedSides.runSync(api);

        assertThat(second.get("status")).isEqualTo("partial");
        JsonNode failures = api.get("/api/failures").json();
        assertThat(failures).as(failures.toString()).hasSize(2);
        // At least once more; twice when the invoice also comes again in the change feed's one-second overlap.
        assertThat(failure(failures, unlucky).get("attempts").asInt()).as(String.valueOf(second)).isBetween(2, 3);
        JsonNode dineroFailure = failure(failures, kolding);
        assertThat(dineroFailure.get("module").asText()).isEqualTo("organizations");
        assertThat(dineroFailure.get("side").asText()).isEqualTo("dinero");
        assertThat(dineroFailure.get("message").asText())
                .isEqualTo("Dinero GET /v1/" + DineroSimulator.DEMO_ORGANIZATION_ID + "/contacts/" + koldingGuid
                        + ": the answer is not Dinero's JSON (HTTP 200)");
        assertPlain(dineroFailure);
        assertThat(sides.dinero.requestLog().count(e -> "PUT".equals(e.method()) && e.path().endsWith(koldingGuid))).isZero();
        assertThat(sides.dinero.getRecord(DineroSimulator.CONTACTS, koldingGuid)).containsEntry("City", "Kolding");

        sides.crm.faults().off();
        sides.dinero.faults().off();
        Map<String, Object> third = SimulatedSides.runSync(api);

        assertThat(third.get("status")).as(String.valueOf(third)).isEqualTo("succeeded");
        assertThat(api.get("/api/failures").json()).isEmpty();
        assertThat(sides.dinero.getRecord(DineroSimulator.CONTACTS, koldingGuid))
                .containsEntry("Name", "Kolding Cykelværksted").containsEntry("City", "Vamdrup");
        assertThat(byReference(DineroSimulator.INVOICES, unlucky)).singleElement().satisfies(i -> {
            assertThat(i).containsEntry("ContactGuid", koldingGuid).containsEntry("Description", "Slanger til værkstedet");
            assertThat(productLines(i)).singleElement().satisfies(l ->
                    assertThat(new BigDecimal(l.get("Quantity").toString())).isEqualByComparingTo("5"));
        });
    }

    /** A reason a user can read: no Java exception names, no stack trace. */
    private static void assertPlain(JsonNode failure) {
        assertThat(failure.get("message").asText()).doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("com.fasterxml");
    }

    private static Map<String, String> invoice(String accountId, String subject) {
        return crmInvoice(accountId, subject, sides.crm.currencyId("DKK"));
    }

    private static JsonNode single(JsonNode failures, String crmId) {
        assertThat(failures).as(failures.toString()).hasSize(1);
        return failure(failures, crmId);
    }

    private static List<Map<String, Object>> byReference(String type, String crmId) {
        return FailedRecords.byReference(sides.dinero, type, crmId);
    }
}
