package dk.simplydinero.sync;

import dk.simplydinero.config.SettingValues;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.CrmException;
import dk.simplydinero.crm.CrmNotFoundException;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.DineroException;
import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.invoices.DineroInvoiceMapping;
import dk.simplydinero.invoices.InvoiceMapping;
import dk.simplydinero.invoices.Invoices;
import dk.simplydinero.mapping.ActiveMapping;
import dk.simplydinero.mapping.CrmCurrencyLookup;
import dk.simplydinero.mapping.CrmLinkLookup;
import dk.simplydinero.mapping.CurrencyLookup;
import dk.simplydinero.mapping.LinkLookup;
import dk.simplydinero.mapping.MappingConfiguration;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.mapping.UnlinkedDependencyException;
import dk.simplydinero.mapping.UnlinkedDineroDependencyException;
import dk.simplydinero.model.ApiProblem;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /api/sync?dryRun=true} and {@code POST /api/sync/{module}/{crmId}?dryRun=true}: what a run would do,
 * computed the way the run decides it (the same change feeds from the same cursors, {@link CrmChanges#feed} and
 * {@link DineroChanges#feed}; the same mapping in force, links and fingerprints; the writers' own decisions,
 * {@link DineroWriter#plan} and {@link CrmWriter#plan}; {@link Pairing}'s keys and winner), but nothing is written:
 * not to Dinero, not to the CRM, not to links, payment states, cursors, pending creates, failures or runs. Both sides
 * are read where the run would read them, within the same request budget.
 *
 * <p>Each record is previewed as the run would write it, in its direction ({@code crm-to-dinero} or
 * {@code dinero-to-crm}): {@code create} (the fields sent), {@code update} (each field that differs, before → after),
 * {@code unchanged}, {@code skip} (a booked invoice, a record deleted on one side, with the reason) or {@code fail}
 * (the reason). A record created earlier in the same preview counts as linked for what comes after it, under a
 * placeholder id ({@code new:<module>:<id on its own side>}), so an invoice whose customer is new is previewed with
 * that customer, as the run would create it first. The CRM records the sync keeps for itself (the organization of
 * private persons' invoices, the product of lines without one) are listed as creates when the run would make them,
 * but not counted (the run does not count them either). With {@code sync.direction=both}, a record changed on both
 * sides since the last sync is also listed as a conflict with both sides' values, the winner and why.
 */
@Component
public class DryRun {

    /** At most this many records (and as many conflicts) are listed (every record is counted). */
    static final int LISTED = 500;
    private static final String TO_DINERO = "crm-to-dinero";
    private static final String TO_CRM = "dinero-to-crm";

    private final SyncProperties settings;
    private final SimplyCrmClient crm;
    private final DineroClient dinero;
    private final LinkStore links;
    private final Fingerprints fingerprints;
    private final RecordTypes types;
    private final ActiveMapping mapping;
    private final RecordSync recordSync;
    private final DineroProperties dineroSettings;
    private final CurrencyLookup currencies;
    private final Collaborators with;

    /** The run's own pieces the preview asks instead of repeating them. */
    record Collaborators(CrmChanges crmChanges, DineroChanges dineroChanges, CrmToDinero crmToDinero,
                         DineroWriter dineroWriter, CrmWriter crmWriter, Pairing pairing,
                         SimplyCrmProperties crmSettings, CrmLinkLookup crmLinks, CrmCurrencyLookup crmCurrencies,
                         BookedCreditNotes creditNotes) {
    }

    public DryRun(SyncProperties settings, SimplyCrmClient crm, DineroClient dinero, LinkStore links,
                  Fingerprints fingerprints, RecordTypes types, ActiveMapping mapping, RecordSync recordSync,
                  DineroProperties dineroSettings, CurrencyLookup currencies, CrmChanges crmChanges,
                  DineroChanges dineroChanges, CrmToDinero crmToDinero, DineroWriter dineroWriter,
                  CrmWriter crmWriter, Pairing pairing, SimplyCrmProperties crmSettings, CrmLinkLookup crmLinks,
                  CrmCurrencyLookup crmCurrencies, BookedCreditNotes creditNotes) {
        this.settings = settings;
        this.crm = crm;
        this.dinero = dinero;
        this.links = links;
        this.fingerprints = fingerprints;
        this.types = types;
        this.mapping = mapping;
        this.recordSync = recordSync;
        this.dineroSettings = dineroSettings;
        this.currencies = currencies;
        this.with = new Collaborators(crmChanges, dineroChanges, crmToDinero, dineroWriter, crmWriter, pairing,
                crmSettings, crmLinks, crmCurrencies, creditNotes);
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

    /** What a full run would do now, in the direction in force. */
    public Map<String, Object> previewRun() {
        Preview preview = new Preview(new DineroIndex(dinero, types, mapping::vatSynced));
        for (SyncModule module : SyncModule.values()) {
            if (!settings.getModules().contains(module)) {
                continue;
            }
            preview.counts(module);
            switch (settings.getDirection()) {
                case CRM_TO_DINERO -> preview.crmFeed(module).forEachRemaining(r -> preview.fromCrm(module, r, false));
                case DINERO_TO_CRM -> preview.dineroFeed(module)
                        .forEachRemaining(r -> preview.fromDinero(module, r, null, null, false));
                case BOTH -> preview.bothWays(module);
            }
        }
        if (settings.getDirection() != SyncProperties.Direction.CRM_TO_DINERO && with.creditNotes().takesPart()) {
            preview.creditNotes();
        }
        return preview.answer();
    }

    /**
     * What a single-record sync of this record would do now; like the single-record sync itself, only with
     * {@code sync.direction=crm-to-dinero} (else 409 with {@link RecordSync#refusal}'s reason).
     */
    public Map<String, Object> previewRecord(@Header("module") String moduleKey, @Header("crmId") String crmId) {
        RecordSync.Target target = recordSync.target(moduleKey, crmId);
        Preview preview = new Preview(new DirectLookup(dinero, types, mapping::vatSynced));
        preview.counts(target.module());
        preview.fromCrm(target.module(), target.record(), false);
        return preview.answer();
    }

    /** Why a single-record dry run is refused in the direction in force (answered 409); empty when it can preview. */
    public Optional<String> refusal() {
        return recordSync.refusal();
    }

    /** One preview: its records, conflicts, counts and the links it would make. */
    private final class Preview {
        private final DineroLookup lookup;
        private final CrmIndex crmIndex = with.crmWriter().index();
        private final List<Map<String, Object>> records = new ArrayList<>();
        private final List<Map<String, Object>> conflicts = new ArrayList<>();
        private final Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        /** module|crm id → the Dinero id this preview links the CRM record to (a placeholder for one it creates). */
        private final Map<String, String> linkedTo = new HashMap<>();
        /** module|dinero id → the CRM id this preview links the Dinero record to (a placeholder for one it creates). */
        private final Map<String, String> crmLinkedTo = new HashMap<>();
        /** The CRM records this preview creates, by placeholder: what the CRM would then hold. */
        private final Map<String, Map<String, Object>> crmCreated = new HashMap<>();
        /** The records the sync keeps for itself in the CRM: their id, or a placeholder for one to create. */
        private final Map<String, String> helpers = new HashMap<>();
        private final Set<String> seen = new HashSet<>();
        /** Dinero records this preview links to a CRM record it met first (by natural key). */
        private final Set<String> linkedHere = new HashSet<>();
        /** CRM records this preview links to a Dinero record it met first. */
        private final Set<String> crmLinkedHere = new HashSet<>();
        private int listed;
        private final InvoiceMapping invoices;
        private final DineroInvoiceMapping invoicesToCrm;

        Preview(DineroLookup lookup) {
            this.lookup = lookup;
            LinkLookup linked = (module, crmId) -> links.byCrmId(module, crmId).map(Link::dineroId)
                    .or(() -> Optional.ofNullable(linkedTo.get(module.key() + "|" + crmId)));
            // The invoice mappings in force, but seeing this preview's creates as links, and never creating the
            // fallback product (previewed as a create instead).
            Invoices invoiceType = (Invoices) types.of(SyncModule.INVOICES);
            this.invoices = new InvoiceMapping(invoiceType, settings, dineroSettings, linked, currencies);
            this.invoices.customizedBy(mapping::current);
            CrmLinkLookup crmLinked = new CrmLinkLookup() {
                @Override
                public Optional<String> crmId(SyncModule module, String dineroId) {
                    return links.byDineroId(module, dineroId).map(Link::crmId)
                            .or(() -> Optional.ofNullable(crmLinkedTo.get(module.key() + "|" + dineroId)));
                }

                @Override
                public Optional<CrmCustomer> customer(SyncModule module, String crmId) {
                    Map<String, Object> created = crmCreated.get(crmId);
                    return created != null ? Optional.of(MappingConfiguration.customerOf(types.of(module), crmId, created))
                            : with.crmLinks().customer(module, crmId);
                }

                @Override
                public Optional<String> fallbackProduct() {
                    return Optional.of(helper(SyncModule.PRODUCTS, "productname", MappingConfiguration.FALLBACK_PRODUCT,
                            MappingConfiguration.FALLBACK_PRODUCT_ELEMENT));
                }
            };
            this.invoicesToCrm = new DineroInvoiceMapping(invoiceType, settings, with.crmSettings(), crmLinked,
                    with.crmCurrencies());
            this.invoicesToCrm.customizedBy(mapping::current);
        }

        void counts(SyncModule module) {
            counts(module.key());
        }

        void counts(String module) {
            counts.computeIfAbsent(module, k -> new LinkedHashMap<>(Map.of("create", 0, "update", 0,
                    "unchanged", 0, "skip", 0, "fail", 0)));
        }

        /** The CRM records of the module the run would take (CrmChanges' feed), and what it reports on the way. */
        java.util.Iterator<Map<String, Object>> crmFeed(SyncModule module) {
            return with.crmChanges().feed(module, new CrmChanges.FeedEvents() {
                @Override
                public void gone(String crmId) {
                    // the run resolves that failure: nothing is written or counted
                }

                @Override
                public void unreadable(String crmId, CrmException e) {
                    add(module, TO_DINERO, crmId, null, "fail", Map.of("reason", e.getMessage()));
                }

                @Override
                public void deleted(String crmId) {
                    add(module, TO_DINERO, crmId, links.byCrmId(module, crmId).map(Link::dineroId).orElse(null),
                            "skip", Map.of("reason", SyncRuns.deletedMessage(module, crmId, "the CRM")));
                }
            });
        }

        /** The Dinero records of the module the run would take (DineroChanges' feed). */
        java.util.Iterator<Map<String, Object>> dineroFeed(SyncModule module) {
            return with.dineroChanges().feed(module, (dineroId, e) -> add(module, TO_CRM,
                    links.byDineroId(module, dineroId).map(Link::crmId).orElse(null), dineroId, "fail",
                    Map.of("reason", RecordFailure.of(e, "dinero").message())), false, more -> {
                    });
        }

        /** One CRM record, as the per-record route crm-record-to-dinero would take it. */
        void fromCrm(SyncModule module, Map<String, Object> read, boolean overwrite) {
            String crmId = String.valueOf(read.get("id"));
            if (!seen.add(TO_DINERO + "|" + module.key() + "|" + crmId)) {
                return; // read twice (the feed's overlap): the run finds it linked and unchanged the second time
            }
            Map<String, Object> record;
            Map<String, Object> mapped;
            try {
                record = completeCrm(module, read);
                mapped = toDinero(module, record);
            } catch (RuntimeException e) {
                add(module, TO_DINERO, crmId, null, "fail", Map.of("reason", String.valueOf(e.getMessage())));
                return;
            }
            try {
                // As the writer: a Dinero record another CRM record is linked to (or will be, in this preview) is not taken.
                WritePlan plan = with.dineroWriter().plan(module, crmId, mapped, fingerprints.crm(module, record),
                        lookup, overwrite, guid -> guid.startsWith("new:") || linkedHere.contains(guid)
                                || links.linksDineroRecord(module.dineroResource(), guid));
                switch (plan.kind()) {
                    case UNCHANGED -> add(module, TO_DINERO, crmId, plan.target(), "unchanged", Map.of());
                    case UPDATE -> {
                        linkedHere.add(plan.target());
                        linkedTo.put(module.key() + "|" + crmId, plan.target());
                        compareInDinero(module, crmId, plan.target(), mapped);
                    }
                    case CREATE -> {
                        String placeholder = "new:" + module.key() + ":" + crmId;
                        linkedTo.put(module.key() + "|" + crmId, placeholder);
                        lookup.created(module, placeholder, mapped);
                        add(module, TO_DINERO, crmId, null, "create", Map.of("fields", mapped));
                    }
                }
            } catch (DineroException e) {
                add(module, TO_DINERO, crmId, null, "fail", Map.of("reason", e.getMessage()));
            }
        }

        /** An invoice from a feed is read whole (with its lines): the run's complete step. */
        private Map<String, Object> completeCrm(SyncModule module, Map<String, Object> read) {
            return with.crmToDinero().whole(module, read);
        }

        /** The mapped record; an invoice's unlinked customer and products are previewed first, as the run syncs them. */
        private Map<String, Object> toDinero(SyncModule module, Map<String, Object> record) {
            if (module != SyncModule.INVOICES) {
                return types.toDinero(module).mapInForce(record);
            }
            try {
                return invoices.mapInForce(record);
            } catch (UnlinkedDependencyException missing) {
                for (UnlinkedDependencyException.Dependency dependency : missing.getMissing()) {
                    counts(dependency.module());
                    fromCrm(dependency.module(), crm.retrieve(dependency.crmId()), false);
                }
                return invoices.mapInForce(record);
            }
        }

        /** A Dinero record the CRM record is (or will be) linked to: what an update would change. */
        private void compareInDinero(SyncModule module, String crmId, String guid, Map<String, Object> mapped) {
            Map<String, Object> current;
            try {
                current = dinero.get(module.dineroResource(), guid);
            } catch (DineroException.NotFound e) {
                add(module, TO_DINERO, crmId, guid, "skip", Map.of("reason", WritePlan.deletedIn(module, crmId, "Dinero")));
                return;
            }
            if (DineroWriter.booked(module, current)) {
                add(module, TO_DINERO, crmId, guid, "skip", Map.of("reason", DineroWriter.bookedReason(crmId, current)));
                return;
            }
            changes(module, TO_DINERO, crmId, guid, current, mapped);
        }

        /** One Dinero record, as the per-record route dinero-record-to-crm would take it. */
        void fromDinero(SyncModule module, Map<String, Object> row, Map<String, Object> payments, String pairedCrmId,
                        boolean overwrite) {
            String dineroId = String.valueOf(row.get(module.dineroResource().idField()));
            if (!seen.add(TO_CRM + "|" + module.key() + "|" + dineroId)) {
                return;
            }
            if (row.get("DeletedAt") != null) {
                // Deletions are not propagated; a linked one is reported (and counted as skipped) by the run.
                links.byDineroId(module, dineroId).ifPresent(link -> add(module, TO_CRM, link.crmId(), dineroId, "skip",
                        Map.of("reason", SyncRuns.deletedMessage(module, link.crmId(), "Dinero"))));
                return;
            }
            if (DineroToCrm.sameVersionAsLinked(links, module, dineroId, row)) {
                // The version already synced, back in the feed's overlap: the run does not read it again either.
                add(module, TO_CRM, links.byDineroId(module, dineroId).map(Link::crmId).orElse(null), dineroId,
                        "unchanged", Map.of());
                return;
            }
            try {
                Map<String, Object> record = row;
                if (module == SyncModule.INVOICES) {
                    record = row.get("ProductLines") instanceof List ? row : dinero.getInvoice(dineroId);
                    if (payments == null) {
                        payments = DineroToCrm.paymentsOf(dinero, dineroId, record);
                    }
                }
                String fingerprint = fingerprints.dinero(module, record, payments);
                Map<String, Object> mapped = new LinkedHashMap<>(toCrm(module, record, payments));
                if (module == SyncModule.INVOICES) {
                    with.creditNotes().keepCredit(dineroId, mapped);
                }
                if (module == SyncModule.INVOICES && PrivateCustomers.needsOne(mapped)) {
                    mapped.put("account_id", helper(SyncModule.ORGANIZATIONS, "accountname", PrivateCustomers.NAME,
                            PrivateCustomers.element()));
                }
                WritePlan plan = with.crmWriter().plan(module, dineroId, mapped, fingerprint, overwrite, pairedCrmId, crmIndex,
                        crmId -> crmId.startsWith("new:") || crmLinkedHere.contains(crmId)
                                || links.byCrmId(module, crmId).isPresent());
                switch (plan.kind()) {
                    case UNCHANGED -> add(module, TO_CRM, plan.target(), dineroId, "unchanged", Map.of());
                    case UPDATE -> {
                        crmLinkedHere.add(plan.target());
                        crmLinkedTo.put(module.key() + "|" + dineroId, plan.target());
                        compareInCrm(module, dineroId, plan.target(), mapped);
                    }
                    case CREATE -> {
                        String placeholder = "new:" + module.key() + ":" + dineroId;
                        crmLinkedTo.put(module.key() + "|" + dineroId, placeholder);
                        crmCreated.put(placeholder, mapped);
                        add(module, TO_CRM, null, dineroId, "create", Map.of("fields", mapped));
                    }
                }
            } catch (RuntimeException e) {
                add(module, TO_CRM, links.byDineroId(module, dineroId).map(Link::crmId).orElse(null), dineroId, "fail",
                        Map.of("reason", String.valueOf(e.getMessage())));
            }
        }

        /** The CRM record; an invoice's customer and products not in the CRM yet are previewed first, as the run does. */
        private Map<String, Object> toCrm(SyncModule module, Map<String, Object> record, Map<String, Object> payments) {
            if (module != SyncModule.INVOICES) {
                return types.toCrm(module).mapInForce(record);
            }
            try {
                return invoicesToCrm.mapInForce(record, payments);
            } catch (UnlinkedDineroDependencyException missing) {
                for (UnlinkedDineroDependencyException.Dependency dependency : missing.getMissing()) {
                    dinero.find(dependency.module().dineroResource(), dependency.dineroId()).ifPresent(found -> {
                        counts(dependency.module());
                        fromDinero(dependency.module(), found, null, null, false);
                    });
                }
                return invoicesToCrm.mapInForce(record, payments);
            }
        }

        /** A CRM record the Dinero record is (or will be) linked to: what an update would change. */
        private void compareInCrm(SyncModule module, String dineroId, String crmId, Map<String, Object> mapped) {
            Map<String, Object> current;
            try {
                current = crm.retrieve(crmId);
            } catch (CrmNotFoundException e) {
                add(module, TO_CRM, crmId, dineroId, "skip", Map.of("reason", WritePlan.deletedIn(module, crmId, "the CRM")));
                return;
            }
            changes(module, TO_CRM, crmId, dineroId, current, mapped);
        }

        /** Each field the write would change, before → after ({@link SameContent}, as the writers compare). */
        private void changes(SyncModule module, String direction, String crmId, String dineroId,
                             Map<String, Object> current, Map<String, Object> mapped) {
            Map<String, Object> changes = new LinkedHashMap<>();
            for (String field : SameContent.differing(current, mapped)) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("before", current.get(field));
                change.put("after", mapped.get(field));
                changes.put(field, change);
            }
            if (changes.isEmpty()) {
                add(module, direction, crmId, dineroId, "unchanged", Map.of());
            } else {
                add(module, direction, crmId, dineroId, "update", Map.of("changes", changes));
            }
        }

        /**
         * A CRM record the sync keeps for itself, found by name as the run finds it (a read); one the CRM does not
         * have yet is listed as the create the run would make (once, not counted) under a placeholder id.
         */
        private String helper(SyncModule module, String field, String name, Map<String, Object> element) {
            return helpers.computeIfAbsent(module.key() + "|" + name, key -> crm.find(module.crmModule(), field, name)
                    .orElseGet(() -> {
                        if (records.size() < LISTED) {
                            Map<String, Object> row = row(module, TO_CRM, null, null, "create");
                            row.put("fields", element);
                            row.put("reason", "kept by the sync in the CRM for Dinero's sake; created once, when first"
                                    + " needed");
                            records.add(row);
                        }
                        return "new:" + module.key() + ":" + name;
                    }));
        }

        /**
         * Both ways for one module, as both-ways and pair-by-priority do it: each side's changed records meet by
         * {@link Pairing}'s key; a pair changed on both sides is a conflict that {@code sync.priority} decides; the
         * winner is previewed in its direction.
         */
        void bothWays(SyncModule module) {
            Map<String, Map<String, Object>> pairs = new LinkedHashMap<>();
            Pairing.KeyUse keys = Pairing.keyUse();
            crmFeed(module).forEachRemaining(read -> {
                String crmId = String.valueOf(read.get("id"));
                try {
                    Optional<Link> link = links.byCrmId(module, crmId);
                    if (Pairing.sameVersionAsLinked(module, link, read)) {
                        return; // back in the overlap unchanged: not read, not paired (as Pairing)
                    }
                    Map<String, Object> record = completeCrm(module, read);
                    if (Pairing.changed(link, fingerprints.crm(module, record), Link::crmHash)) {
                        pairs.computeIfAbsent(with.pairing().crmKey(module, crmId, record, link, keys),
                                k -> new LinkedHashMap<>()).put("crm", record);
                    }
                } catch (RuntimeException e) {
                    add(module, TO_DINERO, crmId, null, "fail", Map.of("reason", String.valueOf(e.getMessage())));
                }
            });
            dineroFeed(module).forEachRemaining(row -> {
                String dineroId = String.valueOf(row.get(module.dineroResource().idField()));
                if (row.get("DeletedAt") != null) {
                    fromDinero(module, row, null, null, false); // reported as the run reports it
                    return;
                }
                if (DineroToCrm.sameVersionAsLinked(links, module, dineroId, row)) {
                    return; // the version already synced, back in the overlap: not read, not paired (as Pairing)
                }
                try {
                    Map<String, Object> record = row;
                    Map<String, Object> payments = null;
                    if (module == SyncModule.INVOICES) {
                        record = dinero.getInvoice(dineroId);
                        payments = DineroToCrm.paymentsOf(dinero, dineroId, record);
                    }
                    Optional<Link> link = links.byDineroId(module, dineroId);
                    if (with.pairing().dineroChanged(module, link, record, payments)) {
                        Map<String, Object> pair = pairs.computeIfAbsent(with.pairing().dineroKey(module, dineroId,
                                record, link, keys), k -> new LinkedHashMap<>());
                        pair.put("dinero", record);
                        pair.put("dineroPayments", payments);
                    }
                } catch (RuntimeException e) {
                    add(module, TO_CRM, links.byDineroId(module, dineroId).map(Link::crmId).orElse(null), dineroId,
                            "fail", Map.of("reason", String.valueOf(e.getMessage())));
                }
            });
            for (Map<String, Object> pair : pairs.values()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> crmRecord = (Map<String, Object>) pair.get("crm");
                @SuppressWarnings("unchecked")
                Map<String, Object> dineroRecord = (Map<String, Object>) pair.get("dinero");
                @SuppressWarnings("unchecked")
                Map<String, Object> payments = (Map<String, Object>) pair.get("dineroPayments");
                boolean both = crmRecord != null && dineroRecord != null;
                boolean fromCrm = Pairing.crmWins(crmRecord != null, dineroRecord != null, settings.getPriority());
                if (both) {
                    conflict(module, crmRecord, dineroRecord, fromCrm);
                }
                if (fromCrm) {
                    fromCrm(module, crmRecord, both);
                } else {
                    fromDinero(module, dineroRecord, payments, both ? String.valueOf(crmRecord.get("id")) : null, both);
                }
            }
        }

        /**
         * Dinero's credit notes as {@link BookedCreditNotes} would take them after the modules: the ones it would try
         * again, then its feed from its cursor; a draft is a skip, a booked one (read whole for its invoice, as the run
         * reads it) an update of its linked CRM invoice ({@code invoicestatus} → Credit Invoice, and the comment it
         * would write), or a skip when that invoice is not linked (nor created by this preview).
         */
        void creditNotes() {
            BookedCreditNotes notes = with.creditNotes();
            String module = BookedCreditNotes.MODULE;
            counts(module);
            Set<String> booked = new java.util.LinkedHashSet<>(notes.retries());
            dinero.stream(dk.simplydinero.model.DineroResource.CREDIT_NOTES, notes.query()).forEach(row -> {
                String guid = String.valueOf(row.get("Guid"));
                switch (notes.step(row)) {
                    case NOTHING -> {
                    }
                    case DRAFT -> add(module, TO_CRM, null, guid, "skip",
                            Map.of("reason", BookedCreditNotes.draftSkipped(guid)));
                    case BOOKED -> booked.add(guid);
                }
            });
            for (String guid : booked) {
                try {
                    Map<String, Object> read;
                    try {
                        read = dinero.creditNote(guid);
                    } catch (DineroException.NotFound gone) {
                        add(module, TO_CRM, null, guid, "skip", Map.of("reason", BookedCreditNotes.notFound(guid)));
                        continue;
                    }
                    dk.simplydinero.mapping.DineroRecord note =
                            dk.simplydinero.mapping.DineroRecord.of("Dinero credit note", "Guid", read);
                    Optional<String> credited = BookedCreditNotes.invoiceOf(note);
                    if (credited.isEmpty()) {
                        add(module, TO_CRM, null, guid, "skip", Map.of("reason", BookedCreditNotes.forNoInvoice(note)));
                        continue;
                    }
                    String invoiceGuid = credited.get();
                    String crmId = links.byDineroId(SyncModule.INVOICES, invoiceGuid).map(Link::crmId)
                            .orElse(crmLinkedTo.get(SyncModule.INVOICES.key() + "|" + invoiceGuid));
                    if (crmId == null) {
                        add(module, TO_CRM, null, guid, "skip",
                                Map.of("reason", BookedCreditNotes.notLinked(note, invoiceGuid)));
                        continue;
                    }
                    Object before;
                    try {
                        before = crmId.startsWith("new:") ? crmCreated.get(crmId).get("invoicestatus")
                                : crm.retrieve(crmId).get("invoicestatus");
                    } catch (CrmNotFoundException deleted) {
                        add(module, TO_CRM, crmId, guid, "skip",
                                Map.of("reason", BookedCreditNotes.deletedInCrm(note, crmId)));
                        continue;
                    }
                    Map<String, Object> detail = new LinkedHashMap<>();
                    if (!BookedCreditNotes.CREDIT_INVOICE.equals(before)) {
                        Map<String, Object> change = new LinkedHashMap<>();
                        change.put("before", before);
                        change.put("after", BookedCreditNotes.CREDIT_INVOICE);
                        detail.put("changes", Map.of("invoicestatus", change));
                    }
                    if (notes.commentMissing(guid)) {
                        detail.put("comment", BookedCreditNotes.text(note));
                    }
                    add(module, TO_CRM, crmId, guid, detail.isEmpty() ? "unchanged" : "update", detail);
                } catch (RuntimeException e) {
                    add(module, TO_CRM, null, guid, "fail", Map.of("reason", RecordFailure.of(e, "dinero").message()));
                }
            }
        }

        /** A record changed on both sides: each side's values where they differ (by Dinero's field names), and who wins. */
        private void conflict(SyncModule module, Map<String, Object> crmRecord, Map<String, Object> dineroRecord,
                              boolean crmWins) {
            Map<String, Object> fields = new LinkedHashMap<>();
            try {
                Map<String, Object> crmSide = module == SyncModule.INVOICES ? invoices.mapInForce(crmRecord)
                        : types.toDinero(module).mapInForce(crmRecord);
                for (String field : SameContent.differing(dineroRecord, crmSide)) {
                    if (dineroRecord.containsKey(field)) { // a list row holds only the fields the feed asks for
                        Map<String, Object> values = new LinkedHashMap<>();
                        values.put("crm", crmSide.get(field));
                        values.put("dinero", dineroRecord.get(field));
                        fields.put(field, values);
                    }
                }
            } catch (RuntimeException unmappable) {
                // the winner's own row says why it cannot be written; the conflict is listed without fields
            }
            if (conflicts.size() < LISTED) {
                Map<String, Object> conflict = new LinkedHashMap<>();
                conflict.put("module", module.key());
                conflict.put("crmId", String.valueOf(crmRecord.get("id")));
                conflict.put("dineroId", String.valueOf(dineroRecord.get(module.dineroResource().idField())));
                conflict.put("fields", fields);
                conflict.put("winner", crmWins ? "crm" : "dinero");
                conflict.put("reason", Pairing.conflictReason(settings.getPriority()));
                conflicts.add(conflict);
            }
        }

        void add(SyncModule module, String direction, String crmId, String dineroId, String action,
                 Map<String, Object> detail) {
            add(module.key(), direction, crmId, dineroId, action, detail);
        }

        /** As above, for a module by its key (Dinero's credit notes, {@link BookedCreditNotes#MODULE}). */
        void add(String module, String direction, String crmId, String dineroId, String action,
                 Map<String, Object> detail) {
            counts(module);
            counts.get(module).merge(action, 1, Integer::sum);
            if (listed++ < LISTED) {
                Map<String, Object> row = row(module, direction, crmId, dineroId, action);
                row.putAll(detail);
                records.add(row);
            }
        }

        private Map<String, Object> row(SyncModule module, String direction, String crmId, String dineroId,
                                        String action) {
            return row(module.key(), direction, crmId, dineroId, action);
        }

        private Map<String, Object> row(String module, String direction, String crmId, String dineroId,
                                        String action) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("module", module);
            row.put("direction", direction);
            if (crmId != null) {
                row.put("crmId", crmId);
            }
            if (dineroId != null) {
                row.put("dineroId", dineroId);
            }
            row.put("action", action);
            return row;
        }

        Map<String, Object> answer() {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("dryRun", true);
            answer.put("direction", SettingValues.of(settings.getDirection()));
            answer.put("modules", counts);
            answer.put("records", records);
            answer.put("conflicts", conflicts);
            if (listed > LISTED) {
                answer.put("notListed", listed - LISTED);
            }
            return answer;
        }
    }
}
