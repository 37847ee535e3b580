package dk.simplydinero.sync;

import com.google.common.collect.Iterators;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.FailureStore;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import org.springframework.stereotype.Component;

import java.util.Iterator;
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

    /** {@code rows} (the feed's list, read lazily) without the unchanged ones, each counted as unchanged. */
    Iterator<Map<String, Object>> drop(long runId, SyncModule module, Iterator<Map<String, Object>> rows) {
        if (types.of(module).feedReadsWhole()) {
            return rows;
        }
        String idField = module.dineroResource().idField();
        return Iterators.concat(Iterators.transform(Iterators.partition(rows, GROUP), group -> {
            Map<String, Link> linked = links.byDineroIds(module, group.stream()
                    .filter(row -> row.get("DeletedAt") == null).map(row -> String.valueOf(row.get(idField))).toList());
            return group.stream().filter(row -> {
                Link link = linked.get(String.valueOf(row.get(idField)));
                boolean unchanged = link != null && row.get("DeletedAt") == null
                        && fingerprints.dinero(module, row).equals(link.dineroHash());
                if (unchanged) {
                    counted(runId, module, link.crmId());
                }
                return !unchanged;
            }).iterator();
        }));
    }

    /** A Dinero record the run found unchanged without writing it: counted as the writer counts one. */
    void counted(long runId, SyncModule module, String crmId) {
        runs.count(runId, FailureStore.Direction.DINERO_TO_CRM, module,
                WriteOutcome.of(WriteOutcome.Action.UNCHANGED, crmId));
    }
}
