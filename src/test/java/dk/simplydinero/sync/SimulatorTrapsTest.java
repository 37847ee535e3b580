package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.Faults;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each trap the simulators know, turned on in a whole run of the service: pages shorter than asked (Dinero's own
 * page cap, CRM query pages shortened by rows the API user may not see), creates answered 201 with an empty body,
 * deleted records in plain Dinero lists, a CRM field hidden from the API user, and duplicate detection on CRM
 * organizations. Every test checks the records on the other side field by field (expected values written here),
 * then that a second run writes nothing.
 */
@ExtendWith(Simulators.class)
class SimulatorTrapsTest {

    /** A fresh set for each test. */
    SimulatedSides sides;

    // ------------------------------------------------------------------------------------------ short pages

    @Test
    void dineroPagesCutShorterThanAskedAreFollowedToTheEnd() {
        // Dinero answers at most 40 per page, whatever the service asks for: full pages of 40 are not the end.
        sides.dinero.maxPageSize(40);
        for (int i = 0; i < 100; i++) {
            sides.dinero.putContact(company("Firma " + i + " ApS", "Bygade " + i, String.valueOf(5000 + i), "Odense C",
                    "kontakt" + i + "@firma" + i + ".dk", String.valueOf(30_000_000 + i)));
        }

        try (ConfigurableApplicationContext service = start("--sync.direction=dinero-to-crm", "--sync.modules=organizations")) {
            ApiClient api = SimulatedSides.api(service);
            assertSucceeded(SimulatedSides.runSync(api));

            assertThat(sides.dinero.requestLog().countOperation("contacts.list")).as("pages of 40 for 100 contacts")
                    .isGreaterThanOrEqualTo(3);
            List<Map<String, Object>> accounts = sides.crm.records("Accounts");
            assertThat(accounts).hasSize(100);
            for (int i = 0; i < 100; i++) {
                Map<String, Object> a = onlyOne(accounts, "accountname", "Firma " + i + " ApS");
                assertThat(a).containsEntry("bill_street", "Bygade " + i)
                        .containsEntry("bill_code", String.valueOf(5000 + i))
                        .containsEntry("bill_city", "Odense C")
                        .containsEntry("bill_country", "Denmark")
                        .containsEntry("email1", "kontakt" + i + "@firma" + i + ".dk")
                        .containsEntry("cf_853", String.valueOf(30_000_000 + i));
            }

            assertSecondRunWritesNothing(api);
        }
    }

    @Test
    void crmQueryPagesShortenedByHiddenRowsDoNotHideTheRecordAnUncertainCreateMade() {
        // 120 other "Jens Hansen" in the CRM, every fourth one not visible to the API user: the query pages that
        // look for the record of an uncertain create come back short while more rows exist.
        for (int i = 0; i < 120; i++) {
            sides.crm.put("Contacts", Map.of("firstname", "Jens", "lastname", "Hansen",
                    "mailingstreet", "Gade " + i, "department", i % 4 == 0 ? "Privat" : "Salg", "assigned_user_id", ""));
        }
        sides.crm.hideFromApiUser(r -> "Privat".equals(r.get("department")));
        Map<String, Object> person = company("Jens Hansen", "Strandvejen 5", "2900", "Hellerup", "", "");
        person.put("IsPerson", true);
        person.put("Phone", "40 50 60 70");
        sides.dinero.putContact(person);
        // The create is done, its answer is lost (cut off halfway): the service must find the record it made.
        sides.crm.faults().malformedAnswers(r -> "create".equals(r.form().get("operation")),
                Faults.Malformed.TRUNCATED_JSON, 1);

        try (ConfigurableApplicationContext service = start("--sync.direction=dinero-to-crm", "--sync.modules=contacts")) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> run = SimulatedSides.runSync(api);
            if (!"succeeded".equals(run.get("status"))) {
                run = SimulatedSides.runSync(api); // the next run resolves what the last one left uncertain
            }
            assertSucceeded(run);

            assertThat(sides.crm.faults().malformedAnswers()).as("the create's answer was lost").isEqualTo(1);
            assertThat(sides.crm.requestLog().countOperation("create")).as("CRM creates").isEqualTo(1);
            List<Map<String, Object>> hansens = sides.crm.records("Contacts");
            assertThat(hansens).hasSize(121);
            Map<String, Object> made = onlyOne(hansens, "mailingstreet", "Strandvejen 5");
            assertThat(made).containsEntry("firstname", "Jens")
                    .containsEntry("lastname", "Hansen")
                    .containsEntry("mailingzip", "2900")
                    .containsEntry("mailingcity", "Hellerup")
                    .containsEntry("mailingcountry", "Denmark")
                    .containsEntry("phone", "40 50 60 70");

            assertSecondRunWritesNothing(api);
        }
    }

    // --------------------------------------------------------------------------------- empty create answers

    @Test
    void createsAnsweredWithAnEmptyBodyAreFoundAndLinkedOnce() {
        sides.dinero.emptyCreateAnswers(true);
        String havn = sides.crm.put("Accounts", account("Havnens Fisk ApS", "Kajen 2", "6700", "Esbjerg",
                "ordre@havnensfisk.dk", "41414141"));
        String person = sides.crm.put("Contacts", Map.of("firstname", "Ulla", "lastname", "Bæk",
                "mailingstreet", "Lærkevej 9", "mailingzip", "8600", "mailingcity", "Silkeborg",
                "mailingcountry", "Denmark", "email", "ulla@baek.dk", "assigned_user_id", ""));
        String net = sides.crm.put("Products", Map.of("productname", "Fiskenet", "product_no", "FN-1",
                "unit_price", "349.50", "usageunit", "Box", "assigned_user_id", ""));
        Map<String, String> f = FailedRecords.crmInvoice(havn, "Net til kutteren", sides.crm.currencyId("DKK"));
        f.put("hdnTaxType", "group");
        String invoice = sides.crm.put("Invoice", f, List.of(Map.of("productid", net, "quantity", "3",
                "listprice", "349.50", "discount_percent", "0", "comment", "Tre net")));

        try (ConfigurableApplicationContext service = start("--sync.direction=crm-to-dinero")) {
            ApiClient api = SimulatedSides.api(service);
            assertSucceeded(SimulatedSides.runSync(api));

            assertThat(sides.dinero.requestLog().count(e -> e.operation().endsWith(".create") && e.status() == 201))
                    .as("creates answered 201 with no body").isEqualTo(4);
            Map<String, Object> company = onlyDinero(DineroSimulator.CONTACTS, havn);
            assertThat(company).containsEntry("Name", "Havnens Fisk ApS").containsEntry("Street", "Kajen 2")
                    .containsEntry("ZipCode", "6700").containsEntry("City", "Esbjerg").containsEntry("CountryKey", "DK")
                    .containsEntry("Email", "ordre@havnensfisk.dk").containsEntry("VatNumber", "41414141")
                    .containsEntry("IsPerson", false);
            assertThat(onlyDinero(DineroSimulator.CONTACTS, person)).containsEntry("Name", "Ulla Bæk")
                    .containsEntry("Street", "Lærkevej 9").containsEntry("ZipCode", "8600")
                    .containsEntry("City", "Silkeborg").containsEntry("Email", "ulla@baek.dk")
                    .containsEntry("IsPerson", true);
            Map<String, Object> product = onlyDinero(DineroSimulator.PRODUCTS, net);
            assertThat(product).containsEntry("Name", "Fiskenet").containsEntry("ProductNumber", "FN-1")
                    .containsEntry("Unit", "box");
            assertThat(decimal(product.get("BaseAmountValue"))).isEqualByComparingTo("349.50");
            Map<String, Object> d = onlyDinero(DineroSimulator.INVOICES, invoice);
            assertThat(d).containsEntry("Description", "Net til kutteren").containsEntry("Date", "2026-11-20")
                    .containsEntry("Currency", "DKK").containsEntry("Status", "Draft")
                    .containsEntry("ContactGuid", company.get("ContactGuid"));
            assertThat(decimal(d.get("PaymentConditionNumberOfDays"))).isEqualByComparingTo("14");
            List<Map<String, Object>> lines = FailedRecords.productLines(d);
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).containsEntry("ProductGuid", product.get("ProductGuid"))
                    .containsEntry("Description", "Tre net");
            assertThat(decimal(lines.get(0).get("Quantity"))).isEqualByComparingTo("3");
            assertThat(decimal(lines.get(0).get("BaseAmountValue"))).isEqualByComparingTo("349.50");

            assertSecondRunWritesNothing(api);
        }
    }

    // ------------------------------------------------------------------------------- deleted rows in lists

    @Test
    void deletedRecordsInPlainListsAreNeitherCopiedNorPairedWith() {
        sides.dinero.listsIncludeDeleted(true);
        String lund = sides.dinero.putContact(company("Lund Tømrer ApS", "Savværksvej 1", "7100", "Vejle",
                "lund@tomrer.dk", "51515151"));
        String gone = sides.dinero.putContact(company("Damgaard Rengøring ApS", "Gl. Kongevej 3", "1610",
                "København V", "kontor@damgaard.dk", "62626262"));
        sides.dinero.deleteRecord(DineroSimulator.CONTACTS, gone);
        sides.dinero.putProduct(dineroProduct("K-1", "Kantliste", "42.50"));
        String goneProduct = sides.dinero.putProduct(dineroProduct("K-2", "Udgået liste", "10"));
        sides.dinero.deleteRecord(DineroSimulator.PRODUCTS, goneProduct);
        // The same organization as the deleted Dinero contact (same VAT number): it must get a live contact.
        String damgaard = sides.crm.put("Accounts", account("Damgaard Rengøring ApS", "Gl. Kongevej 3", "1610",
                "København V", "kontor@damgaard.dk", "62626262"));

        try (ConfigurableApplicationContext service = start("--sync.direction=both",
                "--sync.modules=organizations,products")) {
            ApiClient api = SimulatedSides.api(service);
            assertSucceeded(SimulatedSides.runSync(api));

            List<Map<String, Object>> accounts = sides.crm.records("Accounts");
            assertThat(accounts).hasSize(2);
            assertThat(onlyOne(accounts, "accountname", "Lund Tømrer ApS")).containsEntry("bill_street", "Savværksvej 1")
                    .containsEntry("bill_code", "7100").containsEntry("bill_city", "Vejle")
                    .containsEntry("email1", "lund@tomrer.dk").containsEntry("cf_853", "51515151");
            assertThat(onlyOne(accounts, "accountname", "Damgaard Rengøring ApS")).containsEntry("id", damgaard);
            List<Map<String, Object>> products = sides.crm.records("Products");
            assertThat(products).hasSize(1);
            // product_no is the CRM's own auto number (see DineroProductMapping): the product is known by its name
            assertThat(onlyOne(products, "productname", "Kantliste")).isNotNull();
            assertThat(decimal(products.get(0).get("unit_price"))).isEqualByComparingTo("42.50");

            Map<String, Object> live = onlyDinero(DineroSimulator.CONTACTS, damgaard);
            assertThat(live.get("ContactGuid")).as("a new contact, not the deleted one").isNotEqualTo(gone);
            assertThat(live).containsEntry("Name", "Damgaard Rengøring ApS").containsEntry("VatNumber", "62626262")
                    .containsEntry("Email", "kontor@damgaard.dk").containsEntry("City", "København V");
            assertThat(sides.dinero.getRecord(DineroSimulator.CONTACTS, gone).get("DeletedAt")).as("still deleted").isNotNull();
            assertThat(sides.dinero.getRecord(DineroSimulator.CONTACTS, lund).get("DeletedAt")).isNull();

            assertSecondRunWritesNothing(api);
        }
    }

    // ------------------------------------------------------------------------------------------ hidden field

    @Test
    void aFieldHiddenFromTheApiUserIsReadAsEmptyAndNeverWrittenOverAndOver() {
        sides.crm.hideField("Accounts", "website");
        String crmOnly = sides.crm.put("Accounts", account("Skovens Café I/S", "Skovvej 8", "3400", "Hillerød",
                "hej@skovenscafe.dk", "73737373"));
        sides.crm.change(crmOnly, Map.of("website", "https://skovenscafe.dk"));
        Map<String, Object> fromDinero = company("Bakkens Bageri ApS", "Bakken 4", "2930", "Klampenborg",
                "bager@bakken.dk", "84848484");
        fromDinero.put("Webpage", "www.bakkensbageri.dk");
        sides.dinero.putContact(fromDinero);

        try (ConfigurableApplicationContext service = start("--sync.direction=both", "--sync.modules=organizations")) {
            ApiClient api = SimulatedSides.api(service);
            assertSucceeded(SimulatedSides.runSync(api));

            Map<String, Object> d = onlyDinero(DineroSimulator.CONTACTS, crmOnly);
            assertThat(d).containsEntry("Name", "Skovens Café I/S").containsEntry("Street", "Skovvej 8")
                    .containsEntry("City", "Hillerød").containsEntry("Email", "hej@skovenscafe.dk")
                    .containsEntry("VatNumber", "73737373");
            assertThat(text(d.get("Webpage"))).as("the API user cannot read the CRM's website").isEmpty();
            Map<String, Object> bakken = onlyOne(sides.crm.records("Accounts"), "accountname", "Bakkens Bageri ApS");
            assertThat(bakken).containsEntry("bill_street", "Bakken 4").containsEntry("bill_city", "Klampenborg")
                    .containsEntry("email1", "bager@bakken.dk").containsEntry("cf_853", "84848484")
                    .containsEntry("website", "");
            assertThat(sides.crm.records("Accounts")).hasSize(2);

            assertSecondRunWritesNothing(api);
        }
    }

    // ----------------------------------------------------------------------------------- duplicate detection

    @Test
    void anOrganizationTheCrmRefusesAsADuplicateIsAFailureNamingItAndNothingElseIsHeldUp() {
        sides.crm.rejectDuplicates("Accounts", "accountname");
        String existing = sides.crm.put("Accounts", account("Nordisk Træ ApS", "Østergade 12", "8000", "Aarhus C",
                "info@nordisktrae.dk", "11111111"));
        // Another company of the same name (another town, another VAT number): not the same organization.
        String namesake = sides.dinero.putContact(company("Nordisk Træ ApS", "Havnegade 1", "9900", "Frederikshavn",
                "salg@nordisktrae-fh.dk", "22222222"));
        sides.dinero.putContact(company("Fjord Fisk ApS", "Kajgade 7", "7700", "Thisted", "fisk@fjordfisk.dk", "33333333"));

        try (ConfigurableApplicationContext service = start("--sync.direction=dinero-to-crm", "--sync.modules=organizations")) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> run = SimulatedSides.runSync(api);

            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("partial");
            JsonNode failures = api.get("/api/failures").json();
            assertThat(failures).hasSize(1);
            assertThat(failures.get(0).toString()).contains(namesake).contains("Duplicate");
            List<Map<String, Object>> accounts = sides.crm.records("Accounts");
            assertThat(accounts).hasSize(2);
            assertThat(onlyOne(accounts, "accountname", "Nordisk Træ ApS")).containsEntry("id", existing)
                    .containsEntry("bill_city", "Aarhus C").containsEntry("email1", "info@nordisktrae.dk")
                    .containsEntry("cf_853", "11111111");
            assertThat(onlyOne(accounts, "accountname", "Fjord Fisk ApS")).containsEntry("bill_street", "Kajgade 7")
                    .containsEntry("bill_code", "7700").containsEntry("bill_city", "Thisted")
                    .containsEntry("email1", "fisk@fjordfisk.dk").containsEntry("cf_853", "33333333");

            // The next run tries the refused one again, once (it may have been renamed in the CRM since), and
            // nothing else.
            sides.crm.requestLog().clear();
            sides.dinero.requestLog().clear();
            Map<String, Object> again = SimulatedSides.runSync(api);
            assertThat(again.get("status")).isEqualTo("partial");
            assertThat(sides.crm.requestLog().countOperation("update") + sides.crm.requestLog().countOperation("revise"))
                    .isZero();
            assertThat(sides.crm.requestLog().countOperation("create")).isEqualTo(1);
            assertThat(sides.crm.records("Accounts")).hasSize(2);
            assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private ConfigurableApplicationContext start(String... arguments) {
        List<String> args = new ArrayList<>(List.of(arguments));
        // Named here, so the test does not depend on the shipped default of the setting.
        args.add("--simplycrm.vat-field=cf_853");
        return sides.startService(args.toArray(String[]::new));
    }

    private void assertSecondRunWritesNothing(ApiClient api) {
        sides.crm.requestLog().clear();
        sides.dinero.requestLog().clear();
        Map<String, Object> second = SimulatedSides.runSync(api);
        assertSucceeded(second);
        assertThat(sides.crmWrites()).as("CRM writes of the second run").isZero();
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).as("Dinero writes of the second run").isZero();
    }

    private static void assertSucceeded(Map<String, Object> run) {
        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
    }

    /** The one live Dinero record of {@code type} made for CRM record {@code crmId}. */
    private Map<String, Object> onlyDinero(String type, String crmId) {
        List<Map<String, Object>> found = sides.liveDinero(type).stream()
                .filter(r -> crmId.equals(r.get("ExternalReference"))).toList();
        assertThat(found).as("live Dinero %s for CRM %s", type, crmId).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Object> onlyOne(List<Map<String, Object>> records, String field, String value) {
        List<Map<String, Object>> found = records.stream().filter(r -> value.equals(r.get(field))).toList();
        assertThat(found).as("records with %s = %s", field, value).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Object> company(String name, String street, String zip, String city, String email,
                                               String vat) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", name);
        m.put("Street", street);
        m.put("ZipCode", zip);
        m.put("City", city);
        m.put("CountryKey", "DK");
        m.put("Email", email);
        m.put("VatNumber", vat);
        m.put("PaymentConditionType", "Netto");
        m.put("PaymentConditionNumberOfDays", 8);
        m.put("IsPerson", false);
        m.put("IsMember", false);
        m.put("UseCvr", false);
        return m;
    }

    private static Map<String, Object> dineroProduct(String number, String name, String price) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ProductNumber", number);
        m.put("Name", name);
        m.put("BaseAmountValue", new BigDecimal(price));
        m.put("Quantity", 1);
        m.put("AccountNumber", 1000);
        m.put("Unit", "parts");
        return m;
    }

    private static Map<String, String> account(String name, String street, String zip, String city, String email,
                                               String vat) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("accountname", name);
        f.put("bill_street", street);
        f.put("bill_code", zip);
        f.put("bill_city", city);
        f.put("bill_country", "Denmark");
        f.put("email1", email);
        f.put("cf_853", vat);
        f.put("assigned_user_id", "");
        return f;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static BigDecimal decimal(Object value) {
        return new BigDecimal(value.toString());
    }
}
