package dk.simplydinero.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.DineroResource;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import dk.simplydinero.store.PendingCreateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates whose outcome is unknown, on either side. Before each create its intent is stored
 * ({@code sync_pending_create}: what identifies the record on the target) and it is removed once the link is stored.
 * An intent left behind means the answer was lost or the process stopped in between: the record may exist.
 * <ul>
 *   <li>{@link #resolve()}, at the start of every run, looks each such record up (Dinero by ExternalReference, the CRM
 *       by name, customer and date among records created since) and links what it finds, before any feed is read:
 *       otherwise the orphan would be read as a new record of its own side and copied back;</li>
 *   <li>the writers look again before sending a create that failed in a transient way.</li>
 * </ul>
 */
@Component
public class UncertainCreates {

    static final String CRM = "crm";
    static final String DINERO = "dinero";
    /** Marker keys: the ids that carried the name before our create, and when we began. */
    private static final String BEFORE = "_before";
    private static final String SINCE = "_since";

    private static final Logger log = LoggerFactory.getLogger(UncertainCreates.class);
    /** The CRM's {@code createdtime} format (UTC). */
    private static final DateTimeFormatter CRM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    /** Margin for the CRM's clock and time zone when asking for records created since an intent. */
    private static final Duration CLOCK_MARGIN = Duration.ofDays(1);
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() { };

    private final PendingCreateStore pending;
    private final LinkStore links;
    private final SimplyCrmClient crm;
    private final DineroClient dinero;
    private final ObjectMapper json = new ObjectMapper();
    private final Fingerprints fingerprints;

    public UncertainCreates(PendingCreateStore pending, LinkStore links, SimplyCrmClient crm, DineroClient dinero,
                            Fingerprints fingerprints) {
        this.fingerprints = fingerprints;
        this.pending = pending;
        this.links = links;
        this.crm = crm;
        this.dinero = dinero;
    }

    /**
     * Stores the intent to create {@code mapped} in the CRM for Dinero record {@code dineroId}; returns what identifies
     * it (with the ids of the records that already carried its name: those are never taken for it).
     */
    Map<String, String> beginCrm(SyncModule module, String dineroId, Map<String, Object> mapped) {
        Optional<PendingCreateStore.Pending> earlier = pending.find(module, CRM, dineroId);
        if (earlier.isPresent()) {
            return fields(earlier.get().marker());
        }
        Map<String, String> identifying = identifying(module, mapped);
        identifying.put(BEFORE, String.join(",", candidates(module, identifying, null).stream()
                .map(r -> String.valueOf(r.get("id"))).toList()));
        identifying.put(SINCE, Instant.now().toString());
        begin(module, CRM, dineroId, marker(identifying));
        return identifying;
    }

    /** Stores the intent to create {@code mapped} (carrying ExternalReference = CRM id) in Dinero for {@code crmId}. */
    boolean beginDinero(SyncModule module, String crmId) {
        boolean earlier = pending.find(module, DINERO, crmId).isPresent();
        begin(module, DINERO, crmId, crmId);
        return earlier;
    }

    /** An earlier intent is kept as it was (its start time bounds the search); true when there was one. */
    private Instant begin(SyncModule module, String side, String sourceId, String marker) {
        Optional<PendingCreateStore.Pending> earlier = pending.find(module, side, sourceId);
        if (earlier.isPresent()) {
            return earlier.get().startedAt();
        }
        pending.begin(module, side, sourceId, marker);
        return pending.find(module, side, sourceId).map(PendingCreateStore.Pending::startedAt).orElse(Instant.now());
    }

    boolean isPendingCrm(SyncModule module, String dineroId) {
        return pending.find(module, CRM, dineroId).isPresent();
    }

    void doneCrm(SyncModule module, String dineroId) {
        pending.done(module, CRM, dineroId);
    }

    void doneDinero(SyncModule module, String crmId) {
        pending.done(module, DINERO, crmId);
    }

    /** Links every record an earlier create left uncertain that turns out to exist; forgets the others. */
    public void resolve() {
        for (PendingCreateStore.Pending p : pending.all()) {
            try {
                resolve(p);
            } catch (RuntimeException e) {
                // The side cannot be asked now: the intent stays, and the writer looks again before creating.
                log.warn("Could not resolve the uncertain create of {} {} yet: {}", p.module().key(), p.sourceId(),
                        e.getMessage());
            }
        }
    }

    private void resolve(PendingCreateStore.Pending p) {
        if (CRM.equals(p.side())) {
            Optional<Map<String, Object>> made = findInCrm(p.module(), fields(p.marker()));
            made.ifPresent(record -> link(p, String.valueOf(record.get("id")), p.sourceId(),
                    // Made from Dinero's record: the CRM side holds what we wrote, Dinero's side counts as changed
                    // once, so its version is compared with the CRM record (and the CRM's never copied back).
                    fingerprints.crm(p.module(), record)));
        } else {
            // Made from the CRM record: no fingerprint on either side, the writers compare the records themselves.
            findInDinero(p.module(), p.sourceId()).ifPresent(ref -> link(p, p.sourceId(), ref.guid(), null));
        }
        pending.done(p.module(), p.side(), p.sourceId());
    }

    private void link(PendingCreateStore.Pending p, String crmId, String dineroId, String crmHash) {
        if (links.byCrmId(p.module(), crmId).isEmpty() && links.byDineroId(p.module(), dineroId).isEmpty()) {
            links.save(new Link(p.module(), crmId, dineroId, crmHash, null, null, null));
            log.info("{} {} created in {} before the last stop is linked to {}", p.module().key(),
                    CRM.equals(p.side()) ? crmId : dineroId, CRM.equals(p.side()) ? "the CRM" : "Dinero", p.sourceId());
        }
    }

    /**
     * The record of an uncertain CRM create, if it was made: not linked, with the identifying fields we sent (name;
     * an invoice also its customer and date), created since we started (less a margin for the CRM's clock). The CRM
     * rewrites some of what it is sent (numbers, line items, totals), so only these fields are compared. Works for
     * every module, also without a natural key. Of several, the newest.
     */
    Optional<Map<String, Object>> findInCrm(SyncModule module, Map<String, String> identifying) {
        List<String> fields = identifyingFields(module);
        List<String> before = List.of(identifying.getOrDefault(BEFORE, "").split(","));
        Instant since = identifying.containsKey(SINCE) ? Instant.parse(identifying.get(SINCE)) : Instant.now();
        Map<String, Object> newest = null;
        for (Map<String, Object> candidate : candidates(module, identifying, since)) {
            String id = String.valueOf(candidate.get("id"));
            boolean same = fields.stream().allMatch(f -> text(identifying.get(f)).equals(text(candidate.get(f))));
            if (same && !before.contains(id) && links.byCrmId(module, id).isEmpty()
                    && (newest == null || idNumber(id) > idNumber(newest.get("id")))) {
                newest = candidate;
            }
        }
        return newest == null ? Optional.empty() : Optional.of(crm.retrieve(String.valueOf(newest.get("id"))));
    }

    /** Records carrying the name, created since {@code since} (less the margin) when given. */
    private List<Map<String, Object>> candidates(SyncModule module, Map<String, String> identifying, Instant since) {
        List<String> fields = identifyingFields(module);
        String name = fields.get(0);
        return crm.query("SELECT id, " + String.join(", ", fields) + " FROM " + module.crmModule() + " WHERE " + name
                + " = '" + text(identifying.get(name)).replace("'", "''") + "'"
                + (since == null ? "" : " AND createdtime >= '" + CRM_TIME.format(since.minus(CLOCK_MARGIN)) + "'")
                + " LIMIT 100;");
    }

    /** The Dinero record we created for CRM record {@code crmId}, found by its ExternalReference. */
    Optional<DineroClient.InvoiceRef> findInDinero(SyncModule module, String crmId) {
        DineroResource type = module.dineroResource();
        return dinero.findByExternalReference(type, crmId)
                .map(r -> new DineroClient.InvoiceRef(String.valueOf(r.get(type.idField())), DineroClient.timestampOf(r)));
    }

    Map<String, String> identifying(SyncModule module, Map<String, Object> mapped) {
        Map<String, String> out = new LinkedHashMap<>();
        identifyingFields(module).forEach(f -> out.put(f, text(mapped.get(f))));
        return out;
    }

    private static List<String> identifyingFields(SyncModule module) {
        return switch (module) {
            case ORGANIZATIONS -> List.of("accountname");
            case CONTACTS -> List.of("lastname", "firstname", "email");
            case PRODUCTS -> List.of("productname");
            case INVOICES -> List.of("subject", "account_id", "contact_id", "invoicedate");
        };
    }

    private String marker(Map<String, String> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> fields(String marker) {
        try {
            return json.readValue(marker, FIELDS);
        } catch (JsonProcessingException e) {
            return Map.of(); // an intent from before markers were JSON: nothing to search by
        }
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }

    private static long idNumber(Object id) {
        String text = String.valueOf(id);
        return Long.parseLong(text.substring(text.indexOf('x') + 1));
    }
}
