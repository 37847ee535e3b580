package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.Faults;
import dk.simplydinero.sandbox.SimRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A CRM invoice create whose answer is lost (the CRM stored the invoice, the answer came back cut off) against the
 * simulator's real vtiger 7 describe, which lists {@code shipping_&_handling} and its taxes for invoices. The service
 * must look the invoice up before it creates it again, with a query a real vtiger accepts: a query naming one of those
 * columns is refused, and the invoice would be missing from the CRM after the run.
 */
@SimulatedService(properties = "sync.direction=dinero-to-crm")
class LostInvoiceAnswerTest {

    static SimulatedSides sides;
    static final String SUBJECT = "Tømrerarbejde, Østergade";

    /** Before the service starts: its first run meets these. */
    @BeforeAll
    static void seed() {
        sides.dinero.seedDemoData();
    }

    @Test
    void anInvoiceWhoseCreateAnswerWasLostIsInTheCrmOnceWithAllItsLinesThenNothingMoves(ApiClient api) {
        // The CRM stores the first create of this invoice, and its answer is cut off halfway.
        Predicate<SimRequest> createOfTheInvoice = r -> "create".equals(r.form().get("operation"))
                && "Invoice".equals(r.form().get("elementType"))
                && String.valueOf(r.form().get("element")).contains(SUBJECT);
        sides.crm.faults().malformedAnswers(createOfTheInvoice, Faults.Malformed.TRUNCATED_JSON, 1);

        Map<String, Object> first = SimulatedSides.runSync(api);

        assertThat(sides.crm.faults().malformedAnswers()).as("answers lost").isEqualTo(1);
        assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
        List<Map<String, Object>> crmInvoices = sides.crm.records("Invoice");
        assertThat(crmInvoices).as("CRM invoices: the demo data's seven").hasSize(7);
        List<Map<String, Object>> same = crmInvoices.stream().filter(i -> SUBJECT.equals(i.get("subject"))).toList();
        assertThat(same).as("CRM invoices for %s", SUBJECT).hasSize(1);

        Map<String, Object> crm = sides.crm.get(text(same.get(0).get("id")));
        LocalDate date = LocalDate.now(sides.dinero.clock()).minusDays(40);
        assertThat(sides.crm.get(text(crm.get("account_id"))).get("accountname")).isEqualTo("Nordisk Træ & Tømrer ApS");
        assertThat(crm.get("invoicedate")).isEqualTo(date.toString());
        assertThat(crm.get("duedate")).isEqualTo(date.plusDays(14).toString());
        assertThat(crm.get("currency_id")).isEqualTo(sides.crm.currencyId("DKK"));
        assertThat(crm.get("invoicestatus")).isEqualTo("Paid");
        assertThat(crm.get("hdnTaxType")).isEqualTo("group");
        assertThat(text(crm.get("bill_street"))).isEqualTo("Østergade 12");
        assertThat(text(crm.get("ship_street"))).isEqualTo("Østergade 12");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lines = (List<Map<String, Object>>) crm.get("LineItems");
        assertThat(lines).as("lines").hasSize(3);
        assertLine(lines.get(0), "Konsulenttime", "3", "950", "0", "Opmåling og tilbud");
        assertLine(lines.get(1), "Egetræsplanke 28 mm", "42.5", "189.95", "10", "Egetræsplanker");
        assertLine(lines.get(2), "Montering på stedet", "6", "650", "0", "Montering");
        // 3 × 950 + 42.5 × 189.95 − 10 % + 6 × 650 = 14 015.59; with 25 % VAT 17 519.48, paid in full
        assertThat(decimal(crm.get("hdnSubTotal"))).isCloseTo(new BigDecimal("14015.59"), within(new BigDecimal("0.01")));
        assertThat(decimal(crm.get("hdnGrandTotal"))).isCloseTo(new BigDecimal("17519.48"), within(new BigDecimal("0.01")));
        assertThat(decimal(crm.get("received"))).isCloseTo(new BigDecimal("17519.48"), within(new BigDecimal("0.01")));
        assertThat(decimal(crm.get("balance"))).isCloseTo(BigDecimal.ZERO, within(new BigDecimal("0.01")));

        sides.crm.requestLog().clear();
        sides.dinero.requestLog().clear();
        Map<String, Object> second = SimulatedSides.runSync(api);
        assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
        assertThat(sides.crmWrites()).as("CRM writes of the second run").isZero();
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).as("Dinero writes of the second run").isZero();
    }

    private static void assertLine(Map<String, Object> line, String product, String quantity, String price,
                                   String discount, String comment) {
        assertThat(sides.crm.get(text(line.get("productid"))).get("productname")).as("product of %s", comment)
                .isEqualTo(product);
        assertThat(decimal(line.get("quantity"))).as("quantity of %s", comment).isEqualByComparingTo(quantity);
        assertThat(decimal(line.get("listprice"))).as("price of %s", comment).isEqualByComparingTo(price);
        assertThat(decimal(line.get("discount_percent"))).as("discount of %s", comment).isEqualByComparingTo(discount);
        assertThat(text(line.get("comment"))).as("comment of %s", comment).startsWith(comment);
    }

    private static BigDecimal decimal(Object value) {
        return new BigDecimal(value.toString());
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
