package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CRM → Dinero with the key of a CRM user that is not an admin: a real vtiger refuses it the change feed of every
 * user's records ({@code sync} with {@code syncType=application}), so the sync reads the changes by {@code query}
 * instead. Some organizations are hidden from the user (more than a page of them in a row, so query pages come back
 * short and even empty while more rows follow); more than 100 contacts share one second, at the start and again when
 * edited. Every visible record reaches Dinero field by field, edits reach it in the next run (also edits made while
 * the run reads the pages, to records behind the last row read), quiet runs write nothing. The CRM applies AND and
 * OR left to right, as Simply's documentation says.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "simplycrm.username=clerk",
        "simplycrm.access-key=" + NonAdminCrmKeyTest.CLERK_KEY})
class NonAdminCrmKeyTest {

    static SimulatedSides sides;
    static final MovableClock clock = new MovableClock();
    static final String CLERK_KEY = "ClerkKey0123456789";

    /** Before the service starts: its first run meets these. */
    @BeforeAll
    static void seed() {
        sides.crm.addUser("clerk", CLERK_KEY, false);
        // Simply's documented reading of VTQL (a real vtiger 7 binds AND tighter): the keyset condition must not
        // depend on it.
        sides.crm.andOrLeftToRight(true);
    }

    final List<String> organizations = new ArrayList<>();
    final List<String> hidden = new ArrayList<>();
    final List<String> contacts = new ArrayList<>();
    final List<String> products = new ArrayList<>();
    final List<String> invoices = new ArrayList<>();

    @Test
    void everyVisibleRecordReachesDineroThenNothingThenExactlyTheEdits(ApiClient api) {
        clock.set(Instant.parse("2026-12-01T09:00:00Z"));
        sides.crm.setClock(clock);
        sides.crm.hideFromApiUser(r -> String.valueOf(r.get("accountname")).startsWith("Skjult"));
        seedCrm();
        CrmRecordsInDinero dinero = new CrmRecordsInDinero(sides, organizations, contacts, products, invoices);

        // 1. Everything the user may see, once, field by field; nothing it may not see.
        Map<String, Object> first = SimulatedSides.runSync(api);
        assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
        assertThat(counts(first, "organizations")).containsEntry("created", 110).containsEntry("failed", 0);
        assertThat(counts(first, "contacts")).containsEntry("created", 120).containsEntry("failed", 0);
        assertThat(counts(first, "products")).containsEntry("created", 25).containsEntry("failed", 0);
        assertThat(counts(first, "invoices")).containsEntry("created", 20).containsEntry("failed", 0);
        dinero.assertDineroMatchesTheCrm();
        assertThat(sides.dinero.records(DineroSimulator.CONTACTS)).extracting(r -> r.get("ExternalReference"))
                .doesNotContainAnyElementsOf(hidden);
        assertThat(sides.crm.requestLog().countOperation("query")).as("CRM queries").isGreaterThan(8);

        // 2. Immediately again: nothing written on either side.
        sides.dinero.requestLog().clear();
        Map<String, Object> second = SimulatedSides.runSync(api);
        assertNothingWritten(second);

        // 3. Edits: all 120 contacts in one second, 3 organizations, a product, an invoice; a new organization.
        clock.advance(Duration.ofSeconds(5));
        for (int i = 0; i < contacts.size(); i++) {
            sides.crm.change(contacts.get(i), Map.of("mailingcity", "Odense " + i));
        }
        sides.crm.change(organizations.get(7), Map.of("bill_city", "Ærøskøbing", "phone", "+45 62 00 00 07"));
        sides.crm.change(organizations.get(8), Map.of("bill_city", "Marstal"));
        sides.crm.change(organizations.get(99), Map.of("email1", "ny@firma99.dk"));
        sides.crm.change(products.get(3), Map.of("unit_price", "999.95"));
        sides.crm.change(invoices.get(4), Map.of("subject", "Faktura 4 – rettet"));
        organizations.add(sides.crm.put("Accounts", CrmRecordsInDinero.organization(110)));
        sides.dinero.requestLog().clear();
        Map<String, Object> third = SimulatedSides.runSync(api);
        assertThat(third.get("status")).as(String.valueOf(third)).isEqualTo("succeeded");
        assertThat(counts(third, "organizations")).containsEntry("created", 1).containsEntry("updated", 3);
        assertThat(counts(third, "contacts")).containsEntry("created", 0).containsEntry("updated", 120);
        assertThat(counts(third, "products")).containsEntry("created", 0).containsEntry("updated", 1);
        assertThat(counts(third, "invoices")).containsEntry("created", 0).containsEntry("updated", 1);
        assertThat(dinero.dinero(DineroSimulator.CONTACTS, organizations.get(7))).containsEntry("City", "Ærøskøbing")
                .containsEntry("Phone", "+45 62 00 00 07");
        assertThat(dinero.dinero(DineroSimulator.CONTACTS, contacts.get(119))).containsEntry("City", "Odense 119");
        assertThat(dinero.dinero(DineroSimulator.INVOICES, invoices.get(4))).containsEntry("Description", "Faktura 4 – rettet");
        assertThat(dinero.dinero(DineroSimulator.CONTACTS, organizations.get(110))).containsEntry("Name", "Virksomhed 110 ApS");
        dinero.assertDineroMatchesTheCrm();

        // 4. Quiet again.
        sides.dinero.requestLog().clear();
        assertNothingWritten(SimulatedSides.runSync(api));

        // 5. All 120 contacts edited again (two query pages); while the run reads them, after the first page,
        // contact 0 (behind the last row read) is edited, and two seconds later contact 119. Both reach Dinero in
        // this run; with the tie-break last, read left to right, contact 0 would be skipped and the cursor would
        // pass its time, so no later run would read it either.
        clock.advance(Duration.ofSeconds(5));
        for (int i = 0; i < contacts.size(); i++) {
            sides.crm.change(contacts.get(i), Map.of("mailingcity", "Vejle " + i));
        }
        sides.crm.beforeQuery(q -> {
            if (q.contains(" FROM Contacts ") && q.contains(" id > ")) {
                sides.crm.beforeQuery(null);
                clock.advance(Duration.ofSeconds(1));
                sides.crm.change(contacts.get(0), Map.of("mailingcity", "Nyborg"));
                clock.advance(Duration.ofSeconds(2));
                sides.crm.change(contacts.get(119), Map.of("mailingcity", "Svendborg"));
            }
        });
        Map<String, Object> fifth = SimulatedSides.runSync(api);
        assertThat(fifth.get("status")).as(String.valueOf(fifth)).isEqualTo("succeeded");
        assertThat(dinero.dinero(DineroSimulator.CONTACTS, contacts.get(0))).containsEntry("City", "Nyborg");
        assertThat(dinero.dinero(DineroSimulator.CONTACTS, contacts.get(119))).containsEntry("City", "Svendborg");
        assertThat(dinero.dinero(DineroSimulator.CONTACTS, contacts.get(60))).containsEntry("City", "Vejle 60");
        dinero.assertDineroMatchesTheCrm();

        // 6. Quiet again.
        sides.dinero.requestLog().clear();
        assertNothingWritten(SimulatedSides.runSync(api));
    }

    private static void assertNothingWritten(Map<String, Object> run) {
        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
        for (String module : List.of("organizations", "contacts", "products", "invoices")) {
            assertThat(counts(run, module)).as(module).containsEntry("created", 0).containsEntry("updated", 0);
        }
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();
        assertThat(sides.crmWrites()).isZero();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> counts(Map<String, Object> run, String module) {
        return (Map<String, Object>) ((Map<String, Object>) run.get("modules")).get(module);
    }

    /** Organizations a few per second, 105 hidden ones in one second among them; all contacts in one second. */
    private void seedCrm() {
        for (int i = 0; i < 110; i++) {
            organizations.add(sides.crm.put("Accounts", CrmRecordsInDinero.organization(i)));
            if (i % 4 == 1) {
                hidden.add(sides.crm.put("Accounts", Map.of("accountname", "Skjult " + i, "assigned_user_id", "")));
            }
            if (i == 50) {
                for (int h = 0; h < 105; h++) {
                    hidden.add(sides.crm.put("Accounts", Map.of("accountname", "Skjult række " + h, "assigned_user_id", "")));
                }
            }
            if (i % 7 == 6) {
                clock.advance(Duration.ofSeconds(1));
            }
        }
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 120; i++) {
            contacts.add(sides.crm.put("Contacts", CrmRecordsInDinero.contact(i)));
        }
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 25; i++) {
            products.add(sides.crm.put("Products", CrmRecordsInDinero.product(i)));
        }
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            invoices.add(sides.crm.put("Invoice", CrmRecordsInDinero.invoice(i, organizations.get(i * 3),
                    sides.crm.currencyId("DKK")), CrmRecordsInDinero.invoiceLines(i, products)));
        }
    }
}
