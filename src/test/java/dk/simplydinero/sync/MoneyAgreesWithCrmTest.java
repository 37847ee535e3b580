package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sync.ConsoleTest.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRM invoice's money and the console's Money read a payments answer the same way (issue 12, part 1, review): a
 * booked Dinero invoice of 1,250.00 with one payment of 250.00, its payments answer without {@code PaidAmount} and
 * {@code RemainingAmount} (the simulator's knob). A real Dinero → CRM run writes received 250 and balance 1,000 to the
 * CRM; Money shows the same invoice partly paid with 1,000.00 outstanding.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "sync.direction=dinero-to-crm",
        "spring.security.user.password=Operator-Pw-77c"})
class MoneyAgreesWithCrmTest {

    static SimulatedSides sides;
    static String guid;

    @BeforeAll
    static void seed() {
        sides.dinero.setClock(Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC));
        String customer = sides.dinero.putContact(Map.of("Name", "Kolding Kloak ApS", "CountryKey", "DK",
                "IsPerson", false, "IsMember", false, "UseCvr", false));
        String product = sides.dinero.putProduct(Map.of("Name", "Spuling", "BaseAmountValue", new BigDecimal("1000"),
                "Quantity", 1, "AccountNumber", 1000, "Unit", "hours"));
        Map<String, Object> invoice = new LinkedHashMap<>();
        invoice.put("ContactGuid", customer);
        invoice.put("Date", "2026-11-20");
        invoice.put("Currency", "DKK");
        invoice.put("Language", "da-DK");
        invoice.put("Description", "Spuling af kloak");
        invoice.put("PaymentConditionType", "Netto");
        invoice.put("PaymentConditionNumberOfDays", 30);
        invoice.put("ProductLines", List.of(Map.of("ProductGuid", product, "Description", "Spuling", "Quantity", 1,
                "AccountNumber", 1000, "Unit", "hours", "Discount", 0, "LineType", "Product",
                "BaseAmountValue", new BigDecimal("1000"))));
        guid = sides.dinero.putInvoice(invoice);
        sides.dinero.bookInvoice(guid);
        sides.dinero.addPayment(guid, new BigDecimal("250.00"), LocalDate.of(2026, 11, 28));
        sides.dinero.paymentsAnswerWithoutAmounts(true);
    }

    @AfterAll
    static void knobOff() {
        sides.dinero.paymentsAnswerWithoutAmounts(false);
    }

    @Test
    void theCrmsBalanceAndMoneysOutstandingAreTheSame(ApiClient api) throws Exception {
        Map<String, Object> run = SimulatedSides.runSync(api);
        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
        List<Map<String, Object>> crm = sides.crm.records("Invoice").stream()
                .filter(i -> "Spuling af kloak".equals(i.get("subject"))).toList();
        assertThat(crm).hasSize(1);
        assertThat(crm.get(0)).containsEntry("invoicestatus", "Approved");
        assertThat(new BigDecimal(crm.get(0).get("received").toString())).isEqualByComparingTo("250.00");
        assertThat(new BigDecimal(crm.get(0).get("balance").toString())).isEqualByComparingTo("1000.00");

        Browser browser = new Browser(api);
        browser.login("admin", "Operator-Pw-77c");
        String flat = browser.get("/money").body().replaceAll("\\s+", " ").replace("> <", "><");
        String crmId = crm.get(0).get("id").toString();
        assertThat(flat).contains("<tr id=\"invoice-" + crmId + "\"");
        assertThat(flat).contains(">Spuling af kloak</a>")
                .contains("<td class=\"total amount\">DKK 1,250.00</td><td class=\"state\">partly paid</td>"
                        + "<td class=\"outstanding amount\">DKK 1,000.00</td>")
                .contains("<td class=\"payment-amount amount\">DKK 250.00</td>");
    }
}
