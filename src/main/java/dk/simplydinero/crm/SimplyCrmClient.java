package dk.simplydinero.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.simplydinero.http.CamelHttpTransport;
import dk.simplydinero.http.FormEncoding;
import dk.simplydinero.http.HttpFailures;
import dk.simplydinero.http.HttpTimeout;
import dk.simplydinero.http.ResilienceProperties;
import dk.simplydinero.http.SideGuard;
import dk.simplydinero.http.SideUnavailableException;
import dk.simplydinero.model.SideReason;
import dk.simplydinero.model.SideState;
import dk.simplydinero.model.SideStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Client of the Simply CRM (vtiger 7) webservice.
 * <ul>
 *   <li>One login at a time: concurrent callers wait for the one getchallenge/login in flight and share its
 *       session; a session error ({@code SESSION_EXPIRED}, {@code SESSION_LEFT_IDLE}, {@code INVALID_SESSIONID},
 *       {@code AUTHENTICATION_REQUIRED}) leads to a new login and the call is repeated.</li>
 *   <li>Reads (getchallenge, listtypes, describe, query, sync, retrieve) and full-record updates are tried again
 *       on transport problems with back-off ({@code resilience.*}, {@link SideGuard}); a {@code create} is not:
 *       it is not idempotent, the caller must look before creating again.</li>
 *   <li>Query paging uses {@code LIMIT offset,100} with {@code ORDER BY id} and stops only on an empty page
 *       (short pages happen while more rows exist), cross-checked with {@code count(*)}.</li>
 *   <li>The changes come from {@code sync}, or for a user that is not an admin from {@code query} paged by key
 *       ({@code modifiedtime}, then {@code id}), never by offset: see {@link #changePages}.</li>
 *   <li>Id prefixes are read from describe, never assumed.</li>
 *   <li>Redirects are not followed: a 3xx is an error naming the URL to configure instead.</li>
 *   <li>A login refused with {@code INVALID_USER_CREDENTIALS} or {@code INVALID_AUTH_TOKEN} is tried once more with a fresh challenge (another
 *       getchallenge for the same user replaces our token and causes that answer too).</li>
 *   <li>Every call's outcome is reported to a {@link SideState} (what {@code /api/status} shows), so the status
 *       needs no calls of its own while the sync runs.</li>
 *   <li>The access key, the login key and the session names (current and previous) are never logged nor put in
 *       messages.</li>
 * </ul>
 * Thread-safe.
 */
public class SimplyCrmClient {

    private static final Logger log = LoggerFactory.getLogger(SimplyCrmClient.class);

    /** The webservice's maximum rows per query. */
    public static final int PAGE_SIZE = 100;

    private static final Set<String> GET_OPERATIONS = Set.of("getchallenge", "listtypes", "describe", "query",
            "sync", "retrieve", "retrieve_related", "query_related");
    /**
     * Operations that may be sent again after a lost answer: the reads, updates that send the whole record, and
     * {@code add_related} (vtiger keeps one row per related pair).
     */
    private static final Set<String> IDEMPOTENT_OPERATIONS = Set.of("getchallenge", "listtypes", "describe", "query",
            "sync", "retrieve", "update", "revise", "add_related", "retrieve_related", "query_related");
    /**
     * Operations Simply CRM does not document (vtiger 7.0/7.1 added them): an answer that is not a webservice answer
     * (vtiger's PHP error page for an unknown operation, HTTP 200 or 500) means "not offered here", a
     * {@link CrmLacksOperationException}, not a transport problem to retry nor a CRM that is down.
     */
    private static final Set<String> OPTIONAL_OPERATIONS = Set.of("add_related", "retrieve_related", "query_related");
    /** Error codes a webservice may give in JSON for an operation it does not offer. */
    private static final Set<String> UNKNOWN_OPERATION_CODES = Set.of("UNKNOWN_OPERATION", "OPERATION_NOT_SUPPORTED");
    /** Invoice columns that make {@code query} join one row per line item. */
    private static final Pattern LINE_COLUMN = Pattern.compile(
            "productid|quantity|listprice|comment|discount_amount|discount_percent|tax\\d+|netprice|lineitem_id|sequence_no|incrementondel");
    /**
     * A column name VTQL's lexer reads. describe also lists names it cannot (a real vtiger 7's inventory modules have
     * {@code shipping_&_handling} and {@code shipping_&_handling_shtax1..3}), and a query naming one is refused as a
     * whole with {@code INTERNAL_SERVER_ERROR} "Unknown Error while processing request".
     */
    private static final Pattern VTQL_COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<Map<String, Object>>> LIST_OF_MAPS = new TypeReference<>() {
    };
    private static final int MAX_SESSION_RENEWALS = 3;
    /** Code of the {@link CrmLoginException} for a login answer without {@code sessionName}. */
    static final String NO_SESSION_NAME = "NO_SESSION_NAME";
    /** Code of the {@link CrmException} for a 3xx answer (redirects are not followed). */
    static final String REDIRECT = "REDIRECT";

    private final SimplyCrmProperties props;
    private final URI endpoint;
    private final CamelHttpTransport transport;
    /** The route and camel-http endpoint of every call, set up at the first call. */
    private volatile CamelHttpTransport.Side http;
    private final ObjectMapper json = new ObjectMapper();
    private final ReentrantLock loginLock = new ReentrantLock();
    private final Map<String, Map<String, Object>> describeCache = new ConcurrentHashMap<>();
    private volatile Session session;
    private volatile SideGuard guard = SideGuard.withDefaults("crm", "Simply CRM", SimplyCrmClient::isTransient);
    private volatile int readAttempts = guard.maxAttempts();
    /** The md5 login key last sent and the session name before the current one: redacted from messages too. */
    private volatile String lastLoginKey;
    private volatile String previousSessionName;
    /** See {@link #changesReadByQuery}. */
    private volatile boolean changesByQuery;
    /** Where the outcome of every call is reported (the status reads it); replaced by {@link #reportTo}. */
    private volatile SideState state = new SideState(Clock.systemUTC(), true);

    private static final class Session {
        final String name;
        final String userId;
        final String version;
        final String vtigerVersion;

        Session(String name, String userId, String version, String vtigerVersion) {
            this.name = name;
            this.userId = userId;
            this.version = version;
            this.vtigerVersion = vtigerVersion;
        }

        @Override
        public String toString() {
            return "Session[userId=" + userId + "]";
        }
    }

    /** On the {@linkplain CamelHttpTransport#standalone() standalone} transport (tests, tools). */
    public SimplyCrmClient(SimplyCrmProperties props) {
        this(props, CamelHttpTransport.standalone());
    }

    /** Every call goes through {@code transport} (the service's: the route {@code crm-http}). */
    public SimplyCrmClient(SimplyCrmProperties props, CamelHttpTransport transport) {
        this.props = props;
        this.transport = transport;
        String base = props.getUrl() == null ? "" : props.getUrl().trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        this.endpoint = URI.create(base.endsWith("/webservice.php") ? base : base + "/webservice.php");
    }

    private CamelHttpTransport.Side http() {
        CamelHttpTransport.Side side = http;
        if (side == null) {
            side = transport.side("crm-http", endpoint.toString(), timeout());
            http = side;
        }
        return side;
    }

    /** How many times an idempotent call is tried in all on transport problems (at least 1). */
    public SimplyCrmClient readAttempts(int attempts) {
        this.readAttempts = Math.max(1, attempts);
        return this;
    }

    /** Pause before the second try (doubles per try); tests shrink it. */
    public SimplyCrmClient retryDelay(Duration delay) {
        this.guard = guard.withInitialBackoff(delay);
        return this;
    }

    /** Retries and circuit breaker from {@code resilience.*}. */
    public SimplyCrmClient resilience(ResilienceProperties settings) {
        this.guard = new SideGuard("crm", "Simply CRM", settings, SimplyCrmClient::isTransient);
        this.readAttempts = settings.getMaxAttempts();
        return this;
    }

    public SideGuard guard() {
        return guard;
    }

    /** Reports what every call sees (connection, access to the change feed) to {@code state}. */
    public SimplyCrmClient reportTo(SideState state) {
        this.state = state;
        return this;
    }

    // ---- metadata ------------------------------------------------------------------------------------

    /** Module names the API user can use. */
    public List<String> listTypes() {
        JsonNode result = call("listtypes", Map.of());
        List<String> out = new ArrayList<>();
        result.path("types").forEach(t -> out.add(t.asText()));
        return out;
    }

    /** The module's describe answer (name, label, idPrefix, fields, …); cached per client. */
    public Map<String, Object> describe(String module) {
        Map<String, Object> cached = describeCache.get(module);
        if (cached != null) {
            return cached;
        }
        Map<String, Object> described = json.convertValue(call("describe", Map.of("elementType", module)), MAP);
        describeCache.put(module, described);
        return described;
    }

    /** Forgets cached describe answers (e.g. after custom fields changed in the CRM). */
    public void clearDescribeCache() {
        describeCache.clear();
    }

    /** The module's id prefix from describe (e.g. {@code "11"} for Accounts on many installs; never assume it). */
    public String idPrefix(String module) {
        Object prefix = describe(module).get("idPrefix");
        if (prefix == null) {
            throw new CrmException("describe", "NO_ID_PREFIX", "describe of " + module + " has no idPrefix");
        }
        return prefix.toString();
    }

    /** The module a webservice id belongs to (by its prefix), among {@code candidates}; null if none. */
    public String moduleOf(String id, List<String> candidates) {
        int x = id == null ? -1 : id.indexOf('x');
        if (x <= 0) {
            return null;
        }
        String prefix = id.substring(0, x);
        for (String module : candidates) {
            if (prefix.equals(idPrefix(module))) {
                return module;
            }
        }
        return null;
    }

    /** Field names of the module from describe. */
    @SuppressWarnings("unchecked")
    public List<String> fieldNames(String module) {
        List<String> out = new ArrayList<>();
        Object fields = describe(module).get("fields");
        if (fields instanceof List<?> list) {
            for (Object f : list) {
                if (f instanceof Map<?, ?> m && m.get("name") != null) {
                    out.add(String.valueOf(m.get("name")));
                }
            }
        }
        return out;
    }

    /** The user id of the current session ({@code 19x1}); logs in if needed. */
    public String userId() {
        return session().userId;
    }

    // ---- query ---------------------------------------------------------------------------------------

    /** One raw VTQL call (at most 100 rows come back; a short answer does not prove the end). */
    public List<Map<String, Object>> query(String vtql) {
        return json.convertValue(call("query", Map.of("query", vtql)), LIST_OF_MAPS);
    }

    /** {@code SELECT count(*) FROM module [WHERE where];} */
    public long count(String module, String where) {
        List<Map<String, Object>> rows = query("SELECT count(*) FROM " + module + whereClause(where) + ";");
        if (rows.isEmpty()) {
            return 0;
        }
        Object count = rows.get(0).get("count");
        return Long.parseLong(String.valueOf(count).trim());
    }

    /**
     * Streams every visible record of {@code module} matching {@code where} (VTQL condition without
     * {@code WHERE}, or null) page by page, so large modules never sit in memory. Pages may be short
     * (rows the API user may not see are dropped after the limit); paging goes on until an empty page that
     * {@code count(*)} confirms as the end. Invoices come without line items (use {@link #retrieve}).
     *
     * @return the number of records passed to {@code pageConsumer}
     */
    public long forEachPage(String module, String where, Consumer<List<Map<String, Object>>> pageConsumer) {
        String select = "SELECT " + columnsFor(module) + " FROM " + module + whereClause(where) + " ORDER BY id";
        long offset = 0;
        long delivered = 0;
        long total = -1;
        String lastId = null;
        while (true) {
            List<Map<String, Object>> rows = query(select + " LIMIT " + offset + "," + PAGE_SIZE + ";");
            if (rows.isEmpty()) {
                if (total < 0) {
                    total = count(module, where);
                }
                if (offset + PAGE_SIZE >= total) {
                    break;
                }
                log.debug("Simply CRM query of {}: empty page at offset {} of {} rows; going on", module, offset, total);
            } else {
                List<Map<String, Object>> page = new ArrayList<>(rows.size());
                for (Map<String, Object> row : rows) {
                    Object id = row.get("id");
                    String idText = id == null ? null : id.toString();
                    if (idText != null && idText.equals(lastId)) {
                        continue; // one row per line item of the same invoice
                    }
                    lastId = idText;
                    page.add(row);
                }
                if (!page.isEmpty()) {
                    delivered += page.size();
                    pageConsumer.accept(page);
                }
            }
            offset += PAGE_SIZE;
        }
        return delivered;
    }

    /**
     * One page of {@code module}'s records matching {@code where} (null = all), ordered by id: {@code count} (at most
     * {@link #PAGE_SIZE}) from {@code offset}, for a person paging through a search. Short pages are possible (see
     * {@link #forEachPage}); invoices come without line items.
     */
    public List<Map<String, Object>> page(String module, String where, long offset, int count) {
        return query("SELECT " + columnsFor(module) + " FROM " + module + whereClause(where) + " ORDER BY id LIMIT "
                + offset + "," + Math.min(count, PAGE_SIZE) + ";");
    }

    /** Like {@link #forEachPage} one record at a time. */
    public long forEach(String module, String where, Consumer<Map<String, Object>> recordConsumer) {
        return forEachPage(module, where, page -> page.forEach(recordConsumer));
    }

    /** Every visible record of {@code module} matching {@code where} (null = all), in one list. */
    public List<Map<String, Object>> queryAll(String module, String where) {
        List<Map<String, Object>> out = new ArrayList<>();
        forEachPage(module, where, out::addAll);
        return out;
    }

    /**
     * What a query of {@code module} selects: {@code *}, except for invoices, whose header columns are named one by
     * one ({@code *} or a line column joins one row per line item).
     */
    private String columnsFor(String module) {
        if (!"Invoice".equals(module)) {
            return "*";
        }
        List<String> columns = new ArrayList<>();
        for (String field : fieldNames(module)) {
            // Only names VTQL can lex: one it cannot (shipping_&_handling) makes the whole query fail.
            if (!"id".equals(field) && !LINE_COLUMN.matcher(field).matches() && VTQL_COLUMN.matcher(field).matches()) {
                columns.add(field);
            }
        }
        return columns.isEmpty() ? "*" : String.join(", ", columns);
    }

    private static String whereClause(String where) {
        return where == null || where.isBlank() ? "" : " WHERE " + where.trim();
    }

    // ---- sync ----------------------------------------------------------------------------------------

    /**
     * One page of changes after {@code modifiedTime} (unix seconds, sent as at least 1). {@code application}
     * = all users' records (needs an admin); otherwise only records owned by the API user.
     */
    public CrmSyncPage sync(String module, long modifiedTime, boolean application) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("elementType", module);
        params.put("modifiedTime", String.valueOf(Math.max(1, modifiedTime)));
        if (application) {
            params.put("syncType", "application");
        }
        JsonNode result = call("sync", params);
        List<Map<String, Object>> updated = json.convertValue(result.path("updated"), LIST_OF_MAPS);
        List<String> deleted = new ArrayList<>();
        result.path("deleted").forEach(d -> deleted.add(d.asText()));
        long last = result.path("lastModifiedTime").asLong(modifiedTime);
        return new CrmSyncPage(updated == null ? List.of() : updated, deleted, last, result.path("more").asBoolean(false));
    }

    /**
     * The change feed from {@code modifiedTime} as pages fetched one at a time while iterated, until {@code more}
     * is false. A feed that says more but does not move on ends with {@code SYNC_STUCK} instead of looping.
     */
    public Iterator<CrmSyncPage> syncPages(String module, long modifiedTime, boolean application) {
        long[] since = {Math.max(1, modifiedTime)};
        return untilLast(() -> {
            CrmSyncPage page = sync(module, since[0], application);
            if (page.more() && page.lastModifiedTime() <= since[0]) {
                throw new CrmException("sync", "SYNC_STUCK", "sync of " + module + " says more but does not advance past "
                        + since[0]);
            }
            since[0] = Math.max(since[0], page.lastModifiedTime());
            return page;
        });
    }

    /** Pages fetched one at a time while iterated, up to and including the first that says no more follow. */
    private static Iterator<CrmSyncPage> untilLast(Supplier<CrmSyncPage> nextPage) {
        return new Iterator<>() {
            private boolean more = true;

            @Override
            public boolean hasNext() {
                return more;
            }

            @Override
            public CrmSyncPage next() {
                if (!more) {
                    throw new NoSuchElementException();
                }
                CrmSyncPage page = nextPage.get();
                more = page.more();
                return page;
            }
        };
    }

    /**
     * Follows the change feed from {@code modifiedTime} until {@code more} is false, handing each page over.
     *
     * @return the last {@code lastModifiedTime}: the next run starts there
     */
    public long syncAll(String module, long modifiedTime, boolean application, Consumer<CrmSyncPage> pageConsumer) {
        long last = Math.max(1, modifiedTime);
        for (Iterator<CrmSyncPage> pages = syncPages(module, modifiedTime, application); pages.hasNext(); ) {
            CrmSyncPage page = pages.next();
            pageConsumer.accept(page);
            last = Math.max(last, page.lastModifiedTime());
        }
        return last;
    }

    // ---- changes -------------------------------------------------------------------------------------

    /**
     * The changes of {@code module} after {@code modifiedTime} (unix seconds), page by page while iterated, from the
     * feed {@code simplycrm.change-feed} names: {@link #syncPages application sync}, {@link #queryChangePages
     * query}, or (auto) application sync and, when the CRM answers that only admins may use it, query. Auto asks
     * again on every call, so a user made admin later gets the change feed back without a restart.
     */
    public Iterator<CrmSyncPage> changePages(String module, long modifiedTime) {
        switch (props.getChangeFeed()) {
            case SYNC:
                changesByQuery = false;
                return syncPages(module, modifiedTime, true);
            case QUERY:
                changesByQuery = true;
                return queryChangePages(module, modifiedTime);
            default:
                return new Iterator<>() {
                    private Iterator<CrmSyncPage> feed = syncPages(module, modifiedTime, true);
                    private boolean decided;

                    @Override
                    public boolean hasNext() {
                        return feed.hasNext();
                    }

                    @Override
                    public CrmSyncPage next() {
                        if (decided) {
                            return feed.next();
                        }
                        decided = true;
                        try {
                            CrmSyncPage first = feed.next();
                            changesByQuery = false;
                            return first;
                        } catch (CrmAccessDeniedException e) {
                            if (!adminOnly(e)) {
                                throw e;
                            }
                            log.info("Simply CRM lets only admins read the change feed of all users' records; reading"
                                    + " the changes of {} by query instead", module);
                            feed = queryChangePages(module, modifiedTime);
                            changesByQuery = true;
                            return feed.next();
                        }
                    }
                };
        }
    }

    /** The answer a real vtiger gives a user that is not an admin asking for application sync. */
    static boolean adminOnly(CrmAccessDeniedException e) {
        return e.crmMessage() != null && e.crmMessage().toLowerCase(Locale.ROOT).contains("admin");
    }

    /**
     * The changes of {@code module} after {@code modifiedTime} (unix seconds) by {@code query}, for users that may
     * not read the change feed: every record the user may see with a later {@code modifiedtime}, in pages of at
     * most 100, as {@link CrmSyncPage}s (no deletions: query cannot list them). Keyset paging, not offsets: each
     * page asks for what comes after the last row read, {@code modifiedtime = 'T' AND id > 'X' OR modifiedtime > 'T'
     * ORDER BY modifiedtime,id} (the same whether AND binds tighter than OR, as on a real vtiger, or left to right;
     * vtiger compares {@code id} by its crmid, a number; its grammar takes a column list after ORDER BY). A record
     * modified during the read moves behind the last row and is read later in the same pass, where an offset would shift the rows and skip one.
     * Rows the user may not see are dropped after the limit, so a short page is not the end; an empty page is,
     * unless {@code count(*)} says that more rows than that page held follow (all hidden): then the next 100 are
     * asked for at an offset from the same key, overlapping the empty page by {@value #HIDDEN_STRETCH_OVERLAP} rows
     * (up to that many rows of the stretch may change meanwhile without a visible row behind them being skipped).
     * {@code lastModifiedTime} is the last row's time in unix seconds, the server's {@code modifiedtime} read as UTC
     * (vtiger's default) as the starting time is written, so the cursor round-trips whatever the server's zone.
     */
    public Iterator<CrmSyncPage> queryChangePages(String module, long modifiedTime) {
        return untilLast(new QueryPages(module, Math.max(1, modifiedTime))::next);
    }

    /** The state of one {@link #queryChangePages} pass: the key of the last row read. */
    private final class QueryPages {
        private final String module;
        private final String select;
        private String afterTime;
        private String afterId;
        private long skip;
        private long last;

        QueryPages(String module, long since) {
            this.module = module;
            this.select = "SELECT " + columnsFor(module) + " FROM " + module + " WHERE ";
            this.afterTime = CrmValues.format(Instant.ofEpochSecond(since));
            this.last = since;
        }

        CrmSyncPage next() {
            while (true) {
                // The tie-break first: read with AND tighter than OR (a real vtiger 7) or left to right (as
                // Simply's documentation says), it means the same.
                String where = (afterId == null ? "" : "modifiedtime = " + literal(afterTime) + " AND id > "
                        + literal(afterId) + " OR ") + "modifiedtime > " + literal(afterTime);
                List<Map<String, Object>> rows = query(select + where + " ORDER BY modifiedtime,id LIMIT "
                        + (skip == 0 ? "" : skip + ",") + PAGE_SIZE + ";");
                if (rows.isEmpty()) {
                    if (count(module, where) > skip + PAGE_SIZE) {
                        // A whole page of rows the user may not see, and more follow. The next page overlaps
                        // this one: rows edited or deleted meanwhile leave the stretch and move the rows
                        // behind it up, which a step of a full page would skip.
                        skip += PAGE_SIZE - HIDDEN_STRETCH_OVERLAP;
                        continue;
                    }
                    return new CrmSyncPage(List.of(), List.of(), last, false);
                }
                Map<String, Object> lastRow = rows.get(rows.size() - 1);
                afterId = String.valueOf(lastRow.get("id"));
                afterTime = String.valueOf(lastRow.get("modifiedtime"));
                skip = 0;
                last = Math.max(last, epochSecond(module, afterId, afterTime));
                return new CrmSyncPage(rows, List.of(), last, true);
            }
        }
    }

    /**
     * Whether the last {@link #changePages} read (reads) the changes by query: from its first page on, known for auto.
     * Its pages then leave out rows the user may not see, which {@link #countChanges} still counts.
     */
    public boolean changesReadByQuery() {
        return changesByQuery;
    }

    /**
     * How many records of {@code module} were modified after {@code modifiedTime} (unix seconds), as the application
     * sync feed ({@link #changePages}) hands them out (one {@code count(*)} query; no feed says how many it holds).
     * Deleted records, which only that feed lists, are not counted. Not what the query feed hands out: vtiger counts
     * rows the user may not see, which query drops ({@link #changesReadByQuery}).
     */
    public long countChanges(String module, long modifiedTime) {
        return count(module, "modifiedtime > " + literal(CrmValues.format(Instant.ofEpochSecond(Math.max(1, modifiedTime)))));
    }

    /** Rows an offset page inside a stretch of hidden rows re-reads of the page before (see {@link #queryChangePages}). */
    static final int HIDDEN_STRETCH_OVERLAP = 10;

    private static long epochSecond(String module, String id, String modifiedTime) {
        try {
            Instant time = CrmValues.dateTime(modifiedTime);
            if (time != null) {
                return time.getEpochSecond();
            }
        } catch (DateTimeParseException e) {
            // named below
        }
        throw new CrmException("query", "BAD_MODIFIEDTIME", module + " record " + id + ": modifiedtime '"
                + modifiedTime + "' is not a date-time like 2026-01-31 23:59:59");
    }

    // ---- records -------------------------------------------------------------------------------------

    /** The full record; invoices with {@code LineItems}. Missing → {@link CrmNotFoundException}. */
    public Map<String, Object> retrieve(String id) {
        return json.convertValue(call("retrieve", Map.of("id", id)), MAP);
    }

    /**
     * Creates a record and returns it as the CRM stored it (ids, auto number, totals). Not idempotent and
     * never retried on transport problems: after a {@link CrmTransientException} the record may exist.
     * {@code assigned_user_id} defaults to the API user.
     */
    public Map<String, Object> create(String module, Map<String, ?> element) {
        Map<String, Object> body = new LinkedHashMap<>(element);
        if (body.get("assigned_user_id") == null || body.get("assigned_user_id").toString().isEmpty()) {
            body.put("assigned_user_id", session().userId);
        }
        withParentProduct(body);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("elementType", module);
        params.put("element", toJson(body));
        return json.convertValue(call("create", params), MAP);
    }

    /** A VTQL text literal: {@code 'O''Brien'} (a quote inside is doubled). */
    public static String literal(Object value) {
        return "'" + String.valueOf(value).replace("'", "''") + "'";
    }

    /**
     * The id of the one {@code module} record whose {@code field} is {@code value}, created from {@code element} when
     * there is none: looked for first, and again after a create whose answer was lost, so it is made at most once.
     * For the records the sync keeps for itself (e.g. the organization of private persons' invoices).
     */
    public String findOrCreate(String module, String field, String value, Map<String, ?> element) {
        return guard.createOrFind(() -> find(module, field, value),
                () -> String.valueOf(create(module, element).get("id")), true);
    }

    /** The id of the first {@code module} record whose {@code field} is {@code value} (the find of {@link #findOrCreate}). */
    public Optional<String> find(String module, String field, String value) {
        return query("SELECT id FROM " + module + " WHERE " + field + " = " + literal(value) + " LIMIT 1;").stream()
                .findFirst().map(r -> String.valueOf(r.get("id")));
    }

    /**
     * Full-record update: retrieves the record, applies {@code changes} and sends the whole record, so
     * fields not changed (mandatory ones included) keep their values on every vtiger version. Line items are
     * sent (and so replaced) only when {@code changes} has {@code LineItems}.
     */
    public Map<String, Object> update(String id, Map<String, ?> changes) {
        return update(retrieve(id), changes);
    }

    /** Full-record update of a record just retrieved ({@code current}), saving the second read. */
    public Map<String, Object> update(Map<String, Object> current, Map<String, ?> changes) {
        String id = String.valueOf(current.get("id"));
        Set<String> readOnly = readOnlyFields(moduleOfRecord(id));
        Map<String, Object> element = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : current.entrySet()) {
            if (!readOnly.contains(e.getKey()) && !"LineItems".equals(e.getKey())) {
                element.put(e.getKey(), e.getValue());
            }
        }
        element.putAll(changes);
        element.put("id", id);
        return updateRaw(element);
    }

    /** Sends {@code element} (with {@code id}) as is to {@code update}: every mandatory field must be in it. */
    public Map<String, Object> updateRaw(Map<String, ?> element) {
        Map<String, Object> body = new LinkedHashMap<>(element);
        withParentProduct(body);
        return json.convertValue(call("update", Map.of("element", toJson(body))), MAP);
    }

    /** An invoice needs a parent-level {@code productid}: the first line's product, when lines are sent. */
    private static void withParentProduct(Map<String, Object> body) {
        Object lines = body.get("LineItems");
        Object product = body.get("productid");
        if ((product == null || product.toString().isEmpty()) && lines instanceof List<?> list && !list.isEmpty()
                && list.get(0) instanceof Map<?, ?> first && first.get("productid") != null) {
            body.put("productid", first.get("productid"));
        }
    }

    /** {@code revise}: changes only the fields sent. May be disabled on Simply CRM; blanks an invoice's hdnTaxType unless sent. */
    public Map<String, Object> revise(Map<String, ?> element) {
        return json.convertValue(call("revise", Map.of("element", toJson(element))), MAP);
    }

    /** Moves the record to the recycle bin. */
    public void delete(String id) {
        call("delete", Map.of("id", id));
    }

    // ---- comments, documents, relations ---------------------------------------------------------------

    /**
     * Whether reference field {@code field} of {@code module} accepts records of {@code target}, per describe
     * ({@code type.refersTo}); e.g. whether comments may sit on invoices ({@code ModComments}, {@code related_to},
     * {@code Invoice}): a stock vtiger does not allow it, and the create then fails with {@code REFERENCE_INVALID}.
     * A field describe does not list (not in this CRM, or hidden from the API user) accepts nothing.
     */
    public boolean referenceAccepts(String module, String field, String target) {
        return refersTo(module, field).contains(target);
    }

    /** The modules reference field {@code field} of {@code module} accepts per describe; empty when describe lacks it. */
    private List<?> refersTo(String module, String field) {
        Object fields = describe(module).get("fields");
        if (fields instanceof List<?> list) {
            for (Object f : list) {
                if (f instanceof Map<?, ?> m && field.equals(m.get("name")) && m.get("type") instanceof Map<?, ?> type
                        && type.get("refersTo") instanceof List<?> refersTo) {
                    return refersTo;
                }
            }
        }
        return List.of();
    }

    /**
     * Creates a comment ({@code ModComments}) with {@code text} on record {@code relatedTo} (a full id, e.g.
     * {@code 9x42}), owned by the API user; returns it as stored. Not idempotent (see {@link #create}): look with
     * {@link #comments} before writing again. A target module the CRM does not allow comments on is a
     * {@link CrmValidationException} ({@code REFERENCE_INVALID}, field {@code related_to}).
     */
    public Map<String, Object> createComment(String relatedTo, String text) {
        Map<String, Object> element = new LinkedHashMap<>();
        element.put("commentcontent", required("ModComments", "commentcontent", text));
        element.put("related_to", required("ModComments", "related_to", relatedTo));
        return create("ModComments", element);
    }

    /**
     * Every comment the API user may see on record {@code relatedToId} (a full id: the CRM refuses a bare crmid with
     * {@link CrmInvalidIdException}), ordered by id, read page by page up to an empty page ({@link #forEachPage}).
     */
    public List<Map<String, Object>> comments(String relatedToId) {
        return queryAll("ModComments", "related_to = " + literal(relatedToId));
    }

    /**
     * Creates a {@code Documents} record that links to {@code url} (an external document: {@code filelocationtype E},
     * the URL in {@code filename}; no file is uploaded), active, in the default folder (record 1 of the module
     * {@code folderid} refers to; none when the API user may not describe it), owned by the API user; returns it as
     * stored. The URL must start with {@code http://} or {@code https://} (vtiger would put {@code http://} in front of
     * anything else). Not idempotent: look with {@link #documentsByUrl} first. A new document is related to nothing:
     * see {@link #addRelated}.
     */
    public Map<String, Object> createExternalDocument(String title, String url, String note) {
        String link = required("Documents", "filename", url);
        if (!link.startsWith("http://") && !link.startsWith("https://")) {
            throw new IllegalArgumentException("Documents field filename: '" + link
                    + "' is not an http:// or https:// URL");
        }
        Map<String, Object> element = new LinkedHashMap<>();
        element.put("notes_title", required("Documents", "notes_title", title));
        element.put("filelocationtype", "E");
        element.put("filename", link);
        element.put("filestatus", "1");
        String folder = defaultFolder();
        if (folder != null) {
            element.put("folderid", folder);
        }
        element.put("notecontent", note == null ? "" : note);
        return create("Documents", element);
    }

    /**
     * Record 1 (vtiger's default folder) of the module {@code folderid} refers to per describe of Documents, or null
     * when describe names none or the API user may not describe that module: {@code folderid} is optional in stock
     * vtiger, so the document is then created without it rather than not at all.
     */
    private String defaultFolder() {
        List<?> modules = refersTo("Documents", "folderid");
        if (modules.isEmpty()) {
            return null;
        }
        try {
            return idPrefix(String.valueOf(modules.get(0))) + "x1";
        } catch (CrmAccessDeniedException e) {
            log.info("Simply CRM: the API user may not describe {}; documents are created without a folder", modules.get(0));
            return null;
        }
    }

    /** The documents the API user may see whose {@code filename} (an external document's URL) is {@code url}. */
    public List<Map<String, Object>> documentsByUrl(String url) {
        return queryAll("Documents", "filename = " + literal(url));
    }

    /**
     * Relates record {@code relatedId} to record {@code sourceId} under the relation {@code label} (e.g. a document to
     * an invoice: {@code addRelated(invoice, document, "Documents")}) with {@code add_related}. The CRM answers
     * success also when the two modules have no such relation and nothing was related: check with
     * {@link #isRelated}. Relating twice is harmless. A CRM without the operation (Simply CRM does not document it)
     * is a {@link CrmLacksOperationException}.
     */
    public void addRelated(String sourceId, String relatedId, String label) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("sourceRecordId", sourceId);
        params.put("relatedRecordId", relatedId);
        params.put("relationIdLabel", label == null ? "" : label);
        call("add_related", params);
    }

    /**
     * The ids of the {@code relatedType} records related to record {@code id} under relation {@code label}, as the
     * API user sees them, ordered by id. Read with {@code query_related} page by page by id ({@code WHERE id > last
     * ORDER BY id LIMIT 0,100}) up to an empty page: a page's row count proves nothing, since the CRM drops rows the
     * user may not see after the limit (101 related with one hidden give a first page of 99). Only a page of 100 rows
     * all hidden would end it early. To ask about one record, {@link #isRelated} is one request. A relation the record's module does not have is
     * {@code UNKOWN_ENTITY} (sic); a CRM without the operation is a {@link CrmLacksOperationException}.
     */
    public List<String> relatedIds(String id, String relatedType, String label) {
        List<String> out = new ArrayList<>();
        // vtiger splices the related ids in after WHERE, so every page needs one: the first starts after crmid 0.
        String last = idPrefix(relatedType) + "x0";
        while (true) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("query", "SELECT id FROM " + relatedType + " WHERE id > " + literal(last) + " ORDER BY id LIMIT 0,"
                    + PAGE_SIZE);
            params.put("id", id);
            params.put("relatedLabel", label);
            List<Map<String, Object>> rows = json.convertValue(call("query_related", params), LIST_OF_MAPS);
            if (rows.isEmpty()) {
                return out;
            }
            String next = String.valueOf(rows.get(rows.size() - 1).get("id"));
            if (next.equals(last)) {
                throw new CrmException("query_related", "RELATED_STUCK", "related " + relatedType + " of record " + id
                        + " (label " + label + ") do not move on past " + last);
            }
            rows.forEach(row -> out.add(String.valueOf(row.get("id"))));
            last = next;
        }
    }

    /**
     * Whether record {@code relatedId} (a {@code relatedType} record) is related to record {@code sourceId} under
     * relation {@code label}, as the API user sees it: one {@code query_related} for that one id, so no query cap or
     * hidden row can hide it among others. A relation the source's module does not have is {@code UNKOWN_ENTITY}
     * (sic); a CRM without the operation is a {@link CrmLacksOperationException}.
     */
    public boolean isRelated(String sourceId, String relatedId, String relatedType, String label) {
        Map<String, String> params = new LinkedHashMap<>();
        // No ';' at the end: vtiger appends its own after splicing in the related ids.
        params.put("query", "SELECT id FROM " + relatedType + " WHERE id = " + literal(relatedId));
        params.put("id", sourceId);
        params.put("relatedLabel", label);
        return !json.convertValue(call("query_related", params), LIST_OF_MAPS).isEmpty();
    }

    /** {@code value} as given, or a failure naming the module's field when it is missing or blank. */
    private static String required(String module, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(module + " field " + field + " is missing (required)");
        }
        return value;
    }

    /** Ends the current session (if any). */
    public void logout() {
        Session s = session;
        if (s == null) {
            return;
        }
        replaceSession(null);
        try {
            send("logout", Map.of("sessionName", s.name), 1);
        } catch (CrmException e) {
            log.debug("Simply CRM logout failed: {}", e.getMessage());
        }
    }

    private String moduleOfRecord(String id) {
        for (String module : List.of("Accounts", "Contacts", "Products", "Invoice")) {
            if (id.startsWith(idPrefix(module) + "x")) {
                return module;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private Set<String> readOnlyFields(String module) {
        if (module == null) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        Object fields = describe(module).get("fields");
        if (fields instanceof List<?> list) {
            for (Object f : list) {
                if (f instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("editable")) && !"id".equals(m.get("name"))) {
                    out.add(String.valueOf(m.get("name")));
                }
            }
        }
        return out;
    }

    // ---- connection check ----------------------------------------------------------------------------

    /** {@link #checkConnection(String)} on Accounts. */
    public SideStatus checkConnection() {
        return checkConnection("Accounts");
    }

    /**
     * One cheap real call on the session held (a login only when there is none): the change feed of {@code module}
     * from now on ({@code sync} with {@code syncType=application}, which a real vtiger refuses to a user that is not
     * an admin), tried once. Its outcome reaches the {@link SideState} as every call's does; returns what that state
     * says now: green with user and CRM version, red with a reason a user understands. Never contains a secret.
     */
    public SideStatus checkConnection(String module) {
        try {
            if (session == null) {
                loginLock.lock();
                try {
                    if (session == null) {
                        replaceSession(login(1));
                    }
                } finally {
                    loginLock.unlock();
                }
            }
            Map<String, String> params = new LinkedHashMap<>();
            params.put("elementType", module);
            params.put("modifiedTime", String.valueOf(Math.max(1, state.clock().instant().getEpochSecond())));
            params.put("syncType", "application");
            call("sync", params, 1);
        } catch (SideUnavailableException e) {
            // not called (the breaker is open): the state holds what the failed calls said
        } catch (RuntimeException e) {
            if (!(e instanceof CrmAccessDeniedException denied && "sync".equals(denied.operation()))) {
                state.failed(problem(e)); // what the call made of it, or an answer only a check minds
            }
        }
        SideState.Known known = state.current();
        return known != null ? known.status() : SideStatus.red(SideReason.CRM_NOT_CALLED, hostAndPort());
    }

    /** The state after a successful call: connected, with the versions when logged in. */
    private void loggedIn() {
        Session s = session;
        if (s == null) {
            state.connected(SideReason.CRM_LOGGED_IN_PLAIN, hostAndPort(), props.getUsername());
        } else {
            state.connected(SideReason.CRM_LOGGED_IN, hostAndPort(), props.getUsername(), s.vtigerVersion, s.version);
        }
    }

    /**
     * Reports a call's outcome to the {@link SideState}: an answer means the CRM is usable; a failure that says it
     * is not (refused login, unknown user, unreachable, not a vtiger webservice, a redirect) turns it red; the change
     * feed for all users ({@code syncType=application}) answered or refused sets the access verdict.
     */
    private void observe(String operation, Map<String, String> params, RuntimeException e) {
        boolean applicationSync = "sync".equals(operation) && "application".equals(params.get("syncType"));
        if (e == null) {
            if (!"getchallenge".equals(operation) && !"login".equals(operation) && !"logout".equals(operation)) {
                loggedIn();
            }
            if (applicationSync) {
                state.access(SideStatus.green(SideReason.CRM_FEED_ALLOWED, props.getUsername()));
            }
            return;
        }
        if (applicationSync && e instanceof CrmAccessDeniedException denied) {
            loggedIn();
            state.access(feedDenied(params.get("elementType"), denied));
            return;
        }
        SideStatus red = failure(e);
        if (red != null) {
            state.failed(red);
        }
    }

    private SideStatus feedDenied(String module, CrmAccessDeniedException e) {
        String user = props.getUsername();
        String said = "(" + e.code() + " \"" + e.crmMessage() + "\")";
        if (adminOnly(e)) {
            return SideStatus.red(props.getChangeFeed() == SimplyCrmProperties.ChangeFeed.SYNC
                    ? SideReason.CRM_NOT_ADMIN_FEED_SYNC : SideReason.CRM_NOT_ADMIN_FEED_QUERY, hostAndPort(), user, said);
        }
        return SideStatus.red(SideReason.CRM_FEED_DENIED, hostAndPort(), user, module, said);
    }

    /** The red status for a failure that makes the CRM unusable whatever the call; null for any other failure. */
    private SideStatus failure(RuntimeException e) {
        boolean sideLevel = e instanceof CrmLoginException
                || (e instanceof CrmAccessDeniedException d && "getchallenge".equals(d.operation()))
                || (e instanceof CrmTransientException t && t.kind() != CrmTransientException.Kind.INTERRUPTED)
                || (e instanceof CrmException c && REDIRECT.equals(c.code()));
        return sideLevel ? problem(e) : null;
    }

    /** A failure as a red status a user understands, without secrets. */
    private SideStatus problem(RuntimeException failure) {
        String where = hostAndPort();
        String user = props.getUsername();
        if (failure instanceof CrmLoginException e) {
            if (NO_SESSION_NAME.equals(e.code())) {
                return SideStatus.red(SideReason.CRM_NO_SESSION_NAME, where, e.code());
            }
            if ("INVALID_USER_CREDENTIALS".equals(e.code())) {
                return SideStatus.red(SideReason.CRM_LOGIN_REJECTED, where, e.code());
            }
            return SideStatus.red(SideReason.CRM_LOGIN_REFUSED, where, user, e.code());
        }
        if (failure instanceof CrmAccessDeniedException e) {
            if ("getchallenge".equals(e.operation())) {
                return SideStatus.red(SideReason.CRM_UNKNOWN_USER, where, user, e.code());
            }
            return SideStatus.red(SideReason.CRM_ACCESS_DENIED, where, user, e.crmMessage(), e.code());
        }
        if (failure instanceof CrmTransientException e) {
            switch (e.kind()) {
                case UNREACHABLE:
                case IO:
                    return SideStatus.red(SideReason.CRM_UNREACHABLE, where, e.crmMessage());
                case TIMEOUT:
                    return SideStatus.red(SideReason.CRM_TIMEOUT, where, timeout().toSeconds());
                case INTERRUPTED:
                    return SideStatus.red(SideReason.CRM_INTERRUPTED);
                default:
                    return e.contentType() == null
                            ? SideStatus.red(SideReason.CRM_NOT_A_WEBSERVICE_UNTYPED, endpoint, e.httpStatus())
                            : SideStatus.red(SideReason.CRM_NOT_A_WEBSERVICE, endpoint, e.httpStatus(), e.contentType());
            }
        }
        if (failure instanceof CrmException e) {
            if (REDIRECT.equals(e.code())) {
                return SideStatus.red(SideReason.CRM_REDIRECTED, where, e.crmMessage());
            }
            return SideStatus.red(SideReason.CRM_ERROR, where, e.crmMessage(), e.code());
        }
        return SideStatus.red(SideReason.CRM_CHECK_FAILED, where, failure.getClass().getSimpleName());
    }

    // ---- session handling ----------------------------------------------------------------------------

    private Session session() {
        Session s = session;
        return s != null ? s : renew(null);
    }

    /** Logs in unless another thread already replaced {@code stale}; only one login runs at a time. */
    private Session renew(Session stale) {
        loginLock.lock();
        try {
            Session current = session;
            if (current != null && current != stale) {
                return current;
            }
            replaceSession(null);
            Session fresh = login(readAttempts);
            replaceSession(fresh);
            return fresh;
        } finally {
            loginLock.unlock();
        }
    }

    /** The current session becomes {@code next}; the name of the one it replaces stays redacted from messages. */
    private void replaceSession(Session next) {
        Session old = session;
        if (old != null && old != next) {
            previousSessionName = old.name;
        }
        session = next;
    }

    /** The two spellings of "that challenge is no longer valid": get a new one and log in again. */
    private static final Set<String> REPLACED_CHALLENGE = Set.of("INVALID_USER_CREDENTIALS", "INVALID_AUTH_TOKEN");

    /**
     * getchallenge + login. A getchallenge elsewhere for the same user (another process, a second client) replaces
     * our token, and the login then answers {@code INVALID_USER_CREDENTIALS} (a real vtiger 7, the same as a wrong
     * key) or {@code INVALID_AUTH_TOKEN} (older builds; also a token that expired between the two calls): either
     * gets one more try with a fresh challenge, and a second refusal is final.
     */
    private Session login(int attempts) {
        String user = props.getUsername();
        boolean retried = false;
        while (true) {
            JsonNode challenge = send("getchallenge", Map.of("username", user), attempts);
            String token = challenge.path("token").asText("");
            String loginKey = md5(token + props.getAccessKey());
            lastLoginKey = loginKey;
            Map<String, String> params = new LinkedHashMap<>();
            params.put("username", user);
            params.put("accessKey", loginKey);
            try {
                JsonNode result = send("login", params, attempts);
                String name = result.path("sessionName").asText("");
                if (name.isBlank()) {
                    CrmLoginException noName = new CrmLoginException("login", NO_SESSION_NAME,
                            "the login answer has no sessionName");
                    observe("login", params, noName);
                    throw noName;
                }
                Session s = new Session(name, result.path("userId").asText(),
                        result.path("version").asText(""), result.path("vtigerVersion").asText(""));
                log.info("Logged in to Simply CRM at {} as {} (user id {})", hostAndPort(), user, s.userId);
                return s;
            } catch (CrmLoginException e) {
                if (REPLACED_CHALLENGE.contains(e.code()) && !retried) {
                    retried = true;
                    log.info("Simply CRM refused the login key (the token may have been replaced by another "
                            + "getchallenge); trying once more with a new challenge");
                    continue;
                }
                throw e;
            }
        }
    }

    /** A call with the session: logs in when needed, and logs in again and repeats on a session error. */
    private JsonNode call(String operation, Map<String, String> params) {
        return call(operation, params, IDEMPOTENT_OPERATIONS.contains(operation) ? readAttempts : 1);
    }

    private JsonNode call(String operation, Map<String, String> params, int attempts) {
        int renewals = 0;
        while (true) {
            Session s = session();
            Map<String, String> withSession = new LinkedHashMap<>(params);
            withSession.put("sessionName", s.name);
            try {
                return send(operation, withSession, attempts);
            } catch (CrmSessionException e) {
                if (++renewals > MAX_SESSION_RENEWALS) {
                    throw e;
                }
                log.info("Simply CRM session ended ({}) during {}; logging in again", e.code(), operation);
                renew(s);
            }
        }
    }

    // ---- transport -----------------------------------------------------------------------------------

    /**
     * Sends one operation through the side's guard ({@link SideGuard}): transport problems are tried again with
     * back-off up to {@code attempts} times in all, and every try counts in the CRM's circuit breaker. The outcome
     * (after the tries) is reported to the {@link SideState}.
     */
    private JsonNode send(String operation, Map<String, String> params, int attempts) {
        JsonNode result;
        try {
            result = guard.call(attempts, () -> sendOnce(operation, params));
        } catch (RuntimeException e) {
            observe(operation, params, e);
            throw e;
        }
        observe(operation, params, null);
        return result;
    }

    /** What the guard tries again and counts against the CRM's breaker: transport problems, not an interrupt. */
    static boolean isTransient(Throwable t) {
        return t instanceof CrmTransientException e && e.kind() != CrmTransientException.Kind.INTERRUPTED;
    }

    private JsonNode sendOnce(String operation, Map<String, String> params) {
        boolean get = GET_OPERATIONS.contains(operation);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("operation", operation);
        all.putAll(params);
        String form = FormEncoding.encode(all);
        // The query (with the session name) goes with the exchange, never into the endpoint URI.
        CamelHttpTransport.Request request = get
                ? new CamelHttpTransport.Request("GET", "", form, Map.of("Accept", "application/json"), null)
                : new CamelHttpTransport.Request("POST", "", null, Map.of("Accept", "application/json",
                        "Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"), form);
        log.debug("Simply CRM {} {}", get ? "GET" : "POST", operation);
        CamelHttpTransport.Answer response;
        try {
            response = http().send(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrmTransientException(operation, CrmTransientException.Kind.INTERRUPTED, -1, null,
                    "interrupted", e);
        } catch (IOException e) {
            throw transportProblem(operation, e);
        }
        String contentType = response.header("Content-Type");
        if (response.status() >= 300 && response.status() < 400) {
            throw new CrmException(operation, REDIRECT, "the configured URL redirects to "
                    + redirectTarget(response.header("Location")) + "; use that URL");
        }
        JsonNode body = webserviceAnswer(response.body());
        JsonNode error = body == null ? null : body.path("error");
        if (OPTIONAL_OPERATIONS.contains(operation) && saysUnknownOperation(operation, body, response.body())) {
            throw new CrmLacksOperationException(operation, error != null
                    ? error.path("code").asText() + " \"" + redact(error.path("message").asText()) + "\""
                    : "HTTP " + response.status() + ", " + describeAnswer(contentType, response.body()));
        }
        if (response.status() != 200) {
            throw new CrmTransientException(operation, CrmTransientException.Kind.HTTP_STATUS, response.status(),
                    contentType, "HTTP " + response.status() + " (" + (contentType == null ? "no content type" : contentType) + ")",
                    null);
        }
        if (body == null) {
            throw new CrmTransientException(operation, CrmTransientException.Kind.NOT_JSON, response.status(),
                    contentType, "the answer is not a vtiger webservice answer (HTTP " + response.status()
                    + ", " + describeAnswer(contentType, response.body()) + ")", null);
        }
        if (body.path("success").asBoolean(false)) {
            return body.path("result");
        }
        throw CrmException.of(operation, error.path("code").asText(""), redact(error.path("message").asText("")));
    }

    /** {@code text} as a vtiger webservice answer (a JSON object with {@code success}), or null when it is not one. */
    private JsonNode webserviceAnswer(String text) {
        try {
            JsonNode body = json.readTree(text);
            return body != null && body.isObject() && body.has("success") ? body : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * The one answer that means the CRM lacks {@code operation}: vtiger's PHP error page for an operation it does not
     * register ("Operation add_related is invalid", HTTP 200 or 500 by the server's settings; simplycrm-api.md), or a
     * JSON error {@code UNKNOWN_OPERATION}/{@code OPERATION_NOT_SUPPORTED}. Any other garbled answer (cut JSON, another
     * PHP fatal error, a proxy's page) is the server failing this time: transient.
     */
    private static boolean saysUnknownOperation(String operation, JsonNode body, String text) {
        if (body != null) {
            return !body.path("success").asBoolean(false)
                    && UNKNOWN_OPERATION_CODES.contains(body.path("error").path("code").asText(""));
        }
        return text != null && text.contains("Operation " + operation + " is invalid");
    }

    /** Content type and the start of an answer that is not a webservice answer, for messages (secrets removed). */
    private String describeAnswer(String contentType, String body) {
        return (contentType == null ? "no content type" : contentType) + ", starts with '" + snippet(redact(body)) + "'";
    }

    private CrmTransientException transportProblem(String operation, Throwable e) {
        if (e instanceof HttpTimeout t && t.connecting()) {
            return new CrmTransientException(operation, CrmTransientException.Kind.UNREACHABLE, -1, null,
                    "cannot connect to " + hostAndPort() + " within " + timeout().toSeconds() + " s", e);
        }
        if (e instanceof HttpTimeout) {
            return new CrmTransientException(operation, CrmTransientException.Kind.TIMEOUT, -1, null,
                    "no complete answer within " + timeout().toMillis() + " ms", e);
        }
        if (HttpFailures.isUnknownHost(e)) {
            return new CrmTransientException(operation, CrmTransientException.Kind.UNREACHABLE, -1, null,
                    "unknown host " + endpoint.getHost(), e);
        }
        if (e instanceof ConnectException) {
            return new CrmTransientException(operation, CrmTransientException.Kind.UNREACHABLE, -1, null,
                    "cannot connect to " + hostAndPort() + " (" + redact(HttpFailures.describe(e)) + ")", e);
        }
        return new CrmTransientException(operation, CrmTransientException.Kind.IO, -1, null,
                "connection problem talking to " + hostAndPort() + " (" + redact(HttpFailures.describe(e)) + ")", e);
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private Duration timeout() {
        Duration t = props.getTimeout();
        return t == null || t.isZero() || t.isNegative() ? Duration.ofSeconds(30) : t;
    }

    private String hostAndPort() {
        return HttpFailures.hostAndPort(endpoint);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write element as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String snippet(String body) {
        String s = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    /** A redirect's target without query or fragment (they may carry the session name), resolved against the endpoint. */
    private String redirectTarget(String location) {
        if (location == null || location.isBlank()) {
            return "another URL (no Location header)";
        }
        try {
            URI target = endpoint.resolve(location.trim());
            return redact(new URI(target.getScheme(), target.getAuthority(), target.getPath(), null, null).toString());
        } catch (RuntimeException | URISyntaxException e) {
            String raw = location.trim();
            int cut = raw.indexOf('?');
            return redact(cut < 0 ? raw : raw.substring(0, cut));
        }
    }

    /**
     * Removes secrets should a server or library ever echo them: the access key, the md5 login key last sent, and
     * the current and previous session names.
     */
    private String redact(String text) {
        if (text == null) {
            return "";
        }
        String out = text;
        String key = props.getAccessKey();
        Session s = session;
        for (String secret : new String[] {key, lastLoginKey, s == null ? null : s.name, previousSessionName}) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, "***");
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "SimplyCrmClient[url=" + endpoint + ", user=" + props.getUsername() + "]";
    }
}
