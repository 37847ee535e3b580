package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole CRM → Dinero job against both simulators over HTTP, started through the REST API: an initial sync of
 * more than 100 records per module (several change-feed pages), checked in Dinero field by field; then a run with
 * nothing to do; then a run after 3 changes and 2 additions. Requests are counted in the simulators' logs.
 */
@SimulatedService(properties = "sandbox.sync-at-start=false")
class CrmToDineroSyncTest {

    static SimulatedSides sides;
    static final MovableClock clock = new MovableClock();

    final List<String> organizations = new ArrayList<>();
    final List<String> contacts = new ArrayList<>();
    final List<String> products = new ArrayList<>();
    final List<String> invoices = new ArrayList<>();

    @Test
    void syncsEverythingOnceThenNothingThenExactlyTheChanges(ApiClient api) {
        sides.crm.setClock(clock);
        seedCrm();
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
        new CrmRecordsInDinero(sides, organizations, contacts, products, invoices).assertDineroMatchesTheCrm();
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

    private static Map<String, Object> dinero(String type, String crmId) {
        return new CrmRecordsInDinero(sides, List.of(), List.of(), List.of(), List.of()).dinero(type, crmId);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> counts(Map<String, Object> run, String module) {
        return (Map<String, Object>) ((Map<String, Object>) run.get("modules")).get(module);
    }

    private static BigDecimal decimal(Object value) {
        return CrmRecordsInDinero.decimal(value);
    }

    // ---------------------------------------------------------------------------------------------------- data

    private void seedCrm() {
        for (int i = 0; i < 110; i++) {
            organizations.add(sides.crm.put("Accounts", organization(i)));
            tick(i);
        }
        for (int i = 0; i < 120; i++) {
            contacts.add(sides.crm.put("Contacts", CrmRecordsInDinero.contact(i)));
            tick(i);
        }
        for (int i = 0; i < 25; i++) {
            products.add(sides.crm.put("Products", product(i)));
        }
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            invoices.add(sides.crm.put("Invoice", CrmRecordsInDinero.invoice(i, organizations.get(i * 3), sides.crm.currencyId("DKK")),
                    CrmRecordsInDinero.invoiceLines(i, products)));
        }
    }

    private static Map<String, String> organization(int i) {
        return CrmRecordsInDinero.organization(i);
    }

    private static Map<String, String> product(int i) {
        return CrmRecordsInDinero.product(i);
    }

    /** Records a few per second, so the change feed really pages (about 100 per page plus the boundary second). */
    private static void tick(int i) {
        if (i % 7 == 6) {
            clock.advance(Duration.ofSeconds(1));
        }
    }
}
