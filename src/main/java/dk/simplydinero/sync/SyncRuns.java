package dk.simplydinero.sync;

import dk.simplydinero.config.SettingValues;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.logging.RunContext;
import dk.simplydinero.mapping.ActiveMapping;
import dk.simplydinero.mapping.CrmCustomers;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.metrics.SyncMeters;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.FailureStore;
import dk.simplydinero.store.RunStore;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Starts, counts and ends runs. One run at a time (bulk or single record): two writers on one record could
 * create it twice. Counters live in memory while a run goes (so progress is cheap) and are stored as each
 * module ends and when the run ends.
 */
@Service
public class SyncRuns {

    private static final Logger log = LoggerFactory.getLogger(SyncRuns.class);

    public static final String MANUAL = "manual";
    public static final String SCHEDULE = "schedule";
    public static final String RECORD = "record";

    /** Length of sync_run.message. */
    static final int MESSAGE_LIMIT = 2000;

    private final RunStore store;
    private final FailureStore failures;
    private final SyncProperties settings;
    private final DineroClient dinero;
    private final ActiveMapping mapping;
    private final RecordTypes types;
    private final SyncMeters meters;
    private final Clock clock;
    private final CrmCustomers customers;
    private final RecordsInFlight inFlight;
    private SyncRun current;

    public SyncRuns(RunStore store, FailureStore failures, SyncProperties settings, DineroClient dinero,
                    ActiveMapping mapping, RecordTypes types, SyncMeters meters, Clock clock, CrmCustomers customers,
                    RecordsInFlight inFlight) {
        this.inFlight = inFlight;
        this.customers = customers;
        this.clock = clock;
        this.types = types;
        this.meters = meters;
        this.mapping = mapping;
        this.store = store;
        this.failures = failures;
        this.settings = settings;
        this.dinero = dinero;
    }

    @EventListener(ApplicationStartedEvent.class)
    public void markInterruptedRuns() {
        int interrupted = store.interruptLeftovers();
        if (interrupted > 0) {
            log.warn("{} run(s) were cut off when the service last stopped; the next run continues from the cursors",
                    interrupted);
        }
        // The last success survives a restart, so "no successful run for 6 h" does not start over.
        store.lastEnded("succeeded").ifPresent(meters::lastSucceeded);
    }

    /** Starts a run, or throws {@link RunInProgressException} naming the one going. */
    public synchronized long begin(String trigger) {
        if (current != null) {
            throw new RunInProgressException(current.id());
        }
        long id = store.insert(trigger, SettingValues.of(settings.getDirection()));
        BooleanSupplier vat = mapping::vatSynced;
        current = new SyncRun(id, trigger, RECORD.equals(trigger) ? new DirectLookup(dinero, types, vat)
                : new DineroIndex(dinero, types, vat));
        customers.clear();
        try (MDC.MDCCloseable ignored = MDC.putCloseable(RunContext.RUN_ID, Long.toString(id))) {
            log.info("Sync run {} started ({})", id, trigger);
        }
        return id;
    }

    /** The id of the run going now. */
    public synchronized long currentRunId() {
        if (current == null) {
            throw new IllegalStateException("no run is going");
        }
        return current.id();
    }

    /** The run with this id, while it goes. */
    public synchronized SyncRun run(long runId) {
        if (current == null || current.id() != runId) {
            throw new IllegalStateException("run " + runId + " is not running");
        }
        return current;
    }

    /** sync.direction as written in the settings ({@code crm-to-dinero}, …): sync-run takes that branch. */
    public String direction() {
        return SettingValues.of(settings.getDirection());
    }

    /** Whether sync.modules names the module (its key): a module route does nothing otherwise. */
    public boolean takesPart(String module) {
        return SyncModule.byKey(module).filter(settings.getModules()::contains).isPresent();
    }

    /** The module's feed begins reading: its pace is measured from now. */
    public void moduleStarted(long runId, SyncModule module) {
        moduleStarted(runId, module.key());
    }

    /** As above, for a module by its key ({@link SyncRun#touchedModules}). */
    void moduleStarted(long runId, String module) {
        run(runId).started(module, clock.instant());
    }

    /**
     * A feed learned of {@code records} more records the module will handle in this run (negative: fewer, one it
     * counted is dropped unhandled); null: of some it cannot know how many (the module's total then stays unknown). Both ways, a module's records are pairs of both sides'
     * changes, which only the pairing counts: its total is not known.
     */
    public void total(long runId, SyncModule module, Integer records) {
        total(runId, module.key(), records);
    }

    void total(long runId, String module, Integer records) {
        run(runId).addToTotal(module, totalsKnown() ? records : null);
    }

    /** Whether a module's total can be known in this direction (not both ways: see {@link #total}). */
    public boolean totalsKnown() {
        return settings.getDirection() != SyncProperties.Direction.BOTH;
    }

    public void count(long runId, SyncModule module, WriteOutcome outcome) {
        count(runId, FailureStore.Direction.CRM_TO_DINERO, module, outcome);
    }

    public void count(long runId, FailureStore.Direction direction, SyncModule module, WriteOutcome outcome) {
        count(runId, direction, module.key(), outcome);
    }

    /** As above, for a module by its key ({@link SyncRun#touchedModules}). */
    void count(long runId, FailureStore.Direction direction, String module, WriteOutcome outcome) {
        SyncRun run = run(runId);
        counted(run, direction, module, outcome.action(), Eta.dineroRequests(outcome.action(), outcome.readDinero()));
        if (outcome.action() == WriteOutcome.Action.SKIPPED && outcome.message() != null) {
            run.note(outcome.message());
        }
    }

    /**
     * A linked record was deleted on one side: deletions are not propagated, the other side's record is kept and
     * the run says so.
     */
    public void deleted(long runId, SyncModule module, String crmId, String deletedIn) {
        boolean inCrm = "the CRM".equals(deletedIn);
        count(runId, inCrm ? FailureStore.Direction.CRM_TO_DINERO : FailureStore.Direction.DINERO_TO_CRM, module,
                new WriteOutcome(WriteOutcome.Action.SKIPPED, crmId, deletedMessage(module, crmId, deletedIn)));
    }

    /** What the run says of a linked record deleted on one side (also the dry run's reason). */
    static String deletedMessage(SyncModule module, String crmId, String deletedIn) {
        String keptIn = "the CRM".equals(deletedIn) ? "the Dinero" : "the CRM";
        return module.key() + " " + crmId + " was deleted in " + deletedIn + "; " + keptIn + " record is kept";
    }

    /** A record the other side refused (or that could not be mapped): counted, recorded with the reason. */
    public void fail(long runId, SyncModule module, String side, String crmId, String dineroId, String code,
                     String message) {
        fail(runId, FailureStore.Direction.CRM_TO_DINERO, module, side, crmId, dineroId, code, message);
    }

    public void fail(long runId, FailureStore.Direction direction, SyncModule module, String side, String crmId,
                     String dineroId, String code, String message) {
        fail(runId, direction, module, side, new FailureStore.Names(crmId, dineroId, null, null), code, message);
    }

    /** As above, with the record's names on both sides where the step that failed held them. */
    public void fail(long runId, FailureStore.Direction direction, SyncModule module, String side,
                     FailureStore.Names record, String code, String message) {
        String crmId = record.crmId();
        String dineroId = record.dineroId();
        SyncRun run = run(runId);
        counted(run, direction, module.key(), WriteOutcome.Action.FAILED,
                Eta.dineroRequests(WriteOutcome.Action.FAILED, false));
        meters.failure(module.key(), side);
        if (RecordFailure.stopsTheRun(code)) {
            run.stop(module.key() + ": " + message);
        }
        failures.record(runId, direction, module, side, record, code, message);
        log.warn("Run {}: {} {} failed on the {} side: {}", runId, module.key(), crmId != null ? crmId : dineroId, side,
                message);
    }

    /** The one place a record is counted: in the run (its answer and history) and on the meters alike. */
    private void counted(SyncRun run, FailureStore.Direction direction, String module, WriteOutcome.Action action,
                         int dineroRequests) {
        run.count(module, action, dineroRequests);
        meters.record(module, SettingValues.of(direction), action.name().toLowerCase(java.util.Locale.ROOT));
    }

    public synchronized boolean goesOn(long runId) {
        return !stopped(runId);
    }

    /** The run could not go on at all (e.g. the custom mapping file names a field the CRM does not have). */
    public void runFailed(Exchange exchange, @Header("runId") long runId) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = e == null || e.getMessage() == null ? "unknown error" : e.getMessage();
        run(runId).fatal(reason);
        log.error("Run {} stopped: {}", runId, reason);
    }

    /**
     * Whether the run met a side that is down: its feeds then hand out no more records and its cursors stay, so the
     * next run reads what this one did not reach.
     */
    public synchronized boolean stopped(long runId) {
        return current != null && current.id() == runId && current.stopped();
    }

    /** The module could not be read at all: the run ends failed. */
    public void moduleFailed(long runId, SyncModule module, String reason, boolean sideDown) {
        if (sideDown) {
            run(runId).stop(module.key() + ": " + reason);
        } else {
            run(runId).fatal(module.key() + ": " + reason);
        }
        log.error("Run {}: {} stopped: {}", runId, module.key(), reason);
    }

    /** A module ended: once its records still being written have ended too (a split can end before them). */
    public void moduleDone(long runId, SyncModule module) {
        moduleDoneByKey(runId, module.key());
    }

    /**
     * As above, for a module by its key ({@link SyncRun#touchedModules}). Not an overload: the routes call
     * {@code moduleDone} by name, and Camel finds two of them ambiguous for a header it must convert.
     */
    void moduleDoneByKey(long runId, String module) {
        inFlight.awaitNone();
        SyncRun run = run(runId);
        run.done(module);
        store.saveModule(runId, module, run.counts(module), run.total(module));
    }

    /**
     * Ends the run: {@code failed} if a module could not be read, {@code partial} if a record failed. Not before its
     * records still being written have ended: waited for outside this object's lock, which their counts take.
     */
    public String finish(long runId) {
        inFlight.awaitNone();
        return end(runId);
    }

    private synchronized String end(long runId) {
        SyncRun run = run(runId);
        try {
            run.touchedModules().forEach(m -> store.saveModule(runId, m, run.counts(m), run.total(m)));
            String status = run.fatalReason() != null ? "failed" : run.anyFailed() ? "partial" : "succeeded";
            String message = message(run);
            Instant endedAt = store.finish(runId, status, message);
            meters.runEnded(run.trigger(), status, Duration.ofNanos(System.nanoTime() - run.startedNanos()), endedAt);
            log.info("Sync run {} {}; {}{}", runId, status, summary(run), message == null ? "" : "; " + message);
            return status;
        } finally {
            // Whatever happened while storing the end, the next run must be able to start.
            current = null;
            customers.clear();
        }
    }

    /** The run's one summary line: counts per module, e.g. {@code products: created 1, updated 0, …, failed 1}. */
    private static String summary(SyncRun run) {
        List<String> modules = new ArrayList<>();
        for (String module : run.touchedModules()) {
            RunStore.ModuleCounts c = run.counts(module);
            modules.add(module + ": created " + c.created() + ", updated " + c.updated() + ", unchanged "
                    + c.unchanged() + ", skipped " + c.skipped() + ", failed " + c.failed());
        }
        return modules.isEmpty() ? "no records" : String.join("; ", modules);
    }

    /** The fatal reason and the notes, cut to what the run table holds (the notes are also in the log). */
    static String message(SyncRun run) {
        List<String> parts = new ArrayList<>();
        if (run.fatalReason() != null) {
            parts.add(run.fatalReason());
        }
        parts.addAll(run.notes());
        if (parts.isEmpty()) {
            return null;
        }
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String next = (i == 0 ? "" : "; ") + parts.get(i);
            if (message.length() + next.length() > MESSAGE_LIMIT - 40) {
                message.append("; and ").append(parts.size() - i).append(" more (see the log)");
                break;
            }
            message.append(next);
        }
        return message.toString();
    }

    /** A stored run; while it goes, with its live counters. */
    public Optional<Map<String, Object>> describe(long runId) {
        return store.get(runId).map(this::withLiveCounts);
    }

    public List<Map<String, Object>> recent(int limit) {
        List<Map<String, Object>> runs = store.recent(limit);
        runs.forEach(this::withLiveCounts);
        return runs;
    }

    /**
     * The run going now shows its counters as they are in memory, not as last stored, and each module's time left
     * ({@link Eta}); a run that ended has none.
     */
    private Map<String, Object> withLiveCounts(Map<String, Object> run) {
        SyncRun live;
        synchronized (this) {
            live = current;
        }
        if (live != null && run.get("id").equals(live.id())) {
            Map<String, Object> modules = new LinkedHashMap<>();
            live.touchedModules().forEach(m -> modules.put(m, progress(live, m)));
            run.put("modules", modules);
        }
        return run;
    }

    /** A module of the run going: its counts, its total and its time left (none once it is done). */
    private Map<String, Object> progress(SyncRun run, String module) {
        RunStore.ModuleCounts counts = run.counts(module);
        Integer total = run.total(module);
        boolean done = run.isDone(module);
        Eta.Estimate estimate = done ? new Eta.Estimate(null, null, null)
                : eta().estimate(total, counts.processed(), run.startedAt(module),
                        SyncModule.byKey(module).map(m -> Eta.dineroRequestsPerRecord(settings.getDirection(), m,
                                counts.processed(), run.dineroRequests(module)))
                                .orElse(BookedCreditNotes.REQUESTS_PER_NOTE));
        Map<String, Object> progress = counts.asMap();
        progress.put("done", done);
        progress.put("total", total);
        progress.put("eta", estimate.seconds());
        progress.put("limitedBy", estimate.limitedBy() == null ? null : estimate.limitedBy().key());
        return progress;
    }

    /** The estimate on the budget the Dinero client keeps to (dinero.requests-per-minute per dinero.rate-window). */
    private Eta eta() {
        return new Eta(clock, budget(), budgetWindow());
    }

    /** Dinero requests allowed per {@link #budgetWindow()}: the console names them when they bound a module. */
    public int budget() {
        return dinero.rateLimiter().permits();
    }

    public Duration budgetWindow() {
        return dinero.rateLimiter().window();
    }
}
