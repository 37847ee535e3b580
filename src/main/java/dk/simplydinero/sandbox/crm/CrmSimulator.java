package dk.simplydinero.sandbox.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.sandbox.SimRequest;
import dk.simplydinero.sandbox.SimResponse;
import dk.simplydinero.sandbox.SimulatorServer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory Simply CRM (vtiger 7) webservice at {@code /webservice.php}, faithful to the documented
 * behaviour including its traps: challenge/login with md5 keys, expiring sessions, GET/POST-only parameters,
 * PHP error pages instead of JSON for some mistakes, a VTQL subset with a 100-row cap and rows dropped after
 * the limit, a sync feed whose pages hold every record of the boundary second, string values, non-standard
 * id prefixes, ACCESS_DENIED for missing records, silent dangling references, server-computed invoice totals.
 * <p>
 * Test knobs: {@link #expireSessionsAfterCalls(int)}, {@link #expireAllSessions()}, {@link #setIdleTimeout(Duration)},
 * {@link #hideFromApiUser(Predicate)}, {@link #hideField(String, String)}, {@link #hideModuleFromApiUser(String)},
 * {@link #answerHtml(boolean)},
 * {@link #setClock(Clock)}, {@link #reviseEnabled(boolean)}, {@link #redirectTo(String)},
 * {@link #failInvoiceCreateBeforeLines(boolean)} (or a share of them), {@link #beforeLogin(Runnable)}, {@link #beforeQuery}, {@link #replacedChallengeCode}, {@link #overrideAnswer},
 * {@link #queryOrderSeed(long)}, {@link #commentsOnInvoice(boolean)}, {@link #commentsTouchParent(boolean)},
 * {@link #addRelatedEnabled(boolean)}, {@link #relatedQueriesEnabled(boolean)}, plus the fault knobs of {@link SimulatorServer}.
 * Comments (ModComments), external-URL Documents and the relation operations: docs/research/issue-14-crm-notes.md.
 */
public class CrmSimulator extends SimulatorServer {

    public static final String DEMO_USERNAME = "admin";
    public static final String DEMO_ACCESS_KEY = "Vq3kT8wZp1LmR7xD";
    public static final String VTIGER_VERSION = "7.1.0";
    public static final String WEBSERVICE_VERSION = "0.22";

    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final Pattern ID = Pattern.compile("(\\d+)x(\\d+)");
    private static final int QUERY_CAP = 100;
    private static final int SYNC_PAGE = 100;
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);
    private static final Duration SESSION_MAX = Duration.ofHours(24);

    /** Operations and their HTTP method: parameters are read only from that side (query string or form body). */
    private static final Map<String, String> OPERATIONS = Map.ofEntries(
            Map.entry("getchallenge", "GET"), Map.entry("login", "POST"), Map.entry("logout", "POST"),
            Map.entry("extendsession", "POST"), Map.entry("listtypes", "GET"), Map.entry("describe", "GET"),
            Map.entry("query", "GET"), Map.entry("sync", "GET"), Map.entry("retrieve", "GET"),
            Map.entry("create", "POST"), Map.entry("update", "POST"), Map.entry("revise", "POST"),
            Map.entry("delete", "POST"), Map.entry("add_related", "POST"), Map.entry("retrieve_related", "GET"),
            Map.entry("query_related", "GET"));

    private static final Set<String> ENTITY_MODULES = Set.of("Accounts", "Contacts", "Products", "Invoice",
            "ModComments", "Documents");
    /** Modules whose reference values in a WHERE must be full ids (see {@link #checkWhereIds}). */
    private static final Set<String> WHERE_IDS_CHECKED = Set.of("ModComments", "Documents");
    /** A URL with a scheme, as {@code Documents::save_module} tests it before prefixing {@code http://}. */
    private static final Pattern URL_SCHEME = Pattern.compile("^\\w{1,5}://.*", Pattern.DOTALL);

    /**
     * Stock relations (vtiger_relatedlists) the relation operations know: each module's {@code get_attachments}
     * list of Documents, label "Documents". Relation ids are this simulator's own.
     */
    private record Relation(int id, String source, String target, String label) {
    }

    private static final List<Relation> RELATIONS = List.of(
            new Relation(9, "Accounts", "Documents", "Documents"),
            new Relation(18, "Contacts", "Documents", "Documents"),
            new Relation(35, "Products", "Documents", "Documents"),
            new Relation(73, "Invoice", "Documents", "Documents"));

    // ---- state (guarded by "this") -------------------------------------------------------------------

    private final Map<String, CrmModule> modules;
    private final Map<Integer, CrmModule> modulesByPrefix = new LinkedHashMap<>();
    private final Map<String, Map<String, Boolean>> hiddenFields = new LinkedHashMap<>();
    private final Set<String> hiddenModules = new HashSet<>();
    private final TreeMap<Long, Rec> records = new TreeMap<>();
    private final Map<Long, User> users = new LinkedHashMap<>();
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Map<String, Integer> autoNumbers = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private long nextCrmid = 1;
    private long nextLineId = 1;
    private long nextUserId = 1;
    private Duration idleTimeout = Duration.ofMinutes(30);
    private Predicate<Map<String, Object>> hiddenFromApiUser = r -> false;
    private final Map<String, String> duplicateFields = new LinkedHashMap<>();
    private volatile boolean answerHtml;
    private volatile int phpErrorStatus = 200;
    private volatile boolean reviseEnabled = true;
    private volatile boolean andOrLeftToRight;
    private volatile String redirectTo;
    /** Share (0..1) of invoice creates that store the header and fail before the lines, drawn from its own seed. */
    private double halfCreateShare;
    private Random halfCreateDraws = new Random(42);
    private long halfCreatedInvoices;
    private volatile String replacedChallengeCode = "INVALID_USER_CREDENTIALS";
    private Runnable beforeLogin = () -> { };
    private Consumer<String> beforeQuery = q -> { };
    private Random queryOrder = new Random(42);
    private final Map<String, Function<Map<String, String>, SimResponse>> answerOverrides = new ConcurrentHashMap<>();
    private volatile boolean commentsTouchParent;
    private volatile boolean addRelatedEnabled = true;
    private volatile boolean relatedQueriesEnabled = true;
    /** Document folders (their own id space in vtiger, not crmids): the default folder is 1. */
    private final Map<Long, String> folders = new LinkedHashMap<>(Map.of(1L, "Default"));
    /** Related pairs per relation id (vtiger_senotesrel for Documents): source crmid to related crmids, in order. */
    private final Map<Integer, Map<Long, Set<Long>>> related = new LinkedHashMap<>();

    static final class Rec {
        final String module;
        final long crmid;
        final LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        final List<LinkedHashMap<String, String>> lines = new ArrayList<>();
        boolean deleted;
        long modified;

        Rec(String module, long crmid) {
            this.module = module;
            this.crmid = crmid;
        }
    }

    private static final class User {
        final long id;
        final String name;
        final String accessKey;
        final boolean admin;
        String token;
        /** The token the last getchallenge replaced: a login with it is a "replaced challenge". */
        String replacedToken;
        long tokenExpires;

        User(long id, String name, String accessKey, boolean admin) {
            this.id = id;
            this.name = name;
            this.accessKey = accessKey;
            this.admin = admin;
        }
    }

    private static final class Session {
        final String name;
        final User user;
        final long created;
        long lastUsed;
        final AtomicInteger calls = new AtomicInteger();

        Session(String name, User user, long now) {
            this.name = name;
            this.user = user;
            this.created = now;
            this.lastUsed = now;
        }
    }

    /** A JSON error answer ({@code success:false}). */
    static final class WsError extends RuntimeException {
        final Object code;

        WsError(Object code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** A PHP fatal error: the answer is an HTML page, not JSON. */
    static final class PhpError extends RuntimeException {
        PhpError(String message) {
            super(message);
        }
    }

    /** Default (non-standard) id prefixes: Accounts 23, Contacts 31, Products 17, Invoice 9, Users 19. */
    public CrmSimulator() {
        this(Map.of());
    }

    /** With chosen id prefixes per module (e.g. {@code Map.of("Contacts", 77)}); others keep the defaults. */
    public CrmSimulator(Map<String, Integer> idPrefixes) {
        super("SimplyCRM");
        this.modules = CrmModule.defaults(idPrefixes);
        for (CrmModule module : modules.values()) {
            modulesByPrefix.put(module.prefix, module);
        }
        addUser(DEMO_USERNAME, DEMO_ACCESS_KEY, true);
        addCurrency("Danish Krone", "DKK", "kr", "1.00000", "-11");
        addCurrency("Euro", "EUR", "€", "0.13400", "");
        addCurrency("Swedish Krona", "SEK", "kr", "1.55000", "");
    }

    @Override
    public CrmSimulator start(int port) {
        super.start(port);
        return this;
    }

    /** {@code {baseUrl}/webservice.php}. */
    public String webserviceUrl() {
        return baseUrl() + "/webservice.php";
    }

    // ---- knobs ---------------------------------------------------------------------------------------

    /** Adds a webservice user; returns its id ({@code 19x2}). Non-admins may not use application sync. */
    public synchronized String addUser(String name, String accessKey, boolean admin) {
        long id = nextUserId++;
        users.put(id, new User(id, name, accessKey, admin));
        return prefix("Users") + "x" + id;
    }

    @Override
    public CrmSimulator setClock(Clock clock) {
        super.setClock(clock);
        return this;
    }

    public synchronized void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    /** Every session dies after {@code n} calls (0 = off); the next call answers {@code INVALID_SESSIONID}. */
    public void expireSessionsAfterCalls(int n) {
        expireCredentialsAfterCalls(n);
    }

    /** Ends every open session now. */
    public synchronized void expireAllSessions() {
        sessions.clear();
    }

    public synchronized int openSessions() {
        return sessions.size();
    }

    /** Names of the open sessions (for tests that check a client never leaks them). */
    public synchronized List<String> sessionNames() {
        return new ArrayList<>(sessions.keySet());
    }

    /**
     * Records matching the predicate are dropped from query answers after the LIMIT is applied (pages come
     * back short while more rows exist); {@code count(*)} still counts them, sync and retrieve still show them.
     */
    public synchronized void hideFromApiUser(Predicate<Map<String, Object>> hidden) {
        this.hiddenFromApiUser = hidden == null ? r -> false : hidden;
    }

    /**
     * Takes a module from the API user's profile: left out of listtypes, and describe answers {@code ACCESS_DENIED}
     * "Permission to perform the operation is denied for name", as vtiger does for a module the user may not use.
     */
    public synchronized void hideModuleFromApiUser(String module) {
        hiddenModules.add(module(module).name);
    }

    /** Hides a field from the API user: missing from describe, read as "", ignored on write, not queryable. */
    public synchronized void hideField(String module, String field) {
        hiddenFields.computeIfAbsent(module, m -> new LinkedHashMap<>()).put(field, true);
    }

    /**
     * Duplicate prevention as an installation can switch it on: a create whose {@code field} equals (ignoring
     * case) that of a live record of the module answers {@code {"message":"Duplicate(s) detected!","code":0}}
     * (an integer code).
     */
    public synchronized void rejectDuplicates(String module, String field) {
        duplicateFields.put(module, field);
    }

    /** When on, every request is answered with a PHP error page (HTML) instead of JSON. */
    public void answerHtml(boolean on) {
        this.answerHtml = on;
    }

    /**
     * Whether {@code revise} exists (default on). Simply CRM does not document it: off, it answers like an unknown
     * operation (a PHP error page).
     */
    public void reviseEnabled(boolean enabled) {
        this.reviseEnabled = enabled;
    }

    /**
     * When on, VTQL's AND and OR are applied strictly left to right ({@code a OR b AND c} is {@code (a OR b) AND c}),
     * as Simply's documentation says; off (the default), AND binds tighter than OR, as on a real vtiger 7.
     */
    public void andOrLeftToRight(boolean on) {
        this.andOrLeftToRight = on;
    }

    /** When set, every request is answered {@code 301 Moved Permanently} to this location (null = off). */
    public void redirectTo(String location) {
        this.redirectTo = location;
    }

    /**
     * When on, an invoice create stores the invoice header and then fails before its lines (a PHP error page):
     * creates are not atomic, the half record (without lines) stays.
     */
    public void failInvoiceCreateBeforeLines(boolean on) {
        failInvoiceCreateBeforeLines(on ? 1 : 0, 42);
    }

    /**
     * Like {@link #failInvoiceCreateBeforeLines(boolean)} for a share (0..1) of the invoice creates, drawn from a random
     * with this seed, so a run can be repeated.
     */
    public synchronized void failInvoiceCreateBeforeLines(double share, long seed) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("share must be between 0 and 1, was " + share);
        }
        this.halfCreateShare = share;
        this.halfCreateDraws = new Random(seed);
    }

    /** How many invoice creates stored the header and failed before the lines. */
    public synchronized long halfCreatedInvoices() {
        return halfCreatedInvoices;
    }

    /**
     * Runs inside the simulator (its lock held) at the start of every login, before the key is checked: lets a
     * test interleave something, e.g. {@link #challenge} as another client's getchallenge would. Null = nothing.
     */
    public synchronized void beforeLogin(Runnable hook) {
        this.beforeLogin = hook == null ? () -> { } : hook;
    }

    /**
     * Runs inside the simulator (its lock held) before every query is answered, with the VTQL text: lets a test
     * change records between two queries of a paging client, as users of the CRM do. Null = nothing.
     */
    public synchronized void beforeQuery(Consumer<String> hook) {
        this.beforeQuery = hook == null ? q -> { } : hook;
    }

    /**
     * How a login with a token that a newer getchallenge replaced is refused: {@code INVALID_USER_CREDENTIALS} (a real
     * vtiger 7, the default) or {@code INVALID_AUTH_TOKEN} (older builds, as one place of the CRM's documentation says).
     */
    public void replacedChallengeCode(String code) {
        if (!"INVALID_USER_CREDENTIALS".equals(code) && !"INVALID_AUTH_TOKEN".equals(code)) {
            throw new IllegalArgumentException("INVALID_USER_CREDENTIALS or INVALID_AUTH_TOKEN, not " + code);
        }
        this.replacedChallengeCode = code;
    }

    /** A getchallenge for {@code username} without HTTP, as another client would send it; returns the new token. */
    public synchronized String challenge(String username) {
        return (String) getChallenge(username).get("token");
    }

    /**
     * Answers {@code operation} with what {@code answer} makes of the request's parameters (query and form merged),
     * instead of the simulated webservice; null removes the override.
     */
    public void overrideAnswer(String operation, Function<Map<String, String>, SimResponse> answer) {
        if (answer == null) {
            answerOverrides.remove(operation);
        } else {
            answerOverrides.put(operation, answer);
        }
    }

    /**
     * Whether ModComments' {@code related_to} accepts Invoice (default off, as a stock vtiger 7: a comment on an
     * invoice answers {@code REFERENCE_INVALID}); on, as an admin's {@code ModComments::addWidgetTo(['Invoice'])} does.
     */
    public synchronized void commentsOnInvoice(boolean on) {
        List<String> targets = new ArrayList<>(CrmModule.STOCK_COMMENT_TARGETS);
        if (on) {
            targets.add("Invoice");
        }
        module("ModComments").refersTo("related_to", targets);
    }

    /**
     * Adds a custom text field to {@code module} (an admin's layout editor), {@code mandatory} or not (called again, it
     * changes that): a create without a value for a mandatory one answers {@code MANDATORY_FIELDS_MISSING} "<field>
     * does not have a value", as vtiger does (e.g. a mandatory field an admin put on comments).
     */
    public synchronized void customField(String module, String field, String label, boolean mandatory) {
        module(module).customField(field, label, mandatory);
    }

    /**
     * Whether creating a comment bumps its parent record's {@code modifiedtime} (an echo in the change feed). Unknown
     * on a real vtiger 7 (research issue 14 §5.6); default off.
     */
    public void commentsTouchParent(boolean on) {
        this.commentsTouchParent = on;
    }

    /**
     * Whether {@code add_related} exists (default on: vtiger 7.1.0 registers it). Simply CRM does not document it:
     * off, it answers like an unknown operation (a PHP error page).
     */
    public void addRelatedEnabled(boolean enabled) {
        this.addRelatedEnabled = enabled;
    }

    /**
     * Whether {@code retrieve_related} and {@code query_related} exist (default on: vtiger 7.0.0 registers them).
     * Simply CRM does not document them: off, they answer like an unknown operation.
     */
    public void relatedQueriesEnabled(boolean enabled) {
        this.relatedQueriesEnabled = enabled;
    }

    /** Seed of the order of query rows without {@code ORDER BY} (shuffled, as a database does not promise one). */
    public synchronized void queryOrderSeed(long seed) {
        this.queryOrder = new Random(seed);
    }

    /** HTTP status of PHP error pages: 200 (display_errors on) or 500. */
    public void phpErrorStatus(int status) {
        this.phpErrorStatus = status;
    }

    public synchronized int idPrefix(String module) {
        return prefix(module);
    }

    /** Permanently removes deleted records (they no longer appear in sync's {@code deleted}). */
    public synchronized void emptyRecycleBin() {
        records.values().removeIf(r -> r.deleted);
    }

    // ---- direct helpers for tests (no HTTP, no validation) -------------------------------------------

    /** Stores a record as the admin would (auto number, times, owner default admin); returns its id. */
    public synchronized String put(String module, Map<String, String> fields) {
        return put(module, fields, List.of());
    }

    /** Stores a record with line items (Invoice); totals are computed. Lines: productid, quantity, listprice, … */
    public synchronized String put(String module, Map<String, String> fields, List<Map<String, String>> lines) {
        CrmModule m = module(module);
        Rec rec = newRecord(m);
        for (Map.Entry<String, String> e : fields.entrySet()) {
            rec.fields.put(e.getKey(), normalize(m, e.getKey(), e.getValue()));
        }
        if (rec.fields.containsKey("assigned_user_id") && rec.fields.get("assigned_user_id").isEmpty()) {
            rec.fields.put("assigned_user_id", prefix("Users") + "x1");
        }
        if ("ModComments".equals(module) && rec.fields.get("creator").isEmpty()) {
            rec.fields.put("creator", prefix("Users") + "x1");
        }
        documentFile(rec);
        if ("Invoice".equals(module)) {
            if (!lines.isEmpty()) {
                setLines(rec, lines);
                rec.fields.put("productid", rec.lines.get(0).get("productid"));
            }
            if (rec.fields.get("hdnTaxType").isEmpty()) {
                rec.fields.put("hdnTaxType", "group");
            }
            computeTotals(rec, true);
        }
        touch(rec, 1);
        return idOf(rec);
    }

    /** The record as retrieve shows it (Invoice with LineItems), or null when missing or deleted. */
    public synchronized Map<String, Object> get(String id) {
        Rec rec = find(id);
        return rec == null || rec.deleted ? null : view(rec, true);
    }

    /**
     * The ids of the live records related to record {@code sourceId} under relation {@code label} (e.g. an invoice's
     * Documents): what a user sees in the record's related list.
     */
    public synchronized List<String> relatedTo(String sourceId, String label) {
        Rec source = find(sourceId);
        List<String> out = new ArrayList<>();
        if (source == null) {
            return out;
        }
        long crmid = Long.parseLong(sourceId.substring(sourceId.indexOf('x') + 1));
        for (Relation r : RELATIONS) {
            if (r.source().equals(source.module) && r.label().equals(label)) {
                for (long id : related.getOrDefault(r.id(), Map.of()).getOrDefault(crmid, Set.of())) {
                    Rec rec = records.get(id);
                    if (rec != null && !rec.deleted) {
                        out.add(idOf(rec));
                    }
                }
            }
        }
        return out;
    }

    /** All live records of a module, as retrieve shows them. */
    public synchronized List<Map<String, Object>> records(String module) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Rec rec : records.values()) {
            if (rec.module.equals(module) && !rec.deleted) {
                out.add(view(rec, true));
            }
        }
        return out;
    }

    /** Changes fields directly as a user in the CRM would (bumps modifiedtime); returns the new view. */
    public synchronized Map<String, Object> change(String id, Map<String, String> fields) {
        Rec rec = requireLive(id);
        CrmModule m = module(rec.module);
        fields.forEach((k, v) -> rec.fields.put(k, normalize(m, k, v)));
        touch(rec, 1);
        return view(rec, true);
    }

    /** Deletes directly (to the recycle bin). */
    public synchronized void remove(String id) {
        Rec rec = requireLive(id);
        rec.deleted = true;
        touch(rec, 1);
    }

    /**
     * Forgets every record of {@code module} as if it had never been made (not deleted: the change feed does not tell
     * of them); ids go on counting. For a benchmark that starts each of its runs on an empty module.
     */
    public synchronized void forget(String module) {
        records.values().removeIf(rec -> rec.module.equals(module));
    }

    /** Puts realistic Danish demo data in the store; returns this. */
    public CrmSimulator seedDemoData() {
        CrmDemoData.seed(this);
        return this;
    }

    // ---- HTTP ----------------------------------------------------------------------------------------

    @Override
    protected String operationOf(SimRequest request) {
        String op = request.query().get("operation");
        if (op == null) {
            op = request.form().get("operation");
        }
        return op == null ? "" : op;
    }

    @Override
    protected SimResponse handle(SimRequest request) {
        if (!"/webservice.php".equals(request.path())) {
            return SimResponse.text(404, "text/html; charset=iso-8859-1",
                    "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head><title>404 Not Found</title></head>"
                            + "<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>");
        }
        String redirect = redirectTo;
        if (redirect != null) {
            return SimResponse.text(301, "text/html; charset=iso-8859-1",
                    "<html><head><title>301 Moved Permanently</title></head><body><h1>Moved Permanently</h1></body></html>")
                    .withHeader("Location", redirect);
        }
        if (answerHtml) {
            return phpError("Uncaught Error: Call to a member function fetch_row() on bool in /var/www/html/include/database/PearDatabase.php:623");
        }
        if ("POST".equals(request.method()) && !request.isFormBody() && !request.body().isBlank()) {
            // PHP fills $_POST only from form bodies: a JSON body leaves the operation's parameters unset.
            return phpError("Uncaught TypeError: vtws_getParameter(): Argument #1 ($parameterArray) must be of type array, null given in /var/www/html/include/Webservices/Utils.php:1020");
        }
        String op = operationOf(request);
        String method = OPERATIONS.get(op);
        if ("revise".equals(op) && !reviseEnabled
                || "add_related".equals(op) && !addRelatedEnabled
                || ("retrieve_related".equals(op) || "query_related".equals(op)) && !relatedQueriesEnabled) {
            method = null;
        }
        Function<Map<String, String>, SimResponse> override = answerOverrides.get(op);
        if (override != null) {
            Map<String, String> all = new LinkedHashMap<>(request.query());
            all.putAll(request.form());
            return override.apply(all);
        }
        if (method == null) {
            return phpError("Uncaught WebServiceException: Operation " + op + " is invalid in /var/www/html/include/Webservices/OperationManager.php:95");
        }
        Map<String, String> params;
        if ("GET".equals(method)) {
            params = request.query();
        } else {
            params = "POST".equals(request.method()) ? request.form() : Map.of();
        }
        String sessionName = request.query().get("sessionName");
        if (sessionName == null) {
            sessionName = request.form().get("sessionName");
        }
        try {
            Object result;
            synchronized (this) {
                result = dispatch(op, params, sessionName);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", true);
            body.put("result", result);
            return SimResponse.json(200, JSON.writeValueAsString(body));
        } catch (WsError e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", e.getMessage());
            error.put("code", e.code);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", false);
            body.put("error", error);
            try {
                return SimResponse.json(200, JSON.writeValueAsString(body));
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        } catch (PhpError e) {
            return phpError(e.getMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private SimResponse phpError(String message) {
        String html = "<br />\n<b>Fatal error</b>:  " + message.replace("<", "&lt;") + "\nStack trace:\n#0 /var/www/html/webservice.php(140)"
                + "\n#1 {main}\n  thrown in <b>/var/www/html/webservice.php</b> on line <b>140</b><br />\n";
        return SimResponse.text(phpErrorStatus, "text/html; charset=UTF-8", html);
    }

    private Object dispatch(String op, Map<String, String> p, String sessionName) {
        switch (op) {
            case "getchallenge":
                return getChallenge(p.get("username"));
            case "login":
                return login(p.get("username"), p.get("accessKey"));
            default:
                break;
        }
        Session session = session(sessionName);
        switch (op) {
            case "logout":
                sessions.remove(session.name);
                return Map.of("message", "successfull");
            case "extendsession":
                return loginResult(session);
            case "listtypes":
                return listTypes();
            case "describe":
                return describe(p.get("elementType"));
            case "query":
                return query(p.get("query"));
            case "sync":
                return sync(session, p.get("elementType"), p.get("modifiedTime"), p.get("syncType"));
            case "retrieve":
                return view(requireLive(p.get("id")), true);
            case "create":
                return create(session, p.get("elementType"), p.get("element"));
            case "update":
                return update(session, p.get("element"), false);
            case "revise":
                return update(session, p.get("element"), true);
            case "delete":
                Rec rec = requireLive(p.get("id"));
                rec.deleted = true;
                touch(rec, session.user.id);
                return Map.of("status", "successful");
            case "add_related":
                return addRelated(p.get("sourceRecordId"), p.get("relatedRecordId"), p.get("relationIdLabel"));
            case "retrieve_related":
                return queryRelated("SELECT * FROM " + p.get("relatedType"), p.get("id"), p.get("relatedLabel"));
            case "query_related":
                return queryRelated(p.get("query"), p.get("id"), p.get("relatedLabel"));
            default:
                throw new PhpError("Operation " + op + " is invalid");
        }
    }

    // ---- login and sessions --------------------------------------------------------------------------

    private Map<String, Object> getChallenge(String username) {
        User user = userByName(username);
        if (user == null) {
            throw new WsError("ACCESS_DENIED", "Permission to perform the operation is denied");
        }
        long now = now();
        byte[] bytes = new byte[7];
        random.nextBytes(bytes);
        user.replacedToken = user.token;
        user.token = HexFormat.of().formatHex(bytes).substring(0, 13);
        user.tokenExpires = now + TOKEN_LIFETIME.toSeconds();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", user.token);
        out.put("serverTime", now);
        out.put("expireTime", user.tokenExpires);
        return out;
    }

    private Map<String, Object> login(String username, String accessKey) {
        beforeLogin.run();
        User user = userByName(username);
        if (user == null || user.token == null || user.tokenExpires < now()) {
            throw new WsError("INVALID_AUTH_TOKEN", "Specified token is invalid or expired");
        }
        String expected = md5(user.token + user.accessKey);
        if (user.replacedToken != null && md5(user.replacedToken + user.accessKey).equals(accessKey)
                && "INVALID_AUTH_TOKEN".equals(replacedChallengeCode)) {
            // older builds: a token replaced by a newer getchallenge reads as invalid, not as a wrong key
            throw new WsError("INVALID_AUTH_TOKEN", "Specified token is invalid or expired");
        }
        if (!expected.equals(accessKey)) {
            throw new WsError("INVALID_USER_CREDENTIALS", "Invalid username or password");
        }
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        Session session = new Session(HexFormat.of().formatHex(bytes), user, now());
        sessions.put(session.name, session);
        return loginResult(session);
    }

    private Map<String, Object> loginResult(Session session) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sessionName", session.name);
        out.put("userId", prefix("Users") + "x" + session.user.id);
        out.put("version", WEBSERVICE_VERSION);
        out.put("vtigerVersion", VTIGER_VERSION);
        return out;
    }

    private Session session(String sessionName) {
        if (sessionName == null || sessionName.isEmpty()) {
            throw new WsError("AUTHENTICATION_REQUIRED", "Authentication required");
        }
        Session s = sessions.get(sessionName);
        if (s == null) {
            throw new WsError("INVALID_SESSIONID", "Session Identifier provided is Invalid");
        }
        long now = now();
        if (now - s.created > SESSION_MAX.toSeconds()) {
            sessions.remove(s.name);
            throw new WsError("SESSION_EXPIRED", "Session expired");
        }
        if (now - s.lastUsed > idleTimeout.toSeconds()) {
            sessions.remove(s.name);
            throw new WsError("SESSION_LEFT_IDLE", "Session left idle");
        }
        if (!spendCredentialCall(s.calls)) {
            sessions.remove(s.name);
            throw new WsError("INVALID_SESSIONID", "Session Identifier provided is Invalid");
        }
        s.lastUsed = now;
        return s;
    }

    private User userByName(String name) {
        if (name == null) {
            return null;
        }
        for (User u : users.values()) {
            if (u.name.equals(name)) {
                return u;
            }
        }
        return null;
    }

    static String md5(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- listtypes / describe ------------------------------------------------------------------------

    private Map<String, Object> listTypes() {
        List<String> types = new ArrayList<>();
        Map<String, Object> info = new LinkedHashMap<>();
        for (CrmModule m : modules.values()) {
            if ("LineItem".equals(m.name) || hiddenModules.contains(m.name)) {
                continue;
            }
            types.add(m.name);
            info.put(m.name, Map.of("isEntity", m.entity, "label", m.label, "singular", m.singular));
        }
        return Map.of("types", types, "information", info);
    }

    private Map<String, Object> describe(String elementType) {
        CrmModule m = modules.get(elementType);
        if (m == null || hiddenModules.contains(m.name)) {
            throw new WsError("ACCESS_DENIED", "Permission to perform the operation is denied for name");
        }
        List<Object> fields = new ArrayList<>();
        for (CrmModule.Field f : m.fields.values()) {
            if (!isHidden(m.name, f.name())) {
                fields.add(f.describe());
            }
        }
        Map<String, Object> idField = new LinkedHashMap<>();
        idField.put("name", "id");
        idField.put("label", "id");
        idField.put("mandatory", false);
        idField.put("type", Map.of("name", "autogenerated"));
        idField.put("editable", false);
        idField.put("nullable", false);
        idField.put("default", "");
        fields.add(idField);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", m.label);
        out.put("name", m.name);
        out.put("createable", true);
        out.put("updateable", true);
        out.put("deleteable", true);
        out.put("retrieveable", true);
        out.put("fields", fields);
        out.put("idPrefix", String.valueOf(m.prefix));
        out.put("isEntity", m.entity);
        out.put("allowDuplicates", true);
        out.put("labelFields", labelField(m.name));
        return out;
    }

    private static String labelField(String module) {
        switch (module) {
            case "Accounts":
                return "accountname";
            case "Contacts":
                return "firstname,lastname";
            case "Products":
                return "productname";
            case "Invoice":
                return "subject";
            case "Users":
                return "last_name";
            case "ModComments":
                return "commentcontent";
            case "Documents":
                return "notes_title";
            case "DocumentFolders":
                return "foldername";
            default:
                return "currency_name";
        }
    }

    // ---- query ---------------------------------------------------------------------------------------

    private Object query(String q) {
        beforeQuery.accept(q);
        if (q == null || q.isBlank()) {
            throw new WsError("QUERY_SYNTAX_ERROR", "Syntax Error on line 1: token '' Unexpected End of Input(0), expected one of: SELECT");
        }
        Vtql.Statement st;
        try {
            st = Vtql.parse(q, andOrLeftToRight);
        } catch (Vtql.SyntaxError e) {
            throw new WsError("QUERY_SYNTAX_ERROR", e.getMessage());
        } catch (Vtql.LexError e) {
            // as a real vtiger 7 answers e.g. SELECT subject, shipping_&_handling FROM Invoice;
            throw new WsError("INTERNAL_SERVER_ERROR", "Unknown Error while processing request");
        }
        CrmModule m = modules.get(st.module());
        if (m == null || "LineItem".equals(m.name)) {
            throw new WsError("ACCESS_DENIED", "Permission to perform the operation is denied for name");
        }
        for (String col : st.referencedColumns()) {
            if (!"id".equals(col) && (!m.fields.containsKey(col) || isHidden(m.name, col))) {
                throw new WsError("ACCESS_DENIED", "Permission to access '." + col + ".' attribute denied.");
            }
        }
        checkWhereIds(m, st);
        boolean join = "Invoice".equals(m.name) && !st.count()
                && (st.columns() == null || st.referencedColumns().stream().anyMatch(CrmModule.LINE_COLUMNS::contains));

        // Rows: one per record, or one per line for invoices when a line column (or *) is asked for.
        List<Row> rows = new ArrayList<>();
        for (Rec rec : liveRecords(m.name)) {
            Map<String, Object> view = view(rec, false);
            if (join && !rec.lines.isEmpty()) {
                for (Map<String, String> line : rec.lines) {
                    Map<String, Object> joined = new LinkedHashMap<>(view);
                    for (String col : CrmModule.LINE_COLUMNS) {
                        joined.put(col, "productid".equals(col) ? referenceView(line.get(col)) : line.getOrDefault(col, ""));
                    }
                    rows.add(new Row(rec, joined));
                }
            } else {
                rows.add(new Row(rec, view));
            }
        }
        if (st.where() != null) {
            // the database compares what is stored: encoded text fields as encoded
            rows.removeIf(r -> !st.where().test(col -> m.encoded.contains(col) ? r.rec.fields.getOrDefault(col, "")
                    : String.valueOf(r.values.getOrDefault(col, ""))));
        }
        if (st.count()) {
            long count = rows.stream().map(r -> r.rec.crmid).distinct().count();
            return List.of(Map.of("count", String.valueOf(count)));
        }
        if (!st.orderBy().isEmpty()) {
            Comparator<Row> cmp = null;
            for (int i = 0; i < st.orderBy().size(); i++) {
                String col = st.orderBy().get(i);
                Comparator<Row> by = (a, b) -> Vtql.compare(col, String.valueOf(a.values.getOrDefault(col, "")),
                        String.valueOf(b.values.getOrDefault(col, "")));
                if (st.descending() && i == st.orderBy().size() - 1) {
                    by = by.reversed(); // "ORDER BY a,b DESC" in SQL: the direction is the last column's only
                }
                cmp = cmp == null ? by : cmp.thenComparing(by);
            }
            rows.sort(cmp); // stable: ties keep crmid order
        } else {
            Collections.shuffle(rows, queryOrder); // no ORDER BY: no promised order
        }
        int limit = st.limit() == null ? QUERY_CAP : Math.min(st.limit(), QUERY_CAP);
        int from = Math.min(st.offset(), rows.size());
        int to = Math.min(from + limit, rows.size());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row row : rows.subList(from, to)) {
            if (hiddenFromApiUser.test(view(row.rec, false))) {
                continue; // dropped after the limit, as vtiger's per-row permission check does
            }
            if (st.columns() == null) {
                out.add(row.values);
            } else {
                Map<String, Object> projected = new LinkedHashMap<>();
                for (String col : st.columns()) {
                    projected.put(col, row.values.getOrDefault(col, ""));
                }
                projected.put("id", row.values.get("id"));
                out.add(projected);
            }
        }
        return out;
    }

    private record Row(Rec rec, Map<String, Object> values) {
    }

    /**
     * vtiger's query parser turns a reference field's value into a crmid with {@code vtws_getIdComponents}, which
     * refuses a value without {@code x} (a bare crmid): {@code INVALID_ID_ATTRIBUTE} "Id specified is incorrect".
     * Only for the issue 14 modules so far (the parser does it for every module; the others are left as they were).
     */
    private void checkWhereIds(CrmModule m, Vtql.Statement st) {
        if (!WHERE_IDS_CHECKED.contains(m.name)) {
            return;
        }
        for (Vtql.Comparison c : st.comparisons()) {
            CrmModule.Field f = m.fields.get(c.column());
            boolean reference = f != null && ("reference".equals(f.type()) || "owner".equals(f.type()));
            if (reference && c.value().indexOf('x') < 0) {
                throw new WsError("INVALID_ID_ATTRIBUTE", "Id specified is incorrect");
            }
        }
    }

    // ---- relations: add_related, retrieve_related, query_related -------------------------------------------------

    /**
     * {@code vtws_add_related} (vtiger 7.1.0): relates when a relation between the two modules exists (by numeric id,
     * by label, or the first one for an empty label) and answers {@code successfull} (sic) whether or not it did.
     * The related record is not checked (a dangling row is kept); relating twice keeps one row. A source that does not
     * exist is a plain PHP exception, answered as an unknown error.
     */
    private Map<String, Object> addRelated(String sourceId, String relatedId, String relationIdLabel) {
        long[] source = idComponents(sourceId);
        long[] target = idComponents(relatedId);
        Rec sourceRec = records.get(source[1]);
        if (sourceRec == null || sourceRec.deleted) {
            throw new WsError("INTERNAL_SERVER_ERROR", "Unknown Error while processing request");
        }
        CrmModule sourceModule = modulesByPrefix.get((int) source[0]);
        CrmModule targetModule = modulesByPrefix.get((int) target[0]);
        if (sourceModule == null || targetModule == null) {
            throw new WsError("INTERNAL_SERVER_ERROR", "Unknown Error while processing request");
        }
        String label = relationIdLabel == null ? "" : relationIdLabel;
        Relation r = relation(sourceModule.name, targetModule.name, rel -> label.isEmpty()
                || (label.matches("\\d+") ? rel.id() == Integer.parseInt(label) : rel.label().equals(label)));
        if (r != null) {
            related.computeIfAbsent(r.id(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(source[1], k -> new LinkedHashSet<>()).add(target[1]);
        }
        return Map.of("message", "successfull");
    }

    /** The first relation from module {@code source} to module {@code target} that {@code chosen} accepts, or null. */
    private static Relation relation(String source, String target, Predicate<Relation> chosen) {
        for (Relation r : RELATIONS) {
            if (r.source().equals(source) && r.target().equals(target) && chosen.test(r)) {
                return r;
            }
        }
        return null;
    }

    /** {@code vtws_getIdComponents}: {@code [prefix, crmid]}, or {@code INVALID_ID_ATTRIBUTE} without an {@code x}. */
    private static long[] idComponents(String id) {
        Matcher matcher = ID.matcher(id == null ? "" : id);
        if (!matcher.matches()) {
            throw new WsError("INVALID_ID_ATTRIBUTE", "Id specified is incorrect");
        }
        return new long[] {Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))};
    }

    /**
     * {@code vtws_query_related} (vtiger 7.0.0): the module after FROM (up to white space, so a {@code ;} glued to it
     * is part of the name) and the label must name a relation of the record's module, else {@code UNKOWN_ENTITY}
     * (sic) "Relation specified is incorrect". No related records: {@code []} without running the query. Otherwise the
     * query is rewritten as vtiger does, {@code id IN (…)} spliced in after the first {@code WHERE} (split case
     * sensitively) or appended, then {@code ;} appended: a query sent with its own {@code ;} fails.
     */
    private Object queryRelated(String q, String id, String relatedLabel) {
        Rec source = requireLive(id);
        Matcher from = Pattern.compile("FROM\\s+(\\S+)", Pattern.CASE_INSENSITIVE).matcher(q == null ? "" : q);
        String relatedType = from.find() ? from.group(1).trim() : null;
        Relation relation = relation(source.module, relatedType, r -> r.label().equals(relatedLabel));
        if (relation == null) {
            throw new WsError("UNKOWN_ENTITY", "Relation specified is incorrect");
        }
        List<String> ids = new ArrayList<>();
        for (long crmid : related.getOrDefault(relation.id(), Map.of()).getOrDefault(source.crmid, Set.of())) {
            Rec rec = records.get(crmid);
            if (rec != null && !rec.deleted && rec.module.equals(relatedType)) {
                ids.add(idOf(rec));
            }
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        String clause = "id IN ('" + String.join("','", ids) + "')";
        String rewritten;
        if (!q.toUpperCase(Locale.ROOT).contains("WHERE")) {
            rewritten = q + " WHERE " + clause;
        } else {
            String[] parts = q.split("WHERE", -1);
            rewritten = parts[0] + " WHERE " + clause + " AND " + (parts.length > 1 ? parts[1] : "");
        }
        return query(rewritten + ";");
    }

    // ---- sync ----------------------------------------------------------------------------------------

    private Map<String, Object> sync(Session session, String elementType, String modifiedTime, String syncType) {
        if (elementType == null || elementType.isEmpty()) {
            throw new PhpError("Uncaught Error: Call to a member function getEntityId() on null in /var/www/html/include/Webservices/GetUpdates.php:40");
        }
        long since;
        try {
            since = Long.parseLong(modifiedTime == null ? "" : modifiedTime.trim());
        } catch (NumberFormatException e) {
            throw new PhpError("Uncaught TypeError: date(): Argument #2 ($timestamp) must be of type ?int, string given in /var/www/html/include/Webservices/GetUpdates.php:31");
        }
        if (since < 1) {
            throw new PhpError("Uncaught WebServiceException: Invalid modified time in /var/www/html/include/Webservices/GetUpdates.php:33");
        }
        CrmModule m = modules.get(elementType);
        if (m == null || !ENTITY_MODULES.contains(m.name)) {
            throw new WsError("ACCESS_DENIED", "Permission to perform the operation is denied for name");
        }
        boolean application = "application".equals(syncType);
        if (application && !session.user.admin) {
            throw new WsError("ACCESS_DENIED", "Only admin users can perform application sync");
        }
        String owner = prefix("Users") + "x" + session.user.id;
        List<Rec> candidates = new ArrayList<>();
        for (Rec rec : records.values()) {
            if (rec.module.equals(m.name) && rec.modified > since
                    && (application || owner.equals(rec.fields.get("assigned_user_id")))) {
                candidates.add(rec);
            }
        }
        candidates.sort(Comparator.comparingLong((Rec r) -> r.modified).thenComparingLong(r -> r.crmid));
        List<Rec> page = new ArrayList<>();
        boolean more = false;
        if (!candidates.isEmpty()) {
            int cut = Math.min(SYNC_PAGE, candidates.size());
            long boundary = candidates.get(cut - 1).modified;
            for (Rec rec : candidates) {
                if (rec.modified <= boundary) {
                    page.add(rec);
                } else {
                    more = true;
                    break;
                }
            }
        }
        // Not strictly ordered inside a page: vtiger reads the boundary second in a second query, by crmid.
        List<Rec> shuffled = new ArrayList<>();
        if (!page.isEmpty()) {
            long boundary = page.get(page.size() - 1).modified;
            page.stream().filter(r -> r.modified == boundary).sorted(Comparator.comparingLong((Rec r) -> -r.crmid))
                    .forEach(shuffled::add);
            page.stream().filter(r -> r.modified != boundary).forEach(shuffled::add);
        }
        List<Object> updated = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        long last = since;
        for (Rec rec : shuffled) {
            last = Math.max(last, rec.modified);
            if (rec.deleted) {
                deleted.add(idOf(rec));
            } else {
                updated.add(view(rec, false));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("updated", updated);
        out.put("deleted", deleted);
        out.put("more", more);
        out.put("lastModifiedTime", last);
        return out;
    }

    // ---- create / update / revise --------------------------------------------------------------------

    private Map<String, Object> create(Session session, String elementType, String elementJson) {
        CrmModule m = modules.get(elementType);
        if (m == null || !ENTITY_MODULES.contains(m.name)) {
            throw new WsError("ACCESS_DENIED", "Permission to perform the operation is denied for name");
        }
        JsonNode element = parseElement(elementJson);
        Map<String, String> values = flatFields(m, element);
        for (CrmModule.Field f : m.mandatoryFields()) {
            if (!isHidden(m.name, f.name()) && values.getOrDefault(f.name(), "").isEmpty()) {
                throw new WsError("MANDATORY_FIELDS_MISSING", f.name() + " does not have a value");
            }
        }
        List<Map<String, String>> lines = List.of();
        if ("Invoice".equals(m.name)) {
            lines = lineItems(element);
            if (values.getOrDefault("productid", "").isEmpty()) {
                throw new WsError("MANDATORY_FIELDS_MISSING", "productid does not have a value");
            }
            if (lines.isEmpty()) {
                throw new WsError("MANDATORY_FIELDS_MISSING", "Mandatory Fields Missing..");
            }
        }
        checkReferences(m, values);
        String duplicateField = duplicateFields.get(m.name);
        if (duplicateField != null) {
            String value = values.getOrDefault(duplicateField, "");
            for (Rec other : liveRecords(m.name)) {
                if (!value.isEmpty() && value.equalsIgnoreCase(other.fields.get(duplicateField))) {
                    throw new WsError(0, "Duplicate(s) detected!");
                }
            }
        }
        Rec rec = newRecord(m);
        values.forEach((k, v) -> {
            if (isWritable(m, k)) {
                rec.fields.put(k, v);
            }
        });
        if ("Invoice".equals(m.name)) {
            if (rec.fields.get("hdnTaxType").isEmpty()) {
                rec.fields.put("hdnTaxType", "group");
            }
            if (halfCreateShare > 0 && halfCreateDraws.nextDouble() < halfCreateShare) {
                halfCreatedInvoices++;
                touch(rec, session.user.id); // the header is stored; the lines never come
                throw new PhpError("Uncaught Error: Call to a member function fetch_array() on bool in /var/www/html/include/utils/InventoryUtils.php:412");
            }
            setLines(rec, lines);
            computeTotals(rec, true);
            lowerStock(lines);
        }
        if ("ModComments".equals(m.name)) {
            rec.fields.put("creator", prefix("Users") + "x" + session.user.id);
            Rec parent = find(rec.fields.get("related_to"));
            if (commentsTouchParent && parent != null && !parent.deleted) {
                touch(parent, session.user.id);
            }
        }
        documentFile(rec);
        touch(rec, session.user.id);
        Map<String, Object> out = view(rec, true);
        if ("Invoice".equals(m.name)) {
            for (String money : List.of("hdnSubTotal", "hdnGrandTotal", "pre_tax_total", "balance", "received")) {
                out.put(money, new BigDecimal(rec.fields.get(money)).stripTrailingZeros().doubleValue());
            }
        }
        return out;
    }

    private Map<String, Object> update(Session session, String elementJson, boolean revise) {
        JsonNode element = parseElement(elementJson);
        String id = element.hasNonNull("id") ? element.get("id").asText() : null;
        Rec rec = requireLive(id);
        CrmModule m = module(rec.module);
        Map<String, String> values = flatFields(m, element);
        for (CrmModule.Field f : m.mandatoryFields()) {
            if (isHidden(m.name, f.name())) {
                continue;
            }
            String v = values.get(f.name());
            if (revise ? v != null && v.isEmpty() : v == null || v.isEmpty()) {
                throw new WsError("MANDATORY_FIELDS_MISSING", f.name() + " does not have a value");
            }
        }
        checkReferences(m, values);
        values.forEach((k, v) -> {
            if (isWritable(m, k)) {
                rec.fields.put(k, v);
            }
        });
        if ("Invoice".equals(m.name)) {
            if (revise && !values.containsKey("hdnTaxType")) {
                rec.fields.put("hdnTaxType", "");
            }
            List<Map<String, String>> lines = lineItems(element);
            if (!lines.isEmpty()) {
                setLines(rec, lines);
                rec.fields.put("productid", rec.lines.get(0).get("productid"));
                computeTotals(rec, !revise);
            }
        }
        documentFile(rec);
        touch(rec, session.user.id);
        return view(rec, true);
    }

    /**
     * {@code Documents::save_module}: an external document ({@code filelocationtype E}) keeps the URL in filename,
     * with {@code http://} put in front when it has no scheme, size 0 and no type. An internal one needs a file
     * upload, which the JSON webservice cannot send: no file is stored (inferred).
     */
    private void documentFile(Rec rec) {
        if (!"Documents".equals(rec.module)) {
            return;
        }
        String location = rec.fields.get("filelocationtype");
        String filename = rec.fields.get("filename");
        if ("E".equals(location)) {
            if (!filename.isEmpty() && !URL_SCHEME.matcher(filename).matches()) {
                rec.fields.put("filename", "http://" + filename);
            }
        } else {
            rec.fields.put("filelocationtype", "I");
            rec.fields.put("filename", "");
        }
        rec.fields.put("filesize", "0");
        rec.fields.put("filetype", "");
        rec.fields.put("filedownloadcount", "");
    }

    private JsonNode parseElement(String json) {
        if (json == null || json.isBlank()) {
            throw new WsError("MANDATORY_FIELDS_MISSING", "element does not have a value");
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new PhpError("Uncaught TypeError: array_merge(): Argument #1 must be of type array, null given");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new PhpError("Uncaught TypeError: array_merge(): Argument #1 must be of type array, null given");
        }
    }

    /** Known, non-hidden fields of the element as normalized strings (LineItems and id excluded). */
    private Map<String, String> flatFields(CrmModule m, JsonNode element) {
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = element.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if ("id".equals(name) || "LineItems".equals(name) || !m.fields.containsKey(name) || isHidden(m.name, name)) {
                continue;
            }
            JsonNode v = e.getValue();
            String text = v == null || v.isNull() ? "" : v.isTextual() ? v.asText()
                    : v.isBoolean() ? (v.asBoolean() ? "1" : "0") : v.isValueNode() ? v.asText() : v.toString();
            out.put(name, normalize(m, name, text));
        }
        return out;
    }

    private List<Map<String, String>> lineItems(JsonNode element) {
        JsonNode items = element.get("LineItems");
        List<Map<String, String>> out = new ArrayList<>();
        if (items == null || !items.isArray()) {
            return out;
        }
        for (JsonNode item : items) {
            Map<String, String> line = new LinkedHashMap<>();
            item.fields().forEachRemaining(e -> line.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
            out.add(line);
        }
        return out;
    }

    private void checkReferences(CrmModule m, Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            CrmModule.Field f = m.fields.get(e.getKey());
            if (f == null || !("reference".equals(f.type()) || "owner".equals(f.type())) || e.getValue().isEmpty()
                    || !f.editable()) {
                continue;
            }
            Matcher id = ID.matcher(e.getValue());
            boolean ok = false;
            if (id.matches()) {
                CrmModule target = modulesByPrefix.get(Integer.parseInt(id.group(1)));
                ok = target != null && f.refersTo().contains(target.name);
            }
            if (!ok) {
                throw new WsError("REFERENCE_INVALID", "Invalid reference specified for " + f.name());
            }
        }
    }

    private boolean isWritable(CrmModule m, String field) {
        CrmModule.Field f = m.fields.get(field);
        return f != null && f.editable() && !isHidden(m.name, field);
    }

    private void setLines(Rec rec, List<Map<String, String>> lines) {
        rec.lines.clear();
        int seq = 1;
        CrmModule products = module("Products");
        for (Map<String, String> in : lines) {
            LinkedHashMap<String, String> line = new LinkedHashMap<>();
            String product = in.getOrDefault("productid", "");
            Matcher id = ID.matcher(product);
            boolean known = id.matches() && Integer.parseInt(id.group(1)) == products.prefix
                    && records.containsKey(Long.parseLong(id.group(2)))
                    && "Products".equals(records.get(Long.parseLong(id.group(2))).module);
            line.put("productid", known ? product : "");
            line.put("sequence_no", String.valueOf(seq++));
            line.put("quantity", decimal(in.getOrDefault("quantity", "1"), 3));
            line.put("listprice", decimal(in.getOrDefault("listprice", "0"), 8));
            line.put("discount_percent", decimal(in.getOrDefault("discount_percent", "0"), 3));
            line.put("discount_amount", decimal(in.getOrDefault("discount_amount", "0"), 8));
            line.put("comment", in.getOrDefault("comment", ""));
            for (String tax : List.of("tax1", "tax2", "tax3")) {
                String v = in.getOrDefault(tax, "");
                line.put(tax, v.isEmpty() ? "" : decimal(v, 3));
            }
            line.put("id", prefix("LineItem") + "x" + nextLineId++);
            rec.lines.add(line);
        }
    }

    /** Recomputes subtotal, tax and grand total from the lines; the balance only when {@code withBalance}. */
    private void computeTotals(Rec rec, boolean withBalance) {
        BigDecimal subtotal = BigDecimal.ZERO;
        BigDecimal individualTax = BigDecimal.ZERO;
        for (Map<String, String> line : rec.lines) {
            BigDecimal gross = dec(line.get("quantity")).multiply(dec(line.get("listprice")));
            BigDecimal discountAmount = dec(line.get("discount_amount"));
            BigDecimal discount = discountAmount.signum() != 0 ? discountAmount
                    : gross.multiply(dec(line.get("discount_percent"))).divide(BigDecimal.valueOf(100), 8, RoundingMode.HALF_UP);
            BigDecimal net = gross.subtract(discount);
            subtotal = subtotal.add(net);
            individualTax = individualTax.add(net.multiply(taxPercent(line)).divide(BigDecimal.valueOf(100), 8, RoundingMode.HALF_UP));
        }
        BigDecimal tax;
        if ("individual".equals(rec.fields.get("hdnTaxType"))) {
            tax = individualTax;
        } else {
            BigDecimal pct = rec.lines.isEmpty() ? BigDecimal.ZERO : taxPercent(rec.lines.get(0));
            tax = subtotal.multiply(pct).divide(BigDecimal.valueOf(100), 8, RoundingMode.HALF_UP);
        }
        BigDecimal total = subtotal.add(tax).add(dec(rec.fields.get("hdnS_H_Amount"))).add(dec(rec.fields.get("txtAdjustment")));
        rec.fields.put("hdnSubTotal", money(subtotal));
        rec.fields.put("pre_tax_total", money(subtotal));
        rec.fields.put("hdnGrandTotal", money(total));
        if (rec.fields.get("received").isEmpty()) {
            rec.fields.put("received", money(BigDecimal.ZERO));
        }
        if (withBalance) {
            rec.fields.put("balance", money(total.subtract(dec(rec.fields.get("received")))));
        }
    }

    private static BigDecimal taxPercent(Map<String, String> line) {
        BigDecimal pct = BigDecimal.ZERO;
        for (String tax : List.of("tax1", "tax2", "tax3")) {
            pct = pct.add(dec(line.get(tax)));
        }
        return pct;
    }

    private void lowerStock(List<Map<String, String>> lines) {
        for (Map<String, String> line : lines) {
            Rec product = find(line.getOrDefault("productid", ""));
            if (product != null && "Products".equals(product.module) && !product.deleted) {
                BigDecimal stock = dec(product.fields.get("qtyinstock")).subtract(dec(line.getOrDefault("quantity", "1")));
                product.fields.put("qtyinstock", decimal(stock.toPlainString(), 3));
            }
        }
    }

    // ---- records -------------------------------------------------------------------------------------

    private Rec newRecord(CrmModule m) {
        Rec rec = new Rec(m.name, nextCrmid++);
        for (String field : m.fields.keySet()) {
            rec.fields.put(field, "");
        }
        if (m.autoNumberField != null) {
            int n = autoNumbers.merge(m.name, 1, Integer::sum);
            rec.fields.put(m.autoNumberField, m.autoNumberPrefix + n);
        }
        String now = DATE_TIME.format(Instant.ofEpochSecond(now()));
        rec.fields.put("createdtime", now);
        records.put(rec.crmid, rec);
        return rec;
    }

    private void touch(Rec rec, long userId) {
        rec.modified = now();
        rec.fields.put("modifiedtime", DATE_TIME.format(Instant.ofEpochSecond(rec.modified)));
        if (rec.fields.containsKey("modifiedby")) {
            rec.fields.put("modifiedby", prefix("Users") + "x" + userId);
        }
    }

    private void addCurrency(String name, String code, String symbol, String rate, String defaultId) {
        Rec rec = newRecord(module("Currency"));
        rec.fields.put("currency_name", name);
        rec.fields.put("currency_code", code);
        rec.fields.put("currency_symbol", symbol);
        rec.fields.put("conversion_rate", rate);
        rec.fields.put("currency_status", "Active");
        rec.fields.put("defaultid", defaultId);
        rec.fields.put("deleted", "0");
        rec.modified = now();
    }

    /** The id of the currency with this ISO code ({@code 27x2}), or null. */
    public synchronized String currencyId(String code) {
        for (Rec rec : records.values()) {
            if ("Currency".equals(rec.module) && code.equals(rec.fields.get("currency_code"))) {
                return idOf(rec);
            }
        }
        return null;
    }

    private List<Rec> liveRecords(String module) {
        List<Rec> out = new ArrayList<>();
        if ("Users".equals(module)) {
            for (User u : users.values()) {
                out.add(userRecord(u));
            }
            return out;
        }
        if ("DocumentFolders".equals(module)) {
            folders.keySet().forEach(id -> out.add(folderRecord(id)));
            return out;
        }
        for (Rec rec : records.values()) {
            if (rec.module.equals(module) && !rec.deleted) {
                out.add(rec);
            }
        }
        return out;
    }

    private Rec folderRecord(long id) {
        Rec rec = new Rec("DocumentFolders", id);
        for (String field : module("DocumentFolders").fields.keySet()) {
            rec.fields.put(field, "");
        }
        rec.fields.put("foldername", folders.get(id));
        return rec;
    }

    private Rec userRecord(User u) {
        Rec rec = new Rec("Users", u.id);
        for (String field : module("Users").fields.keySet()) {
            rec.fields.put(field, "");
        }
        rec.fields.put("user_name", u.name);
        rec.fields.put("last_name", u.name);
        rec.fields.put("is_admin", u.admin ? "on" : "off");
        rec.fields.put("status", "Active");
        return rec;
    }

    /** Finds a record by webservice id or answers the errors vtiger gives for bad ids. */
    private Rec requireLive(String id) {
        Matcher matcher = ID.matcher(id == null ? "" : id);
        if (!matcher.matches()) {
            throw new WsError("ACCESS_DENIED", "Permission to perform the operation is denied for id");
        }
        CrmModule m = modulesByPrefix.get(Integer.parseInt(matcher.group(1)));
        if (m == null) {
            throw new WsError("INVALID_ID_ATTRIBUTE", "Id specified is incorrect");
        }
        long crmid = Long.parseLong(matcher.group(2));
        if ("Users".equals(m.name)) {
            User u = users.get(crmid);
            if (u == null) {
                throw new WsError("ACCESS_DENIED", "Permission to perform the operation is denied");
            }
            return userRecord(u);
        }
        if ("DocumentFolders".equals(m.name)) {
            if (!folders.containsKey(crmid)) {
                throw new WsError("ACCESS_DENIED", "Permission to perform the operation is denied");
            }
            return folderRecord(crmid);
        }
        Rec rec = records.get(crmid);
        if (rec != null && !rec.module.equals(m.name)) {
            throw new WsError("INVALID_ID_ATTRIBUTE", "Id specified is incorrect");
        }
        if (rec == null || rec.deleted) {
            throw new WsError("ACCESS_DENIED", "Permission to perform the operation is denied");
        }
        return rec;
    }

    private Rec find(String id) {
        Matcher matcher = ID.matcher(id == null ? "" : id);
        if (!matcher.matches()) {
            return null;
        }
        CrmModule m = modulesByPrefix.get(Integer.parseInt(matcher.group(1)));
        Rec rec = records.get(Long.parseLong(matcher.group(2)));
        return m == null || rec == null || !rec.module.equals(m.name) ? null : rec;
    }

    /** The record as the API shows it: every visible field as a string, dangling references as "", plus id. */
    private Map<String, Object> view(Rec rec, boolean withLines) {
        CrmModule m = module(rec.module);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : rec.fields.entrySet()) {
            String name = e.getKey();
            if (isHidden(m.name, name)) {
                out.put(name, "");
                continue;
            }
            CrmModule.Field f = m.fields.get(name);
            String value = e.getValue();
            if (f != null && "reference".equals(f.type()) && !"modifiedby".equals(name)) {
                value = referenceView(value);
            }
            if ("Invoice".equals(m.name) && CrmModule.LINE_COLUMNS.contains(name) && !"productid".equals(name)) {
                value = "";
            }
            if (m.encoded.contains(name)) {
                value = htmlDecode(value);
            }
            out.put(name, value);
        }
        out.put("id", idOf(rec));
        if (withLines && "Invoice".equals(m.name)) {
            List<Map<String, Object>> lines = new ArrayList<>();
            for (Map<String, String> line : rec.lines) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("parent_id", "2xArray");
                l.put("productid", line.get("productid"));
                l.put("sequence_no", line.get("sequence_no"));
                l.put("quantity", line.get("quantity"));
                l.put("listprice", line.get("listprice"));
                l.put("discount_percent", line.get("discount_percent"));
                l.put("discount_amount", line.get("discount_amount"));
                l.put("comment", line.get("comment"));
                l.put("description", "");
                l.put("incrementondel", "0");
                l.put("tax1", line.get("tax1"));
                l.put("tax2", line.get("tax2"));
                l.put("tax3", line.get("tax3"));
                l.put("id", line.get("id"));
                Rec product = find(line.get("productid"));
                l.put("product_name", product == null ? "" : product.fields.getOrDefault("productname", ""));
                l.put("entity_type", product == null ? "" : "Products");
                l.put("deleted", "0");
                lines.add(l);
            }
            out.put("LineItems", lines);
        }
        return out;
    }

    /** A stored reference as read back: "" when the target does not exist. */
    private String referenceView(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        Matcher id = ID.matcher(value);
        if (!id.matches()) {
            return "";
        }
        CrmModule m = modulesByPrefix.get(Integer.parseInt(id.group(1)));
        if (m == null) {
            return "";
        }
        if ("Users".equals(m.name)) {
            return users.containsKey(Long.parseLong(id.group(2))) ? value : "";
        }
        if ("DocumentFolders".equals(m.name)) {
            return folders.containsKey(Long.parseLong(id.group(2))) ? value : "";
        }
        Rec rec = records.get(Long.parseLong(id.group(2)));
        return rec != null && rec.module.equals(m.name) && !rec.deleted ? value : "";
    }

    private String idOf(Rec rec) {
        return prefix(rec.module) + "x" + rec.crmid;
    }

    private int prefix(String module) {
        return module(module).prefix;
    }

    private CrmModule module(String name) {
        CrmModule m = modules.get(name);
        if (m == null) {
            throw new IllegalArgumentException("Unknown module " + name + "; known: " + modules.keySet());
        }
        return m;
    }

    private boolean isHidden(String module, String field) {
        Map<String, Boolean> hidden = hiddenFields.get(module);
        return hidden != null && hidden.containsKey(field);
    }

    private long now() {
        return clock().instant().getEpochSecond();
    }

    // ---- values --------------------------------------------------------------------------------------

    /** Stores values the way vtiger formats them: money 8 decimals, quantities 3, booleans 0/1. */
    private static String normalize(CrmModule m, String field, String value) {
        if (value == null) {
            return "";
        }
        CrmModule.Field f = m.fields.get(field);
        if (f == null || value.isEmpty()) {
            return value;
        }
        if (m.encoded.contains(field)) {
            return htmlEncode(value);
        }
        switch (f.type()) {
            case "currency":
                return decimal(value, 8);
            case "double":
                return decimal(value, 3);
            case "boolean":
                return "1".equals(value) || "true".equalsIgnoreCase(value) || "on".equalsIgnoreCase(value) ? "1" : "0";
            default:
                return value;
        }
    }

    /**
     * vtiger stores text fields HTML-encoded and the webservice decodes them on output (research issue 14 §1.3):
     * a WHERE sees the encoded text. Which characters the real server encodes (htmlentities or htmlspecialchars)
     * is not settled; these five are encoded by both.
     */
    static String htmlEncode(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#039;");
    }

    static String htmlDecode(String value) {
        return value.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#039;", "'")
                .replace("&amp;", "&");
    }

    static String decimal(String value, int scale) {
        try {
            return new BigDecimal(value.trim()).setScale(scale, RoundingMode.HALF_UP).toPlainString();
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static String money(BigDecimal value) {
        return value.setScale(8, RoundingMode.HALF_UP).toPlainString();
    }

    private static BigDecimal dec(String value) {
        if (value == null || value.isBlank()) {
            return BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

}
