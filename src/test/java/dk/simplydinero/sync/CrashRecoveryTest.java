package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5: the service process is killed (SIGKILL of a child JVM: no shutdown hook, no context close, nothing
 * flushed) while about 40 % of a both-ways run's Dinero writes are done, restarted on the same H2 database, synced
 * again: every record is then on each side exactly once, the sides look exactly as after an uninterrupted run on
 * the same data, and one more run writes nothing.
 * <p>
 * The simulators run in this JVM, so their data survives the kill. The number of Dinero writes a whole run makes
 * is measured by a clean reference run on a second copy of the same data.
 */
class CrashRecoveryTest {

    static final int ORGANIZATIONS = 40;
    static final int CONTACTS = 40;
    static final int PRODUCTS = 10;
    static final int INVOICES = 15;
    static final int DINERO_COMPANIES = 12;
    static final int DINERO_PERSONS = 8;
    static final int DINERO_PRODUCTS = 5;
    static final int DINERO_INVOICES = 6;

    static final String[] BOTH = {"--sync.direction=both", "--sync.priority=crm-first", "--sync.mode=manual"};

    static final List<ServiceProcess> started = new ArrayList<>();
    static final List<SimulatedSides> simulators = new ArrayList<>();

    @AfterAll
    static void stop() {
        // Whatever happened, no child JVM is left behind.
        started.forEach(ServiceProcess::close);
        simulators.forEach(SimulatedSides::close);
    }

    /** When the service is killed. */
    enum KillPoint {
        /** At about 40 % of the Dinero writes (the case): mostly creates in Dinero. */
        DINERO_WRITES_40_PERCENT,
        /** While invoices from Dinero are created in the CRM: no natural key finds an uncertain one again. */
        CRM_INVOICE_CREATES
    }

    /** The uninterrupted run on a copy of the data, made once: Dinero and CRM writes of a whole run, end state. */
    private record Reference(long dineroWrites, long crmWrites, Map<String, List<String>> state) {
    }

    private static Reference reference;

    private static synchronized Reference reference() {
        if (reference == null) {
            Seed copy = new Seed();
            try (ServiceProcess service = start(copy.sides, "reference")) {
                Map<String, Object> run = SimulatedSides.runSync(service.api());
                assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            }
            copy.assertEveryRecordExactlyOnce();
            reference = new Reference(copy.sides.dinero.requestLog().count(SimulatedSides.WRITE), copy.sides.crmWrites(),
                    copy.state());
        }
        return reference;
    }

    @ParameterizedTest
    @EnumSource(KillPoint.class)
    void aProcessKilledMidRunLeavesEveryRecordExactlyOnceOnEachSideAfterARestart(KillPoint killPoint) {
        long began = System.nanoTime();

        // 1. The reference: how many writes a whole run makes, and what both sides must look like in the end.
        long expectedDineroWrites = reference().dineroWrites();
        long expectedCrmWrites = reference().crmWrites();
        Map<String, List<String>> expectedState = reference().state();
        assertThat(expectedDineroWrites).as("Dinero writes of a whole run")
                .isGreaterThanOrEqualTo(ORGANIZATIONS + CONTACTS + PRODUCTS + INVOICES);

        // 2. The same data again; the side being written answers slowly so the run can be killed part-way through.
        Seed seed = new Seed();
        SimulatedSides sides = seed.sides;
        sides.dinero.faults().slow(1.0, Duration.ofMillis(60));
        if (killPoint == KillPoint.CRM_INVOICE_CREATES) {
            sides.crm.faults().slow(1.0, Duration.ofMillis(150));
        }
        long killAt = Math.round(expectedDineroWrites * 0.4);
        int crmInvoicesAtKill = INVOICES + 3;
        ServiceProcess first = start(sides, "crashed-" + killPoint);
        long pid = first.pid();
        assertThat(first.api().post("/api/sync", "").status()).isEqualTo(202);
        // Watched on the records, not the request log: the simulator does the work before its slow answer (and
        // logs the request after it), so the kill lands most likely after Dinero made the record and before the
        // service heard of it, the worst moment for a create.
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> !first.alive() || (killPoint == KillPoint.DINERO_WRITES_40_PERCENT
                        ? seed.dineroRecordsCreated() >= killAt : sides.crm.records("Invoice").size() >= crmInvoicesAtKill));
        long answeredAtKill = sides.dinero.requestLog().count(SimulatedSides.WRITE);
        int exit = first.kill();
        assertThat(exit).as("exit code of the killed service (SIGKILL)").isEqualTo(137);
        // A write in flight at the kill is done by the simulator and logged when its (slow) answer is given up on.
        sleep(Duration.ofMillis(500));
        sides.dinero.faults().off();
        sides.crm.faults().off();
        long dineroWritesAtKill = sides.dinero.requestLog().count(SimulatedSides.WRITE);
        long crmWritesAtKill = sides.crmWrites();
        System.out.printf("Crash (" + killPoint + "): expected %d Dinero writes and %d CRM writes for the whole run; killed pid %d (exit %d)"
                        + " at %d Dinero writes (%.0f %%; %d of them not answered yet) and %d CRM writes%n",
                expectedDineroWrites, expectedCrmWrites, pid, exit, dineroWritesAtKill,
                100.0 * dineroWritesAtKill / expectedDineroWrites, dineroWritesAtKill - answeredAtKill, crmWritesAtKill);
        assertThat(seed.dineroRecordsCreated()).as("Dinero records made = Dinero writes (all creates in this data)")
                .isEqualTo(dineroWritesAtKill);
        if (killPoint == KillPoint.DINERO_WRITES_40_PERCENT) {
            assertThat(dineroWritesAtKill).as("the kill really happened mid-run (Dinero writes done)")
                    .isGreaterThan(expectedDineroWrites / 10).isLessThan(expectedDineroWrites * 9 / 10);
        } else {
            assertThat(crmWritesAtKill).as("the kill happened among the CRM's invoice creates")
                    .isGreaterThan(0).isLessThan(expectedCrmWrites);
        }

        // 3. Restart on the same database: the cut run shows as interrupted; a run completes the work, one more
        //    run has nothing left to write.
        sides.dinero.requestLog().clear();
        sides.crm.requestLog().clear();
        Map<String, Object> recovery;
        long dineroWritesAfterRestart;
        long crmWritesAfterRestart;
        Map<String, Object> last;
        try (ServiceProcess second = start(sides, "restarted-" + killPoint)) {
            ApiClient api = second.api();
            assertThat(api.get("/api/runs/1").json().get("status").asText()).as("the run cut by the kill")
                    .isEqualTo("interrupted");
            recovery = SimulatedSides.runSync(api);
            dineroWritesAfterRestart = sides.dinero.requestLog().count(SimulatedSides.WRITE);
            crmWritesAfterRestart = sides.crmWrites();
            sides.dinero.requestLog().clear();
            sides.crm.requestLog().clear();
            last = SimulatedSides.runSync(api);
        }
        long dineroWritesLast = sides.dinero.requestLog().count(SimulatedSides.WRITE);
        long crmWritesLast = sides.crmWrites();
        Map<String, List<String>> state = seed.state();
        System.out.printf("Crash recovery (" + killPoint + "): after the restart %d Dinero writes and %d CRM writes (run %s: %s);"
                        + " the run after %d and %d; records %s; %.0f s in all%n", dineroWritesAfterRestart,
                crmWritesAfterRestart, recovery.get("id"), recovery.get("status"), dineroWritesLast, crmWritesLast,
                counts(state), (System.nanoTime() - began) / 1e9);

        assertThat(recovery.get("status")).as(String.valueOf(recovery)).isEqualTo("succeeded");
        assertThat(last.get("status")).as(String.valueOf(last)).isEqualTo("succeeded");
        seed.assertEveryRecordExactlyOnce();
        // Field by field, each side as after the uninterrupted run: nothing lost, nothing twice, nothing garbled.
        for (String kind : expectedState.keySet()) {
            assertThat(state.get(kind)).as(kind).containsExactlyElementsOf(expectedState.get(kind));
        }
        assertThat(dineroWritesLast).as("Dinero writes of the run after the recovery").isZero();
        assertThat(crmWritesLast).as("CRM writes of the run after the recovery").isZero();
    }

    private static ServiceProcess start(SimulatedSides sides, String name) {
        ServiceProcess service = ServiceProcess.start(sides, name, BOTH);
        started.add(service);
        return service;
    }

    private static Map<String, Integer> counts(Map<String, List<String>> state) {
        Map<String, Integer> counts = new TreeMap<>();
        state.forEach((kind, records) -> counts.put(kind, records.size()));
        return counts;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ the data

    /**
     * New, unlinked records on both sides (nothing shared by natural key), so that direction {@code both} writes
     * in both directions: organizations, contacts, products and invoices with lines in the CRM; companies,
     * persons, products and invoices (drafts, booked, paid, one to a person) only in Dinero. Deterministic, so
     * two copies are the same data.
     */
    static final class Seed {

        final SimulatedSides sides = new SimulatedSides();
        final List<String> organizations = new ArrayList<>();
        final List<String> contacts = new ArrayList<>();
        final List<String> products = new ArrayList<>();
        final List<String> invoices = new ArrayList<>();
        final List<String> dineroContacts = new ArrayList<>();
        final List<String> dineroProducts = new ArrayList<>();
        final List<String> dineroInvoices = new ArrayList<>();

        Seed() {
            simulators.add(sides);
            for (int i = 0; i < ORGANIZATIONS; i++) {
                Map<String, String> f = new LinkedHashMap<>();
                f.put("accountname", "Tømrerfirma " + i + " ApS");
                f.put("bill_street", "Egevej " + i);
                f.put("bill_code", String.valueOf(2600 + i));
                f.put("bill_city", i % 2 == 0 ? "Glostrup" : "Næstved");
                f.put("bill_country", "Danmark");
                f.put("cf_853", "DK" + (30_000_000 + i));
                f.put("phone", "+45 43 00 " + String.format("%02d", i) + " 00");
                f.put("email1", "info@toemrer" + i + ".dk");
                f.put("assigned_user_id", "");
                organizations.add(sides.crm.put("Accounts", f));
            }
            for (int i = 0; i < CONTACTS; i++) {
                Map<String, String> f = new LinkedHashMap<>();
                f.put("firstname", i % 3 == 0 ? "Anne-Sofie" : "Jens");
                f.put("lastname", "Kjærgaard " + i);
                f.put("email", "kontakt" + i + "@crm-kunde.dk");
                f.put("phone", "+45 20 40 " + String.format("%02d", i) + " 10");
                f.put("mailingstreet", "Søndergade " + i);
                f.put("mailingzip", String.valueOf(8000 + i));
                f.put("mailingcity", "Aarhus C");
                f.put("mailingcountry", "Denmark");
                f.put("assigned_user_id", "");
                contacts.add(sides.crm.put("Contacts", f));
            }
            for (int i = 0; i < PRODUCTS; i++) {
                products.add(sides.crm.put("Products", Map.of("productname", "Bræddevare " + i, "product_no", "CRM-" + i,
                        "unit_price", (120 + i) + ".50", "usageunit", i % 2 == 0 ? "Hours" : "Box", "assigned_user_id", "")));
            }
            for (int i = 0; i < INVOICES; i++) {
                Map<String, String> f = new LinkedHashMap<>();
                f.put("subject", "CRM faktura " + i + " – gulvlægning");
                // Some customers get two invoices: the per-customer count is checked.
                f.put("account_id", organizations.get(i % 10));
                f.put("invoicedate", LocalDate.of(2025, 10, 1 + i).toString());
                f.put("duedate", LocalDate.of(2025, 10, 1 + i).plusDays(14).toString());
                f.put("currency_id", sides.crm.currencyId("DKK"));
                f.put("bill_street", "Egevej " + i);
                f.put("ship_street", "Egevej " + i);
                f.put("hdnTaxType", "group");
                f.put("assigned_user_id", "");
                List<Map<String, String>> lines = new ArrayList<>();
                for (int l = 0; l < 1 + i % 3; l++) {
                    lines.add(Map.of("productid", products.get((i + l) % PRODUCTS), "quantity", String.valueOf(l + 2),
                            "listprice", (200 + i) + ".25", "discount_percent", l == 1 ? "5" : "0",
                            "comment", "Linje " + (l + 1) + " æøå"));
                }
                invoices.add(sides.crm.put("Invoice", f, lines));
            }

            DineroSimulator d = sides.dinero;
            for (int i = 0; i < DINERO_COMPANIES; i++) {
                dineroContacts.add(d.putContact(contact("Dinero Kunde " + i + " A/S", "Havnegade " + i, "5000", "Odense C",
                        "DK" + (50_000_000 + i), "regnskab@dinerokunde" + i + ".dk", false)));
            }
            for (int i = 0; i < DINERO_PERSONS; i++) {
                dineroContacts.add(d.putContact(contact("Mette Ødegaard " + i, "Skovvej " + i, "7100", "Vejle", "",
                        "mette" + i + "@privat-eksempel.dk", true)));
            }
            for (int i = 0; i < DINERO_PRODUCTS; i++) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("ProductNumber", "D-" + i);
                p.put("Name", "Dinero ydelse " + i);
                p.put("BaseAmountValue", new BigDecimal((300 + i) + ".00"));
                p.put("Quantity", 1);
                p.put("AccountNumber", 1000);
                p.put("Unit", "hours");
                dineroProducts.add(d.putProduct(p));
            }
            for (int i = 0; i < DINERO_INVOICES; i++) {
                // The last one to a private person (filed under the CRM's private-customers organization).
                String customer = i == DINERO_INVOICES - 1 ? dineroContacts.get(DINERO_COMPANIES) : dineroContacts.get(i % 4);
                Map<String, Object> invoice = new LinkedHashMap<>();
                invoice.put("ContactGuid", customer);
                invoice.put("Date", LocalDate.of(2025, 9, 1 + i).toString());
                invoice.put("Currency", "DKK");
                invoice.put("Language", "da-DK");
                invoice.put("Description", "Dinero faktura " + i);
                invoice.put("PaymentConditionType", "Netto");
                invoice.put("PaymentConditionNumberOfDays", 14);
                List<Map<String, Object>> lines = new ArrayList<>();
                for (int l = 0; l < 1 + i % 2; l++) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("ProductGuid", dineroProducts.get((i + l) % DINERO_PRODUCTS));
                    line.put("Description", "Ydelse " + (l + 1));
                    line.put("Quantity", new BigDecimal(l + 1));
                    line.put("AccountNumber", 1000);
                    line.put("Unit", "hours");
                    line.put("Discount", BigDecimal.ZERO);
                    line.put("LineType", "Product");
                    line.put("BaseAmountValue", new BigDecimal((300 + i) + ".00"));
                    lines.add(line);
                }
                invoice.put("ProductLines", lines);
                String guid = d.putInvoice(invoice);
                dineroInvoices.add(guid);
                if (i == 1 || i == 2) {
                    d.bookInvoice(guid);
                }
                if (i == 2) {
                    d.addPayment(guid, new BigDecimal(d.payments(guid).get("RemainingAmount").toString()),
                            LocalDate.of(2025, 9, 20));
                }
            }
        }

        /** Dinero records made by the sync so far (the seeded ones not counted). */
        long dineroRecordsCreated() {
            return sides.dinero.records(DineroSimulator.CONTACTS).size() + sides.dinero.records(DineroSimulator.PRODUCTS).size()
                    + sides.dinero.records(DineroSimulator.INVOICES).size()
                    - (DINERO_COMPANIES + DINERO_PERSONS + DINERO_PRODUCTS + DINERO_INVOICES);
        }

        private static Map<String, Object> contact(String name, String street, String zip, String city, String vat,
                                                   String email, boolean person) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Name", name);
            m.put("Street", street);
            m.put("ZipCode", zip);
            m.put("City", city);
            m.put("CountryKey", "DK");
            m.put("Phone", "");
            m.put("Email", email);
            m.put("VatNumber", vat);
            m.put("PaymentConditionType", "Netto");
            m.put("PaymentConditionNumberOfDays", 14);
            m.put("IsPerson", person);
            m.put("IsMember", false);
            m.put("UseCvr", false);
            return m;
        }

        // ------------------------------------------------------------------------------------------- checks

        /** Every seeded record exactly once on the other side (and still once on its own), by id and by content. */
        void assertEveryRecordExactlyOnce() {
            List<Map<String, Object>> dContacts = live(DineroSimulator.CONTACTS);
            List<Map<String, Object>> dProducts = live(DineroSimulator.PRODUCTS);
            List<Map<String, Object>> dInvoices = live(DineroSimulator.INVOICES);
            List<Map<String, Object>> accounts = sides.crm.records("Accounts");
            List<Map<String, Object>> people = sides.crm.records("Contacts");
            List<Map<String, Object>> crmProducts = sides.crm.records("Products");
            List<Map<String, Object>> crmInvoices = sides.crm.records("Invoice");

            // CRM → Dinero: by ExternalReference (the CRM id) and by name, each once.
            Map<String, List<Map<String, Object>>> contactByRef = group(dContacts, r -> r.get("ExternalReference"));
            Map<String, List<Map<String, Object>>> contactByName = group(dContacts, r -> r.get("Name"));
            Map<String, String> dineroTwin = new LinkedHashMap<>();
            for (String id : organizations) {
                Map<String, Object> crm = sides.crm.get(id);
                Map<String, Object> twin = once(contactByRef, id, "Dinero contacts with ExternalReference " + id);
                once(contactByName, text(crm.get("accountname")), "Dinero contacts named " + crm.get("accountname"));
                assertThat(twin).as("organization %s in Dinero", id)
                        .containsEntry("Name", crm.get("accountname")).containsEntry("Street", crm.get("bill_street"))
                        .containsEntry("ZipCode", crm.get("bill_code")).containsEntry("City", crm.get("bill_city"))
                        .containsEntry("CountryKey", "DK").containsEntry("VatNumber", crm.get("cf_853"))
                        .containsEntry("Email", crm.get("email1")).containsEntry("Phone", crm.get("phone"))
                        .containsEntry("IsPerson", false);
                dineroTwin.put(id, text(twin.get("ContactGuid")));
            }
            for (String id : contacts) {
                Map<String, Object> crm = sides.crm.get(id);
                String name = crm.get("firstname") + " " + crm.get("lastname");
                Map<String, Object> twin = once(contactByRef, id, "Dinero contacts with ExternalReference " + id);
                once(contactByName, name, "Dinero contacts named " + name);
                assertThat(twin).as("contact %s in Dinero", id).containsEntry("Name", name)
                        .containsEntry("Email", crm.get("email")).containsEntry("City", crm.get("mailingcity"))
                        .containsEntry("IsPerson", true);
            }
            Map<String, List<Map<String, Object>>> productByRef = group(dProducts, r -> r.get("ExternalReference"));
            Map<String, List<Map<String, Object>>> productByNumber = group(dProducts, r -> r.get("ProductNumber"));
            for (String id : products) {
                Map<String, Object> crm = sides.crm.get(id);
                Map<String, Object> twin = once(productByRef, id, "Dinero products with ExternalReference " + id);
                once(productByNumber, text(crm.get("product_no")), "Dinero products numbered " + crm.get("product_no"));
                assertThat(twin).as("product %s in Dinero", id).containsEntry("Name", crm.get("productname"));
                assertThat(decimal(twin.get("BaseAmountValue"))).isEqualByComparingTo(decimal(crm.get("unit_price")));
            }
            Map<String, List<Map<String, Object>>> invoiceByRef = group(dInvoices, r -> r.get("ExternalReference"));
            Map<String, List<Map<String, Object>>> invoiceByText = group(dInvoices, r -> r.get("Description"));
            for (String id : invoices) {
                Map<String, Object> crm = sides.crm.get(id);
                Map<String, Object> twin = once(invoiceByRef, id, "Dinero invoices with ExternalReference " + id);
                once(invoiceByText, text(crm.get("subject")), "Dinero invoices described " + crm.get("subject"));
                assertThat(twin).as("invoice %s in Dinero", id).containsEntry("Description", crm.get("subject"))
                        .containsEntry("Date", crm.get("invoicedate")).containsEntry("Status", "Draft")
                        .containsEntry("ContactGuid", dineroTwin.get(text(crm.get("account_id"))));
                assertThat(items(twin.get("ProductLines"))).as("lines of invoice %s in Dinero", id)
                        .hasSameSizeAs(items(crm.get("LineItems")));
            }
            // Invoices per CRM customer: as many in Dinero as in the CRM.
            for (String id : organizations) {
                long inCrm = crmInvoices.stream().filter(i -> id.equals(i.get("account_id"))).count();
                long inDinero = dInvoices.stream().filter(i -> dineroTwin.get(id).equals(i.get("ContactGuid"))).count();
                assertThat(inDinero).as("Dinero invoices of organization %s", id).isEqualTo(inCrm);
            }

            // Dinero → CRM: by name and by natural key (VAT number, e-mail), each once.
            Map<String, List<Map<String, Object>>> accountByName = group(accounts, r -> r.get("accountname"));
            Map<String, List<Map<String, Object>>> accountByVat = group(accounts, r -> r.get("cf_853"));
            Map<String, List<Map<String, Object>>> personByName = group(people,
                    r -> (r.get("firstname") + " " + r.get("lastname")).trim());
            Map<String, List<Map<String, Object>>> personByEmail = group(people, r -> r.get("email"));
            Map<String, String> crmTwin = new LinkedHashMap<>();
            for (String guid : dineroContacts) {
                Map<String, Object> d = sides.dinero.getRecord(DineroSimulator.CONTACTS, guid);
                String name = text(d.get("Name"));
                Map<String, Object> twin;
                if (Boolean.TRUE.equals(d.get("IsPerson"))) {
                    twin = once(personByName, name, "CRM contacts named " + name);
                    once(personByEmail, text(d.get("Email")), "CRM contacts with e-mail " + d.get("Email"));
                    assertThat(twin).as("Dinero person %s in the CRM", name).containsEntry("email", d.get("Email"))
                            .containsEntry("mailingstreet", d.get("Street")).containsEntry("mailingcity", d.get("City"));
                } else {
                    twin = once(accountByName, name, "CRM organizations named " + name);
                    once(accountByVat, text(d.get("VatNumber")), "CRM organizations with VAT " + d.get("VatNumber"));
                    assertThat(twin).as("Dinero company %s in the CRM", name).containsEntry("email1", d.get("Email"))
                            .containsEntry("bill_street", d.get("Street")).containsEntry("bill_code", d.get("ZipCode"))
                            .containsEntry("bill_city", d.get("City")).containsEntry("cf_853", d.get("VatNumber"));
                }
                crmTwin.put(guid, text(twin.get("id")));
            }
            // product_no is the CRM's read-only auto-number: a Dinero product is known there by its name.
            Map<String, List<Map<String, Object>>> crmProductByName = group(crmProducts, r -> r.get("productname"));
            for (String guid : dineroProducts) {
                Map<String, Object> d = sides.dinero.getRecord(DineroSimulator.PRODUCTS, guid);
                Map<String, Object> twin = once(crmProductByName, text(d.get("Name")), "CRM products named " + d.get("Name"));
                assertThat(decimal(twin.get("unit_price"))).as("price of Dinero product %s in the CRM", d.get("Name"))
                        .isEqualByComparingTo(decimal(d.get("BaseAmountValue")));
                assertThat(twin).containsEntry("usageunit", "Hours");
            }
            Map<String, List<Map<String, Object>>> crmInvoiceBySubject = group(crmInvoices, r -> r.get("subject"));
            for (String guid : dineroInvoices) {
                Map<String, Object> d = sides.dinero.getRecord(DineroSimulator.INVOICES, guid);
                Map<String, Object> twin = once(crmInvoiceBySubject, text(d.get("Description")),
                        "CRM invoices with subject " + d.get("Description"));
                String customer = crmTwin.get(text(d.get("ContactGuid")));
                assertThat(customer).as("CRM twin of the customer of %s", d.get("Description")).isNotNull();
                assertThat(List.of(text(twin.get("account_id")), text(twin.get("contact_id"))))
                        .as("customer of CRM invoice %s", d.get("Description")).contains(customer);
                assertThat(items(sides.crm.get(text(twin.get("id"))).get("LineItems")))
                        .as("lines of CRM invoice %s", d.get("Description")).hasSameSizeAs(items(d.get("ProductLines")));
            }
            // Invoices per Dinero customer: as many in the CRM as in Dinero.
            for (String guid : dineroContacts) {
                String crmId = crmTwin.get(guid);
                long inDinero = dInvoices.stream().filter(i -> guid.equals(i.get("ContactGuid"))).count();
                long inCrm = crmInvoices.stream().filter(i -> crmId.equals(i.get("contact_id"))
                        || crmId.equals(i.get("account_id"))).count();
                assertThat(inCrm).as("CRM invoices of Dinero customer %s", guid).isEqualTo(inDinero);
            }

            // Totals: nothing beyond the seeded records and their twins (plus the private-customers organization).
            assertThat(dContacts).as("Dinero contacts").hasSize(ORGANIZATIONS + CONTACTS + DINERO_COMPANIES + DINERO_PERSONS);
            assertThat(dProducts).as("Dinero products").hasSize(PRODUCTS + DINERO_PRODUCTS);
            assertThat(dInvoices).as("Dinero invoices").hasSize(INVOICES + DINERO_INVOICES);
            assertThat(accounts.stream().filter(a -> !PrivateCustomers.NAME.equals(a.get("accountname"))))
                    .as("CRM organizations").hasSize(ORGANIZATIONS + DINERO_COMPANIES);
            assertThat(accounts.stream().filter(a -> PrivateCustomers.NAME.equals(a.get("accountname"))))
                    .as("CRM private-customers organizations").hasSize(1);
            assertThat(people).as("CRM contacts").hasSize(CONTACTS + DINERO_PERSONS);
            assertThat(crmProducts).as("CRM products").hasSize(PRODUCTS + DINERO_PRODUCTS);
            assertThat(crmInvoices).as("CRM invoices").hasSize(INVOICES + DINERO_INVOICES);
        }

        /**
         * What a user sees on each side, without ids, auto-numbers and times (which may differ between two copies of
         * the data): one sorted line per record, so duplicates and lost records show as extra or missing lines.
         */
        Map<String, List<String>> state() {
            Map<String, String> dineroContactName = new LinkedHashMap<>();
            Map<String, String> dineroProductNumber = new LinkedHashMap<>();
            live(DineroSimulator.CONTACTS).forEach(c -> dineroContactName.put(text(c.get("ContactGuid")), text(c.get("Name"))));
            live(DineroSimulator.PRODUCTS).forEach(p -> dineroProductNumber.put(text(p.get("ProductGuid")), text(p.get("ProductNumber"))));
            Map<String, String> crmName = new LinkedHashMap<>();
            sides.crm.records("Accounts").forEach(a -> crmName.put(text(a.get("id")), text(a.get("accountname"))));
            sides.crm.records("Contacts").forEach(c -> crmName.put(text(c.get("id")), c.get("firstname") + " " + c.get("lastname")));
            sides.crm.records("Products").forEach(p -> crmName.put(text(p.get("id")), text(p.get("productname"))));

            Map<String, List<String>> state = new TreeMap<>();
            state.put("dinero contacts", sorted(live(DineroSimulator.CONTACTS), c -> fields(c, "Name", "Street", "ZipCode",
                    "City", "CountryKey", "Phone", "Email", "VatNumber", "IsPerson")));
            state.put("dinero products", sorted(live(DineroSimulator.PRODUCTS), p -> fields(p, "ProductNumber", "Name",
                    "BaseAmountValue", "Unit", "AccountNumber")));
            state.put("dinero invoices", sorted(live(DineroSimulator.INVOICES), i -> fields(i, "Description", "Date",
                    "Status", "Currency", "TotalInclVat") + " | " + dineroContactName.get(text(i.get("ContactGuid")))
                    + " | " + items(i.get("ProductLines")).stream().map(l -> dineroProductNumber.get(text(l.get("ProductGuid")))
                    + " x " + l.get("Quantity") + " à " + l.get("BaseAmountValue") + " - " + l.get("Discount") + "% "
                    + l.get("Description")).toList()));
            state.put("crm organizations", sorted(sides.crm.records("Accounts"), a -> fields(a, "accountname", "bill_street",
                    "bill_code", "bill_city", "bill_country", "cf_853", "phone", "email1")));
            state.put("crm contacts", sorted(sides.crm.records("Contacts"), c -> fields(c, "firstname", "lastname", "email",
                    "phone", "mailingstreet", "mailingzip", "mailingcity", "mailingcountry")));
            state.put("crm products", sorted(sides.crm.records("Products"), p -> fields(p, "productname", "unit_price",
                    "usageunit")));
            state.put("crm invoices", sorted(sides.crm.records("Invoice"), i -> fields(i, "subject", "invoicedate",
                    "invoicestatus", "hdnGrandTotal", "received", "balance") + " | " + crmName.get(text(i.get("account_id")))
                    + " | " + crmName.get(text(i.get("contact_id"))) + " | " + items(sides.crm.get(text(i.get("id")))
                    .get("LineItems")).stream().map(l -> crmName.get(text(l.get("productid"))) + " x " + l.get("quantity")
                    + " à " + l.get("listprice") + " - " + l.get("discount_percent") + "% " + l.get("comment")).toList()));
            return state;
        }

        private List<Map<String, Object>> live(String type) {
            return sides.liveDinero(type);
        }
    }

    private static List<String> sorted(List<Map<String, Object>> records, Function<Map<String, Object>, String> line) {
        return records.stream().map(line).sorted().toList();
    }

    private static String fields(Map<String, Object> record, String... names) {
        List<String> values = new ArrayList<>();
        for (String name : names) {
            values.add(String.valueOf(record.get(name)));
        }
        return String.join(" | ", values);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Object lines) {
        return lines == null ? List.of() : (List<Map<String, Object>>) lines;
    }

    private static Map<String, List<Map<String, Object>>> group(List<Map<String, Object>> records,
                                                                Function<Map<String, Object>, Object> key) {
        return records.stream().filter(r -> key.apply(r) != null && !text(key.apply(r)).isEmpty())
                .collect(Collectors.groupingBy(r -> text(key.apply(r))));
    }

    /** The one record under this key: none would be a lost record, two a duplicate. */
    private static Map<String, Object> once(Map<String, List<Map<String, Object>>> byKey, String key, String what) {
        assertThat(byKey.getOrDefault(key, List.of())).as(what).hasSize(1);
        return byKey.get(key).get(0);
    }

    private static String text(Object value) {
        return Objects.toString(value, "");
    }

    private static BigDecimal decimal(Object value) {
        return new BigDecimal(value.toString());
    }
}
