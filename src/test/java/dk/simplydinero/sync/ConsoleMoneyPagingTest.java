package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import dk.simplydinero.sync.ConsoleTest.Browser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's Money a page of 20 at a time (issue 12, part 1): 21 linked booked invoices, one linked invoice since
 * deleted in Dinero and one Dinero invoice the sync does not keep. A page view reads the payments of the open invoices
 * on that page only, and the invoices list at most once per {@code console.money-cache} (a Refresh reads it anew);
 * the sums cover the invoices whose amounts are known and say how many open ones they leave out, while the overdue
 * invoices are counted on every page; the unlinked invoice is not shown nor read, the deleted one is counted as
 * missing. The links are written straight into the link store: the rows' content is {@link ConsoleMoneyTest}'s, made
 * by a run. The service's clock is the test's, moved past the cache before each test.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "spring.security.user.password=Operator-Pw-31b",
        "console.money-cache=60s"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleMoneyPagingTest {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MovableClock testClock() {
            return new MovableClock();
        }
    }

    /** Dinero's today: none of the invoices (due 1 to 21 December) is overdue. */
    static final Clock DECEMBER_1 = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);

    static SimulatedSides sides;
    /** Dinero ids of the 21 linked invoices, the oldest (1 Nov) first. */
    static final List<String> linked = new ArrayList<>();
    /** CRM ids of the 21 linked invoices' CRM invoices (subject "VVS <date>"; the 19th's is blank, the 18th's padded). */
    static final List<String> crmIds = new ArrayList<>();
    static String unlinked;
    static String deleted;

    @Autowired
    Environment env;
    @Autowired
    LinkStore links;
    @Autowired
    MovableClock clock;

    @BeforeAll
    static void seed() {
        sides.dinero.setClock(DECEMBER_1);
        String customer = sides.dinero.putContact(Map.of("Name", "Sønderby VVS", "CountryKey", "DK",
                "IsPerson", false, "IsMember", false, "UseCvr", false));
        String product = sides.dinero.putProduct(Map.of("Name", "Rørarbejde", "BaseAmountValue", new BigDecimal("1000"),
                "Quantity", 1, "AccountNumber", 1000, "Unit", "hours"));
        for (int i = 0; i < 21; i++) {
            // 1,000 + 25 % VAT, due 30 days later: none is overdue on 1 December
            String guid = sides.dinero.putInvoice(invoice(customer, product, LocalDate.of(2026, 11, 1 + i)));
            sides.dinero.bookInvoice(guid);
            linked.add(guid);
            String subject = i == 19 ? "" : i == 18 ? "  VVS 2026-11-19  " : "VVS " + LocalDate.of(2026, 11, 1 + i);
            crmIds.add(sides.crm.put("Invoice", Map.of("subject", subject, "invoicestatus", "Approved",
                    "assigned_user_id", "")));
        }
        unlinked = sides.dinero.putInvoice(invoice(customer, product, LocalDate.of(2026, 11, 30)));
        sides.dinero.bookInvoice(unlinked);
        deleted = sides.dinero.putInvoice(invoice(customer, product, LocalDate.of(2026, 11, 29)));
        sides.dinero.deleteRecord(DineroSimulator.INVOICES, deleted);
    }

    private static Map<String, Object> invoice(String customer, String product, LocalDate date) {
        Map<String, Object> invoice = new LinkedHashMap<>();
        invoice.put("ContactGuid", customer);
        invoice.put("Date", date.toString());
        invoice.put("Currency", "DKK");
        invoice.put("Language", "da-DK");
        invoice.put("Description", "VVS " + date);
        invoice.put("PaymentConditionType", "Netto");
        invoice.put("PaymentConditionNumberOfDays", 30);
        invoice.put("ProductLines", List.of(Map.of("ProductGuid", product, "Description", "Rør", "Quantity", 1,
                "AccountNumber", 1000, "Unit", "hours", "Discount", 0, "LineType", "Product",
                "BaseAmountValue", new BigDecimal("1000"))));
        return invoice;
    }

    /** CRM id of linked invoice {@code i}. */
    private static String crmId(int i) {
        return crmIds.get(i);
    }

    /** The links (saved again: the same each time), and the service's clock past any list kept by an earlier test. */
    @BeforeEach
    void linkAndForget() {
        for (int i = 0; i < linked.size(); i++) {
            links.save(new Link(SyncModule.INVOICES, crmId(i), linked.get(i), null, null, null, null));
        }
        links.save(new Link(SyncModule.INVOICES, "7x600", deleted, null, null, null, null));
        clock.advance(Duration.ofHours(1));
    }

    private Browser login(ApiClient api) throws Exception {
        Browser browser = new Browser(api);
        browser.login("admin", env.getRequiredProperty("spring.security.user.password"));
        return browser;
    }

    @Test
    @Order(1)
    void twentyAPageWithThePaymentsOfThatPagesOpenInvoicesOnly(ApiClient api) throws Exception {
        Browser browser = login(api);
        RequestLog log = sides.dinero.requestLog();

        log.clear();
        String first = flat(browser.get("/money").body());
        // newest first: 21 Nov (linked invoice 20) down to 2 Nov (linked invoice 1)
        assertThat(rows(first)).hasSize(20).startsWith(crmId(20)).endsWith(crmId(1)).doesNotContain(crmId(0));
        assertThat(first).contains("id=\"next\"").doesNotContain("id=\"previous\"")
                .doesNotContain(unlinked).doesNotContain(deleted);
        // 20 × 1,250.00 known; the 21st (on the next page) is open and not read
        assertThat(first).contains("<td class=\"outstanding amount\">DKK 25,000.00</td><td class=\"overdue-count\">0</td>"
                + "<td class=\"overdue amount\">DKK 0.00</td>");
        assertThat(first).contains("One open invoice on another page is left out of the amounts above")
                .contains("One linked invoice is no longer in Dinero.");
        assertThat(first).contains("id=\"refresh\" href=\"/money?page=0&amp;refresh=true\"");
        assertThat(log.countOperation("invoices.list")).isEqualTo(1);
        assertThat(log.countOperation("invoices.payments.list")).isEqualTo(20);
        assertThat(log.count(e -> e.path().contains(linked.get(0)) || e.path().contains(unlinked))).isZero();

        log.clear();
        clock.advance(Duration.ofSeconds(59));
        String second = flat(browser.get("/money?page=1").body());
        assertThat(rows(second)).containsExactly(crmId(0));
        assertThat(second).contains("id=\"previous\"").doesNotContain("id=\"next\"");
        assertThat(second).contains("<td class=\"outstanding amount\">DKK 1,250.00</td>")
                .contains("20 open invoices on other pages are left out of the amounts above");
        // within the minute kept: the list rows are the first view's, only this page's payments are read
        assertThat(log.countOperation("invoices.list")).as("invoices lists of the second page view").isZero();
        assertThat(log.countOperation("invoices.payments.list")).isEqualTo(1);
        assertThat(log.count(e -> e.operation().equals("invoices.payments.list")
                && e.path().contains(linked.get(0)))).isEqualTo(1);

        // Refresh reads the list anew, and so does the first view once the minute is over.
        log.clear();
        assertThat(rows(flat(browser.get("/money?page=1&refresh=true").body()))).containsExactly(crmId(0));
        assertThat(log.countOperation("invoices.list")).as("invoices lists of a refresh").isEqualTo(1);
        log.clear();
        clock.advance(Duration.ofSeconds(60));
        assertThat(rows(flat(browser.get("/money?page=1").body()))).containsExactly(crmId(0));
        assertThat(log.countOperation("invoices.list")).as("invoices lists after the minute").isEqualTo(1);
    }

    /** A CRM invoice without a subject shows by its id (not as an empty link); a padded subject shows trimmed. */
    @Test
    @Order(2)
    void crmInvoicesByTheirSubjectsOrTheirIds(ApiClient api) throws Exception {
        String first = flat(login(api).get("/money").body());
        assertThat(row(first, crmId(20))).contains(">VVS 2026-11-21</a>");
        assertThat(row(first, crmId(19))).contains(">" + crmId(19) + "</a>");
        assertThat(row(first, crmId(18))).contains(">VVS 2026-11-19</a>");
    }

    /**
     * When the invoices are overdue (Dinero's today moved to 15 January), "Overdue invoices" counts all 21, the one on
     * the other page too (its state is in the list row); the amounts cover the 20 whose payments were read.
     */
    @Test
    @Order(3)
    void overdueInvoicesOnOtherPagesAreCounted(ApiClient api) throws Exception {
        sides.dinero.setClock(Clock.fixed(Instant.parse("2027-01-15T09:00:00Z"), ZoneOffset.UTC));
        try {
            String first = flat(login(api).get("/money").body());
            assertThat(first).contains("<tr id=\"summary-DKK\"><td class=\"currency\">DKK</td>"
                    + "<td class=\"outstanding amount\">DKK 25,000.00</td><td class=\"overdue-count\">21</td>"
                    + "<td class=\"overdue amount\">DKK 25,000.00</td></tr>");
            assertThat(first).contains("One open invoice on another page is left out of the amounts above:"
                    + " its payments are read when its page is shown. Overdue invoices are counted on every page.");
        } finally {
            sides.dinero.setClock(DECEMBER_1);
        }
    }

    /**
     * A payments answer without PaidAmount and RemainingAmount (a knob): what is outstanding is the total less the
     * payments, as the CRM's balance is, not "–". Last: it registers a payment.
     */
    @Test
    @Order(4)
    void aPaymentsAnswerWithoutItsAmountsIsReadFromItsPayments(ApiClient api) throws Exception {
        sides.dinero.addPayment(linked.get(20), new BigDecimal("250.00"), LocalDate.of(2026, 11, 30));
        sides.dinero.paymentsAnswerWithoutAmounts(true);
        try {
            String first = flat(login(api).get("/money").body());
            assertThat(row(first, crmId(20))).contains("<td class=\"total amount\">DKK 1,250.00</td>"
                            + "<td class=\"state\">partly paid</td><td class=\"outstanding amount\">DKK 1,000.00</td>")
                    .contains("<td class=\"payment-amount amount\">DKK 250.00</td>");
            assertThat(row(first, crmId(19))).contains("<td class=\"state\">booked</td>"
                    + "<td class=\"outstanding amount\">DKK 1,250.00</td>");
            // 19 × 1,250.00 + 1,000.00
            assertThat(first).contains("<td class=\"outstanding amount\">DKK 24,750.00</td>");
        } finally {
            sides.dinero.paymentsAnswerWithoutAmounts(false);
        }
    }

    /** The row of the CRM invoice {@code crmId}, with its payments, up to the next invoice's row. */
    private static String row(String flat, String crmId) {
        int start = flat.indexOf("<tr id=\"invoice-" + crmId + "\"");
        assertThat(start).as("row of invoice %s", crmId).isNotNegative();
        int end = flat.indexOf("<tr id=\"invoice-", start + 1);
        return flat.substring(start, end < 0 ? flat.length() : end);
    }

    private static String flat(String html) {
        return html.replaceAll("\\s+", " ").replace("> <", "><");
    }

    /** The CRM ids of the page's rows, in order. */
    private static List<String> rows(String flat) {
        List<String> ids = new ArrayList<>();
        Matcher row = Pattern.compile("<tr id=\"invoice-([^\"]+)\"").matcher(flat);
        while (row.find()) {
            ids.add(row.group(1));
        }
        return ids;
    }
}
