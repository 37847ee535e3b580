package dk.simplydinero.sync;

import com.google.common.collect.Iterators;
import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.DineroException;
import dk.simplydinero.dinero.ListQuery;
import dk.simplydinero.mapping.ActiveMapping;
import dk.simplydinero.mapping.RecordType;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.mapping.custom.Direction;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.CursorStore;
import dk.simplydinero.store.FailureStore;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The Dinero records of a module changed since the module's Dinero cursor ({@code changesSince}, pages of 1000),
 * read lazily, after the records that failed before (retried until they succeed). Organizations and contacts are
 * both Dinero contacts, told apart by {@code IsPerson}.
 *
 * <p>The cursor is this service's own clock (UTC) when the module's read began, and each run asks from a minute
 * before it (clock skew, a change committed while the last read started). It is never taken from the records'
 * {@code UpdatedAt}: Dinero renders those without a zone and does not say which (UTC or Danish local time, an hour or
 * two ahead in winter and summer), so a cursor fed from them could run up to two hours ahead of {@code
 * changesSince}'s UTC and lose every edit in between. Records read twice are recognised by their fingerprint and
 * cost nothing. The cursor moves only when the module is done.
 *
 * <p>Invoices whose payment state changed without their {@code UpdatedAt} follow the feed ({@link InvoicePayments}).
 */
@Component
public class DineroChanges {

    static final Duration OVERLAP = Duration.ofMinutes(1);

    private final DineroClient dinero;
    private final CursorStore cursors;
    private final FailureStore failures;
    private final Map<SyncModule, Instant> readUpTo = new ConcurrentHashMap<>();
    private final SyncRuns runs;
    private final ActiveMapping mapping;
    private final Clock clock;
    private final InvoicePayments payments;
    private final RecordTypes types;
    private final UnchangedRows unchangedRows;

    public DineroChanges(DineroClient dinero, CursorStore cursors, FailureStore failures, SyncRuns runs,
                         ActiveMapping mapping, Clock clock, InvoicePayments payments, RecordTypes types,
                         UnchangedRows unchangedRows) {
        this.unchangedRows = unchangedRows;
        this.types = types;
        this.payments = payments;
        this.clock = clock;
        this.mapping = mapping;
        this.runs = runs;
        this.dinero = dinero;
        this.cursors = cursors;
        this.failures = failures;
    }

    /** The module's records for the priority aggregator (both ways): every row the feed lists, changed or not. */
    public Iterator<Map<String, Object>> read(@Header("runId") long runId, @Header("module") SyncModule module) {
        return read(runId, module, UnaryOperator.identity());
    }

    /**
     * The module's records to write to the CRM (Dinero → CRM): the listed rows that are linked and unchanged since
     * last written or seen, which the feed's overlap brings back, are counted as unchanged and left out
     * ({@link UnchangedRows}); the retries are not among them.
     */
    public Iterator<Map<String, Object>> readChanged(@Header("runId") long runId, @Header("module") SyncModule module) {
        return read(runId, module, rows -> unchangedRows.drop(runId, module, rows));
    }

    private Iterator<Map<String, Object>> read(long runId, SyncModule module,
                                               UnaryOperator<Iterator<Map<String, Object>>> kept) {
        readUpTo.put(module, clock.instant());
        runs.moduleStarted(runId, module);
        Iterator<Map<String, Object>> records = feed(module, (id, e) -> {
            RecordFailure failure = RecordFailure.of(e, "dinero");
            runs.fail(runId, FailureStore.Direction.DINERO_TO_CRM, module, failure.side(), null, id, failure.code(),
                    failure.message());
        }, true, more -> runs.total(runId, module, more), kept);
        return new Iterator<>() {
            /** A read that failed once is over: Camel asks hasNext again as it ends the split, which would read (and
             *  log the same failure with its stack trace) once more before the module's error handler runs. */
            private boolean failed;

            @Override
            public boolean hasNext() {
                if (failed || runs.stopped(runId)) {
                    return false;
                }
                try {
                    return records.hasNext();
                } catch (RuntimeException e) {
                    failed = true;
                    throw e;
                }
            }

            @Override
            public Map<String, Object> next() {
                if (!records.hasNext()) {
                    throw new NoSuchElementException();
                }
                return records.next();
            }
        };
    }

    /**
     * The module's records to sync: the failures to retry (read again; one that cannot be read goes to {@code
     * unreadable} and the module goes on), then the change feed from the cursor, then (invoices) those whose payment
     * state changed ({@link InvoicePayments#changed}; {@code seesDrafts}: a draft's state is noted as seen there, which
     * the dry run does not do). Read lazily. Shared by the run and the dry run. {@code total} learns how many records
     * the module will handle as the feed finds out (more of them each call, or fewer when negative; null: some, not
     * known how many).
     */
    Iterator<Map<String, Object>> feed(SyncModule module, BiConsumer<String, DineroException> unreadable,
                                       boolean seesDrafts, Consumer<Integer> total) {
        return feed(module, unreadable, seesDrafts, total, UnaryOperator.identity());
    }

    /** {@link #feed}, of the list's rows (not the retries) those {@code kept} keeps, as they are read. */
    private Iterator<Map<String, Object>> feed(SyncModule module, BiConsumer<String, DineroException> unreadable,
                                               boolean seesDrafts, Consumer<Integer> total,
                                               UnaryOperator<Iterator<Map<String, Object>>> kept) {
        ListQuery query = ListQuery.all().pageSize(ListQuery.MAX_PAGE_SIZE);
        var cursor = cursors.get(module, CursorStore.Side.DINERO).map(Instant::parse);
        if (cursor.isPresent()) {
            query = query.changesSince(cursor.get().minus(OVERLAP));
        }
        // The record type's own fields (ids, natural keys, times) and those the Dinero → CRM mapping in force reads
        // (which the fingerprints cover); a type read whole when it changed (invoices) lists its ids only.
        RecordType type = types.of(module);
        query = type.narrow(query).fields((type.feedReadsWhole() ? type.feedFields()
                : withReads(type.feedFields(), mapping.reads(module, Direction.DINERO_TO_CRM))).toArray(String[]::new));
        String idField = module.dineroResource().idField();
        List<String> retryIds = failures.openDineroIds(module);
        // The retries the module handles: each re-read, and each that cannot be read (it counts as failed); not one
        // gone from Dinero. All are read before the list's first page.
        AtomicInteger retriesHandled = new AtomicInteger();
        Iterator<Map<String, Object>> retried = retryIds.stream()
                .map(id -> reRead(module, id, (failedId, e) -> {
                    retriesHandled.incrementAndGet();
                    unreadable.accept(failedId, e);
                }))
                .filter(java.util.Objects::nonNull)
                .peek(r -> retriesHandled.incrementAndGet())
                .iterator();
        // A record that failed before is tried once per run: from its re-read (the freshest version), never a second
        // time from the feed's overlap, whether the re-read or the write failed again.
        Set<String> tried = Set.copyOf(retryIds);
        Set<String> read = ConcurrentHashMap.newKeySet();
        read.addAll(retryIds);
        // The total, from the feed's first page, which is read anyway: the retries handled and the list's rows as
        // that page says (DineroClient.Page#listTotal; Result's meaning is unconfirmed, so taken as an upper bound),
        // set right to the rows the list held once its last page is read, less each row the feed drops here (a
        // retried record listed again). An unlinked deleted row comes off where the run drops it (DineroToCrm.live).
        AtomicInteger listed = new AtomicInteger();
        AtomicReference<Integer> announced = new AtomicReference<>();
        Iterator<Map<String, Object>> listedRows = dinero.stream(module.dineroResource(), query, page -> {
                    listed.addAndGet(page.records().size());
                    if (page.page() == 0) {
                        announced.set(page.listTotal());
                        total.accept(announced.get() == null ? null : retriesHandled.get() + announced.get());
                    }
                    if (page.isLast() && announced.get() != null) {
                        total.accept(listed.get() - announced.get());
                    }
                })
                .filter(r -> {
                    boolean again = tried.contains(String.valueOf(r.get(idField)));
                    if (again) {
                        total.accept(-1);
                    }
                    return !again;
                })
                .peek(r -> {
                    // kept for the invoices' payment check only: any other module would hold an id per record for
                    // nothing (100,000 in a big first import)
                    if (module == SyncModule.INVOICES) {
                        read.add(String.valueOf(r.get(idField)));
                    }
                }).iterator();
        Iterator<Map<String, Object>> changed = kept.apply(listedRows);
        // Invoices: after the feed, those whose payment state changed without their UpdatedAt (InvoicePayments);
        // asked only once the feed is read (each part is made when the one before is used up), so an invoice the feed
        // or a retry brought is not read twice.
        return Iterators.concat(Stream.<Supplier<Iterator<Map<String, Object>>>>of(
                        () -> retried, () -> changed,
                        () -> module == SyncModule.INVOICES ? counted(payments.changed(read, seesDrafts), total)
                                : Collections.emptyIterator())
                .map(Supplier::get).iterator());
    }

    /** Invoices whose payment state changed: each one found adds to the module's total. */
    private static Iterator<Map<String, Object>> counted(Iterator<Map<String, Object>> invoices,
                                                         Consumer<Integer> total) {
        return Iterators.transform(invoices, invoice -> {
            total.accept(1);
            return invoice;
        });
    }

    /** The feed's own fields and those the mapping reads, each once. */
    private static List<String> withReads(List<String> own, Set<String> reads) {
        Set<String> all = new LinkedHashSet<>(own);
        all.addAll(reads);
        return List.copyOf(all);
    }

    /**
     * A record that failed before, read again to retry it; null when it is gone or cannot be read now (then it stays
     * a failure and the module goes on: one record Dinero answers badly for must not stop the module).
     */
    private Map<String, Object> reRead(SyncModule module, String id, BiConsumer<String, DineroException> unreadable) {
        try {
            return dinero.find(module.dineroResource(), id).orElse(null);
        } catch (DineroException e) {
            unreadable.accept(id, e);
            return null;
        }
    }

    /**
     * The module's batch is done: the next run reads Dinero's changes from when this read began (minus the overlap).
     */
    public void commit(@Header("runId") long runId, @Header("module") SyncModule module) {
        Instant upTo = readUpTo.remove(module);
        if (upTo != null && !runs.stopped(runId)) {
            cursors.put(module, CursorStore.Side.DINERO, upTo.toString());
        }
    }
}
