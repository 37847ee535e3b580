package dk.simplydinero.sync;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a CRM invoice read back after our write must hold (the lines sent, the total Dinero has). */
class InvoiceCheckTest {

    private static final Map<String, Object> SENT = Map.of("subject", "Tømrerarbejde", "received", "0",
            "balance", "4387.5", "LineItems", List.of(
                    line("14x3", "3", "950", "0", "Opmåling", "25"),
                    line("14x5", "1", "660", "0", "Montering", null)));

    @Test
    void anInvoiceHoldingTheLinesAndTotalSentPasses() {
        Map<String, Object> stored = stored("4387.50000000", List.of(
                line("14x3", "3.000", "950.00000000", "0.000", "Opmåling", "25.000"),
                line("14x5", "1.000", "660.00000000", "0.000", "Montering", "")));
        assertThat(InvoiceCheck.problem(stored, SENT)).isNull();
    }

    @Test
    void aHeaderWithoutLinesIsNamed() {
        assertThat(InvoiceCheck.problem(stored("", List.of()), SENT)).isEqualTo("it has 0 of the 2 lines sent");
    }

    @Test
    void aLineWhoseProductTheCrmDroppedIsNamed() {
        Map<String, Object> stored = stored("4387.50000000", List.of(
                line("14x3", "3.000", "950.00000000", "0.000", "Opmåling", "25.000"),
                line("", "1.000", "660.00000000", "0.000", "Montering", "")));
        assertThat(InvoiceCheck.problem(stored, SENT)).startsWith("line 2 holds {productid=, quantity=1.000");
    }

    @Test
    void aTotalOffByMoreThanDinerosRoundingIsNamed() {
        Map<String, Object> lines = stored("3510.00000000", List.of(
                line("14x3", "3.000", "950.00000000", "0.000", "Opmåling", ""),
                line("14x5", "1.000", "660.00000000", "0.000", "Montering", "")));
        assertThat(InvoiceCheck.problem(lines, SENT)).isEqualTo("its total is 3510.00000000, Dinero's 4387.5");
        // Dinero rounds per line: a few øre across lines are no difference.
        assertThat(InvoiceCheck.problem(stored("4387.52", (List<?>) lines.get("LineItems")), SENT)).isNull();
    }

    private static Map<String, Object> stored(String total, List<?> lines) {
        Map<String, Object> out = new LinkedHashMap<>(Map.of("id", "7x9", "hdnGrandTotal", total));
        out.put("LineItems", lines);
        return out;
    }

    private static Map<String, Object> line(String product, String quantity, String price, String discount,
                                            String comment, String tax1) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("productid", product);
        line.put("quantity", quantity);
        line.put("listprice", price);
        line.put("discount_percent", discount);
        line.put("comment", comment);
        if (tax1 != null) {
            line.put("tax1", tax1);
        }
        return line;
    }
}
