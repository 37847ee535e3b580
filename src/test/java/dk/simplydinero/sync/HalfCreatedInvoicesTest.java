package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A real vtiger's invoice create is not atomic: it can store the header and fail before the lines (the simulator's
 * {@code failInvoiceCreateBeforeLines}). The retry finds the header by subject, customer and date; it must be
 * completed with the lines that were sent, not linked as it is.
 */
@SimulatedService(properties = "sync.direction=dinero-to-crm")
class HalfCreatedInvoicesTest {

    static SimulatedSides sides;

    /** Before the service starts: its first run meets these. */
    @BeforeAll
    static void seed() {
        sides.dinero.seedDemoData();
    }

    @Test
    void everyHalfCreatedInvoiceEndsWithAllItsLinesAndTotalsThenNothingMoves(ApiClient api) {
        // Every first try of an invoice create stores the header and fails before the lines.
        sides.crm.failInvoiceCreateBeforeLines(true);

        Map<String, Object> first = SimulatedSides.runSync(api);

        assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
        List<Map<String, Object>> dineroInvoices = sides.liveDinero(DineroSimulator.INVOICES);
        assertThat(dineroInvoices).as("the demo data's invoices").hasSize(7);
        assertThat(invoiceCounts(first).get("created")).as(String.valueOf(first)).isEqualTo(7);
        List<Map<String, Object>> crmInvoices = sides.crm.records("Invoice");
        assertThat(crmInvoices).hasSize(7);
        for (Map<String, Object> d : dineroInvoices) {
            String subject = text(d.get("Description"));
            List<Map<String, Object>> same = crmInvoices.stream().filter(i -> subject.equals(i.get("subject"))).toList();
            assertThat(same).as("CRM invoices for %s", subject).hasSize(1);
            Map<String, Object> crm = sides.crm.get(text(same.get(0).get("id")));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> lines = (List<Map<String, Object>>) crm.get("LineItems");
            List<Map<String, Object>> productLines = FailedRecords.productLines(d).stream()
                    .filter(l -> !"Text".equals(l.get("LineType"))).toList();
            assertThat(lines).as("lines of %s", subject).hasSize(productLines.size());
            for (int n = 0; n < productLines.size(); n++) {
                Map<String, Object> want = productLines.get(n);
                Map<String, Object> got = lines.get(n);
                String line = subject + " line " + (n + 1);
                Map<String, Object> dineroProduct = sides.dinero.records(DineroSimulator.PRODUCTS).stream()
                        .filter(p -> want.get("ProductGuid").equals(p.get("ProductGuid"))).findFirst().orElseThrow();
                assertThat(sides.crm.get(text(got.get("productid"))).get("productname")).as("product of %s", line)
                        .isEqualTo(dineroProduct.get("Name"));
                assertThat(decimal(got.get("quantity"))).as("quantity of %s", line)
                        .isEqualByComparingTo(decimal(want.get("Quantity")));
                assertThat(decimal(got.get("listprice"))).as("price of %s", line)
                        .isEqualByComparingTo(decimal(want.get("BaseAmountValue")));
                assertThat(decimal(got.get("discount_percent"))).as("discount of %s", line)
                        .isEqualByComparingTo(decimal(want.get("Discount")));
                assertThat(text(got.get("comment"))).as("comment of %s", line).startsWith(text(want.get("Description")));
            }
            assertThat(decimal(crm.get("hdnSubTotal"))).as("subtotal of %s", subject)
                    .isCloseTo(decimal(d.get("TotalExclVat")), within(new BigDecimal("0.01")));
            assertThat(decimal(crm.get("hdnGrandTotal"))).as("total of %s", subject)
                    .isCloseTo(decimal(d.get("TotalInclVat")), within(new BigDecimal("0.01")));
            assertThat(decimal(crm.get("balance")).add(decimal(crm.get("received")))).as("balance + received of %s", subject)
                    .isCloseTo(decimal(d.get("TotalInclVat")), within(new BigDecimal("0.01")));
        }

        sides.crm.requestLog().clear();
        sides.dinero.requestLog().clear();
        Map<String, Object> second = SimulatedSides.runSync(api);
        assertThat(second.get("status")).isEqualTo("succeeded");
        assertThat(sides.crmWrites()).isZero();
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> invoiceCounts(Map<String, Object> run) {
        return ((Map<String, Map<String, Object>>) run.get("modules")).get("invoices");
    }

    private static BigDecimal decimal(Object value) {
        return new BigDecimal(value.toString());
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
