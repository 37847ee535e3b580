package dk.simplydinero.sync;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Whether a record (Dinero's or the CRM's) already holds what we would write: every mapped field (and, in product lines,
 * every mapped line field) equal, numbers by value ({@code 12.5} = {@code 12.50}, also the CRM's decimal strings:
 * {@code "2"} = {@code "2.000"}), {@code null} = {@code ""}.
 * Fields we do not map (set by the accountant in Dinero) do not count.
 */
final class SameContent {

    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");

    private SameContent() {
    }

    static boolean holds(Map<String, ?> current, Map<String, ?> mapped) {
        return differing(current, mapped).isEmpty();
    }

    /** The mapped fields {@code current} does not hold yet, in the mapping's order (what a write would change). */
    static List<String> differing(Map<String, ?> current, Map<String, ?> mapped) {
        List<String> differing = new java.util.ArrayList<>();
        for (Map.Entry<String, ?> e : mapped.entrySet()) {
            if (!same(e.getValue(), current.get(e.getKey()))) {
                differing.add(e.getKey());
            }
        }
        return differing;
    }

    private static boolean same(Object wanted, Object actual) {
        if (wanted instanceof Map<?, ?> w) {
            if (!(actual instanceof Map<?, ?> a)) {
                return false;
            }
            for (Map.Entry<?, ?> e : w.entrySet()) {
                if (!same(e.getValue(), a.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (wanted instanceof List<?> w) {
            if (!(actual instanceof List<?> a) || a.size() != w.size()) {
                return false;
            }
            for (int i = 0; i < w.size(); i++) {
                if (!same(w.get(i), a.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (wanted instanceof Number || actual instanceof Number || decimalStrings(wanted, actual)) {
            BigDecimal w = decimal(wanted);
            BigDecimal a = decimal(actual);
            return w != null && a != null ? w.compareTo(a) == 0 : w == a;
        }
        return text(wanted).equals(text(actual));
    }

    /**
     * Two decimal numbers as text, one with a decimal point: the CRM answers money and quantities with fixed
     * decimals ({@code "950.00000000"}). Without a point both are compared as text, so {@code "0800"} (a zip code)
     * is not {@code "800"}.
     */
    private static boolean decimalStrings(Object wanted, Object actual) {
        return wanted instanceof String w && actual instanceof String a && DECIMAL.matcher(w.trim()).matches()
                && DECIMAL.matcher(a.trim()).matches() && (w.contains(".") || a.contains("."));
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }

    /** A number or the text of one ({@code "12.50000000"}); null when blank or not a number. */
    static BigDecimal decimal(Object value) {
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
