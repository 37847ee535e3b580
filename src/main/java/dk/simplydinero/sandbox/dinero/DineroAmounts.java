package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Invoice arithmetic as Dinero does it: line totals after discount rounded to øre, 25 % VAT, and what has been paid.
 * Amounts are answered {@link #plain} (no trailing zeros), as the real API writes them.
 */
final class DineroAmounts {

    static final BigDecimal VAT_RATE = new BigDecimal("0.25");

    private DineroAmounts() {
    }

    static BigDecimal lineTotal(JsonNode line) {
        if ("Text".equals(line.path("LineType").asText())) {
            return BigDecimal.ZERO;
        }
        BigDecimal qty = line.path("Quantity").decimalValue();
        BigDecimal base = line.path("BaseAmountValue").decimalValue();
        BigDecimal discount = line.path("Discount").decimalValue();
        BigDecimal factor = BigDecimal.ONE.subtract(discount.movePointLeft(2));
        return qty.multiply(base).multiply(factor).setScale(2, RoundingMode.HALF_UP);
    }

    static BigDecimal totalExclVat(ObjectNode f) {
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode line : f.path("ProductLines")) {
            sum = sum.add(lineTotal(line));
        }
        return sum;
    }

    static BigDecimal vat(BigDecimal excl) {
        return excl.multiply(VAT_RATE).setScale(2, RoundingMode.HALF_UP);
    }

    static BigDecimal totalInclVat(ObjectNode f) {
        BigDecimal excl = totalExclVat(f);
        return excl.add(vat(excl));
    }

    static BigDecimal paid(DineroStore.Rec rec) {
        BigDecimal sum = BigDecimal.ZERO;
        for (ObjectNode p : rec.payments) {
            sum = sum.add(p.path("Amount").decimalValue());
        }
        return sum;
    }

    static BigDecimal plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
