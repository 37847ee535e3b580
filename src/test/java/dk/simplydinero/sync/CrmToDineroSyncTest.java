package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole CRM → Dinero job against both simulators over HTTP, started through the REST API: an initial sync of
 * more than 100 records per module (several change-feed pages), checked in Dinero field by field; then a run with
 * nothing to do; then a run after 3 changes and 2 additions. Requests are counted in the simulators' logs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrmToDineroSyncTest {

    static final SimulatedSides sides = new SimulatedSides();
    static final MovableClock clock = new MovableClock();

    /** CRM country text → the CountryKey Dinero must get. */
    static final String[][] COUNTRIES = {{"Danmark", "DK"}, {"Denmark", "DK"}, {"DK", "DK"}, {"Sverige", "SE"},
            {"Norway", "NO"}, {"Tyskland", "DE"}, {"Atlantis", "DK"}};
    /** CRM usageunit → Dinero Unit. */
    static final String[][] UNITS = {{"Hours", "hours"}, {"Box", "box"}, {"Carton", "carton"}, {"M", "metre"},
            {"Pack", "package"}, {"Each", "parts"}};

    @DynamicPropertySource
    static void sides(DynamicPropertyRegistry registry) {
        sides.register(registry);
        registry.add("sandbox.sync-at-start", () -> "false");
    }

    @AfterAll
    static void stop() {
        sides.close();
    }

    @LocalServerPort
    int port;

    final List<String> organizations = new ArrayList<>();
    final List<String> contacts = new ArrayList<>();
    final List<String> products = new ArrayList<>();
    final List<String> invoices = new ArrayList<>();

    @Test
    void syncsEverythingOnceThenNothingThenExactlyTheChanges() {
        sides.crm.setClock(clock);
        seedCrm();
        ApiClient api = new ApiClient(port, "admin", "sandbox");
        sides.dinero.requestLog().clear();
        sides.crm.requestLog().clear();

        // 1. Initial sync: every record once, field by field, while another program on the same Dinero organization
        //    spends the 10 requests of each window that the service's budget of 90 leaves free.
        Map<String, Object> first;
        try (SimulatedSides.OtherProgram other = sides.otherProgram(10)) {
            first = SimulatedSides.runSync(api);
        }
        assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
        assertThat(counts(first, "organizations")).containsEntry("created", 110).containsEntry("failed", 0);
        assertThat(counts(first, "contacts")).containsEntry("created", 120).containsEntry("failed", 0);
        assertThat(counts(first, "products")).containsEntry("created", 25).containsEntry("failed", 0);
        assertThat(counts(first, "invoices")).containsEntry("created", 20).containsEntry("failed", 0);
        assertDineroMatchesTheCrm();
        assertThat(sides.crm.requestLog().countOperation("sync")).as("CRM change-feed pages").isGreaterThan(4);

        RequestLog dineroLog = sides.dinero.requestLog();
        long total = dineroLog.count(SimulatedSides.OTHER_PROGRAM.negate());
        long minimum = leastDineroRequests(dineroLog, 110 + 120 + 25 + 20);
        System.out.printf("Initial sync: %d Dinero requests, minimum %d (writes %d + list pages %d + tokens %d): ratio %.3f;"
                        + " %d CRM requests; the other program %d requests%n", total, minimum,
                dineroLog.count(SimulatedSides.WRITE), dineroLog.count(SimulatedSides.LIST),
                dineroLog.count(SimulatedSides.TOKEN), (double) total / minimum, sides.crm.requestLog().count(),
                SimulatedSides.OtherProgram.requests(sides.dinero));
        assertThat(SimulatedSides.OtherProgram.requests(sides.dinero)).as("the other program really ran").isPositive();
        assertThat(dineroLog.count(e -> e.status() == 429)).as("429 answers").isZero();
        assertThat((double) total / minimum).as("Dinero requests / minimum").isLessThanOrEqualTo(1.05);

        // 2. Immediately again: nothing written on either side, at most one list request per module per side.
        dineroLog.clear();
        sides.crm.requestLog().clear();
        Map<String, Object> second = SimulatedSides.runSync(api);
        assertThat(second.get("status")).isEqualTo("succeeded");
        for (String module : List.of("organizations", "contacts", "products", "invoices")) {
            assertThat(counts(second, module)).containsEntry("created", 0).containsEntry("updated", 0);
        }
        System.out.printf("Second run: %d Dinero requests, %d CRM change-feed requests, %d CRM writes%n", dineroLog.count(),
                sides.crm.requestLog().countOperation("sync"), sides.crmWrites());
        assertThat(dineroLog.count(SimulatedSides.WRITE)).isZero();
        assertThat(dineroLog.count(SimulatedSides.LIST)).isLessThanOrEqualTo(4);
        assertThat(sides.crmWrites()).isZero();
        assertThat(sides.crm.requestLog().countOperation("sync") + sides.crm.requestLog().countOperation("query"))
                .isLessThanOrEqualTo(4);

        // 3. Three changes and two new records: exactly those are written.
        clock.advance(Duration.ofSeconds(5));
        sides.crm.change(organizations.get(7), Map.of("bill_city", "Ærøskøbing", "phone", "+45 62 00 00 07"));
        sides.crm.change(contacts.get(42), Map.of("lastname", "Møller-Østergård"));
        sides.crm.change(products.get(3), Map.of("unit_price", "999.95"));
        String newOrganization = sides.crm.put("Accounts", organization(500));
        String newProduct = sides.crm.put("Products", product(500));
        dineroLog.clear();
        Map<String, Object> third = SimulatedSides.runSync(api);
        assertThat(third.get("status")).isEqualTo("succeeded");
        assertThat(counts(third, "organizations")).containsEntry("created", 1).containsEntry("updated", 1);
        assertThat(counts(third, "contacts")).containsEntry("created", 0).containsEntry("updated", 1);
        assertThat(counts(third, "products")).containsEntry("created", 1).containsEntry("updated", 1);
        assertThat(counts(third, "invoices")).containsEntry("created", 0).containsEntry("updated", 0);
        List<String> written = dineroLog.entries().stream().filter(SimulatedSides.WRITE).map(RequestLog.Entry::operation).toList();
        System.out.printf("Third run (3 changed, 2 new): Dinero writes %s, %d requests in all%n", written, dineroLog.count());
        assertThat(written).containsExactlyInAnyOrder("contacts.update", "contacts.update", "products.update",
                "contacts.create", "products.create");
        assertThat(dinero(DineroSimulator.CONTACTS, organizations.get(7))).containsEntry("City", "Ærøskøbing");
        assertThat(dinero(DineroSimulator.CONTACTS, contacts.get(42)).get("Name").toString()).endsWith(" Møller-Østergård");
        assertThat(decimal(dinero(DineroSimulator.PRODUCTS, products.get(3)).get("BaseAmountValue")))
                .isEqualByComparingTo("999.95");
        assertThat(dinero(DineroSimulator.CONTACTS, newOrganization)).containsEntry("Name", "Virksomhed 500 ApS");
        assertThat(dinero(DineroSimulator.PRODUCTS, newProduct)).containsEntry("ProductNumber", "P-500");
        assertDineroMatchesTheCrm();

        // 4. A change in the very second the last run read up to (the clock does not move): the overlap catches it.
        sides.crm.change(contacts.get(7), Map.of("mailingcity", "Nykøbing Mors"));
        Map<String, Object> fourth = SimulatedSides.runSync(api);
        assertThat(counts(fourth, "contacts")).containsEntry("updated", 1);
        assertThat(dinero(DineroSimulator.CONTACTS, contacts.get(7))).containsEntry("City", "Nykøbing Mors");
    }

    // ---------------------------------------------------------------------------------------------------- checks

    private void assertDineroMatchesTheCrm() {
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

    /**
     * The fewest Dinero requests a run can make, by this test's own definition: one write per record it had to
     * create ({@code records}, all new to Dinero), one list page per 1000 records (at least one) of each resource the
     * run touched (as seen in the simulator's log; the records counted as the simulator holds them), one token.
     */
    private static long leastDineroRequests(RequestLog log, long records) {
        long pages = 0;
        for (String resource : List.of(DineroSimulator.CONTACTS, DineroSimulator.PRODUCTS, DineroSimulator.INVOICES)) {
            boolean touched = log.count(e -> e.operation().startsWith(resource + ".")
                    && SimulatedSides.OTHER_PROGRAM.negate().test(e)) > 0;
            if (touched) {
                pages += Math.max(1, (sides.dinero.records(resource).size() + 999) / 1000);
            }
        }
        return records + pages + 1;
    }

    private static Map<String, List<Map<String, Object>>> byReference(String type) {
        return sides.dinero.records(type).stream().filter(r -> r.get("DeletedAt") == null)
                .filter(r -> r.get("ExternalReference") != null)
                .collect(Collectors.groupingBy(r -> r.get("ExternalReference").toString()));
    }

    /** The one Dinero record carrying this CRM id: none or two would be a lost or duplicated record. */
    private static Map<String, Object> only(Map<String, List<Map<String, Object>>> byReference, String crmId) {
        assertThat(byReference.get(crmId)).as("Dinero records for CRM %s", crmId).hasSize(1);
        return byReference.get(crmId).get(0);
    }

    private static Map<String, Object> dinero(String type, String crmId) {
        return only(byReference(type), crmId);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> counts(Map<String, Object> run, String module) {
        return (Map<String, Object>) ((Map<String, Object>) run.get("modules")).get(module);
    }

    private static BigDecimal decimal(Object value) {
        return new BigDecimal(value.toString());
    }

    // ---------------------------------------------------------------------------------------------------- data

    private void seedCrm() {
        for (int i = 0; i < 110; i++) {
            organizations.add(sides.crm.put("Accounts", organization(i)));
            tick(i);
        }
        for (int i = 0; i < 120; i++) {
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
            contacts.add(sides.crm.put("Contacts", f));
            tick(i);
        }
        for (int i = 0; i < 25; i++) {
            products.add(sides.crm.put("Products", product(i)));
        }
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("subject", "Faktura " + i + " – tømrerarbejde");
            f.put("account_id", organizations.get(i * 3));
            f.put("invoicedate", "2026-11-" + String.format("%02d", 1 + i));
            f.put("duedate", LocalDate.parse("2026-11-01").plusDays(i + (i % 2 == 0 ? 14 : 30)).toString());
            f.put("currency_id", sides.crm.currencyId("DKK"));
            f.put("bill_street", "Åvej " + i);
            f.put("ship_street", "Åvej " + i);
            f.put("hdnTaxType", "group");
            f.put("assigned_user_id", "");
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
            invoices.add(sides.crm.put("Invoice", f, lines));
        }
    }

    private static Map<String, String> organization(int i) {
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

    private static Map<String, String> product(int i) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("productname", "Vare " + i + " – økologisk");
        f.put("product_no", "P-" + i);
        f.put("unit_price", (50 + i) + ".75");
        f.put("usageunit", UNITS[i % UNITS.length][0]);
        f.put("assigned_user_id", "");
        return f;
    }

    /** Records a few per second, so the change feed really pages (about 100 per page plus the boundary second). */
    private static void tick(int i) {
        if (i % 7 == 6) {
            clock.advance(Duration.ofSeconds(1));
        }
    }
}
