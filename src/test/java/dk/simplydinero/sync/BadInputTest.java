package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dk.simplydinero.sync.FailedRecords.crmInvoice;
import static dk.simplydinero.sync.FailedRecords.productLines;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CRM records Dinero would refuse by its documented rules are refused before anything is sent: each is listed
 * with a reason naming the CRM field, the run goes on and ends partial, and once the user fixes the record in the
 * CRM the next run syncs it.
 */
@SimulatedService
class BadInputTest {

    static SimulatedSides sides;

    /** The CRM as a user edits it (line items can only be changed through the webservice). */
    @Autowired
    SimplyCrmClient crm;

    @Test
    void badRecordsAreRefusedBeforeSendingWithAReasonAndSyncedOnceFixed(ApiClient api) {
        String customer = sides.crm.put("Accounts", Map.of("accountname", "Fanø Bryghus ApS", "assigned_user_id", ""));
        String product = sides.crm.put("Products", Map.of("productname", "Fanø Pale Ale", "unit_price", "32",
                "assigned_user_id", ""));
        String kroner = sides.crm.put("Currency", Map.of("currency_name", "Kroner", "currency_code", "KR",
                "currency_symbol", "kr", "conversion_rate", "1.00000", "currency_status", "Active"));
        String dkk = sides.crm.currencyId("DKK");
        Map<String, String> line = Map.of("productid", product, "quantity", "24", "listprice", "32");

        String badOrgEmail = sides.crm.put("Accounts", Map.of("accountname", "Sønderho Kro", "email1", "jens(at)firma.dk",
                "assigned_user_id", ""));
        String badContactEmail = sides.crm.put("Contacts", Map.of("firstname", "Mette", "lastname", "Hansen",
                "email", "mette.hansen@gmail", "assigned_user_id", ""));
        String nameless = sides.crm.put("Products", Map.of("productname", "", "unit_price", "45", "assigned_user_id", ""));
        String negative = sides.crm.put("Invoice", crmInvoice(customer, "Returneret fustage", dkk),
                List.of(Map.of("productid", product, "quantity", "-3", "listprice", "32")));
        String unknownCurrency = sides.crm.put("Invoice", crmInvoice(customer, "Øl i kroner", kroner), List.of(line));
        String noCustomer = sides.crm.put("Invoice", crmInvoice("", "Øl uden kunde", dkk), List.of(line));
        String noLines = sides.crm.put("Invoice", crmInvoice(customer, "Tom faktura", dkk), List.of());

        Map<String, Object> first = SimulatedSides.runSync(api);

        assertThat(first.get("status")).isEqualTo("partial");
        Map<String, String> reasons = new LinkedHashMap<>();
        for (JsonNode f : api.get("/api/failures").json()) {
            assertThat(f.get("side").asText()).isEqualTo("crm");
            assertThat(f.get("code").asText()).isEqualTo("MAPPING");
            reasons.put(f.get("crmId").asText(), f.get("message").asText());
        }
        assertThat(reasons).containsOnly(
                Map.entry(badOrgEmail, "CRM record " + badOrgEmail
                        + ": Email 'jens(at)firma.dk' (field 'email1') is not an e-mail address"),
                Map.entry(badContactEmail, "CRM record " + badContactEmail
                        + ": Email 'mette.hansen@gmail' (field 'email') is not an e-mail address"),
                Map.entry(nameless, "CRM record " + nameless + ": the product name (field 'productname') is empty"),
                Map.entry(negative, "CRM record " + negative + ": Quantity -3 (field 'LineItems[1].quantity') is negative;"
                        + " Dinero takes no negative quantities on invoice lines (credit it in Dinero instead)"),
                Map.entry(unknownCurrency, "CRM record " + unknownCurrency + ": Currency 'KR' (field 'currency_id', CRM currency "
                        + kroner + ") is not an ISO 4217 currency code, which Dinero needs"),
                Map.entry(noCustomer, "CRM record " + noCustomer + ": the invoice has no customer: both the organization"
                        + " (field 'account_id') and the contact (field 'contact_id') are empty"),
                Map.entry(noLines, "CRM record " + noLines
                        + ": the invoice has no line items (field 'LineItems'); Dinero needs at least one line"));
        // Nothing of the refused records reached Dinero: the two good records are its only writes, nothing was refused.
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isEqualTo(2);
        assertThat(sides.dinero.requestLog().count(e -> e.status() >= 400)).isZero();
        assertThat(byReference(DineroSimulator.CONTACTS, customer)).hasSize(1);
        assertThat(byReference(DineroSimulator.PRODUCTS, product)).hasSize(1);
        for (String refused : reasons.keySet()) {
            assertThat(byReference(DineroSimulator.CONTACTS, refused)).isEmpty();
            assertThat(byReference(DineroSimulator.PRODUCTS, refused)).isEmpty();
            assertThat(byReference(DineroSimulator.INVOICES, refused)).isEmpty();
        }

        // Synced alone (the CRM's "Sync with Dinero"): refused the same way, still nothing sent.
        ApiClient.Answer single = api.post("/api/sync/organizations/" + badOrgEmail, "");
        assertThat(single.status()).as(single.body()).isEqualTo(422);
        assertThat(single.json().get("error").asText()).contains(reasons.get(badOrgEmail));
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isEqualTo(2);

        // The user fixes each record in the CRM.
        sides.crm.change(badOrgEmail, Map.of("email1", "jens@firma.dk"));
        sides.crm.change(badContactEmail, Map.of("email", "mette.hansen@gmail.com"));
        sides.crm.change(nameless, Map.of("productname", "Fanø Stout"));
        crm.update(negative, Map.of("LineItems", List.of(Map.of("productid", product, "quantity", "3", "listprice", "32"))));
        sides.crm.change(unknownCurrency, Map.of("currency_id", sides.crm.currencyId("EUR")));
        sides.crm.change(noCustomer, Map.of("account_id", customer));
        crm.update(noLines, Map.of("LineItems", List.of(line)));

        Map<String, Object> second = SimulatedSides.runSync(api);

        assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
        assertThat(api.get("/api/failures").json()).isEmpty();
        assertThat(byReference(DineroSimulator.CONTACTS, badOrgEmail)).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("Name", "Sønderho Kro").containsEntry("Email", "jens@firma.dk"));
        assertThat(byReference(DineroSimulator.CONTACTS, badContactEmail)).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("Name", "Mette Hansen")
                        .containsEntry("Email", "mette.hansen@gmail.com").containsEntry("IsPerson", true));
        assertThat(byReference(DineroSimulator.PRODUCTS, nameless)).singleElement()
                .satisfies(p -> assertThat(p).containsEntry("Name", "Fanø Stout"));
        String customerGuid = byReference(DineroSimulator.CONTACTS, customer).get(0).get("ContactGuid").toString();
        assertInvoice(negative, customerGuid, "DKK", "3");
        assertInvoice(unknownCurrency, customerGuid, "EUR", "24");
        assertInvoice(noCustomer, customerGuid, "DKK", "24");
        assertInvoice(noLines, customerGuid, "DKK", "24");
    }

    private static void assertInvoice(String crmId, String contactGuid, String currency, String quantity) {
        assertThat(byReference(DineroSimulator.INVOICES, crmId)).singleElement().satisfies(i -> {
            assertThat(i).containsEntry("ContactGuid", contactGuid).containsEntry("Currency", currency);
            assertThat(productLines(i)).singleElement().satisfies(l -> {
                assertThat(new BigDecimal(l.get("Quantity").toString())).isEqualByComparingTo(quantity);
                assertThat(new BigDecimal(l.get("BaseAmountValue").toString())).isEqualByComparingTo("32");
            });
        });
    }

    private static List<Map<String, Object>> byReference(String type, String crmId) {
        return FailedRecords.byReference(sides.dinero, type, crmId);
    }
}
