package dk.simplydinero.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.model.DineroResource;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import dk.simplydinero.store.PendingCreateStore;
import dk.simplydinero.store.StoreTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Creates whose outcome is unknown, on either side. Before each create its intent is stored
 * ({@code sync_pending_create}: what identifies the record on the target) and it is removed once the link is stored.
 * An intent left behind means the answer was lost or the process stopped in between: the record may exist.
 * <ul>
 *   <li>{@link #resolve()}, at the start of every run, looks each such record up (Dinero by ExternalReference, the CRM
 *       by name, customer and date among records made after the intent) and links what it finds, before any feed is read:
 *       otherwise the orphan would be read as a new record of its own side and copied back;</li>
 *   <li>the writers look again before sending a create that failed in a transient way.</li>
 * </ul>
 */
@Component
public class UncertainCreates {

    static final String CRM = "crm";
    static final String DINERO = "dinero";
    /** Marker key: the highest id of the module before our create. */
    private static final String ABOVE = "_above";
    /** Longest identifying value kept in an intent row. */
    private static final int MARKER_VALUE_LIMIT = 1000;

    private static final Logger log = LoggerFactory.getLogger(UncertainCreates.class);
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() { };

    private final PendingCreateStore pending;
    private final LinkStore links;
    private final SimplyCrmClient crm;
    private final DineroClient dinero;
    private final ObjectMapper json = new ObjectMapper();
    /** Per module, the highest CRM id before this run's first create (cleared at the start of every run). */
    private final Map<SyncModule, Long> highestIds = new java.util.concurrent.ConcurrentHashMap<>();
    private final Fingerprints fingerprints;
    private final RecordTypes types;
    private final StoreTransaction transaction;
    /**
     * The Dinero creates whose intents this run stored ahead ({@link #beginDineroAhead}) and no writer has begun yet
     * (module and CRM id): not left over from an earlier run, so their create is not looked up first.
     */
    private final Set<String> ahead = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public UncertainCreates(PendingCreateStore pending, LinkStore links, SimplyCrmClient crm, DineroClient dinero,
                            Fingerprints fingerprints, RecordTypes types, StoreTransaction transaction) {
        this.transaction = transaction;
        this.fingerprints = fingerprints;
        this.types = types;
        this.pending = pending;
        this.links = links;
        this.crm = crm;
        this.dinero = dinero;
    }

    /**
     * Stores the intent to create {@code mapped} in the CRM for Dinero record {@code dineroId}; returns what identifies
     * it, with the highest id the module had before (a record we make gets a higher one; the CRM's ids only grow):
     * {@code known} when the run's {@link CrmIndex} read the module, else asked.
     */
    CrmIntent beginCrm(SyncModule module, String dineroId, Map<String, Object> mapped, java.util.OptionalLong known) {
        Map<String, String> identifying = identifying(module, mapped);
        identifying.put(ABOVE, String.valueOf(highestIds.computeIfAbsent(module,
                m -> known.isPresent() ? known.getAsLong() : highestId(m))));
        return pending.beginUnlessLeft(module, CRM, dineroId, marker(identifying))
                .map(earlier -> new CrmIntent(fields(earlier.marker()), true))
                .orElseGet(() -> new CrmIntent(identifying, false));
    }

    /** What identifies a CRM create, and whether an earlier one of the same record was left uncertain. */
    record CrmIntent(Map<String, String> identifying, boolean earlier) {
    }

    /** The highest id of a CRM module now (0 when empty): one query per module and run. */
    private long highestId(SyncModule module) {
        return crm.query("SELECT id FROM " + module.crmModule() + " ORDER BY id DESC LIMIT 1;").stream()
                .findFirst().map(r -> idNumber(r.get("id"))).orElse(0L);
    }

    /**
     * Stores the intent to create a record (carrying ExternalReference = CRM id) in Dinero for {@code crmId}; true
     * when an earlier one was left uncertain (kept as it was).
     */
    boolean beginDinero(SyncModule module, String crmId) {
        if (ahead.remove(aheadKey(module, crmId))) {
            return false; // stored by this run's group commit, before the record reached its writer
        }
        if (pending.find(module, DINERO, crmId).isPresent()) {
            return true;
        }
        pending.begin(module, DINERO, crmId, crmId);
        return false;
    }

    void doneCrm(SyncModule module, String dineroId) {
        pending.done(module, CRM, dineroId);
    }

    void doneDinero(SyncModule module, String crmId) {
        ahead.remove(aheadKey(module, crmId));
        pending.done(module, DINERO, crmId);
    }

    /**
     * Stores the intents to create in Dinero those of {@code crmIds} that are not linked (nor have an intent left
     * uncertain by an earlier run, which stays as it is) in one commit, before any of them is handed to a writer
     * ({@link CreateIntentsAhead}). The intent-before-create rule holds for each; a crash before some of their
     * creates costs only a lookup each at the next run's start ({@link #resolve()}), which finds nothing and forgets
     * them. A record that is linked by first contact instead loses its intent when it is settled ({@link #doneDinero}).
     */
    void beginDineroAhead(SyncModule module, List<String> crmIds) {
        java.util.Set<String> linked = links.linkedCrmIds(module, crmIds);
        java.util.Set<String> uncertainAlready = pending.uncertainIds(module, DINERO, crmIds);
        List<String> fresh = crmIds.stream().filter(id -> !linked.contains(id) && !uncertainAlready.contains(id))
                .distinct().toList();
        if (fresh.isEmpty()) {
            return;
        }
        transaction.inOne(() -> fresh.forEach(id -> pending.begin(module, DINERO, id, id)));
        fresh.forEach(id -> ahead.add(aheadKey(module, id)));
    }

    /**
     * The module's records are all written: the intents stored ahead whose create never began (the record failed
     * before it, or was never handed out because the run stopped) are removed in one commit, so the next run does
     * not look them up.
     */
    void dropAhead(SyncModule module) {
        String prefix = aheadKey(module, "");
        List<String> unused = ahead.stream().filter(k -> k.startsWith(prefix)).toList();
        if (unused.isEmpty()) {
            return;
        }
        transaction.inOne(() -> unused.forEach(k -> {
            if (ahead.remove(k)) {
                pending.done(module, DINERO, k.substring(prefix.length()));
            }
        }));
    }

    private static String aheadKey(SyncModule module, String crmId) {
        return module.key() + '\0' + crmId;
    }

    /** Links every record an earlier create left uncertain that turns out to exist; forgets the others. */
    public void resolve() {
        highestIds.clear();
        ahead.clear();
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
        if (links.byCrmId(p.module(), crmId).isPresent() || links.byDineroId(p.module(), dineroId).isPresent()) {
            log.info("{} {} (uncertain create for {}) is linked already; nothing to do", p.module().key(),
                    CRM.equals(p.side()) ? crmId : dineroId, p.sourceId());
        } else {
            links.save(new Link(p.module(), crmId, dineroId, crmHash, null, null, null));
            log.info("{} {} created in {} before the last stop is linked to {}", p.module().key(),
                    CRM.equals(p.side()) ? crmId : dineroId, CRM.equals(p.side()) ? "the CRM" : "Dinero", p.sourceId());
        }
    }

    /**
     * The record of an uncertain CRM create, if it was made: not linked, with every identifying field we sent (name;
     * an invoice also its customer and date), and an id above the module's highest before the create. The CRM
     * rewrites some of what it is sent (numbers, line items, totals), so only these fields are compared. Works for
     * every module, also without a natural key. Of several, the newest.
     */
    Optional<Map<String, Object>> findInCrm(SyncModule module, Map<String, String> identifying) {
        long above = Long.parseLong(identifying.getOrDefault(ABOVE, "0"));
        List<String> fields = types.of(module).identifyingFields();
        String where = fields.stream().filter(f -> !text(identifying.get(f)).isEmpty())
                .map(f -> f + " = " + SimplyCrmClient.literal(text(identifying.get(f))))
                .collect(java.util.stream.Collectors.joining(" AND "));
        Map<String, Object> newest = null;
        for (Map<String, Object> candidate : crm.queryAll(module.crmModule(), where)) {
            String id = String.valueOf(candidate.get("id"));
            boolean same = fields.stream().allMatch(f -> text(identifying.get(f)).equals(text(candidate.get(f))));
            if (same && idNumber(id) > above && links.byCrmId(module, id).isEmpty()
                    && (newest == null || idNumber(id) > idNumber(newest.get("id")))) {
                newest = candidate;
            }
        }
        return newest == null ? Optional.empty() : Optional.of(crm.retrieve(String.valueOf(newest.get("id"))));
    }

    /** The Dinero record we created for CRM record {@code crmId}, found by its ExternalReference. */
    Optional<DineroClient.InvoiceRef> findInDinero(SyncModule module, String crmId) {
        DineroResource type = module.dineroResource();
        return dinero.findByExternalReference(type, crmId)
                .map(r -> new DineroClient.InvoiceRef(String.valueOf(r.get(type.idField())), DineroClient.timestampOf(r)));
    }

    Map<String, String> identifying(SyncModule module, Map<String, Object> mapped) {
        Map<String, String> out = new LinkedHashMap<>();
        types.of(module).identifyingFields().forEach(f -> {
            String value = text(mapped.get(f));
            out.put(f, value.length() > MARKER_VALUE_LIMIT ? value.substring(0, MARKER_VALUE_LIMIT) : value);
        });
        return out;
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

    static long idNumber(Object id) {
        String text = String.valueOf(id);
        return Long.parseLong(text.substring(text.indexOf('x') + 1));
    }
}
