package dk.simplydinero.sync;

import dk.simplydinero.crm.CrmException;
import dk.simplydinero.crm.CrmNotFoundException;
import dk.simplydinero.crm.CrmSyncPage;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.mapping.MappingConfiguration;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.CursorStore;
import dk.simplydinero.store.FailureStore;
import dk.simplydinero.store.LinkStore;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CRM records of a module to sync this run: first those that failed before (retried until they succeed),
 * then the CRM's changes from the module's cursor ({@link SimplyCrmClient#changePages}: the {@code sync} change
 * feed, or {@code query} for a user that is not an admin; one cursor, unix seconds, for both). Read lazily, one
 * page at a time, so a module of any size streams through the route. The cursor advances only when the whole
 * module is done.
 *
 * <p>The feed answers records modified <em>after</em> the time asked, at one-second resolution; a record
 * written later in the last second we read would be missed, so each run asks from one second before the
 * cursor (the overlap). Records read twice are unchanged by content and cost nothing on the Dinero side.
 */
@Component
public class CrmChanges {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CrmChanges.class);

    static final long OVERLAP_SECONDS = 1;

    private final SimplyCrmClient crm;
    private final CursorStore cursors;
    private final FailureStore failures;
    private final SyncRuns runs;
    private final LinkStore links;
    private final Map<SyncModule, Long> readUpTo = new ConcurrentHashMap<>();

    public CrmChanges(SimplyCrmClient crm, CursorStore cursors, FailureStore failures, SyncRuns runs, LinkStore links) {
        this.links = links;
        this.crm = crm;
        this.cursors = cursors;
        this.failures = failures;
        this.runs = runs;
    }

    public Iterator<Map<String, Object>> read(@Header("runId") long runId, @Header("module") SyncModule module) {
        long cursor = cursors.get(module, CursorStore.Side.CRM).map(Long::parseLong).orElse(0L);
        long since = Math.max(1, cursor - OVERLAP_SECONDS);
        readUpTo.put(module, Math.max(cursor, 1));
        runs.moduleStarted(runId, module);
        return new Feed(runId, module, since, failures.openCrmIds(module));
    }

    /** The module's batch is done: the next run starts where this one read up to (unless the run was stopped). */
    public void commit(@Header("runId") long runId, @Header("module") SyncModule module) {
        Long upTo = readUpTo.remove(module);
        if (upTo != null && !runs.stopped(runId)) {
            cursors.put(module, CursorStore.Side.CRM, Long.toString(upTo));
        }
    }

    /**
     * The CRM records the sync itself keeps for Dinero's sake (the organization of private persons' invoices, the
     * product of lines without one) are not business data and never go to Dinero.
     */
    static boolean isOurHelper(Map<String, Object> record) {
        return PrivateCustomers.NAME.equals(record.get("accountname"))
                || MappingConfiguration.FALLBACK_PRODUCT.equals(record.get("productname"));
    }

    private final class Feed implements Iterator<Map<String, Object>> {
        private final long runId;
        private final SyncModule module;
        private final Deque<String> retries;
        private final Set<String> retried = new HashSet<>();
        private final Deque<Map<String, Object>> page = new ArrayDeque<>();
        private final Iterator<CrmSyncPage> pages;
        private final long since;
        private boolean counted;

        Feed(long runId, SyncModule module, long since, List<String> retries) {
            this.runId = runId;
            this.module = module;
            this.since = since;
            this.retries = new ArrayDeque<>(retries);
            this.pages = crm.changePages(module.crmModule(), since);
        }

        @Override
        public boolean hasNext() {
            if (runs.stopped(runId)) {
                return false;
            }
            while (page.isEmpty()) {
                if (!retries.isEmpty()) {
                    String id = retries.poll();
                    try {
                        page.add(crm.retrieve(id));
                        retried.add(id);
                    } catch (CrmNotFoundException e) {
                        failures.resolve(module, id); // gone from the CRM: nothing left to retry
                    } catch (CrmException e) {
                        // This record cannot even be read now: it stays a failure, the module goes on (and the
                        // feed's copy of it, if any, is not tried a second time in this run).
                        retried.add(id);
                        runs.fail(runId, module, "crm", id, null, e.code(), e.getMessage());
                    }
                } else if (pages.hasNext()) {
                    CrmSyncPage next = pages.next();
                    next.updated().stream().filter(r -> !retried.contains(String.valueOf(r.get("id"))))
                            .filter(r -> !isOurHelper(r)).forEach(page::add);
                    if (!counted) {
                        counted = true;
                        // The retries read before it, and this page or (more follow) the feed's count, which is
                        // not asked for when no total can be known (both ways) or the count is not the feed's (query
                        // drops rows the user may not see, count(*) counts them).
                        Integer feed = !runs.totalsKnown() ? null : !next.more() ? Integer.valueOf(page.size())
                                : crm.changesReadByQuery() ? null : changes();
                        runs.total(runId, module, feed == null ? null : retried.size() + feed);
                    }
                    // Deletions are not propagated: a linked record deleted in the CRM is reported, its Dinero twin kept
                    // (only by the change feed: query cannot list deleted records).
                    next.deleted().stream().filter(id -> links.byCrmId(module, id).isPresent())
                            .forEach(id -> runs.deleted(runId, module, id, "the CRM"));
                    readUpTo.merge(module, next.lastModifiedTime(), Math::max);
                } else {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Map<String, Object> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.poll();
        }

        /**
         * The feed's records beyond its first page: one count(*) query, made only for a module with more than a page
         * of changes (where a user waits long enough to ask how long). Null when the CRM does not answer it: the
         * total is then unknown, and the sync goes on.
         */
        private Integer changes() {
            try {
                return Math.toIntExact(crm.countChanges(module.crmModule(), since));
            } catch (RuntimeException e) {
                log.info("Run {}: the CRM did not count the changes of {} ({}); its total is unknown", runId,
                        module.key(), e.getMessage());
                return null;
            }
        }
    }
}
