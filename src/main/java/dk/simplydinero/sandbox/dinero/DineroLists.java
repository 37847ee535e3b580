package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.simplydinero.sandbox.SimRequest;
import dk.simplydinero.sandbox.SimResponse;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dk.simplydinero.sandbox.dinero.DineroAnswers.NODES;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.CONTACTS;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.isVoucher;

/**
 * {@code GET /v1/{org}/{type}}: paging ({@code page}, {@code pageSize} cut to the largest page allowed, the
 * {@code Pagination} block), {@code changesSince} (UTC), {@code deletedOnly}, the filter ({@link DineroListFilter}),
 * and the {@code fields} projection (invoice and credit-note rows default to Dinero's short lists and hold only
 * their list's model).
 */
final class DineroLists {

    /** How one record is answered as a list row, and its payment state for {@code statusFilter}. */
    interface Rows {
        ObjectNode row(DineroStore.Org org, String type, DineroStore.Rec rec);

        String status(DineroStore.Org org, String type, DineroStore.Rec rec);
    }

    private final Rows rows;
    private volatile boolean includeDeleted;
    private volatile int maxPageSize = 1000;
    private volatile boolean resultUnfiltered;

    DineroLists(Rows rows) {
        this.rows = rows;
    }

    void includeDeleted(boolean include) {
        this.includeDeleted = include;
    }

    void resultUnfiltered(boolean unfiltered) {
        this.resultUnfiltered = unfiltered;
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
        DineroListFilter filter = DineroListFilter.parse(type, q, v, rec -> rows.status(org, type, rec));
        v.throwIfAny();

        List<DineroStore.Rec> all = new ArrayList<>(DineroStore.table(org, type).values());
        if (CONTACTS.equals(type)) {
            all.sort(Comparator.comparing((DineroStore.Rec x) -> x.updatedAt).thenComparing(x -> x.guid));
        }
        // The filter looks at the stored fields, so only the page asked for is rendered: listing 100,000 records
        // page by page stays cheap in time and memory.
        List<DineroStore.Rec> matching = new ArrayList<>();
        int withoutFilter = 0;
        int live = 0;
        for (DineroStore.Rec rec : all) {
            if (rec.deletedAt == null) {
                live++;
            }
            if (deletedOnly ? rec.deletedAt == null : (since == null && !includeDeleted && rec.deletedAt != null)) {
                continue;
            }
            if (since != null && rec.updatedAt.isBefore(since)) {
                continue;
            }
            withoutFilter++;
            if (filter.matches(rec)) {
                matching.add(rec);
            }
        }
        String fields = q.get("fields");
        ArrayNode collection = NODES.arrayNode();
        long from = (long) page * pageSize;
        for (long i = from; i < Math.min(matching.size(), from + pageSize); i++) {
            ObjectNode row = rows.row(org, type, matching.get((int) i));
            collection.add(isVoucher(type)
                    ? project(row, fields, DineroInvoiceView.listDefaults(type), DineroInvoiceView.listModel(type))
                    : project(row, fields, null, null));
        }
        ObjectNode out = NODES.objectNode();
        out.set("Collection", collection);
        ObjectNode p = out.putObject("Pagination");
        p.put("MaxPageSizeAllowed", maxAllowed);
        p.put("PageSize", pageSize);
        p.put("Result", resultUnfiltered ? live : matching.size());
        p.put("ResultWithoutFilter", resultUnfiltered ? live : withoutFilter);
        p.put("Page", page);
        return DineroAnswers.json(200, out);
    }

    /**
     * The {@code fields} asked for, matched case-insensitively and named as asked; else {@code defaults} or all. A
     * name outside {@code model} (when given) is left out, as Dinero leaves out what its list rows do not hold.
     */
    private static ObjectNode project(ObjectNode row, String fields, List<String> defaults, List<String> model) {
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
            if (name.isEmpty() || model != null && model.stream().noneMatch(name::equalsIgnoreCase)) {
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
