package dk.simplydinero.dinero;

import dk.simplydinero.http.FormEncoding;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to list: {@code fields}, {@code queryFilter} (eq/contains joined by {@code ;}), {@code changesSince},
 * {@code deletedOnly}, page size (default and maximum 1000) and extra parameters. Immutable.
 */
public final class ListQuery {

    public static final int MAX_PAGE_SIZE = 1000;
    private static final DateTimeFormatter CHANGES_SINCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final int pageSize;
    private final List<String> fields;
    private final List<String> filters;
    private final Instant changesSince;
    private final boolean deletedOnly;
    private final Map<String, String> extra;

    private ListQuery(int pageSize, List<String> fields, List<String> filters, Instant changesSince,
                      boolean deletedOnly, Map<String, String> extra) {
        this.pageSize = pageSize;
        this.fields = List.copyOf(fields);
        this.filters = List.copyOf(filters);
        this.changesSince = changesSince;
        this.deletedOnly = deletedOnly;
        this.extra = Map.copyOf(extra);
    }

    /** Everything, 1000 per page. */
    public static ListQuery all() {
        return new ListQuery(MAX_PAGE_SIZE, List.of(), List.of(), null, false, Map.of());
    }

    public ListQuery pageSize(int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1.." + MAX_PAGE_SIZE + ", was " + size);
        }
        return new ListQuery(size, fields, filters, changesSince, deletedOnly, extra);
    }

    /** Only these properties, spelled back as given. */
    public ListQuery fields(String... names) {
        return new ListQuery(pageSize, List.of(names), filters, changesSince, deletedOnly, extra);
    }

    /** {@code Field eq 'value'} (joined with the other conditions). */
    public ListQuery eq(String field, Object value) {
        return condition(field, "eq", value);
    }

    /** {@code Field contains 'value'}. */
    public ListQuery contains(String field, Object value) {
        return condition(field, "contains", value);
    }

    /** A raw condition as Dinero documents it, {@code Name+eq+'x'} or {@code Name eq 'x'}. */
    public ListQuery filter(String raw) {
        List<String> f = new ArrayList<>(filters);
        for (String part : raw.split(";")) {
            if (!part.isBlank()) {
                f.add(part.trim().replaceFirst("^(\\w+)\\+(eq|contains)\\+'", "$1 $2 '"));
            }
        }
        return new ListQuery(pageSize, fields, f, changesSince, deletedOnly, extra);
    }

    /** Records changed at or after {@code since}; sent with second precision (truncated down). */
    public ListQuery changesSince(Instant since) {
        return new ListQuery(pageSize, fields, filters, since, deletedOnly, extra);
    }

    public ListQuery deletedOnly(boolean only) {
        return new ListQuery(pageSize, fields, filters, changesSince, only, extra);
    }

    /** Another query parameter, e.g. {@code startDate} for invoices. */
    public ListQuery param(String name, String value) {
        Map<String, String> e = new LinkedHashMap<>(extra);
        e.put(name, value);
        return new ListQuery(pageSize, fields, filters, changesSince, deletedOnly, e);
    }

    public int pageSize() {
        return pageSize;
    }

    public List<String> fields() {
        return fields;
    }

    public List<String> filters() {
        return filters;
    }

    public Instant changesSince() {
        return changesSince;
    }

    public boolean deletedOnly() {
        return deletedOnly;
    }

    private ListQuery condition(String field, String op, Object value) {
        Objects.requireNonNull(field, "field");
        String v = String.valueOf(value);
        if (v.contains("'") || v.contains(";")) {
            throw new IllegalArgumentException("Dinero's queryFilter cannot express a value containing ' or ;");
        }
        List<String> f = new ArrayList<>(filters);
        f.add(field + " " + op + " '" + v + "'");
        return new ListQuery(pageSize, fields, f, changesSince, deletedOnly, extra);
    }

    /** The query string for one page, without the leading {@code ?}. */
    String toQueryString(int page) {
        StringBuilder q = new StringBuilder();
        append(q, "page", String.valueOf(page));
        append(q, "pageSize", String.valueOf(pageSize));
        if (!fields.isEmpty()) {
            append(q, "fields", String.join(",", fields));
        }
        if (!filters.isEmpty()) {
            append(q, "queryFilter", String.join(";", filters));
        }
        if (changesSince != null) {
            append(q, "changesSince", CHANGES_SINCE.format(changesSince.truncatedTo(ChronoUnit.SECONDS)));
        }
        if (deletedOnly) {
            append(q, "deletedOnly", "true");
        }
        extra.forEach((k, v) -> append(q, k, v));
        return q.toString();
    }

    private static void append(StringBuilder q, String name, String value) {
        FormEncoding.append(q, name, value);
    }

    @Override
    public String toString() {
        return "ListQuery[" + toQueryString(0) + "]";
    }
}
