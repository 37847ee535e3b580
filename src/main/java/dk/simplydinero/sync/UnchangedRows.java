package dk.simplydinero.sync;

import com.google.common.collect.AbstractIterator;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.FailureStore;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Dinero → CRM: the rows of a module's change feed that are linked and hold what their link says was last written or
 * seen (its Dinero fingerprint) count as unchanged where they are listed. The feed's one-minute overlap brings every
 * record a run within the minute before wrote back again; each would go through the record route (a writer thread,
 * its mapping, locks, two link reads and the store writes that settle it) only to be found unchanged there
 * ({@link CrmWriter#plan}). Here a group of rows costs one link query. Only for a type whose list row is the whole
 * record (invoices are read whole and skipped by version: {@link DineroToCrm#live}); a deleted row goes on to be
 * reported.
 */
@Component
public class UnchangedRows {

    /** Rows looked up at once: one link query each (an IN list through the index, migration V15). */
    private static final int GROUP = 200;

    private final LinkStore links;
    private final Fingerprints fingerprints;
    private final RecordTypes types;
    private final SyncRuns runs;

    public UnchangedRows(LinkStore links, Fingerprints fingerprints, RecordTypes types, SyncRuns runs) {
        this.links = links;
        this.fingerprints = fingerprints;
        this.types = types;
        this.runs = runs;
    }

    /**
     * {@code rows} (the feed's list, read lazily) without the unchanged ones, each counted as unchanged. A group is
     * read, looked up and handed on before the next is read; the run's stop is checked before each. What cannot be
     * compared (the store or a row failing) goes on to the record route, which reports it as that record's failure.
     */
    Iterator<Map<String, Object>> drop(long runId, SyncModule module, Iterator<Map<String, Object>> rows) {
        if (types.of(module).feedReadsWhole()) {
            return rows;
        }
        return new AbstractIterator<>() {
            private Iterator<Map<String, Object>> group = Collections.emptyIterator();
            /** The list failed while a group was read: its rows read before are handed on first, then this. */
            private RuntimeException failed;

            @Override
            protected Map<String, Object> computeNext() {
                while (!group.hasNext()) {
                    if (failed != null) {
                        throw failed;
                    }
                    if (runs.stopped(runId) || !rows.hasNext()) {
                        return endOfData();
                    }
                    List<Map<String, Object>> read = new ArrayList<>(GROUP);
                    try {
                        while (read.size() < GROUP && rows.hasNext()) {
                            read.add(rows.next());
                        }
                    } catch (RuntimeException e) {
                        failed = e;
                    }
                    group = changed(runId, module, read).iterator();
                }
                return group.next();
            }
        };
    }

    /** Those of {@code group} that are not linked and unchanged; the others counted as unchanged. */
    private List<Map<String, Object>> changed(long runId, SyncModule module, List<Map<String, Object>> group) {
        String idField = module.dineroResource().idField();
        Map<String, Link> linked;
        try {
            linked = links.byDineroIds(module, group.stream().filter(row -> row.get("DeletedAt") == null)
                    .map(row -> String.valueOf(row.get(idField))).toList());
        } catch (RuntimeException e) {
            return group;
        }
        List<Map<String, Object>> changed = new ArrayList<>(group.size());
        for (Map<String, Object> row : group) {
            Link link = linked.get(String.valueOf(row.get(idField)));
            if (link != null && row.get("DeletedAt") == null && sameAsLinked(module, row, link)) {
                counted(runId, module, link.crmId());
            } else {
                changed.add(row);
            }
        }
        return changed;
    }

    private boolean sameAsLinked(SyncModule module, Map<String, Object> row, Link link) {
        try {
            return fingerprints.dinero(module, row).equals(link.dineroHash());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A Dinero record the run found unchanged without writing it: counted as the writer counts one. */
    void counted(long runId, SyncModule module, String crmId) {
        runs.count(runId, FailureStore.Direction.DINERO_TO_CRM, module,
                WriteOutcome.of(WriteOutcome.Action.UNCHANGED, crmId));
    }
}
