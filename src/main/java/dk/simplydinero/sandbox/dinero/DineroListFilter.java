package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dk.simplydinero.sandbox.dinero.DineroSimulator.CONTACTS;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.CREDIT_NOTES;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.INVOICES;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.PRODUCTS;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.isVoucher;

/**
 * A list's filter: {@code queryFilter} ({@code Field eq 'value'} or {@code contains}, case-insensitive, joined by
 * {@code ;}) on only the fields Dinero allows per type, and the invoices' and credit notes' {@code startDate}/{@code
 * endDate} and {@code statusFilter} (comma-separated Draft, Booked, Paid, OverPaid, Overdue, matched against the
 * payment state, whatever the list row's Status shows). It reads the stored fields (every filterable field is one), so
 * a list renders only the page it answers.
 */
final class DineroListFilter {

    static final Map<String, Set<String>> FILTERABLE = Map.of(
            CONTACTS, Set.of("Name", "Email", "ExternalReference", "VatNumber", "EanNumber", "IsPerson"),
            PRODUCTS, Set.of("Name", "ProductNumber", "ExternalReference"),
            INVOICES, Set.of("ExternalReference", "Description"),
            CREDIT_NOTES, Set.of("ExternalReference", "ContactGuid", "Description"));
    static final Set<String> STATUSES = Set.of("Draft", "Booked", "Paid", "OverPaid", "Overdue");
    private static final Pattern FILTER = Pattern.compile("^\\s*(\\w+)[ +]+(eq|contains)[ +]+'(.*)'\\s*$",
            Pattern.CASE_INSENSITIVE);

    private final List<Predicate<ObjectNode>> filters;
    private final Set<String> statuses;
    private final Function<DineroStore.Rec, String> statusOf;

    private DineroListFilter(List<Predicate<ObjectNode>> filters, Set<String> statuses,
                             Function<DineroStore.Rec, String> statusOf) {
        this.filters = filters;
        this.statuses = statuses;
        this.statusOf = statusOf;
    }

    /**
     * The filter a list request asks for; what is not valid goes to {@code v}. {@code statusOf} tells a record's
     * payment state for {@code statusFilter}.
     */
    static DineroListFilter parse(String type, Map<String, String> q, DineroValidator v,
                                  Function<DineroStore.Rec, String> statusOf) {
        List<Predicate<ObjectNode>> filters = parseFilter(type, q.get("queryFilter"), v);
        Set<String> statuses = Set.of();
        if (isVoucher(type)) {
            addDateBounds(q, filters, v);
            statuses = parseStatuses(q.get("statusFilter"), v);
        }
        return new DineroListFilter(filters, statuses, statusOf);
    }

    boolean matches(DineroStore.Rec rec) {
        return (statuses.isEmpty() || statuses.contains(statusOf.apply(rec)))
                && (filters.isEmpty() || matches(filters, rec.fields()));
    }

    /** {@code statusFilter}: names matched case-insensitively; an unknown one is a 400 naming it. */
    private static Set<String> parseStatuses(String raw, DineroValidator v) {
        Set<String> out = new HashSet<>();
        if (raw == null || raw.isBlank()) {
            return out;
        }
        for (String part : raw.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            String known = STATUSES.stream().filter(name::equalsIgnoreCase).findFirst().orElse(null);
            if (known == null) {
                v.add("statusFilter", "The status '" + name + "' is not valid. Use Draft, Booked, Paid, OverPaid or Overdue.");
            } else {
                out.add(known);
            }
        }
        return out;
    }

    private static List<Predicate<ObjectNode>> parseFilter(String type, String raw, DineroValidator v) {
        List<Predicate<ObjectNode>> out = new ArrayList<>();
        if (raw == null || raw.isBlank()) {
            return out;
        }
        for (String part : raw.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            Matcher m = FILTER.matcher(part);
            if (!m.matches()) {
                v.add("queryFilter", "The filter '" + part + "' is not valid. Use Field+eq+'value' or Field+contains+'value'.");
                continue;
            }
            String field = FILTERABLE.get(type).stream().filter(f -> f.equalsIgnoreCase(m.group(1))).findFirst().orElse(null);
            if (field == null) {
                v.add("queryFilter", "The field '" + m.group(1) + "' cannot be used in a filter.");
                continue;
            }
            boolean eq = "eq".equalsIgnoreCase(m.group(2));
            String value = m.group(3).toLowerCase(Locale.ROOT);
            out.add(row -> {
                JsonNode n = row.get(field);
                String text = n == null || n.isNull() ? "" : n.asText().toLowerCase(Locale.ROOT);
                return eq ? text.equals(value) : text.contains(value);
            });
        }
        return out;
    }

    /** Invoices' and credit notes' {@code startDate} and {@code endDate}, both inclusive. */
    private static void addDateBounds(Map<String, String> q, List<Predicate<ObjectNode>> filters, DineroValidator v) {
        for (String bound : List.of("startDate", "endDate")) {
            String raw = q.get(bound);
            if (raw == null || raw.isBlank()) {
                continue;
            }
            try {
                LocalDate d = LocalDate.parse(raw.trim());
                boolean start = "startDate".equals(bound);
                filters.add(row -> {
                    LocalDate date = LocalDate.parse(row.get("Date").asText());
                    return start ? !date.isBefore(d) : !date.isAfter(d);
                });
            } catch (DateTimeParseException e) {
                v.add(bound, "The value '" + raw + "' is not a valid date (YYYY-MM-DD).");
            }
        }
    }

    private static boolean matches(List<Predicate<ObjectNode>> filters, ObjectNode fields) {
        for (Predicate<ObjectNode> f : filters) {
            if (!f.test(fields)) {
                return false;
            }
        }
        return true;
    }
}
