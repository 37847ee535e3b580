package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.simplydinero.sandbox.SimRequest;
import dk.simplydinero.sandbox.SimResponse;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dk.simplydinero.sandbox.dinero.DineroAnswers.NODES;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.CONTACTS;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.INVOICES;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.PRODUCTS;

/**
 * {@code GET /v1/{org}/{type}}: paging ({@code page}, {@code pageSize} cut to the largest page allowed, the
 * {@code Pagination} block), {@code changesSince} (UTC), {@code deletedOnly}, {@code queryFilter} on the fields Dinero
 * allows, invoice date bounds, and the {@code fields} projection (invoice rows default to Dinero's short list).
 */
final class DineroLists {

    static final Map<String, Set<String>> FILTERABLE = Map.of(
            CONTACTS, Set.of("Name", "Email", "ExternalReference", "VatNumber", "EanNumber", "IsPerson"),
            PRODUCTS, Set.of("Name", "ProductNumber", "ExternalReference"),
            INVOICES, Set.of("ExternalReference", "Description"));
    private static final Pattern FILTER = Pattern.compile("^\\s*(\\w+)[ +]+(eq|contains)[ +]+'(.*)'\\s*$",
            Pattern.CASE_INSENSITIVE);

    /** How one record is answered as a list row. */
    interface Rows {
        ObjectNode row(DineroStore.Org org, String type, DineroStore.Rec rec);
    }

    private final Rows rows;
    private volatile boolean includeDeleted;
    private volatile int maxPageSize = 1000;

    DineroLists(Rows rows) {
        this.rows = rows;
    }

    void includeDeleted(boolean include) {
        this.includeDeleted = include;
    }

    void maxPageSize(int size) {
        this.maxPageSize = size;
    }

    SimResponse list(DineroStore.Org org, String type, SimRequest r) {
        Map<String, String> q = r.query();
        DineroValidator v = new DineroValidator();
        int page = v.intParam(q, "page", 0);
        int pageSize = v.intParam(q, "pageSize", 100);
        if (page < 0) {
            v.add("page", "The page must be 0 or more.");
        }
        if (pageSize < 1) {
            v.add("pageSize", "The page size must be 1 or more.");
        }
        int maxAllowed = maxPageSize;
        pageSize = Math.min(pageSize, maxAllowed);
        Instant since = null;
        String changesSince = q.get("changesSince");
        if (changesSince != null && !changesSince.isBlank()) {
            since = parseChangesSince(changesSince.trim());
            if (since == null) {
                v.add("changesSince", "The value '" + changesSince + "' is not a valid UTC date-time (yyyy-MM-ddTHH:mm:ssZ).");
            }
        }
        boolean deletedOnly = "true".equalsIgnoreCase(q.get("deletedOnly"));
        List<Predicate<ObjectNode>> filters = parseFilter(type, q.get("queryFilter"), v);
        if (INVOICES.equals(type)) {
            addDateBounds(q, filters, v);
        }
        v.throwIfAny();

        List<DineroStore.Rec> all = new ArrayList<>(DineroStore.table(org, type).values());
        if (CONTACTS.equals(type)) {
            all.sort(Comparator.comparing((DineroStore.Rec x) -> x.updatedAt).thenComparing(x -> x.guid));
        }
        // Filters look at the stored fields (every filterable field is one), so only the page asked for is
        // rendered: listing 100,000 records page by page stays cheap in time and memory.
        List<DineroStore.Rec> matching = new ArrayList<>();
        int withoutFilter = 0;
        for (DineroStore.Rec rec : all) {
            if (deletedOnly ? rec.deletedAt == null : (since == null && !includeDeleted && rec.deletedAt != null)) {
                continue;
            }
            if (since != null && rec.updatedAt.isBefore(since)) {
                continue;
            }
            withoutFilter++;
            if (filters.isEmpty() || matches(filters, rec.fields())) {
                matching.add(rec);
            }
        }
        String fields = q.get("fields");
        ArrayNode collection = NODES.arrayNode();
        long from = (long) page * pageSize;
        for (long i = from; i < Math.min(matching.size(), from + pageSize); i++) {
            ObjectNode row = rows.row(org, type, matching.get((int) i));
            collection.add(project(row, fields, INVOICES.equals(type) ? DineroInvoiceView.INVOICE_LIST_FIELDS : null));
        }
        ObjectNode out = NODES.objectNode();
        out.set("Collection", collection);
        ObjectNode p = out.putObject("Pagination");
        p.put("MaxPageSizeAllowed", maxAllowed);
        p.put("PageSize", pageSize);
        p.put("Result", matching.size());
        p.put("ResultWithoutFilter", withoutFilter);
        p.put("Page", page);
        return DineroAnswers.json(200, out);
    }

    /** Invoices' {@code startDate} and {@code endDate}, both inclusive. */
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

    /** The {@code fields} asked for, matched case-insensitively and named as asked; else {@code defaults} or all. */
    private static ObjectNode project(ObjectNode row, String fields, List<String> defaults) {
        if (fields == null || fields.isBlank()) {
            if (defaults == null) {
                return row;
            }
            ObjectNode o = NODES.objectNode();
            defaults.forEach(f -> o.set(f, row.get(f)));
            return o;
        }
        ObjectNode o = NODES.objectNode();
        for (String wanted : fields.split(",")) {
            String name = wanted.trim();
            if (name.isEmpty()) {
                continue;
            }
            JsonNode value = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equalsIgnoreCase(name)) {
                    value = e.getValue();
                }
            }
            if (value != null) {
                o.set(name, value);
            }
        }
        return o;
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

    /** {@code changesSince} is UTC: with {@code Z}, or without a zone (read as UTC); null when not a date-time. */
    private static Instant parseChangesSince(String raw) {
        try {
            if (raw.endsWith("Z") || raw.endsWith("z")) {
                return Instant.parse(raw.toUpperCase(Locale.ROOT));
            }
            return LocalDateTime.parse(raw).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
