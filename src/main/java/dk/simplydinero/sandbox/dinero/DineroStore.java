package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static dk.simplydinero.sandbox.dinero.DineroSimulator.CONTACTS;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.CREDIT_NOTES;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.INVOICES;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.PRODUCTS;

/**
 * The simulator's memory: organizations, their record tables and the row versions ({@code TimeStamp}) Dinero hands
 * out, plus the lookups every concern shares (a live record or Dinero's 404/63/65 answer).
 */
final class DineroStore {

    private final Map<String, Org> orgs = new ConcurrentHashMap<>();
    private final AtomicLong rowVersion = new AtomicLong(0x7D3A0L);
    private final Supplier<Clock> clock;

    DineroStore(Supplier<Clock> clock) {
        this.clock = clock;
    }

    /** The organization, created empty when new. */
    Org orgOrNew(String organizationId) {
        return orgs.computeIfAbsent(organizationId, Org::new);
    }

    /** The organization, or null when unknown (an API call then gets 403). */
    Org find(String organizationId) {
        return orgs.get(organizationId);
    }

    Iterable<Org> orgs() {
        return orgs.values();
    }

    Org org(String organizationId) {
        Org org = orgs.get(organizationId);
        if (org == null) {
            throw new IllegalArgumentException("Unknown organization " + organizationId);
        }
        return org;
    }

    static Map<String, Rec> table(Org org, String type) {
        Map<String, Rec> t = org.data.get(type);
        if (t == null) {
            throw new IllegalArgumentException("Unknown record type " + type + " (contacts, products, invoices, creditnotes)");
        }
        return t;
    }

    /** Stores a new record (invoices and credit notes carry a row version, the others null) and returns it. */
    Rec insert(Org org, String type, ObjectNode fields, String timestamp) {
        Rec rec = new Rec(UUID.randomUUID().toString());
        rec.fields(fields);
        rec.timestamp = timestamp;
        rec.createdAt = now();
        rec.updatedAt = rec.createdAt;
        table(org, type).put(rec.guid, rec);
        return rec;
    }

    /** Deleting is soft: the record stays, with {@code DeletedAt} (and so {@code UpdatedAt}) set. */
    void markDeleted(Rec rec) {
        rec.deletedAt = now();
        rec.updatedAt = rec.deletedAt;
    }

    /** A record the API may touch: unknown answers an HTML 404, deleted code 63 (invoices) or 65. */
    static Rec live(Org org, String type, String guid) {
        Rec rec = table(org, type).get(guid);
        if (rec == null) {
            throw new DineroAnswers.Answer(DineroAnswers.html404());
        }
        if (rec.deletedAt != null) {
            throw INVOICES.equals(type) ? DineroAnswers.error(400, 63, "The invoice is deleted or does not exist.")
                    : DineroAnswers.error(400, 65, "Item is deleted");
        }
        return rec;
    }

    /** A record a test names; unknown is the test's mistake. */
    static Rec existing(Org org, String type, String guid) {
        Rec rec = table(org, type).get(guid);
        if (rec == null) {
            throw new IllegalArgumentException("No " + type + " record " + guid);
        }
        return rec;
    }

    Clock clock() {
        return clock.get();
    }

    Instant now() {
        return clock().instant();
    }

    String nextTimestamp() {
        return String.format("%016X", rowVersion.incrementAndGet());
    }

    static final class Org {
        final String id;
        volatile String apiKey;
        volatile boolean pro;
        final Map<String, Map<String, Rec>> data = Map.of(CONTACTS, new LinkedHashMap<>(),
                PRODUCTS, new LinkedHashMap<>(), INVOICES, new LinkedHashMap<>(), CREDIT_NOTES, new LinkedHashMap<>());
        /** The last number booked: invoices and credit notes share one series (inferred, see DineroInvoices#book). */
        long lastNumber;

        Org(String id) {
            this.id = id;
        }
    }

    static final class Rec {
        final String guid;
        /** The stored fields as UTF-8 JSON: a third of the memory of a tree, so 100,000 records fit a small heap. */
        private byte[] data;
        Instant createdAt;
        Instant updatedAt;
        Instant deletedAt;
        boolean booked;
        Long number;
        String timestamp;
        final List<ObjectNode> payments = new ArrayList<>();

        Rec(String guid) {
            this.guid = guid;
        }

        /** A fresh copy of the stored fields (changes need {@link #fields(ObjectNode)} to be kept). */
        ObjectNode fields() {
            try {
                return (ObjectNode) DineroAnswers.MAPPER.readTree(data);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void fields(ObjectNode fields) {
            try {
                data = DineroAnswers.MAPPER.writeValueAsBytes(fields);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
