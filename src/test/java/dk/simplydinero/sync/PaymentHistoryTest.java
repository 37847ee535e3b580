package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.Faults;
import dk.simplydinero.sandbox.SimRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14.1: each payment Dinero holds for a linked invoice is one comment on the CRM invoice (ModComments,
 * {@code related_to} = the invoice), in the invoice's language, marked with the payment's guid; written once (a rerun
 * and a crash between the create and its link write no duplicate), never edited; a payment deleted in Dinero is
 * reported and its comment stays.
 */
@ExtendWith(Simulators.class)
class PaymentHistoryTest {

    /** A fresh set for each test. */
    SimulatedSides sides;
    private final MovableClock clock = new MovableClock();

    private String danish;
    private String english;

    @ParameterizedTest(name = "sync.direction={0}")
    @ValueSource(strings = {"dinero-to-crm", "both"})
    void anInvoicePaidInTwoPaymentsShowsTwoCommentsOnceAndARerunAsksTheCrmNothingAboutThem(String direction) {
        sides.crm.commentsOnInvoice(true);
        // Whether a comment moves its invoice's modifiedtime is unknown: here it does, so with both the CRM's feed
        // brings the invoices back, and they must still count as unchanged.
        sides.crm.commentsTouchParent(true);
        twoInvoicesWithPayments();
        List<String> danishPayments = paymentGuids(danish);
        String englishPayment = paymentGuids(english).get(0);
        try (ConfigurableApplicationContext service = sides.startService(clock, "--sync.direction=" + direction)) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> first = SimulatedSides.runSync(api);
            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");

            String danishCrmId = crmInvoiceId("Drivhus, november");
            String englishCrmId = crmInvoiceId("Greenhouse, November");
            List<Map<String, Object>> onDanish = comments(danishCrmId);
            assertThat(onDanish).as("comments on the Danish invoice").hasSize(2);
            assertThat(onDanish.get(0).get("commentcontent")).isEqualTo(
                    "Betaling modtaget 03-11-2026: 1.000,00 kr. – Indbetaling (Dinero) [dinero:"
                            + danishPayments.get(0) + "]");
            assertThat(onDanish.get(1).get("commentcontent")).isEqualTo(
                    "Betaling modtaget 05-11-2026: 125,00 kr. – Indbetaling (Dinero) [dinero:"
                            + danishPayments.get(1) + "]");
            List<Map<String, Object>> onEnglish = comments(englishCrmId);
            assertThat(onEnglish).as("comments on the English invoice").hasSize(1);
            assertThat(onEnglish.get(0).get("commentcontent")).isEqualTo(
                    "Payment received 2026-11-04: DKK 1,250.00 – Indbetaling (Dinero) [dinero:"
                            + englishPayment + "]");
            assertThat(sides.crm.records("ModComments")).as("all comments").hasSize(3);
            // The partly paid invoice keeps its money and status as before.
            Map<String, Object> crmDanish = sides.crm.get(danishCrmId);
            assertThat(crmDanish.get("invoicestatus")).isEqualTo("Approved");
            assertThat(new BigDecimal(crmDanish.get("received").toString())).isEqualByComparingTo("1125.00");
            assertThat(new BigDecimal(crmDanish.get("balance").toString())).isEqualByComparingTo("125.00");

            sides.crm.requestLog().clear();
            sides.dinero.requestLog().clear();
            Map<String, Object> second = SimulatedSides.runSync(api);
            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            assertThat(sides.dinero.requestLog().count(e -> e.path().endsWith("/" + danish + "/payments")))
                    .as("the open invoice's payments read again (it is back in the feed)").isPositive();
            assertThat(sides.crm.records("ModComments")).as("all comments after the rerun").hasSize(3);
            assertThat(sides.crmWrites()).as("CRM writes of the rerun").isZero();
            assertThat(sides.crm.requestLog().count(aboutComments())).as("CRM requests about comments in the rerun")
                    .isZero();
        }
    }

    @Test
    void aCommentCreateWhoseAnswerIsLostIsFoundByItsMarkerNotMadeTwice() {
        sides.crm.commentsOnInvoice(true);
        twoInvoicesWithPayments();
        // The CRM stores the English invoice's comment, and its answer is cut off halfway.
        sides.crm.faults().malformedAnswers(commentCreate("Payment received"), Faults.Malformed.TRUNCATED_JSON, 1);
        try (ConfigurableApplicationContext service = sides.startService(clock, "--sync.direction=dinero-to-crm")) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> first = SimulatedSides.runSync(api);
            assertThat(sides.crm.faults().malformedAnswers()).as("answers lost").isEqualTo(1);
            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            assertThat(first.get("message")).as("the run's message").isNull();
            assertThat(comments(crmInvoiceId("Greenhouse, November"))).as("comments on the English invoice").hasSize(1);
            assertThat(comments(crmInvoiceId("Drivhus, november"))).as("comments on the Danish invoice").hasSize(2);

            sides.crm.requestLog().clear();
            Map<String, Object> second = SimulatedSides.runSync(api);
            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            assertThat(sides.crm.records("ModComments")).as("all comments after a second run").hasSize(3);
            assertThat(sides.crmWrites()).as("CRM writes of the second run").isZero();
        }
    }

    /**
     * The process stops between the comment's create and its link (here: the create's answer is lost and the CRM
     * answers no comments query until the run ended, so the service cannot know). The next run reads the invoice
     * again, although it is paid and unchanged, finds the comment by its marker and links it.
     */
    @Test
    void aCrashBetweenTheCommentCreateAndItsLinkLeavesNoDuplicate() {
        sides.crm.commentsOnInvoice(true);
        twoInvoicesWithPayments();
        sides.crm.faults().malformedAnswers(commentCreate("Payment received"), Faults.Malformed.TRUNCATED_JSON, 1);
        sides.crm.faults().malformedAnswers(r -> String.valueOf(r.query().get("query")).contains("FROM ModComments"),
                Faults.Malformed.HTML, -1);
        try (ConfigurableApplicationContext service = sides.startService(clock, "--sync.direction=dinero-to-crm")) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> first = SimulatedSides.runSync(api);
            assertThat(sides.crm.faults().malformedAnswers()).as("answers lost").isGreaterThanOrEqualTo(2);
            sides.crm.faults().off();
            String englishCrmId = crmInvoiceId("Greenhouse, November");
            assertThat(String.valueOf(first.get("message"))).contains("The payment comments of CRM invoice "
                    + englishCrmId + " are not all written (the next run tries again)");
            assertThat(sides.crm.get(englishCrmId).get("invoicestatus")).isEqualTo("Paid");
            assertThat(comments(englishCrmId)).as("comments on the English invoice (made, not linked)").hasSize(1);

            // Minutes later: the change feed's overlap no longer brings the invoices back by itself.
            clock.advance(Duration.ofMinutes(30));
            sides.crm.requestLog().clear();
            sides.dinero.requestLog().clear();
            Map<String, Object> second = SimulatedSides.runSync(api);
            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            assertThat(second.get("message")).as("the second run's message").isNull();
            assertThat(sides.dinero.requestLog().count(e -> e.operation().equals("invoices.get")
                    && e.path().endsWith("/" + english))).as("the paid English invoice read again").isEqualTo(1);
            assertThat(sides.crm.requestLog().count(e -> "query".equals(e.operation())
                    && String.valueOf(e.query().get("query")).contains("FROM ModComments")))
                    .as("its comments looked up by marker (pages read to an empty one)").isPositive();
            assertThat(sides.crmWrites()).as("CRM writes of the second run").isZero();
            assertThat(comments(englishCrmId)).as("comments on the English invoice").hasSize(1);
            assertThat(comments(crmInvoiceId("Drivhus, november"))).as("comments on the Danish invoice").hasSize(2);

            clock.advance(Duration.ofMinutes(30));
            sides.crm.requestLog().clear();
            Map<String, Object> third = SimulatedSides.runSync(api);
            assertThat(third.get("status")).as(String.valueOf(third)).isEqualTo("succeeded");
            assertThat(sides.crm.records("ModComments")).as("all comments after a third run").hasSize(3);
            assertThat(sides.crm.requestLog().count(aboutComments())).as("CRM requests about comments, third run")
                    .isZero();
        }
    }

    @Test
    void aPaymentDeletedInDineroIsReportedAndItsCommentStays() {
        sides.crm.commentsOnInvoice(true);
        twoInvoicesWithPayments();
        List<String> danishPayments = paymentGuids(danish);
        try (ConfigurableApplicationContext service = sides.startService(clock, "--sync.direction=dinero-to-crm")) {
            ApiClient api = SimulatedSides.api(service);
            assertThat(SimulatedSides.runSync(api).get("status")).isEqualTo("succeeded");
            assertThat(sides.crm.records("ModComments")).hasSize(3);

            sides.dinero.deletePayment(danish, danishPayments.get(1));
            Map<String, Object> second = SimulatedSides.runSync(api);

            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            String crmId = crmInvoiceId("Drivhus, november");
            assertThat(String.valueOf(second.get("message"))).contains("Payment " + danishPayments.get(1)
                    + " of CRM invoice " + crmId + " was deleted in Dinero; its comment in the CRM stays");
            List<Map<String, Object>> onDanish = comments(crmId);
            assertThat(onDanish).as("comments on the Danish invoice").hasSize(2);
            assertThat(onDanish.get(1).get("commentcontent")).isEqualTo(
                    "Betaling modtaget 05-11-2026: 125,00 kr. – Indbetaling (Dinero) [dinero:"
                            + danishPayments.get(1) + "]");
            assertThat(new BigDecimal(sides.crm.get(crmId).get("received").toString())).isEqualByComparingTo("1000.00");

            // Reported once: the next run does not say it again.
            Map<String, Object> third = SimulatedSides.runSync(api);
            assertThat(String.valueOf(third.get("message"))).doesNotContain(danishPayments.get(1));
        }
    }

    @Test
    void aCrmThatRefusesCommentsOnInvoicesIsOneRunNoteAndTheInvoicesStillSync() {
        // commentsOnInvoice stays off: stock vtiger's ModComments.related_to does not list Invoice.
        twoInvoicesWithPayments();
        try (ConfigurableApplicationContext service = sides.startService(clock, "--sync.direction=dinero-to-crm")) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> first = SimulatedSides.runSync(api);

            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            String message = String.valueOf(first.get("message"));
            String note = "the CRM does not allow comments on invoices: ModComments' related_to does not list Invoice,"
                    + " so the payment history is not written";
            assertThat(message).contains(note);
            assertThat(message.indexOf(note)).as("said once").isEqualTo(message.lastIndexOf(note));
            assertThat(sides.crm.records("ModComments")).isEmpty();
            assertThat(sides.crm.records("Invoice")).extracting(r -> r.get("subject"))
                    .containsExactlyInAnyOrder("Drivhus, november", "Greenhouse, November");
            assertThat(sides.crm.get(crmInvoiceId("Greenhouse, November")).get("invoicestatus")).isEqualTo("Paid");
            assertThat(sides.crm.requestLog().count(e -> "create".equals(e.operation()) && e.status() != 200)).isZero();
        }
    }

    @Test
    void paymentHistoryOffWritesNoCommentAndTurnedOnLaterWritesThem() {
        sides.crm.commentsOnInvoice(true);
        twoInvoicesWithPayments();
        try (ConfigurableApplicationContext service = sides.startService(clock, "--sync.direction=dinero-to-crm",
                "--sync.payment-history=off")) {
            Map<String, Object> first = SimulatedSides.runSync(SimulatedSides.api(service));
            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            assertThat(sides.crm.records("Invoice")).hasSize(2);
            assertThat(sides.crm.records("ModComments")).isEmpty();
            assertThat(sides.crm.requestLog().count(aboutComments())).isZero();
        }
        // Turned on (the default): an invoice read again gets its comments.
        sides.dinero.addPayment(danish, new BigDecimal("125.00"), LocalDate.of(2026, 11, 6));
        try (ConfigurableApplicationContext service = sides.startService(clock, "--sync.direction=dinero-to-crm")) {
            Map<String, Object> second = SimulatedSides.runSync(SimulatedSides.api(service));
            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            assertThat(comments(crmInvoiceId("Drivhus, november"))).hasSize(3);
        }
    }

    /**
     * A customer, a product and two booked invoices of 1,000 + 25 % VAT: a Danish one partly paid in two payments
     * (1,000 on 3 November, 125 on 5 November), an English one paid in full on 4 November.
     */
    private void twoInvoicesWithPayments() {
        clock.set(Instant.parse("2026-11-06T08:00:00Z"));
        sides.dinero.setClock(clock);
        String customer = sides.dinero.putContact(Map.of("Name", "Bøgh Økologisk Gartneri I/S", "Street", "Skovvej 3",
                "ZipCode", "5250", "City", "Odense SV", "CountryKey", "DK", "Email", "post@boeghgartneri.dk",
                "IsPerson", false, "IsMember", false, "UseCvr", false));
        String product = sides.dinero.putProduct(Map.of("Name", "Drivhusreparation", "ProductNumber", "D-100",
                "BaseAmountValue", new BigDecimal("1000"), "Quantity", 1, "AccountNumber", 1000, "Unit", "hours"));
        danish = sides.dinero.putInvoice(RepairVouchers.invoice(customer, product, LocalDate.of(2026, 11, 1),
                "Drivhus, november", "da-DK"));
        english = sides.dinero.putInvoice(RepairVouchers.invoice(customer, product, LocalDate.of(2026, 11, 1),
                "Greenhouse, November", "en-GB"));
        sides.dinero.bookInvoice(danish);
        sides.dinero.bookInvoice(english);
        sides.dinero.addPayment(danish, new BigDecimal("1000.00"), LocalDate.of(2026, 11, 3));
        sides.dinero.addPayment(danish, new BigDecimal("125.00"), LocalDate.of(2026, 11, 5));
        sides.dinero.addPayment(english, new BigDecimal("1250.00"), LocalDate.of(2026, 11, 4));
    }

    /** The guids of an invoice's payments, in Dinero's order. */
    @SuppressWarnings("unchecked")
    private List<String> paymentGuids(String invoice) {
        return ((List<Map<String, Object>>) sides.dinero.payments(invoice).get("Payments")).stream()
                .map(p -> String.valueOf(p.get("Guid"))).toList();
    }

    /** The CRM's comments on a record, oldest first. */
    private List<Map<String, Object>> comments(String crmId) {
        return sides.crm.records("ModComments").stream().filter(c -> crmId.equals(c.get("related_to")))
                .sorted(Comparator.comparingLong(c -> Long.parseLong(String.valueOf(c.get("id")).split("x")[1])))
                .toList();
    }

    private String crmInvoiceId(String subject) {
        List<Map<String, Object>> found = sides.crm.records("Invoice").stream()
                .filter(r -> subject.equals(r.get("subject"))).toList();
        assertThat(found).as("CRM invoices named %s", subject).hasSize(1);
        return String.valueOf(found.get(0).get("id"));
    }

    /** The create of a comment whose text contains {@code text}. */
    private static Predicate<SimRequest> commentCreate(String text) {
        return r -> "create".equals(r.form().get("operation")) && "ModComments".equals(r.form().get("elementType"))
                && String.valueOf(r.form().get("element")).contains(text);
    }

    /** A CRM request that reads or describes comments (a create is a write, counted apart). */
    private static Predicate<dk.simplydinero.sandbox.RequestLog.Entry> aboutComments() {
        return e -> e.query().values().stream().anyMatch(v -> v != null && v.contains("ModComments"));
    }
}
