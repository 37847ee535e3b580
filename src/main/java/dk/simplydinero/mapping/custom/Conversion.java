package dk.simplydinero.mapping.custom;

import dk.simplydinero.mapping.Countries;
import dk.simplydinero.mapping.PersonNames;
import dk.simplydinero.mapping.Units;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The built-in conversions a mapping rule can name. Each takes the values of the rule's source fields (one, or
 * two or more for {@link #JOIN}) and gives the value for the target field. A value that cannot be converted
 * (a date or number that is none) throws {@link IllegalArgumentException} naming the value.
 */
public enum Conversion {
    /** The value as text ("" for none). */
    TEXT("text"),
    /** CRM → Dinero: country name (English, Danish) or code → ISO alpha-2, unknown or empty → DK. Dinero → CRM: ISO code → English name. */
    COUNTRY("country"),
    /** CRM usageunit ↔ Dinero Unit ({@link Units}). */
    UNIT("unit"),
    /** yyyy-MM-dd, yyyy-MM-ddTHH:mm:ss… or dd-MM-yyyy → yyyy-MM-dd; empty → null (CRM → Dinero) or "" (Dinero → CRM). */
    DATE("date"),
    /** CRM → Dinero: a BigDecimal (empty → null); Dinero → CRM: a plain decimal text (empty → ""). */
    DECIMAL("decimal"),
    /** The values joined by one space, blanks skipped. */
    JOIN("join"),
    /** The first name(s) of a person's name: all but the last word ({@link PersonNames#split}). */
    FIRST_NAME("first-name"),
    /** The last name of a person's name: its last word, or the whole name when it has one word. */
    LAST_NAME("last-name");

    private static final Pattern ISO_DATE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})([T ].*)?");
    private static final Pattern DANISH_DATE = Pattern.compile("\\d{2}-\\d{2}-\\d{4}");
    private static final DateTimeFormatter DD_MM_YYYY = DateTimeFormatter.ofPattern("dd-MM-uuuu");

    private final String key;

    Conversion(String key) {
        this.key = key;
    }

    /** The name in the mapping file, e.g. {@code first-name}. */
    public String key() {
        return key;
    }

    static Optional<Conversion> byKey(String key) {
        for (Conversion c : values()) {
            if (c.key.equals(key)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The known conversions for messages: "text, country, unit, …". */
    static String known() {
        return java.util.Arrays.stream(values()).map(Conversion::key).collect(Collectors.joining(", "));
    }

    /** @param values the source fields' values in the rule's order (null for a field the record lacks) */
    public Object apply(List<Object> values, Direction direction) {
        boolean toDinero = direction == Direction.CRM_TO_DINERO;
        if (this == JOIN) {
            return join(values);
        }
        String text = values == null || values.isEmpty() ? ""
                : values.size() == 1 ? text(values.get(0)) : join(values);
        switch (this) {
            case COUNTRY:
                if (toDinero) {
                    return Countries.isoCode(text).orElse("DK");
                }
                return text.isEmpty() ? "" : Countries.isoCode(text).map(Countries::englishName).orElse(text);
            case UNIT:
                return toDinero ? Units.toDinero(text) : Units.toCrm(text);
            case DATE:
                return text.isEmpty() ? (toDinero ? null : "") : date(text);
            case DECIMAL:
                if (text.isEmpty()) {
                    return toDinero ? null : "";
                }
                BigDecimal number = decimal(text);
                return toDinero ? number : number.toPlainString();
            case FIRST_NAME:
                return PersonNames.split(text).firstname();
            case LAST_NAME:
                return PersonNames.split(text).lastname();
            default:
                return text;
        }
    }

    private static String join(List<Object> values) {
        if (values == null) {
            return "";
        }
        return values.stream().map(Conversion::text).filter(s -> !s.isEmpty()).collect(Collectors.joining(" "));
    }

    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal d) {
            return normalize(d).toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            return normalize(new BigDecimal(value.toString())).toPlainString();
        }
        return value.toString().trim();
    }

    private static String date(String text) {
        Matcher iso = ISO_DATE.matcher(text);
        try {
            if (iso.matches()) {
                return LocalDate.parse(iso.group(1)).toString();
            }
            if (DANISH_DATE.matcher(text).matches()) {
                return LocalDate.parse(text, DD_MM_YYYY).toString();
            }
        } catch (DateTimeParseException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("'" + text + "' is not a date (yyyy-MM-dd, yyyy-MM-ddTHH:mm:ss or dd-MM-yyyy)");
    }

    private static BigDecimal decimal(String text) {
        try {
            return normalize(new BigDecimal(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a decimal number", e);
        }
    }

    private static BigDecimal normalize(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
