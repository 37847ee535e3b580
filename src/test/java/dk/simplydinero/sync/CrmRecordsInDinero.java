package dk.simplydinero.sync;

import dk.simplydinero.sandbox.dinero.DineroSimulator;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CRM test records and the check that Dinero holds each of them field by field, for the end-to-end tests of the
 * CRM → Dinero direction (whatever CRM user reads them).
 */
public final class CrmRecordsInDinero {

    /** CRM country text → the CountryKey Dinero must get. */
    static final String[][] COUNTRIES = {{"Danmark", "DK"}, {"Denmark", "DK"}, {"DK", "DK"}, {"Sverige", "SE"},
            {"Norway", "NO"}, {"Tyskland", "DE"}, {"Atlantis", "DK"}};
    /** CRM usageunit → Dinero Unit. */
    static final String[][] UNITS = {{"Hours", "hours"}, {"Box", "box"}, {"Carton", "carton"}, {"M", "metre"},
            {"Pack", "package"}, {"Each", "parts"}};

    private final SimulatedSides sides;
    final List<String> organizations;
    final List<String> contacts;
    final List<String> products;
    final List<String> invoices;

    /** The records, each list in the order of the index its fields were made from ({@link #organization(int)}, …). */
    CrmRecordsInDinero(SimulatedSides sides, List<String> organizations, List<String> contacts, List<String> products,
                       List<String> invoices) {
        this.sides = sides;
        this.organizations = organizations;
        this.contacts = contacts;
        this.products = products;
        this.invoices = invoices;
    }

    public static Map<String, String> organization(int i) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("accountname", "Virksomhed " + i + " ApS");
        f.put("bill_street", "Æblevej " + i);
        f.put("bill_code", String.valueOf(1000 + i));
        f.put("bill_city", i % 2 == 0 ? "Århus" : "Køge");
        f.put("bill_country", COUNTRIES[i % COUNTRIES.length][0]);
        f.put("cf_853", "DK" + (10_000_000 + i));
        f.put("phone", "+45 70 00 " + String.format("%02d", i % 100) + " 00");
        f.put("email1", "info@firma" + i + ".dk");
        f.put("website", "https://firma" + i + ".dk");
        f.put("assigned_user_id", "");
        return f;
    }

    public static Map<String, String> product(int i) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("productname", "Vare " + i + " – økologisk");
        f.put("product_no", "P-" + i);
        f.put("unit_price", (50 + i) + ".75");
        f.put("usageunit", UNITS[i % UNITS.length][0]);
        f.put("assigned_user_id", "");
        return f;
    }

    /** A CRM contact with a name, an e-mail address and a country, nothing else. */
    static Map<String, String> contact(String first, String last, String email) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("firstname", first);
        f.put("lastname", last);
        f.put("email", email);
        f.put("mailingcountry", "Danmark");
        f.put("assigned_user_id", "");
        return f;
    }

    public static Map<String, String> contact(int i) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("firstname", i % 5 == 0 ? "Anne Marie" : "Søren");
        f.put("lastname", "Ølgaard " + i);
        f.put("email", "person" + i + "@eksempel.dk");
        f.put("phone", i % 2 == 0 ? "" : "+45 70 10 " + String.format("%02d", i % 100) + " 00");
        f.put("mobile", "+45 20 30 " + String.format("%02d", i % 100) + " 11");
        f.put("mailingstreet", "Åvej " + i);
        f.put("mailingzip", String.valueOf(2000 + i));
        f.put("mailingcity", "Frederiksberg");
        f.put("mailingcountry", COUNTRIES[i % COUNTRIES.length][0]);
        f.put("assigned_user_id", "");
        return f;
    }

    /** Invoice {@code i} of the organization {@code organizationId}, without its lines. */
    public static Map<String, String> invoice(int i, String organizationId, String currencyId) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("subject", "Faktura " + i + " – tømrerarbejde");
        f.put("account_id", organizationId);
        f.put("invoicedate", "2026-11-" + String.format("%02d", 1 + i));
        f.put("duedate", LocalDate.parse("2026-11-01").plusDays(i + (i % 2 == 0 ? 14 : 30)).toString());
        f.put("currency_id", currencyId);
        f.put("bill_street", "Åvej " + i);
        f.put("ship_street", "Åvej " + i);
        f.put("hdnTaxType", "group");
        f.put("assigned_user_id", "");
        return f;
    }

    /** The lines of invoice {@code i}: 1 to 5, on the products in turn. */
    public static List<Map<String, String>> invoiceLines(int i, List<String> products) {
        List<Map<String, String>> lines = new ArrayList<>();
        for (int l = 0; l < 1 + i % 5; l++) {
            Map<String, String> line = new LinkedHashMap<>();
            line.put("productid", products.get((i + l) % products.size()));
            line.put("quantity", String.valueOf(l + 1));
            line.put("listprice", (100 + i) + ".50");
            line.put("discount_percent", l == 1 ? "10" : "0");
            line.put("comment", "Linje " + (l + 1) + " æøå");
            lines.add(line);
        }
        return lines;
    }

    /** Every record once in Dinero, with the CRM's current values. */
    void assertDineroMatchesTheCrm() {
        Map<String, List<Map<String, Object>>> contactsByRef = byReference(DineroSimulator.CONTACTS);
        for (int i = 0; i < organizations.size(); i++) {
            Map<String, Object> crm = sides.crm.get(organizations.get(i));
            Map<String, Object> d = only(contactsByRef, organizations.get(i));
            assertThat(d).as("organization %s", organizations.get(i))
                    .containsEntry("Name", crm.get("accountname"))
                    .containsEntry("Street", crm.get("bill_street"))
                    .containsEntry("ZipCode", crm.get("bill_code"))
                    .containsEntry("City", crm.get("bill_city"))
                    .containsEntry("CountryKey", COUNTRIES[i % COUNTRIES.length][1])
                    .containsEntry("Phone", crm.get("phone"))
                    .containsEntry("Email", crm.get("email1"))
                    .containsEntry("Webpage", crm.get("website"))
                    .containsEntry("VatNumber", crm.get("cf_853"))
                    .containsEntry("IsPerson", false);
        }
        for (int i = 0; i < contacts.size(); i++) {
            Map<String, Object> crm = sides.crm.get(contacts.get(i));
            Map<String, Object> d = only(contactsByRef, contacts.get(i));
            String phone = crm.get("phone").toString().isEmpty() ? crm.get("mobile").toString() : crm.get("phone").toString();
            assertThat(d).as("contact %s", contacts.get(i))
                    .containsEntry("Name", crm.get("firstname") + " " + crm.get("lastname"))
                    .containsEntry("Street", crm.get("mailingstreet"))
                    .containsEntry("ZipCode", crm.get("mailingzip"))
                    .containsEntry("City", crm.get("mailingcity"))
                    .containsEntry("CountryKey", COUNTRIES[i % COUNTRIES.length][1])
                    .containsEntry("Phone", phone)
                    .containsEntry("Email", crm.get("email"))
                    .containsEntry("IsPerson", true);
        }
        Map<String, List<Map<String, Object>>> productsByRef = byReference(DineroSimulator.PRODUCTS);
        for (int i = 0; i < products.size(); i++) {
            Map<String, Object> crm = sides.crm.get(products.get(i));
            Map<String, Object> d = only(productsByRef, products.get(i));
            assertThat(d).as("product %s", products.get(i))
                    .containsEntry("Name", crm.get("productname"))
                    .containsEntry("ProductNumber", crm.get("product_no"))
                    .containsEntry("Unit", UNITS[i % UNITS.length][1]);
            assertThat(decimal(d.get("BaseAmountValue"))).isEqualByComparingTo(decimal(crm.get("unit_price")));
            assertThat(decimal(d.get("Quantity"))).isEqualByComparingTo("1");
            assertThat(decimal(d.get("AccountNumber"))).isEqualByComparingTo("1000");
        }
        Map<String, List<Map<String, Object>>> invoicesByRef = byReference(DineroSimulator.INVOICES);
        for (String invoiceId : invoices) {
            Map<String, Object> crm = sides.crm.get(invoiceId);
            Map<String, Object> d = only(invoicesByRef, invoiceId);
            assertThat(d).as("invoice %s", invoiceId)
                    .containsEntry("Description", crm.get("subject"))
                    .containsEntry("Date", crm.get("invoicedate"))
                    .containsEntry("Currency", "DKK")
                    .containsEntry("Status", "Draft")
                    .containsEntry("PaymentConditionType", "Netto")
                    .containsEntry("ContactGuid", only(contactsByRef, crm.get("account_id").toString()).get("ContactGuid"));
            long days = LocalDate.parse(crm.get("duedate").toString()).toEpochDay()
                    - LocalDate.parse(crm.get("invoicedate").toString()).toEpochDay();
            assertThat(decimal(d.get("PaymentConditionNumberOfDays"))).isEqualByComparingTo(BigDecimal.valueOf(days));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> crmLines = (List<Map<String, Object>>) crm.get("LineItems");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> lines = (List<Map<String, Object>>) d.get("ProductLines");
            assertThat(lines).hasSameSizeAs(crmLines);
            for (int l = 0; l < lines.size(); l++) {
                Map<String, Object> crmLine = crmLines.get(l);
                Map<String, Object> line = lines.get(l);
                assertThat(line.get("ProductGuid")).isEqualTo(
                        only(productsByRef, crmLine.get("productid").toString()).get("ProductGuid"));
                assertThat(line.get("Description")).isEqualTo(crmLine.get("comment"));
                assertThat(decimal(line.get("Quantity"))).isEqualByComparingTo(decimal(crmLine.get("quantity")));
                assertThat(decimal(line.get("BaseAmountValue"))).isEqualByComparingTo(decimal(crmLine.get("listprice")));
                assertThat(decimal(line.get("Discount"))).isEqualByComparingTo(decimal(crmLine.get("discount_percent")));
            }
        }
    }

    /** The one live Dinero record of {@code type} carrying this CRM id. */
    Map<String, Object> dinero(String type, String crmId) {
        return only(byReference(type), crmId);
    }

    private Map<String, List<Map<String, Object>>> byReference(String type) {
        return sides.dinero.records(type).stream().filter(r -> r.get("DeletedAt") == null)
                .filter(r -> r.get("ExternalReference") != null)
                .collect(Collectors.groupingBy(r -> r.get("ExternalReference").toString()));
    }

    /** The one Dinero record carrying this CRM id: none or two would be a lost or duplicated record. */
    private static Map<String, Object> only(Map<String, List<Map<String, Object>>> byReference, String crmId) {
        assertThat(byReference.get(crmId)).as("Dinero records for CRM %s", crmId).hasSize(1);
        return byReference.get(crmId).get(0);
    }

    static BigDecimal decimal(Object value) {
        return new BigDecimal(value.toString());
    }
}
