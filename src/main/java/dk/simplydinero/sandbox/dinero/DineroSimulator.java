package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.simplydinero.sandbox.SimRequest;
import dk.simplydinero.sandbox.SimResponse;
import dk.simplydinero.sandbox.SimulatorServer;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import static dk.simplydinero.sandbox.dinero.DineroAnswers.MAPPER;
import static dk.simplydinero.sandbox.dinero.DineroAnswers.toMap;
import static dk.simplydinero.sandbox.dinero.DineroStore.existing;
import static dk.simplydinero.sandbox.dinero.DineroStore.live;
import static dk.simplydinero.sandbox.dinero.DineroStore.table;

/**
 * A simulator of the Dinero API (token endpoint and {@code /v1/{org}/…} on one port), faithful to the facts in
 * {@code docs/dinero-api.md} including its traps: PascalCase, small create answers, {@code TimeStamp} in answers
 * but {@code Timestamp} in requests, date-times without zone and with a varying number of fractional digits,
 * {@code ""}/{@code null} mixed, HTML 404s, full-replace PUT, drafts listed with {@code Number = Long.MAX_VALUE},
 * list {@code Status} carrying the payment state, stale timestamps (code 58), deleted records (codes 63/65),
 * Pro subscription (403, code 48) and a sliding-window rate limit (429 with a text body). Credit notes live at
 * {@code sales/creditnotes} and share the invoices' life cycle; booked invoices and credit notes answer a PDF to
 * {@code Accept: application/octet-stream} ({@link DineroPdf}).
 *
 * <p>All data lives in memory; tests reach it directly through {@link #putRecord}, {@link #getRecord},
 * {@link #records} and the knobs, without HTTP.
 *
 * <p>This class is the facade tests and the sandbox configuration use: it holds the knobs and the test helpers and
 * routes each request; each concern lives in its own class of this package (auth, rate window, lists, contacts,
 * products, invoices, payments, rendering). Faults and the request log are {@link SimulatorServer}'s.
 */
public class DineroSimulator extends SimulatorServer {

    public static final String DEMO_ORGANIZATION_ID = "247519";
    public static final String DEMO_API_KEY = "6c0b3f1e9a2d4e7f8b5a1c3d2e4f6a7b";
    public static final String DEMO_CLIENT_ID = "SimplyDineroSyncDemo";
    public static final String DEMO_CLIENT_SECRET = "h3Xq9vLw2Zr8TbYk5NpD7cQe";

    public static final String CONTACTS = "contacts";
    public static final String PRODUCTS = "products";
    public static final String INVOICES = "invoices";
    /** Credit notes, at {@code v1/{org}/sales/creditnotes}. */
    public static final String CREDIT_NOTES = "creditnotes";

    public static final String TOKEN_PATH = "/dineroapi/oauth/token";
    /** What a draft (no number yet) shows as {@code Number} in a list. */
    public static final long DRAFT_NUMBER = Long.MAX_VALUE;
    public static final Set<String> UNITS = DineroProducts.UNITS;

    private final DineroStore store = new DineroStore(this::clock);
    private final DineroAuth auth = new DineroAuth(store, this::spendCredentialCall);
    private final DineroRateWindow rateWindow = new DineroRateWindow();
    private final DineroRendering rendering = new DineroRendering();
    private final DineroContacts contacts = new DineroContacts(rendering);
    private final DineroProducts products = new DineroProducts(rendering);
    private final DineroPlainRecords plainRecords = new DineroPlainRecords(store);
    private final DineroInvoiceFields invoiceFields = new DineroInvoiceFields(store);
    private final DineroPayments payments = new DineroPayments(store);
    private final DineroInvoices invoices = new DineroInvoices(store, invoiceFields, payments);
    private final DineroInvoiceView invoiceView = new DineroInvoiceView(store, rendering);
    private final DineroLists lists = new DineroLists(new DineroLists.Rows() {
        @Override
        public ObjectNode row(DineroStore.Org org, String type, DineroStore.Rec rec) {
            return listRow(org, type, rec);
        }

        @Override
        public String status(DineroStore.Org org, String type, DineroStore.Rec rec) {
            return invoiceView.status(type, rec);
        }
    });
    private volatile boolean emptyCreateAnswers;
    private volatile Refusal refusal;

    /** The writes {@link #refuseWrites} refuses, and with which field error. */
    private record Refusal(String operation, String field, String message) {
    }

    public DineroSimulator() {
        super("Dinero");
        addClient(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
        addOrganization(DEMO_ORGANIZATION_ID, DEMO_API_KEY, true);
    }

    // ------------------------------------------------------------------------------------------------ knobs

    /** Adds (or replaces the key and Pro state of) an organization; its data is kept when it already exists. */
    public DineroSimulator addOrganization(String organizationId, String apiKey, boolean pro) {
        DineroStore.Org org = store.orgOrNew(organizationId);
        org.apiKey = apiKey;
        org.pro = pro;
        return this;
    }

    public DineroSimulator setPro(String organizationId, boolean pro) {
        store.org(organizationId).pro = pro;
        return this;
    }

    public DineroSimulator addClient(String clientId, String clientSecret) {
        auth.addClient(clientId, clientSecret);
        return this;
    }

    /** Lifetime of new tokens ({@code expires_in}); default one hour. */
    public DineroSimulator tokenLifetime(Duration lifetime) {
        auth.tokenLifetime(lifetime);
        return this;
    }

    /** Every token (existing and new) stops working after {@code n} API calls; 0 switches this off. */
    public DineroSimulator expireTokensAfterCalls(int n) {
        expireCredentialsAfterCalls(n);
        return this;
    }

    /** Every token issued so far answers 401 from now on. */
    public DineroSimulator expireAllTokens() {
        auth.expireAll();
        return this;
    }

    /** Requests allowed per organization in any {@code window}-long interval (sliding window); default 100 per minute. */
    public DineroSimulator rateLimit(int requests, Duration window) {
        rateWindow.limit(requests, window);
        return this;
    }

    /**
     * Where the rate window's time comes from (nanoseconds, like {@link System#nanoTime}, the default): a test
     * shares one it moves by hand with the client's limiter, so limits are counted, not timed.
     */
    public DineroSimulator rateTicker(LongSupplier ticker) {
        rateWindow.ticker(ticker);
        return this;
    }

    /** Whether a 429 carries {@code Retry-After} (seconds); the real API documents no header, so default off. */
    public DineroSimulator sendRetryAfter(boolean send) {
        rateWindow.sendRetryAfter(send);
        return this;
    }

    /** A 429 carries {@code Retry-After: value} as given (e.g. {@code "0"}); null = computed when {@link #sendRetryAfter} is on. */
    public DineroSimulator fixedRetryAfter(String value) {
        rateWindow.fixedRetryAfter(value);
        return this;
    }

    /** Creates answer 201 with an empty body (the doc says it may happen): clients must find the record themselves. */
    public DineroSimulator emptyCreateAnswers(boolean empty) {
        this.emptyCreateAnswers = empty;
        return this;
    }

    /**
     * Refuses every write of {@code operation} (e.g. {@code contacts.create}) with Dinero's validation answer (HTTP 400,
     * code 42) naming {@code field}: Dinero validates more than its documentation lists, so a record the sync's own
     * checks let through may still be refused. Null switches it off.
     */
    public DineroSimulator refuseWrites(String operation, String field, String message) {
        this.refusal = operation == null ? null : new Refusal(operation, field, message);
        return this;
    }

    /**
     * When on, plain lists (no {@code deletedOnly}, no {@code changesSince}) include deleted records too, with
     * {@code DeletedAt} set, as the doc says some list versions do. Default off.
     */
    public DineroSimulator listsIncludeDeleted(boolean include) {
        lists.includeDeleted(include);
        return this;
    }

    /**
     * When on, registering a payment (API or {@link #addPayment}) leaves the invoice's {@code UpdatedAt} as it was,
     * so the payment is not in a {@code changesSince} list: nothing documents that a payment moves it. The
     * invoice's {@code TimeStamp} and its payment state still change. Default off.
     */
    public DineroSimulator paymentsLeaveUpdatedAtAlone(boolean alone) {
        payments.leaveUpdatedAtAlone(alone);
        return this;
    }

    /**
     * When on, a payments answer ({@code GET …/payments}) holds only {@code Payments}, without {@code PaidAmount} and
     * {@code RemainingAmount}: the doc lists them, but its "…" leaves open whether every version answers them, and the
     * sync reads the amounts from the payments and the invoice's total then. Default off.
     */
    public DineroSimulator paymentsAnswerWithoutAmounts(boolean without) {
        payments.withoutAmounts(without);
        return this;
    }

    /**
     * When on, booking an invoice or a credit note (API, {@link #bookInvoice} or {@link #bookCreditNote}) leaves its
     * {@code UpdatedAt} as it was, so the booking is not in a {@code changesSince} list: nothing documents that booking
     * moves it. The {@code TimeStamp}, number and state still change. Default off.
     */
    public DineroSimulator bookingLeavesUpdatedAtAlone(boolean alone) {
        invoices.bookingLeavesUpdatedAtAlone(alone);
        return this;
    }

    /**
     * When on, booking a credit note (API or {@link #bookCreditNote}) registers a payment of its total incl. VAT on the
     * invoice it credits (dated as the credit note, described "Kreditnota <Number>", no deposit account), which so
     * reads as paid and gets a new version. Unknown whether Dinero does this (research issue 14 §3.1, §5.5): default
     * off, the invoice left as it was.
     */
    public DineroSimulator creditNoteBookingPaysInvoice(boolean pays) {
        invoices.creditNoteBookingPaysInvoice(pays);
        return this;
    }

    /**
     * When on (the default), a credit note can only be created for a booked invoice: its accounting meaning (a draft
     * is simply edited). A draft in {@code CreditNoteFor} is 400 code 42 naming {@code CreditNoteFor}. Whether Dinero
     * enforces it is undocumented; off, a draft is accepted.
     */
    public DineroSimulator creditNoteNeedsBookedInvoice(boolean needs) {
        invoiceFields.creditNoteNeedsBookedInvoice(needs);
        return this;
    }

    /**
     * When on, an invoice list row's {@code Status} says only {@code Draft} or {@code Booked}, as a whole invoice's
     * does, and the payment state is only in {@code PaymentStatus}: the one captured list row showed a payment state in
     * {@code Status}, but no source says a list always does. Default off.
     */
    public DineroSimulator listStatusShowsBookingOnly(boolean bookingOnly) {
        invoiceView.listStatusShowsBookingOnly(bookingOnly);
        return this;
    }

    /**
     * When on, a list's {@code Pagination.Result} (and {@code ResultWithoutFilter}) is the number of the type's live
     * records, ignoring {@code changesSince}, {@code queryFilter} and the other filters. The docs leave the meaning of
     * {@code Result} unconfirmed; the default is their most likely reading: {@code Result} counts the records the
     * query matches (all its filters and {@code changesSince}), {@code ResultWithoutFilter} the same without {@code
     * queryFilter}. Default off.
     */
    public DineroSimulator resultIgnoresFilters(boolean ignores) {
        lists.resultUnfiltered(ignores);
        return this;
    }

    /**
     * The largest page a list answers (default 1000, the documented maximum): a larger {@code pageSize} is cut to
     * it, and {@code Pagination} reports it as {@code MaxPageSizeAllowed} and {@code PageSize}.
     */
    public DineroSimulator maxPageSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("page size must be at least 1");
        }
        lists.maxPageSize(size);
        return this;
    }

    /**
     * The zone the zone-less {@code CreatedAt}/{@code UpdatedAt}/{@code DeletedAt} are rendered in: UTC (default) or,
     * e.g., {@code Europe/Copenhagen} (UTC+1, +2 in summer), which Dinero's documentation does not rule out;
     * {@code changesSince} stays UTC either way, as documented.
     */
    public DineroSimulator renderTimesIn(ZoneId zone) {
        rendering.renderTimesIn(zone);
        return this;
    }

    /** The clock for record times, token expiry and due dates (the rate window has its own {@link #rateTicker}). */
    @Override
    public DineroSimulator setClock(Clock clock) {
        super.setClock(clock);
        return this;
    }

    public long tokensIssued() {
        return auth.tokensIssued();
    }

    // ------------------------------------------------------------------------------------- direct helpers

    /** Stores a record in the demo organization without HTTP and without validation; returns its guid. */
    public String putRecord(String type, Map<String, ?> fields) {
        return putRecord(DEMO_ORGANIZATION_ID, type, fields);
    }

    public synchronized String putRecord(String organizationId, String type, Map<String, ?> fields) {
        DineroStore.Org org = store.org(organizationId);
        ObjectNode f = MAPPER.valueToTree(fields);
        String timestamp = null;
        if (isVoucher(type)) {
            f = invoiceFields.complete(f);
            timestamp = store.nextTimestamp();
        }
        return store.insert(org, type, f, timestamp).guid;
    }

    public String putContact(Map<String, ?> fields) {
        return putRecord(CONTACTS, fields);
    }

    public String putProduct(Map<String, ?> fields) {
        return putRecord(PRODUCTS, fields);
    }

    public String putInvoice(Map<String, ?> fields) {
        return putRecord(INVOICES, fields);
    }

    /** The record as a single GET would answer it (also when deleted), or null when unknown. */
    public Map<String, Object> getRecord(String type, String guid) {
        return getRecord(DEMO_ORGANIZATION_ID, type, guid);
    }

    public synchronized Map<String, Object> getRecord(String organizationId, String type, String guid) {
        DineroStore.Org org = store.org(organizationId);
        DineroStore.Rec rec = table(org, type).get(guid);
        return rec == null ? null : toMap(render(org, type, rec));
    }

    /** Every record of a type in the demo organization, deleted ones included, as single GETs would answer them. */
    public List<Map<String, Object>> records(String type) {
        return records(DEMO_ORGANIZATION_ID, type);
    }

    public synchronized List<Map<String, Object>> records(String organizationId, String type) {
        DineroStore.Org org = store.org(organizationId);
        List<Map<String, Object>> out = new ArrayList<>();
        for (DineroStore.Rec rec : table(org, type).values()) {
            out.add(toMap(render(org, type, rec)));
        }
        return out;
    }

    /** Changes fields of a record as a Dinero user would (merge, not replace) and moves its UpdatedAt. */
    public synchronized void updateRecord(String type, String guid, Map<String, ?> changes) {
        DineroStore.Rec rec = existing(demo(), type, guid);
        ObjectNode f = rec.fields();
        f.setAll((ObjectNode) MAPPER.valueToTree(changes));
        if (isVoucher(type)) {
            f = invoiceFields.complete(f);
            rec.timestamp = store.nextTimestamp();
        }
        rec.fields(f);
        rec.updatedAt = store.now();
    }

    public synchronized void deleteRecord(String type, String guid) {
        store.markDeleted(existing(demo(), type, guid));
    }

    /**
     * Forgets every record of {@code type} as if it had never been made (not deleted: no list tells of them). For a
     * benchmark that starts each of its runs on an empty type.
     */
    public synchronized void forget(String type) {
        DineroStore.table(demo(), type).clear();
    }

    /** Books a draft as a Dinero user would; returns the number assigned. */
    public synchronized long bookInvoice(String guid) {
        DineroStore.Org org = demo();
        DineroStore.Rec rec = existing(org, INVOICES, guid);
        invoices.book(org, INVOICES, rec, null);
        return rec.number;
    }

    /** Registers a payment on a booked invoice as a Dinero user would. */
    public synchronized void addPayment(String guid, BigDecimal amount, LocalDate date) {
        payments.add(existing(demo(), INVOICES, guid), amount, date);
    }

    /** Books a draft credit note as a Dinero user would; returns the number assigned. */
    public synchronized long bookCreditNote(String guid) {
        DineroStore.Org org = demo();
        DineroStore.Rec rec = existing(org, CREDIT_NOTES, guid);
        invoices.book(org, CREDIT_NOTES, rec, null);
        return rec.number;
    }

    /** Deletes a payment as a Dinero user would: it disappears from the invoice's payments. */
    public synchronized void deletePayment(String invoiceGuid, String paymentGuid) {
        payments.delete(existing(demo(), INVOICES, invoiceGuid), paymentGuid);
    }

    /** The PDF bytes a booked invoice or credit note answers with {@code Accept: application/octet-stream}. */
    public synchronized byte[] pdf(String type, String guid) {
        if (!isVoucher(type)) {
            throw new IllegalArgumentException("Only invoices and credit notes have a PDF, not " + type);
        }
        return DineroPdf.of(type, existing(demo(), type, guid));
    }

    /** An invoice's payments as {@code GET …/payments} answers them (for tests, without HTTP). */
    public synchronized Map<String, Object> payments(String guid) {
        return toMap(payments.of(live(demo(), INVOICES, guid)));
    }

    /** Realistic Danish demo data in the demo organization: companies, persons, products and invoices in every state. */
    public synchronized DineroSimulator seedDemoData() {
        DineroDemoData.seed(this, store);
        return this;
    }

    // ------------------------------------------------------------------------------------- request routing

    @Override
    protected String operationOf(SimRequest request) {
        if (TOKEN_PATH.equals(request.path())) {
            return "token";
        }
        String[] s = segments(request.path());
        if (s.length < 3 || !("v1".equals(s[0]) || "v1.2".equals(s[0]))) {
            return "unknown";
        }
        boolean v12 = "v1.2".equals(s[0]);
        String res = s[2];
        if (!CONTACTS.equals(res) && !PRODUCTS.equals(res) && !INVOICES.equals(res) && !CREDIT_NOTES.equals(res)) {
            return "unknown";
        }
        String m = request.method().toUpperCase(Locale.ROOT);
        String op = null;
        if (s.length == 3) {
            op = switch (m) {
                case "GET" -> res + ".list";
                case "POST" -> res + ".create";
                default -> null;
            };
        } else if (s.length == 4) {
            op = switch (m) {
                case "GET" -> res + ".get";
                case "PUT" -> CREDIT_NOTES.equals(res) ? null : (INVOICES.equals(res) == v12) ? res + ".update" : null;
                case "DELETE" -> res + ".delete";
                default -> null;
            };
        } else if (s.length == 5) {
            if (CONTACTS.equals(res) && "restore".equals(s[4]) && "POST".equals(m)) {
                op = "contacts.restore";
            } else if (isVoucher(res) && "book".equals(s[4]) && "POST".equals(m)) {
                op = res + ".book";
            } else if (INVOICES.equals(res) && "payments".equals(s[4])) {
                op = "GET".equals(m) ? "invoices.payments.list" : "POST".equals(m) ? "invoices.payments.create" : null;
            }
        }
        if (op == null || (v12 && !"invoices.update".equals(op))) {
            return "unknown";
        }
        return op;
    }

    @Override
    protected SimResponse handle(SimRequest request) {
        try {
            if (TOKEN_PATH.equals(request.path())) {
                return auth.token(request);
            }
            return api(request);
        } catch (DineroAnswers.Answer a) {
            return a.response;
        }
    }

    /** Rate limit first (a known organization's calls count even when refused), then token, organization, Pro. */
    private synchronized SimResponse api(SimRequest r) {
        String[] s = segments(r.path());
        if (s.length < 3 || !("v1".equals(s[0]) || "v1.2".equals(s[0]))) {
            return DineroAnswers.html404();
        }
        DineroStore.Org org = store.find(s[1]);
        if (org != null) {
            SimResponse limited = rateWindow.admit(org.id);
            if (limited != null) {
                return limited;
            }
        }
        String tokenOrg = auth.authenticate(r);
        if (org == null || !tokenOrg.equals(org.id)) {
            throw DineroAnswers.error(403, 41, "Unauthorized: access to organization " + s[1] + " is denied");
        }
        if (!org.pro) {
            throw DineroAnswers.error(403, 48, "The organization does not have a Dinero Pro subscription, which is required to use the API");
        }
        String op = operationOf(r);
        Refusal refused = refusal;
        if (refused != null && refused.operation().equals(op)) {
            throw DineroAnswers.validation(refused.field(), refused.message());
        }
        String guid = s.length > 3 ? s[3] : null;
        return switch (op) {
            case "contacts.list" -> lists.list(org, CONTACTS, r);
            case "products.list" -> lists.list(org, PRODUCTS, r);
            case "invoices.list" -> lists.list(org, INVOICES, r);
            case "creditnotes.list" -> lists.list(org, CREDIT_NOTES, r);
            case "contacts.get", "products.get", "invoices.get", "creditnotes.get" ->
                    get(org, op.substring(0, op.indexOf('.')), guid, r);
            case "contacts.create" -> created(plainRecords.create(org, CONTACTS, contacts, r));
            case "products.create" -> created(plainRecords.create(org, PRODUCTS, products, r));
            case "contacts.update" -> plainRecords.update(org, CONTACTS, contacts, guid, r);
            case "products.update" -> plainRecords.update(org, PRODUCTS, products, guid, r);
            case "contacts.delete", "products.delete" -> plainRecords.delete(org, op.substring(0, op.indexOf('.')), guid);
            case "contacts.restore" -> plainRecords.restoreContact(org, guid);
            case "invoices.create" -> created(invoices.create(org, INVOICES, r));
            case "creditnotes.create" -> created(invoices.create(org, CREDIT_NOTES, r));
            case "invoices.update" -> invoices.update(org, guid, r);
            case "invoices.delete" -> invoices.delete(org, INVOICES, guid);
            case "creditnotes.delete" -> invoices.delete(org, CREDIT_NOTES, guid);
            case "invoices.book" -> invoices.book(org, INVOICES, guid, r);
            case "creditnotes.book" -> invoices.book(org, CREDIT_NOTES, guid, r);
            case "invoices.payments.list" -> DineroAnswers.json(200, payments.of(live(org, INVOICES, guid)));
            case "invoices.payments.create" -> payments.create(live(org, INVOICES, guid), r);
            default -> DineroAnswers.html404();
        };
    }

    /** A create's answer, or 201 with an empty body when the {@link #emptyCreateAnswers} knob is on. */
    private SimResponse created(SimResponse answer) {
        return emptyCreateAnswers ? SimResponse.empty(201) : answer;
    }

    /**
     * A single GET; an invoice or credit note asked for with {@code Accept: application/octet-stream} answers its PDF
     * ({@link DineroPdf}). Any other Accept gets JSON, as today's clients ask for it.
     */
    private SimResponse get(DineroStore.Org org, String type, String guid, SimRequest r) {
        DineroStore.Rec rec = live(org, type, guid);
        String accept = r.header("Accept");
        if (isVoucher(type) && accept != null && accept.toLowerCase(Locale.ROOT).contains("application/octet-stream")) {
            return DineroPdf.answer(type, rec);
        }
        return DineroAnswers.json(200, render(org, type, rec));
    }

    /** Invoices and credit notes: the vouchers with a row version, booking and a PDF. */
    static boolean isVoucher(String type) {
        return INVOICES.equals(type) || CREDIT_NOTES.equals(type);
    }

    /** A record as a single GET answers it. */
    private ObjectNode render(DineroStore.Org org, String type, DineroStore.Rec rec) {
        return switch (type) {
            case CONTACTS -> contacts.render(rec);
            case PRODUCTS -> products.render(rec);
            default -> invoiceView.render(org, type, rec);
        };
    }

    /** A record as a list answers it: invoices differ from their single GET, the others do not. */
    private ObjectNode listRow(DineroStore.Org org, String type, DineroStore.Rec rec) {
        return isVoucher(type) ? invoiceView.listRow(org, type, rec) : render(org, type, rec);
    }

    private DineroStore.Org demo() {
        return store.org(DEMO_ORGANIZATION_ID);
    }

    /**
     * The path's segments, with {@code sales/creditnotes} as the one resource segment {@code creditnotes} (so credit
     * notes route as the other types do); a bare {@code creditnotes} is not a Dinero path.
     */
    private static String[] segments(String path) {
        String[] s = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toArray(String[]::new);
        if (s.length >= 4 && "sales".equals(s[2]) && CREDIT_NOTES.equals(s[3])) {
            String[] merged = new String[s.length - 1];
            merged[0] = s[0];
            merged[1] = s[1];
            merged[2] = CREDIT_NOTES;
            System.arraycopy(s, 4, merged, 3, s.length - 4);
            return merged;
        }
        if (s.length >= 3 && CREDIT_NOTES.equals(s[2])) {
            s[2] = "unknown";
        }
        return s;
    }
}
