package dk.simplydinero.sync;

import dk.simplydinero.model.SyncModule;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * CRM → Dinero one way (the template {@code crm-to-dinero} in routes/sync.yaml): the create intents of the module's
 * records are stored {@value #GROUP} at a time, in one commit, before any of them goes to a writer, instead of one
 * commit per created record ({@link UncertainCreates#beginDineroAhead}; docs/bench-profile.md: a commit is the
 * largest single cost of a record). A Dinero create's intent needs only the CRM id (its ExternalReference), so it can
 * be stored before the record is mapped. A crash costs at most a group's lookups at the next run's start.
 */
@Component
public class CreateIntentsAhead {

    /** Records per intent commit, and so the most a crash leaves to be looked up by their ExternalReference. */
    static final int GROUP = 20;

    private final UncertainCreates uncertain;
    private final SyncRuns runs;
    private final RecordsInFlight inFlight;

    public CreateIntentsAhead(UncertainCreates uncertain, SyncRuns runs, RecordsInFlight inFlight) {
        this.uncertain = uncertain;
        this.runs = runs;
        this.inFlight = inFlight;
    }

    /** The module's records as read, each handed out once the intents of its group are stored. */
    public Iterator<Map<String, Object>> ahead(@Header("runId") long runId, @Header("module") SyncModule module,
                                               @Body Iterator<Map<String, Object>> records) {
        return new Iterator<>() {
            private final Deque<Map<String, Object>> group = new ArrayDeque<>();
            /** The feed failed while a group was read: thrown once the records read before it are handed out. */
            private RuntimeException failed;

            // The split may ask from its writer threads: one at a time.
            @Override
            public synchronized boolean hasNext() {
                if (runs.stopped(runId)) {
                    return false; // as the feed itself: a stopped run hands out no more
                }
                if (group.isEmpty()) {
                    if (failed != null) {
                        RuntimeException e = failed;
                        failed = null;
                        throw e;
                    }
                    fill();
                }
                return !group.isEmpty();
            }

            @Override
            public synchronized Map<String, Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return group.poll();
            }

            private void fill() {
                try {
                    while (group.size() < GROUP && records.hasNext()) {
                        group.add(records.next());
                    }
                } catch (RuntimeException e) {
                    if (group.isEmpty()) {
                        throw e;
                    }
                    failed = e;
                }
                uncertain.beginDineroAhead(module, group.stream().map(r -> String.valueOf(r.get("id"))).toList());
            }
        };
    }

    /**
     * After the module's split: once no record is in flight (a stopped run's split ends before its records do), the
     * intents stored ahead whose create never began are removed.
     */
    public void dropUnused(@Header("module") SyncModule module) {
        inFlight.awaitNone();
        if (Thread.currentThread().isInterrupted()) {
            return; // the service stops and a writer may still be at a create: its intent stays, looked up next run
        }
        uncertain.dropAhead(module);
    }
}
