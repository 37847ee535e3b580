package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request economy of Dinero → CRM (issue 13), counted in the CRM simulator's request log: the first contacts of a run
 * are looked up in one paged read of each CRM module, not a query per record, and still find what the CRM holds.
 */
@ExtendWith(Simulators.class)
class DineroToCrmRequestEconomyTest {

    /** Requests that read records of CRM module {@code module}: a query of it, or a page of its change feed. */
    static Predicate<RequestLog.Entry> reads(String module) {
        return e -> e.operation().equals("query") && String.valueOf(e.query().get("query")).contains(" FROM " + module + " ")
                || e.operation().equals("sync") && module.equals(e.query().get("elementType"));
    }

    @Test
    void firstContactsComeFromOneReadPerCrmModuleNotAQueryPerRecord(SimulatedSides sides) {
        String mette = sides.crm.put("Contacts", Map.of("firstname", "Mette", "lastname", "Hansen",
                "email", "mette@hansen.dk", "assigned_user_id", ""));
        String account = sides.crm.put("Accounts", Map.of("accountname", "Østergaard & Søn ApS",
                "email1", "info@oestergaard.dk", "bill_city", "Aarhus C", "bill_country", "Denmark",
                "assigned_user_id", ""));
        for (String name : List.of("Mette Hansen", "Jens Jensen", "Anne Larsen", "Ole Olsen", "Karen Nielsen")) {
            String email = name.equals("Mette Hansen") ? " Mette@Hansen.DK" : name.replace(' ', '.') + "@example.dk";
            sides.dinero.putContact(Map.of("Name", name, "Email", email, "City", "Odense", "CountryKey", "DK",
                    "IsPerson", true, "IsMember", false, "UseCvr", false));
        }
        Map<String, String> companies = Map.of("Østergaard og Søn", "Info@Oestergaard.DK",
                "Byg & Bo A/S", "post@bygbo.dk", "Fynske Møbler ApS", "salg@fynskemobler.dk");
        companies.forEach((name, email) -> sides.dinero.putContact(Map.of("Name", name, "Email", email, "City", "Vejle",
                "CountryKey", "DK", "IsPerson", false, "IsMember", false, "UseCvr", false)));
        try (ConfigurableApplicationContext service = sides.startService("--simplycrm.vat-field=",
                "--sync.direction=dinero-to-crm", "--sync.modules=organizations,contacts")) {
            ApiClient api = SimulatedSides.api(service);
            sides.crm.requestLog().clear();

            Map<String, Object> first = SimulatedSides.runSync(api);

            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            // Found by e-mail (case and blanks ignored), not duplicated; the others created once each.
            assertThat(sides.crm.records("Contacts")).extracting(c -> c.get("email")).containsExactlyInAnyOrder(
                    "Mette@Hansen.DK", "Jens.Jensen@example.dk", "Anne.Larsen@example.dk", "Ole.Olsen@example.dk",
                    "Karen.Nielsen@example.dk");
            assertThat(sides.crm.get(mette)).containsEntry("mailingcity", "Odense");
            assertThat(sides.crmOrganizations()).extracting(a -> a.get("email1")).containsExactlyInAnyOrder(
                    "Info@Oestergaard.DK", "post@bygbo.dk", "salg@fynskemobler.dk");
            assertThat(sides.crm.get(account)).containsEntry("accountname", "Østergaard og Søn")
                    .containsEntry("bill_city", "Vejle");
            RequestLog log = sides.crm.requestLog();
            assertThat(log.count(reads("Contacts"))).as("reads of the CRM's Contacts for 5 Dinero persons: %s",
                    log.entries().stream().filter(reads("Contacts")).map(e -> e.query()).toList()).isEqualTo(1);
            assertThat(log.count(reads("Accounts"))).as("reads of the CRM's Accounts for 3 Dinero companies: %s",
                    log.entries().stream().filter(reads("Accounts")).map(e -> e.query()).toList()).isEqualTo(1);
        }
    }

    /**
     * An invoice's CRM customer (its address goes on the invoice) written by the same run is not read again: the
     * CRM's answer to that write holds the address. One the run did not write is read once per invoice: the step that
     * finds the invoice's unlinked customer and products maps it, and the mapping step takes that result instead of
     * mapping (and reading the customer) again.
     */
    @Test
    void eachInvoicesCustomerIsReadOncePerInvoice(SimulatedSides sides) {
        sides.dinero.seedDemoData();
        List<Map<String, Object>> live = sides.dinero.records(DineroSimulator.INVOICES).stream()
                .filter(i -> i.get("DeletedAt") == null).toList();
        long invoices = live.size();
        try (ConfigurableApplicationContext service = sides.startService("--sync.direction=dinero-to-crm")) {
            ApiClient api = SimulatedSides.api(service);
            sides.crm.requestLog().clear();

            Map<String, Object> run = SimulatedSides.runSync(api);

            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            assertThat(sides.crm.records("Invoice")).hasSize((int) invoices);
            java.util.Set<String> customers = new java.util.HashSet<>();
            sides.crm.records("Accounts").forEach(a -> customers.add(String.valueOf(a.get("id"))));
            sides.crm.records("Contacts").forEach(c -> customers.add(String.valueOf(c.get("id"))));
            Predicate<RequestLog.Entry> customerReads = e -> e.operation().equals("retrieve")
                    && customers.contains(String.valueOf(e.query().get("id")));
            assertThat(sides.crm.requestLog().count(customerReads))
                    .as("CRM reads of the invoices' customers, each created by the run, for %d invoices", invoices)
                    .isZero();

            // A later run: the customers are not written again, the edited drafts' customers are read once each.
            List<Map<String, Object>> drafts = live.stream().filter(i -> "Draft".equals(i.get("Status"))).toList();
            drafts.forEach(d -> sides.dinero.updateRecord(DineroSimulator.INVOICES, d.get("Guid").toString(),
                    Map.of("Description", d.get("Description") + " (rettet)")));
            sides.crm.requestLog().clear();
            sides.dinero.requestLog().clear();

            Map<String, Object> later = SimulatedSides.runSync(api);

            assertThat(later.get("status")).as(String.valueOf(later)).isEqualTo("succeeded");
            assertThat(sides.crm.records("Invoice")).extracting(i -> String.valueOf(i.get("subject")))
                    .filteredOn(subject -> subject.endsWith(" (rettet)")).hasSize(drafts.size());
            // Read again: the edited drafts, and the open invoices back in the feed's overlap.
            long readAgain = sides.dinero.requestLog().countOperation("invoices.get");
            assertThat(readAgain).as("invoices read again").isGreaterThanOrEqualTo(drafts.size());
            assertThat(sides.crm.requestLog().count(customerReads))
                    .as("CRM reads of the customers of the %d invoices read again", readAgain)
                    .isEqualTo(readAgain);
        }
    }

    /**
     * vtiger's invoice create answers the record it made, with its line items and totals (simplycrm-api.md): the
     * invoice is checked and linked from that answer, not retrieved again. The next run finds nothing to do, in
     * either direction (the link's CRM fingerprint is the record's as the CRM feed shows it).
     */
    @ParameterizedTest(name = "sync.direction={0}")
    @ValueSource(strings = {"dinero-to-crm", "both"})
    void invoicesCreatedInTheCrmAreNotReadBack(String direction, SimulatedSides sides) {
        sides.dinero.seedDemoData();
        long invoices = sides.dinero.records(DineroSimulator.INVOICES).stream()
                .filter(i -> i.get("DeletedAt") == null).count();
        try (ConfigurableApplicationContext service = sides.startService("--sync.direction=" + direction)) {
            ApiClient api = SimulatedSides.api(service);
            sides.crm.requestLog().clear();

            Map<String, Object> first = SimulatedSides.runSync(api);

            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            List<Map<String, Object>> created = sides.crm.records("Invoice");
            assertThat(created).hasSize((int) invoices);
            // The demo's credited invoice is read once more, by the credit-note step that makes it a Credit Invoice
            // (a full-record update needs the record): not a read-back of the create.
            java.util.Set<String> ids = new java.util.HashSet<>();
            created.stream().filter(i -> !"Kaffebønner til kaffebaren".equals(i.get("subject")))
                    .forEach(i -> ids.add(String.valueOf(i.get("id"))));
            assertThat(ids).hasSize((int) invoices - 1);
            assertThat(sides.crm.requestLog().count(e -> e.operation().equals("retrieve")
                    && ids.contains(String.valueOf(e.query().get("id")))))
                    .as("CRM retrieves of the %d invoices the run created", ids.size()).isZero();
            sides.crm.requestLog().clear();
            sides.dinero.requestLog().clear();

            Map<String, Object> second = SimulatedSides.runSync(api);

            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            assertThat(sides.crmWrites()).as("CRM writes in the run after").isZero();
            assertThat(sides.dinero.requestLog().count(e -> !e.method().equals("GET")))
                    .as("Dinero writes in the run after: %s", sides.dinero.requestLog().entries().stream()
                            .filter(e -> !e.method().equals("GET")).map(RequestLog.Entry::operation).toList())
                    .isZero();
        }
    }

    /**
     * A run right after another finds every contact again in the change feed's one-minute overlap: those unchanged
     * since they were written count as unchanged where they are listed and never enter the per-record route (its
     * writer thread, mapping, locks and store writes); one edited meanwhile still reaches the CRM.
     */
    @Test
    void contactsBackInTheFeedsOverlapUnchangedDoNotGoThroughTheRecordRoute(SimulatedSides sides) {
        List<String> guids = new java.util.ArrayList<>();
        for (String name : List.of("Mette Hansen", "Jens Jensen", "Anne Larsen", "Ole Olsen", "Karen Nielsen")) {
            guids.add(sides.dinero.putContact(Map.of("Name", name, "Email", name.replace(' ', '.') + "@example.dk",
                    "City", "Odense", "CountryKey", "DK", "IsPerson", true, "IsMember", false, "UseCvr", false)));
        }
        try (ConfigurableApplicationContext service = sides.startService("--sync.direction=dinero-to-crm",
                "--sync.modules=contacts")) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> first = SimulatedSides.runSync(api);
            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            sides.dinero.updateRecord(DineroSimulator.CONTACTS, guids.get(1), Map.of("City", "Svendborg"));
            long recordsBefore = recordRouteExchanges(service, "contacts-dinero-record-to-crm");

            Map<String, Object> second = SimulatedSides.runSync(api);

            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            @SuppressWarnings("unchecked")
            Map<String, Object> contacts = ((Map<String, Map<String, Object>>) second.get("modules")).get("contacts");
            assertThat(contacts).as(String.valueOf(second)).containsEntry("created", 0).containsEntry("updated", 1)
                    .containsEntry("unchanged", 4);
            assertThat(recordRouteExchanges(service, "contacts-dinero-record-to-crm") - recordsBefore)
                    .as("records through the per-record route in the second run: the edited one").isEqualTo(1);
            assertThat(sides.crm.records("Contacts")).filteredOn(c -> "Jens.Jensen@example.dk".equals(c.get("email")))
                    .extracting(c -> c.get("mailingcity")).containsExactly("Svendborg");
            assertThat(sides.crm.records("Contacts")).hasSize(5);
        }
    }

    private static long recordRouteExchanges(ConfigurableApplicationContext service, String routeId) {
        org.apache.camel.api.management.mbean.ManagedRouteMBean route = service.getBean(org.apache.camel.CamelContext.class)
                .getCamelContextExtension().getContextPlugin(org.apache.camel.api.management.ManagedCamelContext.class)
                .getManagedRoute(routeId);
        assertThat(route).as("route " + routeId + " in JMX").isNotNull();
        return route.getExchangesTotal();
    }

    /**
     * A run right after another finds every invoice again in the change feed's one-minute overlap: a draft or a paid
     * one unchanged since it was read is not read again (no GET, no payments, no CRM retrieve of its customer); an
     * open one is (a partial payment may not show in the row); an edit, and a payment that leaves UpdatedAt alone,
     * still reach the CRM.
     */
    @ParameterizedTest(name = "sync.direction={0}")
    @ValueSource(strings = {"dinero-to-crm", "both"})
    void invoicesBackInTheFeedsOverlapUnchangedAreNotReadAgain(String direction, SimulatedSides sides) {
        sides.dinero.seedDemoData();
        try (ConfigurableApplicationContext service = sides.startService("--sync.direction=" + direction)) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> first = SimulatedSides.runSync(api);
            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            sides.crm.requestLog().clear();
            sides.dinero.requestLog().clear();
            // Booked, not fully paid: the ones read again.
            long openInvoices = sides.dinero.records(DineroSimulator.INVOICES).stream()
                    .filter(i -> !"Draft".equals(i.get("Status")) && i.get("DeletedAt") == null
                            && new BigDecimal(sides.dinero.payments(i.get("Guid").toString()).get("RemainingAmount")
                            .toString()).signum() > 0).count();
            long all = sides.dinero.records(DineroSimulator.INVOICES).stream()
                    .filter(i -> i.get("DeletedAt") == null).count();
            assertThat(openInvoices).as("the demo data has open and other invoices").isPositive().isLessThan(all);

            Map<String, Object> quiet = SimulatedSides.runSync(api);

            assertThat(quiet.get("status")).as(String.valueOf(quiet)).isEqualTo("succeeded");
            RequestLog dinero = sides.dinero.requestLog();
            assertThat(dinero.countOperation("invoices.get")).as("invoices read whole in a quiet run: %s",
                    dinero.entries().stream().map(RequestLog.Entry::operation).toList()).isEqualTo(openInvoices);
            assertThat(dinero.countOperation("invoices.payments.list")).as("payments read in a quiet run")
                    .isEqualTo(openInvoices);
            if (direction.equals("dinero-to-crm")) {
                // (both ways: the CRM's own feed still reads its invoices in its one-second overlap)
                assertThat(sides.crm.requestLog().countOperation("retrieve")).as("CRM retrieves in a quiet run: the open"
                        + " invoices' customers").isEqualTo(openInvoices);
            }
            assertThat(sides.crmWrites()).as("CRM writes in a quiet run").isZero();

            // Still in the overlap: an edited draft and a payment that leaves UpdatedAt alone reach the CRM.
            Map<String, Object> draft = sides.dinero.records(DineroSimulator.INVOICES).stream()
                    .filter(i -> "Draft".equals(i.get("Status")) && i.get("DeletedAt") == null).findFirst().orElseThrow();
            sides.dinero.updateRecord(DineroSimulator.INVOICES, draft.get("Guid").toString(),
                    Map.of("Description", "Rettet fakturatekst"));
            Map<String, Object> open = sides.dinero.records(DineroSimulator.INVOICES).stream()
                    .filter(i -> !"Draft".equals(i.get("Status")) && i.get("DeletedAt") == null
                            && new BigDecimal(sides.dinero.payments(i.get("Guid").toString()).get("PaidAmount")
                            .toString()).signum() == 0).findFirst().orElseThrow();
            String openGuid = open.get("Guid").toString();
            BigDecimal remaining = new BigDecimal(sides.dinero.payments(openGuid).get("RemainingAmount").toString());
            sides.dinero.paymentsLeaveUpdatedAtAlone(true);
            sides.dinero.addPayment(openGuid, remaining, LocalDate.of(2026, 3, 10));
            dinero.clear();

            Map<String, Object> third = SimulatedSides.runSync(api);

            assertThat(third.get("status")).as(String.valueOf(third)).isEqualTo("succeeded");
            assertThat(sides.crm.records("Invoice")).extracting(i -> i.get("subject")).contains("Rettet fakturatekst");
            Map<String, Object> paid = sides.crm.records("Invoice").stream()
                    .filter(i -> open.get("Description").equals(i.get("subject"))).findFirst().orElseThrow();
            assertThat(paid).containsEntry("invoicestatus", "Paid");
            assertThat(new BigDecimal(paid.get("received").toString())).isEqualByComparingTo(remaining);
            assertThat(dinero.countOperation("invoices.get")).as("invoices read whole: the edited draft and the open"
                    + " ones, the one now paid among them").isEqualTo(1 + openInvoices);
        }
    }

    /**
     * A partial payment that leaves UpdatedAt alone and the state as it was (booked stays booked), registered while
     * the invoice is in the feed's overlap, reaches the CRM: an open invoice is read again there.
     */
    @ParameterizedTest(name = "sync.direction={0}")
    @ValueSource(strings = {"dinero-to-crm", "both"})
    void aPartialPaymentInTheOverlapReachesTheCrm(String direction, SimulatedSides sides) {
        sides.dinero.seedDemoData();
        try (ConfigurableApplicationContext service = sides.startService("--sync.direction=" + direction)) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> first = SimulatedSides.runSync(api);
            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            Map<String, Object> open = sides.dinero.records(DineroSimulator.INVOICES).stream()
                    .filter(i -> !"Draft".equals(i.get("Status")) && i.get("DeletedAt") == null
                            && new BigDecimal(sides.dinero.payments(i.get("Guid").toString()).get("PaidAmount")
                            .toString()).signum() == 0).findFirst().orElseThrow();
            String openGuid = open.get("Guid").toString();
            sides.dinero.paymentsLeaveUpdatedAtAlone(true);
            sides.dinero.addPayment(openGuid, new BigDecimal("100.00"), LocalDate.of(2026, 3, 10));

            Map<String, Object> second = SimulatedSides.runSync(api);

            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            Map<String, Object> paid = sides.crm.records("Invoice").stream()
                    .filter(i -> open.get("Description").equals(i.get("subject"))).findFirst().orElseThrow();
            assertThat(new BigDecimal(paid.get("received").toString())).as("CRM received after a 100.00 payment")
                    .isEqualByComparingTo("100.00");
        }
    }

    /** Retrying one Dinero → CRM failure by hand looks its record up in the CRM, not the whole CRM module. */
    @Test
    void retryingOneFailureDoesNotReadTheWholeCrmModule(SimulatedSides sides) {
        for (int n = 0; n < 350; n++) {
            sides.crm.put("Contacts", Map.of("firstname", "P" + n, "lastname", "Person", "email", "p" + n + "@example.dk",
                    "assigned_user_id", ""));
        }
        String guid = sides.dinero.putContact(Map.of("Name", "", "Email", "ny@example.dk", "City", "Odense",
                "CountryKey", "DK", "IsPerson", true, "IsMember", false, "UseCvr", false));
        try (ConfigurableApplicationContext service = sides.startService("--simplycrm.vat-field=",
                "--sync.direction=dinero-to-crm", "--sync.modules=contacts")) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> first = SimulatedSides.runSync(api);
            com.fasterxml.jackson.databind.JsonNode failures = api.get("/api/failures").json();
            assertThat(failures).as(String.valueOf(first)).hasSize(1);
            sides.dinero.updateRecord(DineroSimulator.CONTACTS, guid, Map.of("Name", "Ny Kunde"));
            sides.crm.requestLog().clear();

            ApiClient.Answer retried = api.post("/api/failures/" + failures.get(0).get("id").asLong() + "/retry", "");

            assertThat(retried.status()).as(retried.body()).isEqualTo(200);
            RequestLog log = sides.crm.requestLog();
            // One query by the e-mail, one for the highest id a create could be found above after a crash: no page
            // of the module's change feed (350 contacts).
            assertThat(log.entries().stream().filter(reads("Contacts")).map(e -> String.valueOf(e.query().get("query"))))
                    .as("CRM reads of Contacts to retry one record").containsExactly(
                            "SELECT id FROM Contacts WHERE email = 'ny@example.dk' LIMIT 2;",
                            "SELECT id FROM Contacts ORDER BY id DESC LIMIT 1;");
            assertThat(sides.crm.records("Contacts")).extracting(c -> c.get("lastname")).contains("Kunde");
        }
    }
}
