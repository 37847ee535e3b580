package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.sandbox.dinero.DineroSimulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the tests of failing records look at: the failure list, the records in Dinero, a CRM invoice to break. */
final class FailedRecords {

    private FailedRecords() {
    }

    /** The entry of GET /api/failures for this CRM record. */
    static JsonNode failure(JsonNode failures, String crmId) {
        for (JsonNode f : failures) {
            if (f.get("crmId").asText().equals(crmId)) {
                return f;
            }
        }
        throw new AssertionError("no failure listed for " + crmId + ": " + failures);
    }

    /** The Dinero records of {@code type} created for this CRM record (its id is their ExternalReference). */
    static List<Map<String, Object>> byReference(DineroSimulator dinero, String type, String crmId) {
        return dinero.records(type).stream().filter(r -> crmId.equals(r.get("ExternalReference"))).toList();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> productLines(Map<String, Object> dineroInvoice) {
        return (List<Map<String, Object>>) dineroInvoice.get("ProductLines");
    }

    /** The fields of a CRM invoice with every mandatory one, dated 2026-11-20, due in 14 days. */
    static Map<String, String> crmInvoice(String accountId, String subject, String currencyId) {
        return new LinkedHashMap<>(Map.of("subject", subject, "account_id", accountId, "invoicedate", "2026-11-20",
                "duedate", "2026-12-04", "bill_street", "Vestergade 1", "ship_street", "Vestergade 1",
                "assigned_user_id", "", "currency_id", currencyId));
    }
}
