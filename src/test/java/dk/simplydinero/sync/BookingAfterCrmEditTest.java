package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10.6, a booking that loses to the CRM: in {@code sync.direction=both} with {@code crm-first}, a salesperson
 * edits a CRM invoice that went to Dinero as a draft while the accountant books it. The CRM wins the conflict, but
 * Dinero's booked invoice is left alone ({@code skipped}); the booking itself must still reach the CRM, in a later
 * run that nothing else triggers: the Dinero invoice does not move again (its payment leaves UpdatedAt alone, and in
 * one case the booking did too). The edited CRM invoice is the CRM's latest change, so the CRM feed's one-second
 * overlap reads it again in the runs after the conflict: that re-read must not win over the booking once more.
 */
@ExtendWith(Simulators.class)
class BookingAfterCrmEditTest {

    /** A fresh set for each test. */
    SimulatedSides sides;
    /** Both simulators' and the service's clock: runs 30 minutes apart, so no feed's overlap reads a record again. */
    private final MovableClock clock = new MovableClock();

    @ParameterizedTest(name = "booking leaves UpdatedAt alone: {0}, paid before the run after the conflict: {1}")
    @CsvSource({"false, false", "false, true", "true, false", "true, true"})
    void aBookingThatLostToCrmFirstStillReachesTheCrm(boolean bookingLeavesUpdatedAtAlone, boolean paidAtOnce) {
        clock.set(Instant.parse("2026-11-02T08:00:00Z"));
        sides.crm.setClock(clock);
        sides.dinero.setClock(clock);
        sides.dinero.paymentsLeaveUpdatedAtAlone(true);
        sides.dinero.bookingLeavesUpdatedAtAlone(bookingLeavesUpdatedAtAlone);
        String org = sides.crm.put("Accounts", Map.of("accountname", "Havnens Fisk ApS", "bill_street", "Kajen 4",
                "bill_code", "6700", "bill_city", "Esbjerg", "bill_country", "Denmark", "cf_853", "DK55667788",
                "assigned_user_id", ""));
        String product = sides.crm.put("Products", Map.of("productname", "Fiskekasse", "unit_price", "150",
                "usageunit", "Box", "assigned_user_id", ""));
        String invoice = sides.crm.put("Invoice", Map.of("subject", "Fiskekasser november", "account_id", org,
                        "invoicedate", "2026-11-02", "duedate", "2026-11-16",
                        "currency_id", sides.crm.currencyId("DKK"), "bill_street", "Kajen 4", "ship_street", "Kajen 4",
                        "hdnTaxType", "group", "invoicestatus", "Created", "assigned_user_id", ""),
                List.of(Map.of("productid", product, "quantity", "2", "listprice", "150", "comment", "Kasser")));
        try (ConfigurableApplicationContext service = start()) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> first = SimulatedSides.runSync(api);
            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            assertThat(sides.liveDinero(DineroSimulator.INVOICES)).hasSize(1);
            String guid = sides.liveDinero(DineroSimulator.INVOICES).get(0).get("Guid").toString();
            assertThat(sides.dinero.getRecord(DineroSimulator.INVOICES, guid))
                    .containsEntry("Status", "Draft").containsEntry("Description", "Fiskekasser november");

            // A quiet run: our own writes come back as echoes and nothing is written.
            clock.advance(Duration.ofMinutes(30));
            quietRun(api, "the run after the first");

            // Between two runs the salesperson renames the invoice and the accountant books the draft.
            clock.advance(Duration.ofMinutes(30));
            sides.crm.change(invoice, Map.of("subject", "Fiskekasser november, 2 stk."));
            sides.dinero.bookInvoice(guid);
            Map<String, Object> booked = sides.dinero.getRecord(DineroSimulator.INVOICES, guid);
            clock.advance(Duration.ofMinutes(30));
            sides.dinero.requestLog().clear();
            Map<String, Object> conflict = SimulatedSides.runSync(api);

            // Both changed and the CRM's edit wins, but a booked invoice is left alone and said so.
            assertThat(conflict.get("status")).as(String.valueOf(conflict)).isEqualTo("succeeded");
            @SuppressWarnings("unchecked")
            Map<String, Object> invoices = (Map<String, Object>) ((Map<String, Object>) conflict.get("modules"))
                    .get("invoices");
            assertThat(invoices).as(String.valueOf(conflict)).containsEntry("skipped", 1)
                    .containsEntry("updated", 0).containsEntry("failed", 0);
            assertThat(conflict.get("message").toString()).contains("invoice " + invoice + " is booked in Dinero");
            assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();

            // The next run, maybe after the accountant registered the full amount (2 × 150 + 25 % VAT), which
            // leaves the invoice's UpdatedAt alone: nothing puts the invoice in the change feed again.
            clock.advance(Duration.ofMinutes(30));
            if (paidAtOnce) {
                sides.dinero.addPayment(guid, new BigDecimal("375.00"), LocalDate.of(2026, 11, 2));
            }
            sides.dinero.requestLog().clear();
            Map<String, Object> next = SimulatedSides.runSync(api);

            assertThat(next.get("status")).as(String.valueOf(next)).isEqualTo("succeeded");
            assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();
            if (paidAtOnce) {
                assertShowsDinero(invoice, product, "Paid", "375.00", "0.00");
            } else {
                assertShowsDinero(invoice, product, "Approved", "0", "375.00");
                // Paid later, again without a move of UpdatedAt.
                clock.advance(Duration.ofMinutes(30));
                sides.dinero.addPayment(guid, new BigDecimal("375.00"), LocalDate.of(2026, 11, 2));
                sides.dinero.requestLog().clear();
                Map<String, Object> paid = SimulatedSides.runSync(api);
                assertThat(paid.get("status")).as(String.valueOf(paid)).isEqualTo("succeeded");
                assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();
                assertShowsDinero(invoice, product, "Paid", "375.00", "0.00");
            }
            // Dinero's invoice is booked as the accountant left it: not one field of it was written.
            Map<String, Object> inDinero = sides.dinero.getRecord(DineroSimulator.INVOICES, guid);
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(inDinero.get("Status")).isEqualTo("Booked");
            soft.assertThat(inDinero.get("Description")).isEqualTo("Fiskekasser november");
            soft.assertThat(String.valueOf(inDinero.get("Number"))).isEqualTo("1");
            soft.assertThat(new BigDecimal(inDinero.get("TotalInclVat").toString())).isEqualByComparingTo("375.00");
            soft.assertThat(inDinero.get("UpdatedAt")).isEqualTo(booked.get("UpdatedAt"));
            soft.assertAll();

            clock.advance(Duration.ofMinutes(30));
            quietRun(api, "the run after Dinero's truth reached the CRM");
            clock.advance(Duration.ofMinutes(30));
            quietRun(api, "a further run");
        }
    }

    /** The CRM invoice shows Dinero's booked invoice, field by field: its subject, lines, state and money. */
    private void assertShowsDinero(String invoice, String product, String status, String received, String balance) {
        Map<String, Object> crm = sides.crm.get(invoice);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(crm.get("invoicestatus")).isEqualTo(status);
        soft.assertThat(new BigDecimal(crm.get("received").toString())).isEqualByComparingTo(received);
        soft.assertThat(new BigDecimal(crm.get("balance").toString())).isEqualByComparingTo(balance);
        // The booked invoice cannot take the rename: the CRM shows what was booked.
        soft.assertThat(crm.get("subject")).isEqualTo("Fiskekasser november");
        soft.assertThat(crm.get("invoicedate")).isEqualTo("2026-11-02");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lines = (List<Map<String, Object>>) crm.get("LineItems");
        soft.assertThat(lines).hasSize(1);
        if (lines != null && lines.size() == 1) {
            soft.assertThat(lines.get(0).get("productid")).isEqualTo(product);
            soft.assertThat(new BigDecimal(lines.get(0).get("quantity").toString())).isEqualByComparingTo("2");
            soft.assertThat(new BigDecimal(lines.get(0).get("listprice").toString())).isEqualByComparingTo("150");
        }
        soft.assertAll();
    }

    /** A run that finds nothing to do writes nothing on either side. */
    private void quietRun(ApiClient api, String which) {
        sides.crm.requestLog().clear();
        sides.dinero.requestLog().clear();
        Map<String, Object> run = SimulatedSides.runSync(api);
        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
        assertThat(sides.crmWrites()).as("CRM writes of %s", which).isZero();
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).as("Dinero writes of %s", which).isZero();
    }

    /** The service on the simulators, two-way with the CRM first, with the test's clock as its own. */
    private ConfigurableApplicationContext start() {
        return sides.startService(clock, "--sync.direction=both", "--sync.priority=crm-first",
                "--sync.modules=organizations,products,invoices");
    }
}
