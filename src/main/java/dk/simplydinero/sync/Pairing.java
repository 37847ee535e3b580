package dk.simplydinero.sync;

import dk.simplydinero.config.SettingValues;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.mapping.ActiveMapping;
import dk.simplydinero.invoices.DineroInvoiceMapping;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.FailureStore;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.util.concurrent.SynchronousExecutorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Steps of the both-ways routes around the priority aggregator: what enters it (only versions that really
 * changed on their side, under the key that pairs them), and which side wins when it completes.
 *
 * <p>Key: a linked record pairs by its link ({@code link:<crm id>}); an unlinked one by its natural key in Dinero's
 * terms (its record type's {@link dk.simplydinero.mapping.RecordType#naturalKeys}: VAT number or e-mail, e-mail, product number), so records that exist on both sides
 * before the first run meet and are linked instead of duplicated; without a natural key it stays alone.
 */
@Configuration
public class Pairing {

    private final SimplyCrmClient crm;
    private final DineroClient dinero;
    private final LinkStore links;
    private final Fingerprints fingerprints;
    private final SyncProperties settings;
    private final SyncRuns runs;
    private final RecordTypes types;
    private final ActiveMapping activeMapping;
    private final CreditNotes creditNotes;

    public Pairing(SimplyCrmClient crm, DineroClient dinero, LinkStore links, Fingerprints fingerprints,
                   SyncProperties settings, SyncRuns runs, RecordTypes types, ActiveMapping activeMapping,
                   CreditNotes creditNotes) {
        this.creditNotes = creditNotes;
        this.activeMapping = activeMapping;
        this.runs = runs;
        this.crm = crm;
        this.dinero = dinero;
        this.links = links;
        this.fingerprints = fingerprints;
        this.settings = settings;
        this.types = types;
    }

    @Bean
    PriorityAggregation priorityAggregation() {
        return new PriorityAggregation();
    }

    /**
     * Completed pairs are processed in the thread of the run, in order, before the module's cursors move on.
     * Bound in Camel's registry only: as a Spring bean, an ExecutorService would replace Boot's task executor.
     */
    @Bean
    CamelContextConfiguration pairCompletionExecutor() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                camelContext.getRegistry().bind("pairCompletionExecutor", new SynchronousExecutorService());
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }

    /** What waits in the aggregator lives in the database: a crash between the two feeds loses nothing. */
    @Bean
    JdbcAggregationRepository pairRepository(DataSource dataSource, PlatformTransactionManager transactions) {
        JdbcAggregationRepository repository = new JdbcAggregationRepository(transactions, "sync_pairs", dataSource);
        // A run cut off is read again from the cursors by the next run: nothing to redeliver on start.
        repository.setUseRecovery(false);
        return repository;
    }

    /**
     * A changed CRM record becomes its side of a pair ({@code {"crm": record}}, with header {@code pairKey});
     * an unchanged one (re-read in the overlap) becomes null and does not enter the aggregator.
     */
    public Map<String, Object> crmSide(Exchange exchange) {
        SyncModule module = module(exchange);
        @SuppressWarnings("unchecked")
        Map<String, Object> read = exchange.getIn().getBody(Map.class);
        String crmId = String.valueOf(read.get("id"));
        Optional<Link> link = links.byCrmId(module, crmId);
        if (sameVersionAsLinked(module, link, read)) {
            return null; // back in the feed's overlap unchanged: not read again for its lines
        }
        boolean partial = module == SyncModule.INVOICES && !(read.get("LineItems") instanceof List);
        Map<String, Object> record = partial ? crm.retrieve(crmId) : read;
        // Before the fingerprint: a cancellation alone leaves it as it was, so the invoice would reach no writer.
        creditNotes.draft(runs.run(exchange.getIn().getHeader("runId", Long.class)), module, record);
        if (!changed(link, fingerprints.crm(module, record), Link::crmHash)) {
            Object modified = record.get("modifiedtime");
            if (partial && modified != null && !modified.toString().equals(link.get().crmModifiedTime())) {
                // read for nothing (an edit of a field the fingerprint leaves out, a link from before modified times
                // were kept): not again while it is back in the overlap unchanged
                links.save(link.get().withCrm(link.get().crmHash(), modified.toString()));
            }
            return null;
        }
        exchange.getIn().setHeader("pairKey", crmKey(module, crmId, record, link, this::once));
        exchange.getIn().setHeader("module", module.name());
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("crm", record);
        return side;
    }

    /**
     * Whether a CRM record from the feed has the modifiedtime its link keeps (that of the version last written to or
     * read from the CRM with the link's CRM fingerprint): then it is that version, back in the feed's overlap. The
     * CRM keeps modifiedtime in whole seconds, so an edit in the same second as our write would pass unseen; the feed
     * has the same limit (its one-second overlap), and only invoices, whose lines a feed row lacks, are spared a read
     * by it (other records are compared by their fingerprint, which costs no request).
     */
    static boolean sameVersionAsLinked(SyncModule module, Optional<Link> link, Map<String, Object> row) {
        Object modified = row.get("modifiedtime");
        return module == SyncModule.INVOICES && !(row.get("LineItems") instanceof List) && link.isPresent()
                && link.get().crmHash() != null && modified != null
                && modified.toString().equals(link.get().crmModifiedTime());
    }

    /** The same for a Dinero record ({@code {"dinero": record, "dineroPayments": …}}); deleted ones stay out. */
    public Map<String, Object> dineroSide(Exchange exchange) {
        SyncModule module = module(exchange);
        @SuppressWarnings("unchecked")
        Map<String, Object> record = exchange.getIn().getBody(Map.class);
        String dineroId = String.valueOf(record.get(module.dineroResource().idField()));
        if (record.get("DeletedAt") != null) {
            links.byDineroId(module, dineroId).ifPresent(link -> runs.deleted(runs.currentRunId(), module, link.crmId(),
                    "Dinero"));
            return null;
        }
        if (DineroToCrm.sameVersionAsLinked(links, module, dineroId, record)) {
            return null; // back in the feed's overlap unchanged: not read again
        }
        Map<String, Object> side = new LinkedHashMap<>();
        if (module == SyncModule.INVOICES) {
            Map<String, Object> row = record;
            record = dinero.getInvoice(dineroId);
            Map<String, Object> paid = DineroToCrm.paymentsOf(dinero, dineroId, record);
            if (paid != null) {
                side.put("dineroPayments", paid);
            }
            DineroToCrm.seesState(exchange, row, record);
            side.put(DineroToCrm.STATE_PROPERTY, exchange.getProperty(DineroToCrm.STATE_PROPERTY));
        }
        Optional<Link> link = links.byDineroId(module, dineroId);
        @SuppressWarnings("unchecked")
        Map<String, Object> payments = (Map<String, Object>) side.get("dineroPayments");
        boolean echo = echoes(module, link, record, payments);
        if (!dineroChanged(module, link, record, payments)) {
            Object state = side.get(DineroToCrm.STATE_PROPERTY);
            if (state != null) {
                links.seenDineroState(module, dineroId, state.toString()); // unchanged: nothing to write, but seen
            }
            Object updatedAt = record.get("UpdatedAt");
            if (echo || module == SyncModule.INVOICES && updatedAt != null
                    && !updatedAt.toString().equals(link.get().dineroTimestamp())) {
                // Dinero's side as it holds it from now on; an invoice's UpdatedAt, which its list row shows, so it
                // is not read again while it is back in the feed's overlap unchanged (DineroToCrm.sameVersionAsLinked).
                links.save(link.get().withDinero(fingerprints.dinero(module, record, payments),
                        module == SyncModule.INVOICES && updatedAt != null ? updatedAt.toString()
                                : link.get().dineroTimestamp()));
            }
            return null;
        }
        exchange.getIn().setHeader("pairKey", dineroKey(module, dineroId, record, link, this::once));
        exchange.getIn().setHeader("module", module.name());
        side.put("dinero", record);
        return side;
    }

    /** Reading one record for pairing failed: recorded like any record failure; the module goes on. */
    public void failed(Exchange exchange) {
        SyncModule module = module(exchange);
        @SuppressWarnings("unchecked")
        Map<String, Object> record = exchange.getIn().getBody(Map.class);
        String crmId = record == null || record.get("id") == null ? null : String.valueOf(record.get("id"));
        String dineroId = record == null ? null : (String) record.get(module.dineroResource().idField());
        RecordFailure failure = RecordFailure.caught(exchange, crmId != null ? "crm" : "dinero");
        // The record read is one side's: named on that side.
        FailureStore.Names names = crmId != null
                ? new FailureStore.Names(crmId, dineroId, types.of(module).crmName(record), null)
                : new FailureStore.Names(null, dineroId, null, types.of(module).dineroName(record));
        runs.fail(runs.currentRunId(), crmId != null ? FailureStore.Direction.CRM_TO_DINERO : FailureStore.Direction.DINERO_TO_CRM,
                module, failure.side(), names, failure.code(), failure.message());
    }

    /**
     * The aggregator completed a pair: one side changed → that side is copied over; both changed → the side
     * {@code sync.priority} names. Sets the side that wins ({@code winner}: {@code crm} or {@code dinero}; the route
     * sends the record on to that side's per-record route) and the winning record as the body.
     */
    public void decide(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> pair = exchange.getIn().getBody(Map.class);
        boolean fromCrm = crmWins(pair.containsKey("crm"), pair.containsKey("dinero"), settings.getPriority());
        exchange.getIn().setHeader("winner", fromCrm ? "crm" : "dinero");
        boolean both = pair.containsKey("crm") && pair.containsKey("dinero");
        // Both changed: the winner writes its whole content even where hashes look alike, so the loser's change is
        // overwritten on purpose, never left behind; and an unlinked Dinero winner links to the CRM record it met.
        exchange.getIn().setHeader("bothChanged", both);
        if (both && !fromCrm) {
            @SuppressWarnings("unchecked")
            Map<String, Object> crmRecord = (Map<String, Object>) pair.get("crm");
            exchange.getIn().setHeader("pairedCrmId", String.valueOf(crmRecord.get("id")));
        }
        // A pair may have waited in the repository since a run that was cut off: it belongs to the run going now.
        exchange.getIn().setHeader("runId", runs.currentRunId());
        exchange.getIn().setHeader("module", SyncModule.valueOf(exchange.getIn().getHeader("module", String.class)));
        if (!fromCrm && pair.get("dineroPayments") != null) {
            exchange.setProperty(DineroInvoiceMapping.PAYMENTS_PROPERTY, pair.get("dineroPayments"));
        }
        if (!fromCrm && pair.get(DineroToCrm.STATE_PROPERTY) != null) {
            exchange.setProperty(DineroToCrm.STATE_PROPERTY, pair.get(DineroToCrm.STATE_PROPERTY));
        }
        exchange.getIn().setBody(pair.get(fromCrm ? "crm" : "dinero"));
    }

    /**
     * Whether a Dinero record as read is our own write read back: its link keeps what we expected Dinero to hold
     * ({@link Fingerprints#expected}) and the record holds it; an invoice also still has the TimeStamp our write left
     * (any change of a draft, of a field we did not send too, gives it a new one). Then it is no change.
     */
    boolean echoes(SyncModule module, Optional<Link> link, Map<String, Object> record, Map<String, Object> payments) {
        if (link.isEmpty() || !Fingerprints.isExpected(link.get().dineroHash())) {
            return false;
        }
        Object timestamp = DineroClient.timestampOf(record);
        if (module == SyncModule.INVOICES && timestamp != null && link.get().dineroTimestamp() != null
                && !timestamp.toString().equals(link.get().dineroTimestamp())) {
            return false;
        }
        return fingerprints.echoes(module, link.get().dineroHash(), record, payments);
    }

    /** Whether a Dinero record as read changed since the last sync: {@link #changed}, and not our own write's echo. */
    boolean dineroChanged(SyncModule module, Optional<Link> link, Map<String, Object> record,
                          Map<String, Object> payments) {
        return !echoes(module, link, record, payments)
                && changed(link, fingerprints.dinero(module, record, payments), Link::dineroHash);
    }

    /**
     * Whether a side's record changed since the last sync: not linked yet, or its fingerprint is not the one the link
     * keeps for that side (our own writes read back in a change feed are not a change).
     */
    static boolean changed(Optional<Link> link, String fingerprint, java.util.function.Function<Link, String> kept) {
        return link.isEmpty() || !fingerprint.equals(kept.apply(link.get()));
    }

    /** Who wins a pair: the side that changed; both changed → the side {@code sync.priority} names. */
    static boolean crmWins(boolean crmChanged, boolean dineroChanged, SyncProperties.Priority priority) {
        return crmChanged && (!dineroChanged || priority == SyncProperties.Priority.CRM_FIRST);
    }

    /** Why the winner of a record changed on both sides won, in plain words (the dry run's conflicts). */
    static String conflictReason(SyncProperties.Priority priority) {
        return "Changed on both sides since the last sync; sync.priority=" + SettingValues.of(priority) + ", so "
                + (priority == SyncProperties.Priority.CRM_FIRST
                ? "the CRM's values are written to Dinero and Dinero's change is overwritten."
                : "Dinero's values are written to the CRM and the CRM's change is overwritten.");
    }

    /** Gives a natural key to one record of a side at most (see {@link #once}); the dry run keeps its own. */
    @FunctionalInterface
    interface KeyUse {
        String once(String side, String key, String ownKey);
    }

    /** Keys used by one pass over the feeds, for {@link KeyUse}. */
    static KeyUse keyUse() {
        java.util.Set<String> used = new java.util.HashSet<>();
        return (side, key, ownKey) -> used.add(side + "|" + key) ? key : ownKey;
    }

    /** A changed CRM record's pair key: its link, else its natural key in Dinero's terms, else its own id. */
    String crmKey(SyncModule module, String crmId, Map<String, Object> record, Optional<Link> link, KeyUse keys) {
        return module.key() + ":" + link.map(l -> "link:" + l.crmId())
                .orElseGet(() -> keys.once("crm", naturalKey(module, crmId, record), "crm:" + crmId));
    }

    /** A changed Dinero record's pair key, the same way. */
    String dineroKey(SyncModule module, String dineroId, Map<String, Object> record, Optional<Link> link, KeyUse keys) {
        String natural = types.of(module).naturalKey(record, activeMapping.vatSynced());
        return module.key() + ":" + link.map(l -> "link:" + l.crmId())
                .orElseGet(() -> keys.once("dinero", natural != null ? "key:" + natural : "dinero:" + dineroId,
                        "dinero:" + dineroId));
    }

    /**
     * A natural key pairs one record of each side at most: a second record of the same side with the same key (two
     * CRM contacts sharing info@firma.dk) keeps its own key instead of replacing the first in the pair.
     */
    private synchronized String once(String side, String key, String ownKey) {
        long run = runs.currentRunId();
        if (run != keysOfRun) {
            keysOfRun = run;
            usedKeys = keyUse();
        }
        return usedKeys.once(side, key, ownKey);
    }

    private long keysOfRun = -1;
    private KeyUse usedKeys = keyUse();

    /** An unlinked CRM record's natural key in Dinero's terms, through its mapping; none → it stays alone. */
    private String naturalKey(SyncModule module, String crmId, Map<String, Object> record) {
        try {
            String natural = types.of(module).naturalKey(types.toDinero(module).mapInForce(record),
                    activeMapping.vatSynced());
            return natural != null ? "key:" + natural : "crm:" + crmId;
        } catch (RuntimeException unmappable) {
            return "crm:" + crmId;
        }
    }

    private static SyncModule module(Exchange exchange) {
        Object module = exchange.getIn().getHeader("module");
        return module instanceof SyncModule m ? m : SyncModule.valueOf(String.valueOf(module));
    }
}
