package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10.6: nothing documents that registering a payment moves the invoice's {@code UpdatedAt}, so a payment may
 * not be in the invoices' change feed. The simulator is told to leave UpdatedAt alone; a full payment of a linked,
 * booked invoice still reaches the CRM in the next run, found through one invoices list of payment states, without
 * a read of each open invoice.
 */
@ExtendWith(Simulators.class)
class UntouchedPaymentsTest {

    /** A fresh set for each test. */
    SimulatedSides sides;
    /** The service's and Dinero's clock: runs minutes apart, so the feed's overlap does not read the invoices again. */
    private final MovableClock clock = new MovableClock();

    @ParameterizedTest(name = "sync.direction={0}, list Status shows only Draft/Booked: {1}")
    @CsvSource({"dinero-to-crm, false", "both, false", "dinero-to-crm, true", "both, true"})
    void aPaymentThatLeavesUpdatedAtAloneReachesTheCrmFromOneList(String direction, boolean listStatusBookingOnly) {
        sides.dinero.listStatusShowsBookingOnly(listStatusBookingOnly);
        List<String> booked = twoBookedInvoices();
        String paid = booked.get(0);
        String open = booked.get(1);
        LocalDate today = LocalDate.of(2026, 3, 10);
        try (ConfigurableApplicationContext service = start(direction)) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> first = SimulatedSides.runSync(api);
            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            assertThat(crmInvoice("Drivhus, marts")).containsEntry("invoicestatus", "Approved");
            assertThat(new BigDecimal(crmInvoice("Drivhus, marts").get("received").toString()))
                    .isEqualByComparingTo("0");

            clock.advance(Duration.ofMinutes(30));
            // The accountant registers the full amount (1,000 + 25 % VAT); Dinero leaves the invoice's UpdatedAt.
            sides.dinero.paymentsLeaveUpdatedAtAlone(true);
            Object updatedAt = sides.dinero.getRecord(DineroSimulator.INVOICES, paid).get("UpdatedAt");
            sides.dinero.addPayment(paid, new BigDecimal("1250.00"), today);
            assertThat(sides.dinero.getRecord(DineroSimulator.INVOICES, paid).get("UpdatedAt")).isEqualTo(updatedAt);

            sides.dinero.requestLog().clear();
            Map<String, Object> second = SimulatedSides.runSync(api);

            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            Map<String, Object> crmPaid = crmInvoice("Drivhus, marts");
            assertThat(crmPaid).containsEntry("invoicestatus", "Paid");
            assertThat(new BigDecimal(crmPaid.get("received").toString())).isEqualByComparingTo("1250.00");
            assertThat(new BigDecimal(crmPaid.get("balance").toString())).isEqualByComparingTo("0.00");
            Map<String, Object> crmOpen = crmInvoice("Drivhus, april");
            assertThat(crmOpen).containsEntry("invoicestatus", "Approved");
            assertThat(new BigDecimal(crmOpen.get("received").toString())).isEqualByComparingTo("0");
            assertThat(new BigDecimal(crmOpen.get("balance").toString())).isEqualByComparingTo("1250.00");

            // One list of the invoices' payment states besides the change feed; only the paid one read whole.
            RequestLog log = sides.dinero.requestLog();
            Predicate<RequestLog.Entry> invoiceLists = e -> e.operation().equals("invoices.list");
            assertThat(log.count(invoiceLists.and(e -> e.query().containsKey("changesSince"))))
                    .as("the invoices' change feed").isEqualTo(1);
            assertThat(log.count(invoiceLists.and(e -> !e.query().containsKey("changesSince"))))
                    .as("the invoices list of payment states").isEqualTo(1);
            assertThat(log.count(e -> e.operation().equals("invoices.get") && e.path().endsWith("/" + paid)))
                    .as("reads of the paid invoice").isEqualTo(1);
            assertThat(log.count(e -> e.path().contains("/" + open))).as("requests about the open invoice").isZero();

            clock.advance(Duration.ofMinutes(30));
            long crmWrites = sides.crmWrites();
            sides.dinero.requestLog().clear();
            Map<String, Object> third = SimulatedSides.runSync(api);
            assertThat(third.get("status")).as(String.valueOf(third)).isEqualTo("succeeded");
            assertThat(sides.crmWrites()).as("CRM writes of a run after nothing changed").isEqualTo(crmWrites);
            assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();
            assertThat(sides.dinero.requestLog().count(e -> e.operation().equals("invoices.get"))).isZero();
            // A linked invoice is still open: besides the feed, the one list of payment states.
            assertThat(sides.dinero.requestLog().countOperation("invoices.list")).isEqualTo(2);

            // The other one paid as well: no invoice is open any more, and a quiet run lists the invoices once.
            clock.advance(Duration.ofMinutes(30));
            sides.dinero.addPayment(open, new BigDecimal("1250.00"), today);
            Map<String, Object> fourth = SimulatedSides.runSync(api);
            assertThat(fourth.get("status")).as(String.valueOf(fourth)).isEqualTo("succeeded");
            assertThat(crmInvoice("Drivhus, april")).containsEntry("invoicestatus", "Paid");
            assertThat(new BigDecimal(crmInvoice("Drivhus, april").get("balance").toString()))
                    .isEqualByComparingTo("0.00");
            clock.advance(Duration.ofMinutes(30));
            sides.dinero.requestLog().clear();
            Map<String, Object> fifth = SimulatedSides.runSync(api);
            assertThat(fifth.get("status")).as(String.valueOf(fifth)).isEqualTo("succeeded");
            assertThat(sides.dinero.requestLog().countOperation("invoices.list")).isEqualTo(1);
            assertThat(sides.dinero.requestLog().count(e -> e.operation().startsWith("invoices.")))
                    .as("invoice requests of a quiet run without open invoices").isEqualTo(1);
        }
    }

    /**
     * A link from before the service kept invoice states (migration V7 marks those {@code Unknown}) is looked at
     * once: read whole in the next run, nothing written as nothing changed, and not read again after.
     */
    @Test
    void anInvoiceLinkedBeforeStatesWereKeptIsLookedAtOnce() {
        List<String> booked = twoBookedInvoices();
        try (ConfigurableApplicationContext service = start("dinero-to-crm")) {
            ApiClient api = SimulatedSides.api(service);
            assertThat(SimulatedSides.runSync(api).get("status")).isEqualTo("succeeded");
            service.getBean(JdbcClient.class).sql("UPDATE sync_link SET dinero_state = 'Unknown' WHERE dinero_id = ?")
                    .param(booked.get(1)).update();

            for (int run = 0; run < 2; run++) {
                clock.advance(Duration.ofMinutes(30));
                long crmWrites = sides.crmWrites();
                sides.dinero.requestLog().clear();
                assertThat(SimulatedSides.runSync(api).get("status")).isEqualTo("succeeded");
                assertThat(sides.crmWrites()).isEqualTo(crmWrites);
                assertThat(sides.dinero.requestLog().count(e -> e.operation().equals("invoices.get")))
                        .as("invoices read whole in run %d after the upgrade", run + 1).isEqualTo(run == 0 ? 1 : 0);
            }
        }
    }

    /** A customer, a product and two booked invoices of 1,000 + 25 % VAT each, made an hour before the first run. */
    private List<String> twoBookedInvoices() {
        clock.set(Instant.parse("2026-03-10T08:00:00Z"));
        sides.dinero.setClock(clock);
        String customer = sides.dinero.putContact(Map.of("Name", "Bøgh Økologisk Gartneri I/S", "Street", "Skovvej 3",
                "ZipCode", "5250", "City", "Odense SV", "CountryKey", "DK", "Email", "post@boeghgartneri.dk",
                "IsPerson", false, "IsMember", false, "UseCvr", false));
        String product = sides.dinero.putProduct(Map.of("Name", "Drivhusreparation", "ProductNumber", "D-100",
                "BaseAmountValue", new BigDecimal("1000"), "Quantity", 1, "AccountNumber", 1000, "Unit", "hours"));
        LocalDate today = LocalDate.of(2026, 3, 10);
        String paid = sides.dinero.putInvoice(RepairVouchers.invoice(customer, product, today,
                "Drivhus, marts", "da-DK"));
        String open = sides.dinero.putInvoice(RepairVouchers.invoice(customer, product, today,
                "Drivhus, april", "da-DK"));
        sides.dinero.bookInvoice(paid);
        sides.dinero.bookInvoice(open);
        clock.advance(Duration.ofHours(1));
        return List.of(paid, open);
    }

    /** The service on the simulators in {@code direction}, with the test's clock as its own. */
    private ConfigurableApplicationContext start(String direction) {
        return sides.startService(clock, "--sync.direction=" + direction);
    }

    private Map<String, Object> crmInvoice(String subject) {
        List<Map<String, Object>> found = sides.crm.records("Invoice").stream()
                .filter(r -> subject.equals(r.get("subject"))).toList();
        assertThat(found).as("CRM invoices named %s", subject).hasSize(1);
        return found.get(0);
    }
}
