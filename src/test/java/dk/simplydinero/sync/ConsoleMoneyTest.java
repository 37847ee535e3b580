package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import dk.simplydinero.sync.ConsoleTest.Browser;
import dk.simplydinero.sync.ConsoleTest.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's Money (issue 12, part 1) over real HTTP as a browser uses it: four CRM invoices synced to Dinero by a
 * real run, then in Dinero one booked and paid, one booked and partly paid (one payment), one booked and overdue (its
 * due date before the simulator's today) and one left a draft. Each row's state, total and outstanding amount, the
 * partly paid one's payment, the summary, Danish amounts, a viewer, no secret on the page, and the Dinero requests of
 * one page view: one invoices list and the payments of the two open invoices only.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "spring.security.user.password=Operator-Pw-9d1",
        "security.viewer.name=reader", "security.viewer.password=Viewer-Pw-48",
        // each view reads the list, whichever test viewed first (ConsoleMoneyPagingTest pins what is kept)
        "console.money-cache=0s"})
class ConsoleMoneyTest {

    static SimulatedSides sides;
    static String paid;
    static String partly;
    static String overdue;
    static String draft;
    /** Dinero ids, once the run made the invoices. */
    static String paidGuid;
    static String partlyGuid;
    static String overdueGuid;
    static boolean arranged;

    @Autowired
    Environment env;

    @BeforeAll
    static void seed() {
        // Dinero's today, from which it computes Overdue.
        sides.dinero.setClock(Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC));
        String org = sides.crm.put("Accounts", Map.of("accountname", "Fjordens Tømrer ApS", "bill_street", "Havnegade 2",
                "bill_code", "7100", "bill_city", "Vejle", "bill_country", "Denmark", "assigned_user_id", ""));
        String product = sides.crm.put("Products", Map.of("productname", "Timearbejde", "unit_price", "100",
                "usageunit", "Hours", "assigned_user_id", ""));
        // Totals incl. 25 % VAT: 1,250.00, 1,000.00, 2,500.00 and 150.00.
        paid = invoice(org, product, "Tagrender, november", "2026-11-20", "2026-12-04", "1000");
        partly = invoice(org, product, "Vinduer, november", "2026-11-25", "2026-12-09", "800");
        overdue = invoice(org, product, "Have, oktober", "2026-10-01", "2026-10-15", "2000");
        draft = invoice(org, product, "Tilbud, december", "2026-11-30", "2026-12-14", "120");
    }

    private static String invoice(String org, String product, String subject, String date, String due, String price) {
        return sides.crm.put("Invoice", Map.of("subject", subject, "account_id", org, "invoicedate", date,
                        "duedate", due, "currency_id", sides.crm.currencyId("DKK"), "bill_street", "Havnegade 2",
                        "ship_street", "Havnegade 2", "hdnTaxType", "group", "invoicestatus", "Created",
                        "assigned_user_id", ""),
                List.of(Map.of("productid", product, "quantity", "1", "listprice", price, "comment", subject)));
    }

    /** A real CRM → Dinero run makes the four drafts; the accountant then books three and registers payments. */
    private static synchronized void arrange(ApiClient api) {
        if (arranged) {
            return;
        }
        Map<String, Object> run = SimulatedSides.runSync(api);
        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
        paidGuid = guidOf("Tagrender, november");
        partlyGuid = guidOf("Vinduer, november");
        overdueGuid = guidOf("Have, oktober");
        sides.dinero.bookInvoice(paidGuid);
        sides.dinero.bookInvoice(partlyGuid);
        sides.dinero.bookInvoice(overdueGuid);
        sides.dinero.addPayment(paidGuid, new BigDecimal("1250.00"), LocalDate.of(2026, 11, 28));
        sides.dinero.addPayment(partlyGuid, new BigDecimal("400.00"), LocalDate.of(2026, 11, 30));
        assertThat(sides.dinero.getRecord(DineroSimulator.INVOICES, guidOf("Tilbud, december")))
                .containsEntry("Status", "Draft");
        arranged = true;
    }

    private static String guidOf(String description) {
        List<Map<String, Object>> found = sides.liveDinero(DineroSimulator.INVOICES).stream()
                .filter(i -> description.equals(i.get("Description"))).toList();
        assertThat(found).as("Dinero invoices described %s", description).hasSize(1);
        return found.get(0).get("Guid").toString();
    }

    private Browser login(ApiClient api, String user, String password, String language) throws Exception {
        arrange(api);
        Browser browser = new Browser(api);
        browser.language = language;
        browser.login(user, password);
        return browser;
    }

    @Test
    void eachLinkedInvoiceWithItsStateTotalOutstandingAndPaymentsFromOneListAndTheOpenOnesPayments(ApiClient api)
            throws Exception {
        Browser browser = login(api, "admin", env.getRequiredProperty("spring.security.user.password"),
                "en-GB,en;q=0.9");
        sides.dinero.requestLog().clear();
        sides.crm.requestLog().clear();

        Page money = browser.get("/money");

        assertThat(money.status()).isEqualTo(200);
        String flat = flat(money.body());
        assertThat(flat).contains(">Money<");
        // newest first: the draft (30 Nov), the partly paid (25 Nov), the paid (20 Nov), the overdue (1 Oct)
        assertThat(flat.indexOf("id=\"invoice-" + draft + "\"")).isLessThan(flat.indexOf("id=\"invoice-" + partly + "\""));
        assertThat(flat.indexOf("id=\"invoice-" + partly + "\"")).isLessThan(flat.indexOf("id=\"invoice-" + paid + "\""));
        assertThat(flat.indexOf("id=\"invoice-" + paid + "\"")).isLessThan(flat.indexOf("id=\"invoice-" + overdue + "\""));

        assertThat(row(flat, paid)).contains(">Tagrender, november</a>").contains("<td class=\"number\">1</td>")
                .contains("<td class=\"customer\">Fjordens Tømrer ApS</td>")
                .contains("<td class=\"date\">2026-11-20</td><td class=\"due\">2026-12-04</td>")
                .contains("<td class=\"total amount\">DKK 1,250.00</td><td class=\"state\">paid</td>"
                        + "<td class=\"outstanding amount\">DKK 0.00</td>")
                .doesNotContain("class=\"payment\"");
        assertThat(row(flat, partly)).contains(">Vinduer, november</a>").contains("<td class=\"number\">2</td>")
                .contains("<td class=\"date\">2026-11-25</td><td class=\"due\">2026-12-09</td>")
                .contains("<td class=\"total amount\">DKK 1,000.00</td><td class=\"state\">partly paid</td>"
                        + "<td class=\"outstanding amount\">DKK 600.00</td>")
                .contains("<tr class=\"payment\"><td class=\"payment-date\">2026-11-30</td>"
                        + "<td class=\"payment-description\">Indbetaling</td>"
                        + "<td class=\"payment-amount amount\">DKK 400.00</td></tr>");
        assertThat(row(flat, overdue)).contains(">Have, oktober</a>").contains("<td class=\"number\">3</td>")
                .contains("<td class=\"date\">2026-10-01</td><td class=\"due\">2026-10-15</td>")
                .contains("<td class=\"total amount\">DKK 2,500.00</td><td class=\"state\">overdue</td>"
                        + "<td class=\"outstanding amount\">DKK 2,500.00</td>")
                .doesNotContain("class=\"payment\"");
        assertThat(row(flat, draft)).contains(">Tilbud, december</a>").contains("<td class=\"number\">–</td>")
                .contains("<td class=\"total amount\">DKK 150.00</td><td class=\"state\">draft</td>"
                        + "<td class=\"outstanding amount\">not due (draft)</td>");
        // Issue 14: each booked invoice (paid, partly paid or overdue since) links its receipt; the draft has none.
        for (String bookedInvoice : List.of(paid, partly, overdue)) {
            assertThat(row(flat, bookedInvoice)).contains("<td class=\"receipt\"><a class=\"receipt-link\" href=\"/money/receipts/"
                    + bookedInvoice + "\" target=\"_blank\" rel=\"noopener\">Invoice (PDF)</a></td>");
        }
        assertThat(row(flat, draft)).contains("<td class=\"receipt\"></td>").doesNotContain("receipt-link");
        // the CRM invoice's page in the CRM
        assertThat(row(flat, partly)).containsPattern("class=\"crm-link\" href=\"[^\"]*/index\\.php\\?module=Invoice"
                + "&amp;view=Detail&amp;record=" + partly.substring(partly.indexOf('x') + 1) + "\"");

        // Outstanding 0 + 600 + 2,500; one overdue invoice, 2,500 outstanding.
        assertThat(flat).contains("<tr id=\"summary-DKK\"><td class=\"currency\">DKK</td>"
                + "<td class=\"outstanding amount\">DKK 3,100.00</td><td class=\"overdue-count\">1</td>"
                + "<td class=\"overdue amount\">DKK 2,500.00</td></tr>");
        assertThat(flat).doesNotContain("id=\"not-known\"").doesNotContain("id=\"next\"");

        // One invoices list, and the payments of the two open invoices on the page: nothing else.
        RequestLog log = sides.dinero.requestLog();
        assertThat(log.countOperation("invoices.list")).as("invoices lists of one page view").isEqualTo(1);
        assertThat(log.count(e -> e.operation().equals("invoices.payments.list") && e.path().contains(partlyGuid)))
                .isEqualTo(1);
        assertThat(log.count(e -> e.operation().equals("invoices.payments.list") && e.path().contains(overdueGuid)))
                .isEqualTo(1);
        assertThat(log.count(e -> !e.operation().equals("token"))).as("Dinero requests of one page view: %s",
                log.entries()).isEqualTo(3);
        assertThat(sides.crm.requestLog().countOperation("query")).as("CRM queries of one page view").isEqualTo(1);

        // Nothing on the page shows a secret in force.
        for (String secret : List.of(env.getRequiredProperty("simplycrm.access-key"),
                env.getRequiredProperty("dinero.api-key"), env.getRequiredProperty("dinero.client-secret"),
                env.getRequiredProperty("spring.security.user.password"), "Viewer-Pw-48")) {
            assertThat(money.body()).doesNotContain(secret);
        }
    }

    @Test
    void inDanishAmountsAreWrittenTheDanishWay(ApiClient api) throws Exception {
        Browser browser = login(api, "admin", env.getRequiredProperty("spring.security.user.password"),
                "da-DK,da;q=0.9");
        String flat = flat(browser.get("/money").body());
        assertThat(flat).contains("<html lang=\"da\"").contains(">Penge<");
        assertThat(row(flat, partly)).contains("<td class=\"total amount\">1.000,00 kr.</td>"
                        + "<td class=\"state\">delvist betalt</td><td class=\"outstanding amount\">600,00 kr.</td>")
                .contains("<td class=\"payment-amount amount\">400,00 kr.</td>");
        assertThat(row(flat, overdue)).contains("<td class=\"total amount\">2.500,00 kr.</td>"
                + "<td class=\"state\">forfalden</td><td class=\"outstanding amount\">2.500,00 kr.</td>");
        assertThat(row(flat, paid)).contains("<td class=\"state\">betalt</td>");
        assertThat(row(flat, draft)).contains("<td class=\"state\">kladde</td>");
        assertThat(row(flat, paid)).contains("<a class=\"receipt-link\" href=\"/money/receipts/" + paid
                + "\" target=\"_blank\" rel=\"noopener\">Faktura (PDF)</a>");
        assertThat(flat).contains("<td class=\"outstanding amount\">3.100,00 kr.</td><td class=\"overdue-count\">1</td>"
                + "<td class=\"overdue amount\">2.500,00 kr.</td>");
    }

    @Test
    void aViewerSeesTheMoney(ApiClient api) throws Exception {
        Browser viewer = login(api, "reader", "Viewer-Pw-48", "en-GB,en;q=0.9");
        Page money = viewer.get("/money");
        assertThat(money.status()).isEqualTo(200);
        assertThat(flat(money.body())).contains("id=\"invoice-" + partly + "\"")
                .contains("<td class=\"payment-amount amount\">DKK 400.00</td>")
                .contains("href=\"/money\"");

        // The receipt link opens with the console's login (no HTTP Basic dialog): Dinero's PDF of the booked invoice.
        java.net.http.HttpResponse<byte[]> receipt = viewer.fetch("/money/receipts/" + paid);
        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(receipt.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(receipt.body()).isEqualTo(sides.dinero.pdf(DineroSimulator.INVOICES, paidGuid));
        Page none = viewer.get("/money/receipts/" + draft);
        assertThat(none.status()).isEqualTo(409);
        assertThat(none.body()).isEqualTo("Invoice " + draft + " is a draft in Dinero: Dinero makes a PDF only of a"
                + " booked invoice");
    }

    private static String flat(String html) {
        return html.replaceAll("\\s+", " ").replace("> <", "><");
    }

    /** The row of the CRM invoice {@code crmId}, with its payments, up to the next invoice's row. */
    private static String row(String flat, String crmId) {
        int start = flat.indexOf("<tr id=\"invoice-" + crmId + "\"");
        assertThat(start).as("row of invoice %s", crmId).isNotNegative();
        int end = flat.indexOf("<tr id=\"invoice-", start + 1);
        return flat.substring(start, end < 0 ? flat.length() : end);
    }
}
