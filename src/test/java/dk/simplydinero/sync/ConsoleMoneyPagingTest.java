package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import dk.simplydinero.sync.ConsoleTest.Browser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.math.BigDecimal;
import java.time.Clock;
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
 * deleted in Dinero and one Dinero invoice the sync does not keep. A page view reads one invoices list and the
 * payments of the open invoices on that page only; the sums cover the invoices whose amounts are known and say how
 * many open ones they leave out; the unlinked invoice is not shown nor read, the deleted one is counted as missing.
 * The links are written straight into the link store: the rows' content is {@link ConsoleMoneyTest}'s, made by a run.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "spring.security.user.password=Operator-Pw-31b"})
class ConsoleMoneyPagingTest {

    static SimulatedSides sides;
    /** Dinero ids of the 21 linked invoices, the oldest (1 Nov) first. */
    static final List<String> linked = new ArrayList<>();
    static String unlinked;
    static String deleted;

    @Autowired
    Environment env;
    @Autowired
    LinkStore links;

    @BeforeAll
    static void seed() {
        sides.dinero.setClock(Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC));
        String customer = sides.dinero.putContact(Map.of("Name", "Sønderby VVS", "CountryKey", "DK",
                "IsPerson", false, "IsMember", false, "UseCvr", false));
        String product = sides.dinero.putProduct(Map.of("Name", "Rørarbejde", "BaseAmountValue", new BigDecimal("1000"),
                "Quantity", 1, "AccountNumber", 1000, "Unit", "hours"));
        for (int i = 0; i < 21; i++) {
            // 1,000 + 25 % VAT, due 30 days later: none is overdue on 1 December
            String guid = sides.dinero.putInvoice(invoice(customer, product, LocalDate.of(2026, 11, 1 + i)));
            sides.dinero.bookInvoice(guid);
            linked.add(guid);
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
        return "7x" + (500 + i);
    }

    @Test
    void twentyAPageWithThePaymentsOfThatPagesOpenInvoicesOnly(ApiClient api) throws Exception {
        for (int i = 0; i < linked.size(); i++) {
            links.save(new Link(SyncModule.INVOICES, crmId(i), linked.get(i), null, null, null, null));
        }
        links.save(new Link(SyncModule.INVOICES, "7x600", deleted, null, null, null, null));
        Browser browser = new Browser(api);
        browser.login("admin", env.getRequiredProperty("spring.security.user.password"));
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
        assertThat(first).contains("One open invoice on another page is not counted above")
                .contains("One linked invoice is no longer in Dinero.");
        assertThat(log.countOperation("invoices.list")).isEqualTo(1);
        assertThat(log.countOperation("invoices.payments.list")).isEqualTo(20);
        assertThat(log.count(e -> e.path().contains(linked.get(0)) || e.path().contains(unlinked))).isZero();

        log.clear();
        String second = flat(browser.get("/money?page=1").body());
        assertThat(rows(second)).containsExactly(crmId(0));
        assertThat(second).contains("id=\"previous\"").doesNotContain("id=\"next\"");
        assertThat(second).contains("<td class=\"outstanding amount\">DKK 1,250.00</td>")
                .contains("20 open invoices on other pages are not counted above");
        assertThat(log.countOperation("invoices.list")).isEqualTo(1);
        assertThat(log.countOperation("invoices.payments.list")).isEqualTo(1);
        assertThat(log.count(e -> e.operation().equals("invoices.payments.list")
                && e.path().contains(linked.get(0)))).isEqualTo(1);
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
