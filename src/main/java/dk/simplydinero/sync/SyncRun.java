package dk.simplydinero.sync;

import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.RunStore.ModuleCounts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/** A run in progress: its counters per module (live progress for the REST API) and what it noticed. */
public final class SyncRun {

    private final long id;
    private final String trigger;
    /**
     * By module key: the record types ({@link SyncModule}) and the modules that are no record type but are counted as
     * one ({@link BookedCreditNotes#MODULE}).
     */
    private final Map<String, Counters> counters = Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private final DineroLookup lookup;
    /** The CRM's first-contact index of this run, made when a Dinero record first needs it. */
    private CrmIndex crmIndex;
    /** For the run's duration on the meters (a monotonic clock: the wall clock may jump during a run). */
    private final long startedNanos = System.nanoTime();
    /**
     * Records of this run written one after the other when they share a key ({@link #writing}). Many stripes, made
     * when first used and dropped when no longer held: with 64, a record of three keys waited for an unrelated one
     * written beside it one time in seven, and the writers' overlap was lost for that record's whole write.
     */
    private final com.google.common.util.concurrent.Striped<Lock> writes =
            com.google.common.util.concurrent.Striped.lazyWeakLock(1 << 16);
    private volatile String fatal;
    private volatile boolean stopped;

    SyncRun(long id, String trigger, DineroLookup lookup) {
        this.id = id;
        this.trigger = trigger;
        this.lookup = lookup;
    }

    /** First-contact lookups: one listing per record type for bulk runs, direct queries for one record. */
    public DineroLookup lookup() {
        return lookup;
    }

    /**
     * First-contact lookups on the CRM side: one read per module and run ({@link CrmIndex}), or for a run of one record
     * (a single-record sync, a Retry) a query by the key, not a read of the whole module.
     */
    synchronized CrmIndex crmIndex(java.util.function.Supplier<CrmIndex> indexed,
                                   java.util.function.Supplier<CrmIndex> direct) {
        if (crmIndex == null) {
            crmIndex = (SyncRuns.RECORD.equals(trigger) ? direct : indexed).get();
        }
        return crmIndex;
    }

    /**
     * Runs one record's write (first contact, create or update, link) while no other record of this run with the
     * same source id or one of the same natural keys is written, nor one that found this record by a key: the records
     * of a module are written a few at once (routes/sync.yaml), and two that would pair with the same record on the
     * other side (or create it) must find each other's link as one after the other would. Keys are striped: unrelated
     * records may now and then wait for each other, never the other way round; the locks are taken in one order, so
     * none waits for another forever.
     */
    <T> T writing(SyncModule module, String sourceId, java.util.Collection<String> naturalKeys, Supplier<T> write) {
        List<String> keys = new ArrayList<>(naturalKeys.size() + 1);
        // The record's own id is its found key too: both ways, a write of the other direction that found this record
        // as its twin by a natural key (CrmIndex.FOUND, as CrmWriter and CrmToDinero take it) would link it as well.
        keys.add(module.key() + "\0" + CrmIndex.FOUND + sourceId);
        naturalKeys.forEach(key -> keys.add(module.key() + "\0" + key));
        Iterable<Lock> locks = writes.bulkGet(keys);
        List<Lock> held = new ArrayList<>();
        try {
            for (Lock lock : locks) {
                lock.lock();
                held.add(lock);
            }
            return write.get();
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        }
    }

    public long id() {
        return id;
    }

    public String trigger() {
        return trigger;
    }

    long startedNanos() {
        return startedNanos;
    }

    public void count(SyncModule module, WriteOutcome.Action action) {
        count(module, action, Eta.dineroRequests(action, false));
    }

    /** A record handled, with the Dinero requests it took ({@link Eta#dineroRequests}). */
    public void count(SyncModule module, WriteOutcome.Action action, int dineroRequests) {
        count(module.key(), action, dineroRequests);
    }

    /** As above, for a module by its key ({@link #touchedModules}). */
    void count(String module, WriteOutcome.Action action, int dineroRequests) {
        Counters c = counters.computeIfAbsent(module, m -> new Counters());
        c.dineroRequests.addAndGet(dineroRequests);
        c.processed.incrementAndGet();
        switch (action) {
            case CREATED -> c.created.incrementAndGet();
            case UPDATED -> c.updated.incrementAndGet();
            case UNCHANGED -> c.unchanged.incrementAndGet();
            case SKIPPED -> c.skipped.incrementAndGet();
            case FAILED -> c.failed.incrementAndGet();
        }
    }

    /** Something the user should read in the run's message (e.g. a booked invoice left alone). */
    public void note(String text) {
        notes.add(text);
    }

    /** The run could not go on (e.g. a side unreachable); it ends {@code failed} with this reason. */
    public void fatal(String reason) {
        if (fatal == null) {
            fatal = reason;
        }
    }

    /** A side is down (its circuit breaker opened): the run reads no further and moves no cursor. */
    public void stop(String reason) {
        fatal(reason);
        stopped = true;
    }

    public boolean stopped() {
        return stopped;
    }

    public String fatalReason() {
        return fatal;
    }

    public List<String> notes() {
        synchronized (notes) {
            return List.copyOf(notes);
        }
    }

    /** The module began reading now: its rate is measured from here. */
    void started(SyncModule module, Instant at) {
        started(module.key(), at);
    }

    void started(String module, Instant at) {
        counters.computeIfAbsent(module, m -> new Counters()).startedAt = at;
    }

    Instant startedAt(String module) {
        Counters c = counters.get(module);
        return c == null ? null : c.startedAt;
    }

    /**
     * {@code records} more records the module will handle, as a feed learns of them; null: some it will handle cannot
     * be known, so its total stays unknown for the rest of the run (never a guess).
     */
    void addToTotal(SyncModule module, Integer records) {
        addToTotal(module.key(), records);
    }

    void addToTotal(String module, Integer records) {
        Counters c = counters.computeIfAbsent(module, m -> new Counters());
        synchronized (c) {
            if (records == null) {
                c.totalUnknown = true;
            } else if (!c.totalUnknown) {
                c.total = (c.total == null ? 0 : c.total) + records;
            }
        }
    }

    /** The module is done: it handles no more records in this run, so it has no time left. */
    void done(String module) {
        counters.computeIfAbsent(module, m -> new Counters()).done = true;
    }

    boolean isDone(String module) {
        Counters c = counters.get(module);
        return c != null && c.done;
    }

    /** The records the module will handle in this run, null while (or when) unknown. */
    public Integer total(SyncModule module) {
        return total(module.key());
    }

    Integer total(String module) {
        Counters c = counters.get(module);
        if (c == null) {
            return null;
        }
        synchronized (c) {
            return c.totalUnknown ? null : c.total;
        }
    }

    public ModuleCounts counts(SyncModule module) {
        return counts(module.key());
    }

    ModuleCounts counts(String module) {
        Counters c = counters.computeIfAbsent(module, m -> new Counters());
        return new ModuleCounts(c.created.get(), c.updated.get(), c.unchanged.get(), c.skipped.get(), c.failed.get(),
                c.processed.get());
    }

    /** The Dinero requests the module's records took so far, as {@link Eta#dineroRequests} reckons them. */
    int dineroRequests(String module) {
        Counters c = counters.get(module);
        return c == null ? 0 : c.dineroRequests.get();
    }

    public boolean anyFailed() {
        synchronized (counters) {
            return counters.values().stream().anyMatch(c -> c.failed.get() > 0);
        }
    }

    /** The keys of the modules counted so far: the record types in the order of a run, then the others as met. */
    public List<String> touchedModules() {
        List<String> keys;
        synchronized (counters) {
            keys = new ArrayList<>(counters.keySet());
        }
        keys.sort(java.util.Comparator.comparingInt(k -> SyncModule.byKey(k).map(Enum::ordinal)
                .orElse(SyncModule.values().length)));
        return List.copyOf(keys);
    }

    private static final class Counters {
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger updated = new AtomicInteger();
        final AtomicInteger unchanged = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger processed = new AtomicInteger();
        final AtomicInteger dineroRequests = new AtomicInteger();
        volatile Instant startedAt;
        volatile boolean done;
        Integer total;
        boolean totalUnknown;
    }
}
