package dk.simplydinero.sync;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a CRM invoice must hold after we wrote it (simplycrm-api.md: creates are not atomic, an unknown product is
 * stored as an empty one, "check totals after writing"): every line that was sent, in order, with its product,
 * quantity, price, discount and comment; and a grand total equal to the Dinero invoice's (received + balance as
 * sent), within the rounding Dinero does per line.
 */
final class InvoiceCheck {

    /** The failure code of an invoice the CRM does not hold as written. */
    static final String CODE = "NOT_AS_WRITTEN";

    /** The line fields that make an invoice's money and content. */
    private static final List<String> LINE_FIELDS = List.of("productid", "quantity", "listprice", "discount_percent",
            "comment");
    /**
     * Dinero rounds each line to øre and the CRM does not: at most half an øre per line, plus VAT on it, plus the
     * rounding of both totals. One øre per line and one more is above that.
     */
    private static final BigDecimal ROUNDING_PER_LINE = new BigDecimal("0.01");

    private InvoiceCheck() {
    }

    /** What is wrong with {@code stored} (the invoice read back) against {@code sent}; null when nothing is. */
    static String problem(Map<String, Object> stored, Map<String, Object> sent) {
        if (!(sent.get("LineItems") instanceof List<?> sentLines)) {
            return null; // the lines are not ours to write (a custom mapping dropped them)
        }
        List<?> storedLines = stored.get("LineItems") instanceof List<?> l ? l : List.of();
        if (storedLines.size() != sentLines.size()) {
            return "it has " + storedLines.size() + " of the " + sentLines.size() + " lines sent";
        }
        for (int i = 0; i < sentLines.size(); i++) {
            Map<String, Object> want = lineFields(sentLines.get(i));
            Object got = storedLines.get(i);
            if (!(got instanceof Map<?, ?> gotLine) || !SameContent.holds(cast(gotLine), want)) {
                return "line " + (i + 1) + " holds " + (got instanceof Map<?, ?> m ? lineFields(m) : got)
                        + " instead of " + want;
            }
        }
        BigDecimal total = SameContent.decimal(stored.get("hdnGrandTotal"));
        if (total == null) {
            return "it has no total (hdnGrandTotal)";
        }
        BigDecimal received = SameContent.decimal(sent.get("received"));
        BigDecimal balance = SameContent.decimal(sent.get("balance"));
        if (received != null && balance != null) {
            BigDecimal expected = received.add(balance);
            BigDecimal tolerance = ROUNDING_PER_LINE.multiply(BigDecimal.valueOf(sentLines.size() + 1L));
            if (total.subtract(expected).abs().compareTo(tolerance) > 0) {
                return "its total is " + total.toPlainString() + ", Dinero's " + expected.toPlainString();
            }
        }
        return null;
    }

    private static Map<String, Object> lineFields(Object line) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (line instanceof Map<?, ?> m) {
            for (String field : LINE_FIELDS) {
                if (m.containsKey(field)) {
                    out.put(field, m.get(field));
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }
}
