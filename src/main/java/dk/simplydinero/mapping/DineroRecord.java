package dk.simplydinero.mapping;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the values of one Dinero record (or one invoice line) for a Dinero → CRM mapping: PascalCase names, JSON
 * types (numbers as Integer/Long/BigDecimal, numeric strings accepted too), empty text as {@code ""} or {@code null}.
 * Anything malformed becomes a {@link DineroMappingException} naming the Dinero id and the field.
 */
public final class DineroRecord {

    private final String label;
    private final String dineroId;
    private final String prefix;
    private final Map<String, ?> values;

    private DineroRecord(String label, String dineroId, String prefix, Map<String, ?> values) {
        this.label = label;
        this.dineroId = dineroId;
        this.prefix = prefix;
        this.values = values;
    }

    /**
     * A whole record, {@code label} such as "Dinero contact"; its id is read from {@code idField} (e.g.
     * {@code ContactGuid}) and only used to name the record in messages, so it may be missing.
     */
    public static DineroRecord of(String label, String idField, Map<String, ?> values) {
        if (values == null) {
            throw new DineroMappingException("", "", label + ": no Dinero record to map");
        }
        Object id = values.get(idField);
        return new DineroRecord(label, id == null ? "" : id.toString().trim(), "", values);
    }

    /** A nested map (an invoice line) reported as {@code prefix.Field} of the parent record. */
    public DineroRecord nested(String fieldPrefix, Map<String, ?> nestedValues) {
        return new DineroRecord(label, dineroId, fieldPrefix + ".", nestedValues);
    }

    public String id() {
        return dineroId;
    }

    /** "Dinero contact 716a…" or "Dinero contact (no id)", for messages. */
    public String describe() {
        return label + (dineroId.isEmpty() ? " (no id)" : " " + dineroId);
    }

    public String fieldName(String field) {
        return prefix + field;
    }

    public Object raw(String field) {
        return values.get(field);
    }

    public boolean has(String field) {
        Object v = values.get(field);
        return v != null && !(v instanceof String s && s.isBlank());
    }

    /** Trimmed text; missing and null → "". Numbers in plain notation. Lists and records are refused. */
    public String text(String field) {
        Object v = values.get(field);
        if (v == null) {
            return "";
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (v instanceof Map<?, ?> || v instanceof Collection<?>) {
            throw fail(field, "holds " + v + ", which is not text");
        }
        return v.toString().trim();
    }

    /** Text that must not be empty. */
    public String requiredText(String field, String what) {
        String s = text(field);
        if (s.isEmpty()) {
            throw failWith(field, "has no " + what + " (field '" + fieldName(field) + "' is empty)");
        }
        return s;
    }

    /** A JSON number or a numeric string, normalized ({@code 1250.50} → 1250.5); "", null or missing → null. */
    public BigDecimal decimal(String field) {
        Object v = values.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean || v instanceof Map<?, ?> || v instanceof Collection<?>) {
            throw malformedNumber(field, v, null);
        }
        String s = v instanceof BigDecimal b ? b.toPlainString() : v.toString().trim();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return CrmRecord.normalize(new BigDecimal(s));
        } catch (NumberFormatException e) {
            throw malformedNumber(field, v, e);
        }
    }

    public BigDecimal requiredDecimal(String field) {
        BigDecimal d = decimal(field);
        if (d == null) {
            throw failWith(field, "has no value in field '" + fieldName(field) + "'; a number is required");
        }
        return d;
    }

    /** A whole number (e.g. days); null when empty. */
    public Integer integer(String field) {
        BigDecimal d = decimal(field);
        if (d == null) {
            return null;
        }
        try {
            return d.intValueExact();
        } catch (ArithmeticException e) {
            throw fail(field, "holds '" + d.toPlainString() + "', which is not a whole number");
        }
    }

    /** A Dinero date {@code yyyy-MM-dd} (a date-time's date part is accepted); "" or missing → null. */
    public LocalDate date(String field) {
        String s = text(field);
        if (s.isEmpty()) {
            return null;
        }
        String datePart = s.length() > 10 && (s.charAt(10) == 'T' || s.charAt(10) == ' ') ? s.substring(0, 10) : s;
        try {
            return LocalDate.parse(datePart);
        } catch (DateTimeParseException e) {
            throw new DineroMappingException(dineroId, fieldName(field), describe() + ": field '" + fieldName(field)
                    + "' holds '" + s + "', which is not a date (yyyy-MM-dd)", e);
        }
    }

    /** A JSON boolean or "true"/"false"; missing/null → null. */
    public Boolean flag(String field) {
        Object v = values.get(field);
        if (v == null || v instanceof String s && s.isBlank()) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.valueOf(s);
        }
        throw fail(field, "holds '" + v + "', which is not true or false");
    }

    /** The records of a list field; missing/null → empty list. */
    public List<Map<String, ?>> records(String field) {
        Object v = values.get(field);
        List<Map<String, ?>> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof Collection<?> list)) {
            throw fail(field, "is not a list");
        }
        int i = 0;
        for (Object item : list) {
            i++;
            if (!(item instanceof Map<?, ?> m)) {
                throw new DineroMappingException(dineroId, fieldName(field) + "[" + i + "]", describe() + ": entry "
                        + i + " of field '" + fieldName(field) + "' is not a record: " + item);
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> record = (Map<String, ?>) m;
            out.add(record);
        }
        return out;
    }

    public DineroMappingException fail(String field, String problem) {
        return failWith(field, "field '" + fieldName(field) + "' " + problem);
    }

    private DineroMappingException failWith(String field, String sentence) {
        return new DineroMappingException(dineroId, fieldName(field), describe() + ": " + sentence);
    }

    private DineroMappingException malformedNumber(String field, Object v, NumberFormatException e) {
        return new DineroMappingException(dineroId, fieldName(field), describe() + ": field '" + fieldName(field)
                + "' holds '" + v + "', which is not a number", e);
    }

    /** Money and quantities as the CRM takes them: plain decimals, trailing zeros dropped ({@code "1250.5"}). */
    public static String plain(BigDecimal value) {
        return CrmRecord.normalize(value).toPlainString();
    }
}
