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
        readUpTo.put(module, Math.max(cursor(module), 1));
        runs.moduleStarted(runId, module);
        return feed(module, new FeedEvents() {
            @Override
            public boolean stopped() {
                return runs.stopped(runId);
            }

            @Override
            public boolean wantsTotal() {
                return runs.totalsKnown();
            }

            @Override
            public void total(Integer total) {
                runs.total(runId, module, total);
            }

            @Override
            public void gone(String crmId) {
                failures.resolve(module, crmId); // gone from the CRM: nothing left to retry
            }

            @Override
            public void unreadable(String crmId, CrmException e) {
                runs.fail(runId, module, "crm", crmId, null, e.code(), e.getMessage());
            }

            @Override
            public void deleted(String crmId) {
                runs.deleted(runId, module, crmId, "the CRM");
            }

            @Override
            public void readUpTo(long modifiedTime) {
                readUpTo.merge(module, modifiedTime, Math::max);
            }
        });
    }

    /**
     * The module's records to sync (the failures to retry, then the change feed from the cursor), read lazily; what
     * the feed meets besides records goes to {@code events}: the run records it, the dry run previews it.
     */
    Iterator<Map<String, Object>> feed(SyncModule module, FeedEvents events) {
        return new Feed(module, Math.max(1, cursor(module) - OVERLAP_SECONDS), failures.openCrmIds(module), events);
    }

    private long cursor(SyncModule module) {
        return cursors.get(module, CursorStore.Side.CRM).map(Long::parseLong).orElse(0L);
    }

    /** What the feed meets besides the records it hands on. */
    interface FeedEvents {
        /** Whether to stop reading (the run was stopped). */
        default boolean stopped() {
            return false;
        }

        /** A failure to retry is gone from the CRM. */
        void gone(String crmId);

        /** A failure to retry cannot even be read now; it stays a failure, the module goes on. */
        void unreadable(String crmId, CrmException e);

        /** A linked record was deleted in the CRM (deletions are not propagated: reported). */
        void deleted(String crmId);

        /** The feed read records modified up to this time. */
        default void readUpTo(long modifiedTime) {
        }

        /** Whether the number of records the feed will hand on is asked for (a run's progress; not both ways). */
        default boolean wantsTotal() {
            return false;
        }

        /** The number of records the feed will hand on; null: not known. */
        default void total(Integer total) {
        }
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
        private final FeedEvents events;
        private final SyncModule module;
        private final Deque<String> retries;
        private final Set<String> retried = new HashSet<>();
        private final Deque<Map<String, Object>> page = new ArrayDeque<>();
        private final Iterator<CrmSyncPage> pages;
        private final long since;
        private boolean counted;
        /** Whether the total came from count(*) (more than a page of changes). */
        private boolean byCount;

        Feed(SyncModule module, long since, List<String> retries, FeedEvents events) {
            this.events = events;
            this.module = module;
            this.since = since;
            this.retries = new ArrayDeque<>(retries);
            this.pages = crm.changePages(module.crmModule(), since);
        }

        @Override
        public boolean hasNext() {
            if (events.stopped()) {
                return false;
            }
            while (page.isEmpty()) {
                if (!retries.isEmpty()) {
                    String id = retries.poll();
                    try {
                        page.add(crm.retrieve(id));
                        retried.add(id);
                    } catch (CrmNotFoundException e) {
                        events.gone(id);
                    } catch (CrmException e) {
                        // This record cannot even be read now: it stays a failure, the module goes on (and the
                        // feed's copy of it, if any, is not tried a second time in this run).
                        retried.add(id);
                        events.unreadable(id, e);
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
                        if (events.wantsTotal()) {
                            Integer feed = !next.more() ? Integer.valueOf(page.size())
                                    : crm.changesReadByQuery() ? null : changes();
                            events.total(feed == null ? null : retried.size() + feed);
                            byCount = next.more() && feed != null;
                        }
                    }
                    // count(*) counts every changed row: those this page drops (a retried record read again, our
                    // helper records) come off the total.
                    int dropped = next.updated().size() - page.size();
                    if (byCount && dropped > 0) {
                        events.total(-dropped);
                    }
                    // Deletions are not propagated: a linked record deleted in the CRM is reported, its Dinero twin kept
                    // (only by the change feed: query cannot list deleted records).
                    next.deleted().stream().filter(id -> links.byCrmId(module, id).isPresent())
                            .forEach(events::deleted);
                    events.readUpTo(next.lastModifiedTime());
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
                log.info("The CRM did not count the changes of {} ({}); its total is unknown", module.key(),
                        e.getMessage());
                return null;
            }
        }
    }
}
