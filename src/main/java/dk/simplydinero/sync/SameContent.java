package dk.simplydinero.sync;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Whether a Dinero record already holds what we would write: every mapped field (and, in product lines,
 * every mapped line field) equal, numbers by value ({@code 12.5} = {@code 12.50}), {@code null} = {@code ""}.
 * Fields we do not map (set by the accountant in Dinero) do not count.
 */
final class SameContent {

    private SameContent() {
    }

    static boolean holds(Map<String, ?> current, Map<String, ?> mapped) {
        for (Map.Entry<String, ?> e : mapped.entrySet()) {
            if (!same(e.getValue(), current.get(e.getKey()))) {
                return false;
            }
        }
        return true;
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
        if (wanted instanceof Number || actual instanceof Number) {
            BigDecimal w = decimal(wanted);
            BigDecimal a = decimal(actual);
            return w != null && a != null ? w.compareTo(a) == 0 : w == a;
        }
        return text(wanted).equals(text(actual));
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }

    private static BigDecimal decimal(Object value) {
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
