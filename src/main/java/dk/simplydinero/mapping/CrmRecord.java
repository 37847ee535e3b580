package dk.simplydinero.mapping;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the values of one CRM record (or one invoice line) for a mapping: CRM values are strings
 * ({@code "12.50000000"}, {@code "2.000"}, {@code ""}), except the JSON numbers of an invoice create answer.
 * Anything malformed becomes a {@link MappingException} naming the record and the field.
 */
public final class CrmRecord {

    private static final Pattern REFERENCE = Pattern.compile("\\d+x\\d+");

    private final String crmId;
    private final String prefix;
    private final Map<String, ?> values;

    private CrmRecord(String crmId, String prefix, Map<String, ?> values) {
        this.crmId = crmId;
        this.prefix = prefix;
        this.values = values;
    }

    /** A whole record; its {@code id} is required (it becomes Dinero's ExternalReference). */
    public static CrmRecord of(String label, Map<String, ?> values) {
        if (values == null) {
            throw new MappingException("", "id", label + ": no CRM record to map");
        }
        Object id = values.get("id");
        String crmId = id == null ? "" : id.toString().trim();
        if (crmId.isEmpty()) {
            throw new MappingException("", "id", label + " without a CRM id (field 'id') cannot be mapped");
        }
        return new CrmRecord(crmId, "", values);
    }

    /** A nested map (an invoice line) reported as {@code prefix.field} of the parent record. */
    public CrmRecord nested(String fieldPrefix, Map<String, ?> nestedValues) {
        return new CrmRecord(crmId, fieldPrefix + ".", nestedValues);
    }

    public String id() {
        return crmId;
    }

    /** The name a user sees for a field of this record, e.g. {@code LineItems[2].quantity}. */
    public String fieldName(String field) {
        return prefix + field;
    }

    public Object raw(String field) {
        return values.get(field);
    }

    /** Trimmed text; missing and null → "". */
    public String text(String field) {
        Object v = values.get(field);
        return v == null ? "" : v.toString().trim();
    }

    /** A number from a CRM string or a JSON number, normalized ({@link #normalize}); "" or missing → null. */
    public BigDecimal decimal(String field) {
        Object v = values.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            try {
                return normalize(v instanceof BigDecimal b ? b : new BigDecimal(n.toString()));
            } catch (NumberFormatException e) {
                throw malformedNumber(field, v, e);
            }
        }
        String s = v.toString().trim();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return normalize(new BigDecimal(s));
        } catch (NumberFormatException e) {
            throw malformedNumber(field, v, e);
        }
    }

    /** A number that must be there. */
    public BigDecimal requiredDecimal(String field) {
        BigDecimal d = decimal(field);
        if (d == null) {
            throw fail(field, "field '" + fieldName(field) + "' is empty; a number is required");
        }
        return d;
    }

    /** A CRM date {@code yyyy-MM-dd} (a date-time's date part is accepted); "" or missing → null. */
    public LocalDate date(String field) {
        String s = text(field);
        if (s.isEmpty()) {
            return null;
        }
        String datePart = s.length() > 10 && (s.charAt(10) == ' ' || s.charAt(10) == 'T') ? s.substring(0, 10) : s;
        try {
            return LocalDate.parse(datePart);
        } catch (DateTimeParseException e) {
            throw fail(field, "field '" + fieldName(field) + "' holds '" + s + "', which is not a date (yyyy-MM-dd)", e);
        }
    }

    /** A reference such as {@code 11x42}; "" or missing → "". */
    public String reference(String field) {
        String s = text(field);
        if (!s.isEmpty() && !REFERENCE.matcher(s).matches()) {
            throw fail(field, "field '" + fieldName(field) + "' holds '" + s + "', which is not a CRM record id such as 11x42");
        }
        return s;
    }

    /** Text that must not be empty (Dinero requires it). */
    public String requiredText(String field, String what) {
        String s = text(field);
        if (s.isEmpty()) {
            throw fail(field, what + " (field '" + fieldName(field) + "') is empty");
        }
        return s;
    }

    /**
     * The CRM's trailing zeros dropped ({@code 1250.00000000} → 1250, {@code 12.50000000} → 12.5,
     * {@code 2.000} → 2), never in exponent form; significant decimals are kept, never rounded.
     */
    public static BigDecimal normalize(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private MappingException malformedNumber(String field, Object v, NumberFormatException e) {
        return fail(field, "field '" + fieldName(field) + "' holds '" + v + "', which is not a number", e);
    }

    /** The refusal of this record for {@code field}: "CRM record 11x42: " + {@code problem}, which names the field. */
    public MappingException fail(String field, String problem) {
        return fail(field, problem, null);
    }

    public MappingException fail(String field, String problem, Throwable cause) {
        return new MappingException(crmId, fieldName(field), "CRM record " + crmId + ": " + problem, cause);
    }
}
