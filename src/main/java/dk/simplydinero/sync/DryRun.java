package dk.simplydinero.sync;

import dk.simplydinero.config.SettingValues;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.CrmException;
import dk.simplydinero.crm.CrmSyncPage;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.DineroException;
import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.invoices.InvoiceMapping;
import dk.simplydinero.invoices.Invoices;
import dk.simplydinero.mapping.ActiveMapping;
import dk.simplydinero.mapping.CrmToDineroMapping;
import dk.simplydinero.mapping.CurrencyLookup;
import dk.simplydinero.mapping.LinkLookup;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.mapping.UnlinkedDependencyException;
import dk.simplydinero.model.ApiProblem;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.CursorStore;
import dk.simplydinero.store.FailureStore;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /api/sync?dryRun=true} and {@code POST /api/sync/{module}/{crmId}?dryRun=true}: what a run would do,
 * computed the way the run decides it (the same change feeds from the same cursors, the same mapping in force, the same
 * links, fingerprints and first-contact lookups), but nothing is written: not to Dinero, not to the CRM, not to links,
 * cursors, failures or runs. Dinero is read where the run would read it (a linked record that changed, the first-contact
 * lists), within the same request budget.
 *
 * <p>Each record is previewed as the run would write it: {@code create} (the fields sent), {@code update} (each field
 * that differs, before → after), {@code unchanged}, {@code skip} (a booked invoice, with the reason) or {@code fail}
 * (the reason). A record created earlier in the same preview counts as linked for what comes after it, under a
 * placeholder id ({@code new:<module>:<crm id>}), so an invoice whose customer is new is previewed with that customer,
 * as the run would create it first. Only {@code sync.direction=crm-to-dinero} is previewed so far.
 */
@Component
public class DryRun {

    /** At most this many records are listed (every record is counted). */
    static final int LISTED = 500;

    private final SyncProperties settings;
    private final SimplyCrmClient crm;
    private final DineroClient dinero;
    private final LinkStore links;
    private final CursorStore cursors;
    private final FailureStore failures;
    private final Fingerprints fingerprints;
    private final RecordTypes types;
    private final ActiveMapping mapping;
    private final RecordSync recordSync;
    private final DineroProperties dineroSettings;
    private final CurrencyLookup currencies;

    public DryRun(SyncProperties settings, SimplyCrmClient crm, DineroClient dinero, LinkStore links, CursorStore cursors,
                  FailureStore failures, Fingerprints fingerprints, RecordTypes types, ActiveMapping mapping,
                  RecordSync recordSync, DineroProperties dineroSettings, CurrencyLookup currencies) {
        this.settings = settings;
        this.crm = crm;
        this.dinero = dinero;
        this.links = links;
        this.cursors = cursors;
        this.failures = failures;
        this.fingerprints = fingerprints;
        this.types = types;
        this.mapping = mapping;
        this.recordSync = recordSync;
        this.dineroSettings = dineroSettings;
        this.currencies = currencies;
    }

    /**
     * Whether the call asks for a dry run. Strict: a value that is neither true nor false (any case) is refused, never
     * taken for "no": {@code dryRun=1} must not start a real run that writes to the books.
     *
     * @throws ApiProblem 400 naming the parameter
     */
    public boolean asked(@Header("dryRun") String value) {
        if (value == null || value.isEmpty() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new ApiProblem(400, "dryRun must be true or false, not '" + value + "'");
    }

    /** What a full run would do now. */
    public Map<String, Object> previewRun() {
        oneWayOnly();
        Preview preview = new Preview(new DineroIndex(dinero, types, mapping::vatSynced));
        for (SyncModule module : SyncModule.values()) {
            if (!settings.getModules().contains(module)) {
                continue;
            }
            preview.counts(module);
            Set<String> retried = new HashSet<>();
            for (String id : failures.openCrmIds(module)) {
                retried.add(id);
                try {
                    preview.record(module, crm.retrieve(id));
                } catch (CrmException e) {
                    preview.add(module, id, "fail", Map.of("reason", e.getMessage()));
                }
            }
            long cursor = cursors.get(module, CursorStore.Side.CRM).map(Long::parseLong).orElse(0L);
            Iterator<CrmSyncPage> pages = crm.changePages(module.crmModule(), Math.max(1, cursor - CrmChanges.OVERLAP_SECONDS));
            while (pages.hasNext()) {
                for (Map<String, Object> record : pages.next().updated()) {
                    if (!retried.contains(String.valueOf(record.get("id"))) && !CrmChanges.isOurHelper(record)) {
                        preview.record(module, record);
                    }
                }
            }
        }
        return preview.answer();
    }

    /** What a single-record sync of this record would do now. */
    public Map<String, Object> previewRecord(@Header("module") String moduleKey, @Header("crmId") String crmId) {
        oneWayOnly();
        RecordSync.Target target = recordSync.target(moduleKey, crmId);
        Preview preview = new Preview(new DirectLookup(dinero, types, mapping::vatSynced));
        preview.counts(target.module());
        preview.record(target.module(), target.record());
        return preview.answer();
    }

    private void oneWayOnly() {
        refusal().ifPresent(reason -> {
            throw new ApiProblem(409, reason);
        });
    }

    /** Why a dry run is refused in the direction in force (answered 409); empty when it can preview. */
    public Optional<String> refusal() {
        if (settings.getDirection() != SyncProperties.Direction.CRM_TO_DINERO) {
            return Optional.of("A dry run previews sync.direction=crm-to-dinero only so far; it is "
                    + SettingValues.of(settings.getDirection()));
        }
        return Optional.empty();
    }

    /** One preview: its records, counts and the links it would make. */
    private final class Preview {
        private final DineroLookup lookup;
        private final List<Map<String, Object>> records = new ArrayList<>();
        private final Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        /** module|crm id → the Dinero id this preview links the CRM record to (a placeholder for one it creates). */
        private final Map<String, String> linkedTo = new HashMap<>();
        private final Set<String> seen = new HashSet<>();
        /** Dinero records this preview links to a CRM record it met first (by natural key). */
        private final Set<String> linkedHere = new HashSet<>();
        private int listed;
        private final InvoiceMapping invoices;

        Preview(DineroLookup lookup) {
            this.lookup = lookup;
            LinkLookup linked = (module, crmId) -> links.byCrmId(module, crmId).map(Link::dineroId)
                    .or(() -> Optional.ofNullable(linkedTo.get(module.key() + "|" + crmId)));
            // The invoice mapping of the mapping in force, but seeing this preview's creates as links.
            this.invoices = new InvoiceMapping((Invoices) types.of(SyncModule.INVOICES), settings, dineroSettings, linked,
                    currencies);
            this.invoices.customizedBy(mapping::current);
        }

        void counts(SyncModule module) {
            counts.computeIfAbsent(module.key(), k -> new LinkedHashMap<>(Map.of("create", 0, "update", 0,
                    "unchanged", 0, "skip", 0, "fail", 0)));
        }

        /** One CRM record, as the per-record route would take it. */
        void record(SyncModule module, Map<String, Object> read) {
            String crmId = String.valueOf(read.get("id"));
            if (!seen.add(module.key() + "|" + crmId)) {
                return; // read twice (the feed's overlap): the run finds it linked and unchanged the second time
            }
            Map<String, Object> record;
            Map<String, Object> mapped;
            try {
                record = module == SyncModule.INVOICES && !(read.get("LineItems") instanceof List)
                        ? crm.retrieve(crmId) : read;
                mapped = map(module, record);
            } catch (RuntimeException e) {
                add(module, crmId, "fail", Map.of("reason", String.valueOf(e.getMessage())));
                return;
            }
            try {
                decide(module, crmId, record, mapped);
            } catch (DineroException e) {
                add(module, crmId, "fail", Map.of("reason", e.getMessage()));
            }
        }

        /** The mapped record; an invoice's unlinked customer and products are previewed first, as the run syncs them. */
        private Map<String, Object> map(SyncModule module, Map<String, Object> record) {
            if (module != SyncModule.INVOICES) {
                return types.toDinero(module).mapInForce(record);
            }
            try {
                return invoices.mapInForce(record);
            } catch (UnlinkedDependencyException missing) {
                for (UnlinkedDependencyException.Dependency dependency : missing.getMissing()) {
                    counts(dependency.module());
                    record(dependency.module(), crm.retrieve(dependency.crmId()));
                }
                return invoices.mapInForce(record);
            }
        }

        private void decide(SyncModule module, String crmId, Map<String, Object> record, Map<String, Object> mapped) {
            Optional<Link> link = links.byCrmId(module, crmId);
            if (link.isPresent()) {
                if (fingerprints.crm(module, record).equals(link.get().crmHash())) {
                    add(module, crmId, "unchanged", Map.of("dineroId", link.get().dineroId()));
                } else {
                    compare(module, crmId, link.get().dineroId(), mapped);
                }
                return;
            }
            // As the writer: a Dinero record another CRM record is linked to (or will be, in this preview) is not taken.
            Optional<String> existing = lookup.find(module, crmId, mapped)
                    .filter(guid -> !guid.startsWith("new:") && !linkedHere.contains(guid)
                            && !links.linksDineroRecord(module.dineroResource(), guid));
            if (existing.isPresent()) {
                linkedHere.add(existing.get());
                linkedTo.put(module.key() + "|" + crmId, existing.get());
                compare(module, crmId, existing.get(), mapped);
                return;
            }
            String placeholder = "new:" + module.key() + ":" + crmId;
            linkedTo.put(module.key() + "|" + crmId, placeholder);
            lookup.created(module, placeholder, mapped);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("fields", mapped);
            add(module, crmId, "create", detail);
        }

        /** A Dinero record the CRM record is (or will be) linked to: what an update would change. */
        private void compare(SyncModule module, String crmId, String guid, Map<String, Object> mapped) {
            Map<String, Object> current;
            try {
                current = dinero.get(module.dineroResource(), guid);
            } catch (DineroException.NotFound e) {
                add(module, crmId, "skip", Map.of("dineroId", guid, "reason", module.key() + " " + crmId
                        + " was deleted in Dinero and is not recreated"));
                return;
            }
            if (DineroWriter.booked(module, current)) {
                add(module, crmId, "skip", Map.of("dineroId", guid, "reason", "invoice " + crmId
                        + " is booked in Dinero and would not be overwritten"));
                return;
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            mapped.forEach((field, after) -> {
                if (!SameContent.holds(current, Map.of(field, after))) {
                    Map<String, Object> change = new LinkedHashMap<>();
                    change.put("before", current.get(field));
                    change.put("after", after);
                    changes.put(field, change);
                }
            });
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("dineroId", guid);
            if (changes.isEmpty()) {
                add(module, crmId, "unchanged", detail);
            } else {
                detail.put("changes", changes);
                add(module, crmId, "update", detail);
            }
        }

        void add(SyncModule module, String crmId, String action, Map<String, Object> detail) {
            counts(module);
            counts.get(module.key()).merge(action, 1, Integer::sum);
            if (listed++ < LISTED) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("module", module.key());
                row.put("crmId", crmId);
                row.put("action", action);
                row.putAll(detail);
                records.add(row);
            }
        }

        Map<String, Object> answer() {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("dryRun", true);
            answer.put("direction", SettingValues.of(settings.getDirection()));
            answer.put("modules", counts);
            answer.put("records", records);
            if (listed > LISTED) {
                answer.put("notListed", listed - LISTED);
            }
            return answer;
        }
    }
}
