package dk.simplydinero.crm;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Reads CRM values, which are strings ({@code "12.50000000"}, {@code "2.000"}, {@code "0"}/{@code "1"},
 * {@code ""}) except where the CRM sends JSON numbers (totals in the create answer of an invoice).
 */
public final class CrmValues {

    public static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private CrmValues() {
    }

    /** The value as text; null and missing become "". */
    public static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    /** A decimal from a string or JSON number; "" or null → null. */
    public static BigDecimal decimal(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal b) {
            return b;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        String s = value.toString().trim();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code "1"}, {@code "on"}, {@code "true"} or true → true. */
    public static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String s = text(value).trim();
        return "1".equals(s) || "on".equalsIgnoreCase(s) || "true".equalsIgnoreCase(s);
    }

    /** A CRM date-time ({@code yyyy-MM-dd HH:mm:ss}, server time, UTC by default); "" → null. */
    public static Instant dateTime(Object value) {
        String s = text(value).trim();
        if (s.isEmpty()) {
            return null;
        }
        return LocalDateTime.parse(s, DATE_TIME).toInstant(ZoneOffset.UTC);
    }

    /** A CRM date ({@code yyyy-MM-dd}); "" → null. */
    public static LocalDate date(Object value) {
        String s = text(value).trim();
        return s.isEmpty() ? null : LocalDate.parse(s);
    }

    /** Formats an instant the way VTQL compares modified times ({@code 2026-01-01 00:00:00}, UTC). */
    public static String format(Instant instant) {
        return DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }
}
