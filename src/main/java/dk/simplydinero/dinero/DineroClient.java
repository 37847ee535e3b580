package dk.simplydinero.dinero;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.simplydinero.http.CamelHttpTransport;
import dk.simplydinero.http.HttpFailures;
import dk.simplydinero.http.HttpTimeout;
import dk.simplydinero.http.ResilienceProperties;
import dk.simplydinero.http.SideGuard;
import dk.simplydinero.http.SideUnavailableException;
import dk.simplydinero.model.DineroResource;
import dk.simplydinero.model.SideReason;
import dk.simplydinero.model.SideState;
import dk.simplydinero.model.SideStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Client of the Dinero API for one organization: token handling, the shared per-organization rate limit,
 * paging, typed errors. Records are {@code Map<String,Object>} with Dinero's PascalCase names (amounts as
 * {@link java.math.BigDecimal}). Thread-safe.
 *
 * <ul>
 *   <li>Every API request takes a permit from the organization's {@link DineroRateLimiter} (token calls do not).
 *       A 429 pauses all callers ({@code Retry-After} of at least 1 s, else a back-off of up to one window) and the
 *       request is repeated, but not forever: after {@value #MAX_RATE_LIMITED} 429s in a row, or once the waits add
 *       up to {@value #MAX_RATE_LIMIT_WINDOWS} windows, it fails with a transient {@link DineroException.Transport}
 *       ({@code RATE_LIMITED}; the request was never executed, so trying again later is safe).</li>
 *   <li>Lookups (by ExternalReference, the create fallback) skip records whose {@code DeletedAt} is set: some list
 *       versions include deleted records.</li>
 *   <li>A 401 gets one retry with a fresh token.</li>
 *   <li>Reads and the idempotent full-replace PUTs are tried again after a transient error (I/O, timeout, 5xx,
 *       malformed answer) with exponential back-off, within {@code resilience.max-attempts}; each call, after its
 *       tries, counts in Dinero's circuit breaker ({@link SideGuard}). Creates, deletes, bookings and payments are never repeated
 *       blindly: the first attempt may have taken effect. Look the record up (e.g. by ExternalReference) before
 *       trying again. (A repeated invoice PUT whose first try took effect answers a stale Timestamp: the caller
 *       re-reads.)</li>
 *   <li>Every call's outcome is reported to a {@link SideState} (what {@code /api/status} shows), so the status
 *       needs no calls of its own while the sync runs; the status check itself never waits for the budget.</li>
 *   <li>Errors become {@link DineroException} subclasses; messages never contain the API key, the client secret
 *       or a token.</li>
 * </ul>
 */
public class DineroClient {

    private static final Logger log = LoggerFactory.getLogger(DineroClient.class);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };
    static final int TOKEN_ATTEMPTS = 3;
    /** 429 answers in a row after which a request gives up. */
    static final int MAX_RATE_LIMITED = 10;
    /** Total wait after 429s (in rate windows) after which a request gives up. */
    static final int MAX_RATE_LIMIT_WINDOWS = 5;
    private static final String JSON_TYPE = "application/json";
    private static final String OCTET_STREAM = "application/octet-stream";
    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PDF_EOF = "%%EOF".getBytes(StandardCharsets.US_ASCII);

    /** Invoice created (or updated): its id and its new version stamp. */
    public record InvoiceRef(String guid, String timestamp) {
    }

    /** One list page: its records and the {@code Pagination} object as Dinero sent it. */
    public record Page(int page, int pageSize, List<Map<String, Object>> records, Map<String, Object> pagination) {
        /**
         * Dinero's meaning of Result/ResultWithoutFilter is unconfirmed: a short page is the last one. Short means
         * fewer than the page size really used, {@code min(asked, Pagination.PageSize, MaxPageSizeAllowed)}: a
         * server that caps pages lower than asked sends full pages of its own size while more records exist.
         */
        public boolean isLast() {
            return records.size() < expectedPageSize();
        }

        /**
         * How many records the whole list holds, as far as this page (the first) can say without a guess: its own
         * when it is the last, else {@code Pagination.Result} when that counts at least this page's records; null
         * otherwise (Dinero documents Result only loosely, see {@link #isLast}).
         */
        public Integer listTotal() {
            if (isLast()) {
                return records.size();
            }
            Object result = pagination == null ? null : pagination.get("Result");
            return result instanceof Number n && n.intValue() >= records.size() ? n.intValue() : null;
        }

        /** The page size the server used: what we asked, lowered by {@code PageSize} and {@code MaxPageSizeAllowed}. */
        public int expectedPageSize() {
            int size = pageSize;
            for (String key : List.of("PageSize", "MaxPageSizeAllowed")) {
                Object v = pagination == null ? null : pagination.get(key);
                if (v instanceof Number n && n.intValue() > 0) {
                    size = Math.min(size, n.intValue());
                }
            }
            return size;
        }
    }

    /** Whether a record from a list is deleted ({@code DeletedAt} set): some list versions include them. */
    public static boolean isDeleted(Map<String, ?> record) {
        Object deletedAt = record.get("DeletedAt");
        return deletedAt != null && !deletedAt.toString().isBlank();
    }

    private final String organizationId;
    private final String apiBase;
    private final String authUrl;
    private final Duration timeout;
    private final CamelHttpTransport transport;
    /** The route and camel-http endpoint of every API call, set up at the first call. */
    private volatile CamelHttpTransport.Side http;
    private final TokenSource tokens;
    private final DineroRateLimiter limiter;
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private volatile Duration transientBackoff = Duration.ofMillis(200);
    private volatile SideGuard guard = SideGuard.withDefaults("dinero", "Dinero", DineroClient::isTransient);
    /** Where the outcome of every call is reported (the status reads it); replaced by {@link #reportTo}. */
    private volatile SideState state = new SideState(Clock.systemUTC(), false);

    /** Uses the organization's shared limiter ({@link DineroRateLimiter#forOrganization}) and the API-key token flow. */
    public DineroClient(DineroProperties props) {
        this(props, DineroRateLimiter.forOrganization(props.getOrganizationId(), props.getRequestsPerMinute(),
                props.getRateWindow()));
    }

    public DineroClient(DineroProperties props, DineroRateLimiter limiter) {
        this(props, limiter, null);
    }

    /**
     * {@code tokens} null = the API-key password grant with the properties' credentials; on the
     * {@linkplain CamelHttpTransport#standalone() standalone} transport (tests, tools).
     */
    public DineroClient(DineroProperties props, DineroRateLimiter limiter, TokenSource tokens) {
        this(props, limiter, tokens, CamelHttpTransport.standalone());
    }

    /** Every call (and the token calls) goes through {@code transport} (the service's: routes {@code dinero-http}, {@code dinero-token-http}). */
    public DineroClient(DineroProperties props, CamelHttpTransport transport) {
        this(props, DineroRateLimiter.forOrganization(props.getOrganizationId(), props.getRequestsPerMinute(),
                props.getRateWindow()), null, transport);
    }

    private DineroClient(DineroProperties props, DineroRateLimiter limiter, TokenSource tokens,
                         CamelHttpTransport transport) {
        this.organizationId = props.getOrganizationId();
        this.apiBase = stripSlash(props.getApiUrl());
        this.authUrl = props.getAuthUrl();
        this.timeout = props.getTimeout();
        this.transport = transport;
        this.limiter = limiter;
        this.tokens = tokens != null ? tokens : new ApiKeyTokenSource(transport, props.getAuthUrl(), props.getClientId(),
                props.getClientSecret(), props.getApiKey(), props.getTimeout());
    }

    public String organizationId() {
        return organizationId;
    }

    public DineroRateLimiter rateLimiter() {
        return limiter;
    }

    public TokenSource tokenSource() {
        return tokens;
    }

    /** First pause after a transient failure (doubles per attempt); tests shrink it. */
    public DineroClient transientBackoff(Duration backoff) {
        this.transientBackoff = backoff;
        this.guard = guard.withInitialBackoff(backoff);
        return this;
    }

    /** Retries and circuit breaker from {@code resilience.*}. */
    public DineroClient resilience(ResilienceProperties settings) {
        this.guard = new SideGuard("dinero", "Dinero", settings, DineroClient::isTransient);
        return this;
    }

    public SideGuard guard() {
        return guard;
    }

    /** Reports what every call sees to {@code state}. */
    public DineroClient reportTo(SideState state) {
        this.state = state;
        return this;
    }

    // ------------------------------------------------------------------------------------- generic records

    /** Creates a contact or product (an invoice or credit note: its draft); returns its guid. Never retried (not idempotent). */
    public String create(DineroResource type, Map<String, ?> record) {
        if (type == DineroResource.INVOICES || type == DineroResource.CREDIT_NOTES) {
            return createVoucher(type, record).guid();
        }
        Map<String, Object> answer = send("POST", v1(type.path()), record, false);
        if (answer == null || answer.get(type.idField()) == null) {
            answer = createdByExternalReference(type, record, "a " + type.path() + " record", type.idField(), "DeletedAt");
        }
        return answer.get(type.idField()).toString();
    }

    /**
     * The one live record of {@code type} with the create body's {@code ExternalReference} ({@code fields} of it):
     * Dinero may answer a create 201 with an empty body. None (or no reference to look by) is a transient
     * {@code MALFORMED} failure saying Dinero did not name {@code created}.
     */
    private Map<String, Object> createdByExternalReference(DineroResource type, Map<String, ?> body, String created,
                                                           String... fields) {
        Object ref = body.get("ExternalReference");
        if (ref != null && !ref.toString().isEmpty()) {
            List<Map<String, Object>> found = live(list(type, ListQuery.all().eq("ExternalReference", ref).fields(fields)));
            if (found.size() == 1 && found.get(0).get(type.idField()) != null) {
                return found.get(0);
            }
        }
        throw new DineroException.Transport(DineroException.Transport.Cause.MALFORMED,
                "Dinero created " + created + " but did not say its " + type.idField(), 201, null);
    }

    /** The full record; {@link DineroException.NotFound} when unknown or deleted. */
    public Map<String, Object> get(DineroResource type, String guid) {
        return send("GET", v1(type.path() + "/" + guid), null, true);
    }

    /** Like {@link #get} but empty when the record is unknown or deleted. */
    public Optional<Map<String, Object>> find(DineroResource type, String guid) {
        try {
            return Optional.ofNullable(get(type, guid));
        } catch (DineroException.NotFound e) {
            return Optional.empty();
        }
    }

    /**
     * Live records whose {@code field} equals {@code value} (queryFilter eq; e.g. ExternalReference, VatNumber, Email,
     * ProductNumber); deleted ones are left out.
     */
    public List<Map<String, Object>> findBy(DineroResource type, String field, Object value) {
        return live(list(type, ListQuery.all().eq(field, value)));
    }

    private static List<Map<String, Object>> live(List<Map<String, Object>> records) {
        List<Map<String, Object>> out = new ArrayList<>(records.size());
        for (Map<String, Object> r : records) {
            if (!isDeleted(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** The live record we created for a CRM id (our ExternalReference), if any. */
    public Optional<Map<String, Object>> findByExternalReference(DineroResource type, String externalReference) {
        List<Map<String, Object>> found = findBy(type, "ExternalReference", externalReference);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * Replaces a contact or product: Dinero's PUT clears every field not in {@code record}, so send the whole
     * record (e.g. the result of {@link #get} with changes applied). Invoices: {@link #updateInvoice}.
     */
    public void update(DineroResource type, String guid, Map<String, ?> record) {
        if (type == DineroResource.INVOICES) {
            throw new IllegalArgumentException("invoices are updated with updateInvoice(guid, invoice, timestamp)");
        }
        if (type == DineroResource.CREDIT_NOTES) {
            throw new IllegalArgumentException("Dinero documents no update of credit notes");
        }
        send("PUT", v1(type.path() + "/" + guid), record, true);
    }

    /** Deletes a contact, product or draft invoice. Never retried. */
    public void delete(DineroResource type, String guid) {
        send("DELETE", v1(type.path() + "/" + guid), null, false);
    }

    public String createContact(Map<String, ?> contact) {
        return create(DineroResource.CONTACTS, contact);
    }

    public Map<String, Object> getContact(String guid) {
        return get(DineroResource.CONTACTS, guid);
    }

    public void updateContact(String guid, Map<String, ?> contact) {
        update(DineroResource.CONTACTS, guid, contact);
    }

    public void deleteContact(String guid) {
        delete(DineroResource.CONTACTS, guid);
    }

    public String createProduct(Map<String, ?> product) {
        return create(DineroResource.PRODUCTS, product);
    }

    public Map<String, Object> getProduct(String guid) {
        return get(DineroResource.PRODUCTS, guid);
    }

    public void updateProduct(String guid, Map<String, ?> product) {
        update(DineroResource.PRODUCTS, guid, product);
    }

    public void deleteProduct(String guid) {
        delete(DineroResource.PRODUCTS, guid);
    }

    // ---------------------------------------------------------------------------------------------- invoices

    /** Saves a draft invoice. Never retried (not idempotent). */
    public InvoiceRef createInvoice(Map<String, ?> invoice) {
        return createVoucher(DineroResource.INVOICES, invoice);
    }

    /**
     * Saves a draft invoice or credit note; its guid and version from the answer, else (Dinero may answer 201 with an
     * empty body) from the one live record with the body's ExternalReference. Never retried (not idempotent).
     */
    private InvoiceRef createVoucher(DineroResource type, Map<String, ?> voucher) {
        Map<String, Object> answer = send("POST", v1(type.path()), voucher, false);
        if (answer == null || answer.get("Guid") == null) {
            answer = createdByExternalReference(type, voucher,
                    type == DineroResource.CREDIT_NOTES ? "a credit note" : "an invoice", "Guid", "TimeStamp", "DeletedAt");
        }
        return new InvoiceRef(answer.get("Guid").toString(), timestampOf(answer));
    }

    public Map<String, Object> getInvoice(String guid) {
        return get(DineroResource.INVOICES, guid);
    }

    /**
     * Replaces a draft invoice ({@code PUT v1.2}); {@code timestamp} is the invoice's current TimeStamp. Returns the
     * new TimeStamp (null if Dinero did not send one). A stale timestamp → {@link DineroException.StaleTimestamp}:
     * re-read the invoice and retry with its TimeStamp.
     */
    public String updateInvoice(String guid, Map<String, ?> invoice, String timestamp) {
        Map<String, Object> body = new LinkedHashMap<>(invoice);
        body.remove("TimeStamp");
        body.put("Timestamp", timestamp);
        Map<String, Object> answer = send("PUT", "/v1.2/" + organizationId + "/invoices/" + guid, body, true);
        return answer == null ? null : timestampOf(answer);
    }

    public void deleteInvoice(String guid) {
        delete(DineroResource.INVOICES, guid);
    }

    /** Books a draft (irreversible); {@code number} null lets Dinero assign the next number. Returns Dinero's answer. */
    public Map<String, Object> bookInvoice(String guid, String timestamp, Long number) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Timestamp", timestamp);
        if (number != null) {
            body.put("Number", number);
        }
        Map<String, Object> answer = send("POST", v1("invoices/" + guid + "/book"), body, false);
        return answer == null ? Map.of() : answer;
    }

    /** {@code {"Payments":[…],"PaidAmount":…,"RemainingAmount":…}}. */
    public Map<String, Object> listPayments(String invoiceGuid) {
        return send("GET", v1("invoices/" + invoiceGuid + "/payments"), null, true);
    }

    /** Registers a payment on a booked invoice (DepositAccountNumber, PaymentDate, Amount, Description). Never retried. */
    public Map<String, Object> createPayment(String invoiceGuid, String timestamp, Map<String, ?> payment) {
        Map<String, Object> body = new LinkedHashMap<>(payment);
        body.put("Timestamp", timestamp);
        Map<String, Object> answer = send("POST", v1("invoices/" + invoiceGuid + "/payments"), body, false);
        return answer == null ? Map.of() : answer;
    }

    // ------------------------------------------------------------------------------------------ credit notes

    /**
     * Saves a draft credit note: an invoice's body plus {@code CreditNoteFor} (the credited invoice's guid), its lines
     * with positive amounts. Never retried (not idempotent): put a marker in {@code ExternalReference} and look it up
     * ({@link #creditNotes}) before trying again.
     */
    public InvoiceRef createCreditNote(Map<String, ?> creditNote) {
        return createVoucher(DineroResource.CREDIT_NOTES, creditNote);
    }

    /** The whole credit note, with {@code CreditNoteFor}, which its list rows cannot show; {@link DineroException.NotFound} when unknown or deleted. */
    public Map<String, Object> creditNote(String guid) {
        return get(DineroResource.CREDIT_NOTES, guid);
    }

    /** One page (from 0) of the credit-note list, e.g. with {@code changesSince} or a {@code queryFilter}. */
    public Page creditNotePage(ListQuery query, int page) {
        return page(DineroResource.CREDIT_NOTES, query, page);
    }

    /** Every credit note the query matches, page by page (deleted ones too where the list shows them). */
    public List<Map<String, Object>> creditNotes(ListQuery query) {
        return list(DineroResource.CREDIT_NOTES, query);
    }

    /**
     * The PDF of a booked invoice ({@code Accept: application/octet-stream}; Dinero makes none for a draft). Read
     * like any read (budget, token, retries of transient failures, among them a cut PDF or an error page: see
     * {@link #pdf}); a refusal, or an answer that is no PDF, is a {@link DineroException} naming the invoice and the
     * HTTP status. The bytes are never logged.
     */
    public byte[] invoicePdf(String guid) {
        String path = v1("invoices/" + guid);
        String where = "PDF of invoice " + guid;
        return observed(() -> guard.call(() -> pdf(attempt("GET", path, null, where, true, OCTET_STREAM), where)));
    }

    /**
     * The answer's bytes when they are a whole PDF. A cut one (no {@code %%EOF} near its end, or fewer bytes than
     * announced), an empty one and an HTML or JSON page (a proxy's or a crashed server's) are transient
     * {@code MALFORMED}, as a cut or empty JSON answer is: the guard asks again. Any other non-PDF is permanent: asking again would get the same.
     */
    static byte[] pdf(CamelHttpTransport.Answer answer, String where) {
        byte[] bytes = answer.bytes();
        String start = "Dinero " + where + ": HTTP " + answer.status() + " but ";
        if (bytes.length < PDF_MAGIC.length || !Arrays.equals(bytes, 0, PDF_MAGIC.length, PDF_MAGIC, 0, PDF_MAGIC.length)) {
            int first = firstNonBlank(bytes);
            if (first == bytes.length || bytes[first] == '<' || bytes[first] == '{') {
                throw new DineroException.Transport(DineroException.Transport.Cause.MALFORMED, start
                        + (first == bytes.length ? "the answer is empty" : "the answer is a page, not a PDF"),
                        answer.status(), null);
            }
            throw new DineroException(DineroException.Kind.OTHER, start
                    + "the answer is not a PDF (it does not start with %PDF-)", answer.status(), null, null, null, null);
        }
        String announced = answer.header("Content-Length");
        if (announced != null && !announced.trim().equals(Integer.toString(bytes.length))) {
            throw new DineroException.Transport(DineroException.Transport.Cause.MALFORMED,
                    start + bytes.length + " bytes arrived of the " + announced.trim() + " announced", answer.status(), null);
        }
        if (!endsWithEof(bytes)) {
            throw new DineroException.Transport(DineroException.Transport.Cause.MALFORMED,
                    start + "the PDF is cut off (no %%EOF at its end)", answer.status(), null);
        }
        return bytes;
    }

    /** {@code %%EOF} within the last KB, only whitespace after it (writers may add a line end or padding). */
    private static boolean endsWithEof(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && Character.isWhitespace(bytes[end - 1])) {
            end--;
        }
        int from = end - PDF_EOF.length;
        return from >= 0 && bytes.length - from <= 1024 && Arrays.equals(bytes, from, end, PDF_EOF, 0, PDF_EOF.length);
    }

    /**
     * The index of the first byte that is not whitespace, or the length when all are (an answer starting with
     * {@code <} or <code>{</code> there is an HTML or JSON page, not a document).
     */
    private static int firstNonBlank(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) {
            i++;
        }
        return i;
    }

    /** An invoice's version stamp, whichever way it is spelled ({@code TimeStamp} in answers, {@code Timestamp} in requests). */
    public static String timestampOf(Map<String, ?> record) {
        Object ts = record.get("TimeStamp");
        if (ts == null) {
            ts = record.get("Timestamp");
        }
        return ts == null ? null : ts.toString();
    }

    // ----------------------------------------------------------------------------------------------- lists

    /** One page (from 0). */
    public Page page(DineroResource type, ListQuery query, int page) {
        Map<String, Object> answer = send("GET", v1(type.path()) + "?" + query.toQueryString(page), null, true);
        if (answer == null || !(answer.get("Collection") instanceof List<?> collection)) {
            throw new DineroException.Transport(DineroException.Transport.Cause.MALFORMED,
                    "Dinero list of " + type.path() + " has no Collection", 200, null);
        }
        List<Map<String, Object>> records = new ArrayList<>(collection.size());
        for (Object o : collection) {
            @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) o;
            records.add(m);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> pagination = answer.get("Pagination") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        return new Page(page, query.pageSize(), Collections.unmodifiableList(records), pagination);
    }

    /** Hands each page to {@code consumer} in turn; only one page is held in memory. Stops after a short page. */
    public void forEachPage(DineroResource type, ListQuery query, Consumer<List<Map<String, Object>>> consumer) {
        for (int p = 0; ; p++) {
            Page page = page(type, query, p);
            if (!page.records().isEmpty()) {
                consumer.accept(page.records());
            }
            if (page.isLast()) {
                return;
            }
        }
    }

    /** Every record, fetched page by page as the stream is consumed. */
    public Stream<Map<String, Object>> stream(DineroResource type, ListQuery query) {
        return stream(type, query, page -> { });
    }

    /** {@link #stream(DineroResource, ListQuery)}, each page also handed to {@code onPage} as it arrives. */
    public Stream<Map<String, Object>> stream(DineroResource type, ListQuery query, Consumer<Page> onPage) {
        Iterator<Map<String, Object>> it = new Iterator<>() {
            private Iterator<Map<String, Object>> current = Collections.emptyIterator();
            private int next;
            private boolean last;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && !last) {
                    Page page = page(type, query, next++);
                    onPage.accept(page);
                    last = page.isLast();
                    current = page.records().iterator();
                }
                return current.hasNext();
            }

            @Override
            public Map<String, Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Every record in one list: for small sets only; use {@link #forEachPage} or {@link #stream} for large ones. */
    public List<Map<String, Object>> list(DineroResource type, ListQuery query) {
        List<Map<String, Object>> all = new ArrayList<>();
        forEachPage(type, query, all::addAll);
        return all;
    }

    // ------------------------------------------------------------------------------------ connection check

    /**
     * One cheap read (a contact list page of one) with the token held (a token call only when there is none), tried
     * once and never waiting for the request budget. Its outcome reaches the {@link SideState} as every call's does;
     * returns the verdict: green with a short message, red with a reason a user understands, never a secret. Null
     * when the check was put off: no request budget free now, a 429, or an interrupt (the state keeps what it knew).
     */
    public SideStatus checkConnection() {
        String path = v1(DineroResource.CONTACTS.path()) + "?"
                + ListQuery.all().pageSize(1).fields("ContactGuid").toQueryString(0);
        try {
            String where = "GET " + stripQuery(path);
            observed(() -> guard.once(() -> json(attempt("GET", path, null, where, false, JSON_TYPE), "GET", where)));
        } catch (DineroException.Transport e) {
            if (!isSideLevel(e)) {
                return null;
            }
        } catch (SideUnavailableException e) {
            // not called (the breaker is open): the state holds what the failed calls said
        } catch (RuntimeException e) {
            if (!isSideLevel(e)) {
                state.failed(statusOf(e)); // an answer that only a check turns into a status (a 404 for the list)
            }
        }
        SideState.Known known = state.current();
        return known != null ? known.status() : SideStatus.red(SideReason.DINERO_NOT_CALLED);
    }

    /** Runs a request and reports its outcome to the {@link SideState}. */
    private <T> T observed(Supplier<T> request) {
        T answer;
        try {
            answer = request.get();
        } catch (RuntimeException e) {
            if (isSideLevel(e)) {
                state.failed(statusOf(e));
            }
            throw e;
        }
        state.connected(SideReason.DINERO_CONNECTED, organizationId);
        return answer;
    }

    /**
     * A failure that makes Dinero unusable whatever the request: the token refused, no answer or not Dinero's, no
     * access to the organization. Not a request refused for its content, not a 429 that outlasted its waits (Dinero
     * is up, only busy), not an interrupt.
     */
    private static boolean isSideLevel(RuntimeException e) {
        return e instanceof DineroException.Auth || e instanceof DineroException.Forbidden
                || (e instanceof DineroException.Transport t && t.reason() != DineroException.Transport.Cause.RATE_LIMITED
                && t.reason() != DineroException.Transport.Cause.INTERRUPTED);
    }

    /** A failure in words a user understands, without secrets. */
    private SideStatus statusOf(RuntimeException failure) {
        if (failure instanceof DineroException.Auth e) {
            return switch (e.error()) {
                case "invalid_grant" -> SideStatus.red(SideReason.DINERO_KEY_REFUSED);
                case "invalid_client" -> SideStatus.red(SideReason.DINERO_CLIENT_REFUSED);
                case "unauthorized" -> SideStatus.red(SideReason.DINERO_TOKEN_REFUSED);
                default -> SideStatus.red(SideReason.DINERO_LOGIN_REFUSED, e.error());
            };
        }
        if (failure instanceof TokenEndpointFailure e) {
            return transportStatus(e, authUrl);
        }
        if (failure instanceof DineroException.Transport e) {
            return transportStatus(e, apiBase);
        }
        if (failure instanceof DineroException.Forbidden e) {
            if (e.isNoProSubscription()) {
                return SideStatus.red(SideReason.DINERO_NO_PRO, organizationId, e.code());
            }
            return SideStatus.red(SideReason.DINERO_NO_ACCESS, organizationId);
        }
        if (failure instanceof DineroException.NotFound) {
            return SideStatus.red(SideReason.DINERO_NOT_THE_API, host(apiBase));
        }
        if (failure instanceof DineroException e) {
            return e.dineroMessage() == null ? SideStatus.red(SideReason.DINERO_READ_REFUSED, e.httpStatus())
                    : SideStatus.red(SideReason.DINERO_READ_REFUSED_SAYING, e.httpStatus(), e.dineroMessage());
        }
        return SideStatus.red(SideReason.DINERO_CHECK_FAILED, HttpFailures.describe(failure));
    }

    /** The token endpoint, not the API, failed (its status names the token URL). */
    private static final class TokenEndpointFailure extends DineroException.Transport {
        TokenEndpointFailure(DineroException.Transport e) {
            super(e.reason(), e.getMessage(), e.httpStatus(), e.getCause() != null ? e.getCause() : e);
        }
    }

    private static SideStatus transportStatus(DineroException.Transport e, String url) {
        return switch (e.reason()) {
            case MALFORMED -> SideStatus.red(SideReason.DINERO_MALFORMED, host(url), e.httpStatus());
            case SERVER_ERROR -> SideStatus.red(SideReason.DINERO_SERVER_ERROR, host(url), e.httpStatus());
            case TIMEOUT -> SideStatus.red(SideReason.DINERO_TIMEOUT, host(url));
            default -> SideStatus.red(SideReason.DINERO_UNREACHABLE, host(url),
                    e.getCause() == null ? e.getMessage() : HttpFailures.describe(e.getCause()));
        };
    }

    // ------------------------------------------------------------------------------------------------ core

    /**
     * Sends one API request through the side's guard ({@link SideGuard}): an idempotent one (read, full-replace PUT)
     * is tried again after a transient failure with back-off, a create is tried once (its answer may be lost after
     * the work was done: the caller looks it up). Returns the JSON object answered, or null for an empty answer.
     */
    private Map<String, Object> send(String method, String path, Object body, boolean idempotent) {
        String payload;
        try {
            payload = body == null ? null : json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot write the request body as JSON: " + e.getMessage(), e);
        }
        String where = method + " " + stripQuery(path);
        Supplier<Map<String, Object>> once = () -> json(attempt(method, path, payload, where, true, JSON_TYPE), method, where);
        return observed(() -> idempotent ? guard.call(once) : guard.once(once));
    }

    /** A 2xx answer's JSON object, or null when empty; not Dinero's JSON (or an empty read) is transient ({@code MALFORMED}). */
    private Map<String, Object> json(CamelHttpTransport.Answer response, String method, String where) {
        try {
            Map<String, Object> answer = parseObject(response.body());
            if (answer == null && "GET".equals(method)) {
                throw new IOException("empty answer to a read");
            }
            return answer;
        } catch (IOException e) {
            throw new DineroException.Transport(DineroException.Transport.Cause.MALFORMED,
                    "Dinero " + where + ": the answer is not Dinero's JSON (HTTP " + response.status() + ")",
                    response.status(), e);
        }
    }

    /**
     * One try of a request: rate limit, token, 429 waits (the request was not executed), one 401 retry with a fresh
     * token. A transient failure (I/O, timeout, 5xx, an answer that is not Dinero's JSON) is thrown as
     * {@link DineroException.Transport} for the guard to judge. {@code mayWait} false: no wait for the request budget
     * nor after a 429; the request is not sent ({@code RATE_LIMITED}) instead. Returns the 2xx answer as received,
     * {@code accept} being the type asked for.
     */
    private CamelHttpTransport.Answer attempt(String method, String path, String payload, String where, boolean mayWait,
                                              String accept) {
        int tokenFailures = 0;
        int rateLimited = 0;
        Duration rateLimitWaited = Duration.ZERO;
        boolean tokenRenewed = false;
        while (true) {
            String token;
            try {
                token = tokens.token();
            } catch (DineroException.Transport e) {
                // Nothing was sent to the API yet, so trying again is safe for any request.
                if (++tokenFailures < TOKEN_ATTEMPTS) {
                    pauseAfterFailure(tokenFailures);
                    continue;
                }
                throw new TokenEndpointFailure(e);
            }
            CamelHttpTransport.Answer response;
            DineroRateLimiter.Permit permit = mayWait ? acquirePermit() : limiter.tryAcquire();
            if (permit == null) {
                throw new DineroException.Transport(DineroException.Transport.Cause.RATE_LIMITED,
                        "Dinero " + where + ": not sent, the request budget is in use", 0, null);
            }
            try {
                response = http().send(request(method, path, payload, token, accept));
            } catch (HttpTimeout e) {
                throw new DineroException.Transport(DineroException.Transport.Cause.TIMEOUT,
                        "Dinero " + where + ": no answer within " + timeout.toSeconds() + " s", 0, e);
            } catch (IOException e) {
                throw new DineroException.Transport(DineroException.Transport.Cause.IO,
                        "Dinero " + where + ": " + HttpFailures.describe(e), 0, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DineroException.Transport(DineroException.Transport.Cause.INTERRUPTED,
                        "Dinero " + where + ": interrupted", 0, e);
            } finally {
                permit.release();
            }
            int status = response.status();
            log.debug("Dinero {} -> {}", where, status);
            if (status == 429) {
                Duration wait = retryAfter(response, ++rateLimited);
                Duration budget = limiter.window().multipliedBy(MAX_RATE_LIMIT_WINDOWS);
                if (!mayWait) {
                    limiter.pause(wait);
                    throw new DineroException.Transport(DineroException.Transport.Cause.RATE_LIMITED,
                            "Dinero " + where + ": rate limited (HTTP 429); not executed", 429, null);
                }
                if (rateLimited > MAX_RATE_LIMITED || rateLimitWaited.plus(wait).compareTo(budget) > 0) {
                    throw new DineroException.Transport(DineroException.Transport.Cause.RATE_LIMITED,
                            "Dinero " + where + ": still rate limited (HTTP 429) after " + (rateLimited - 1)
                                    + " waits of " + rateLimitWaited.toMillis() + " ms in all; not executed, try again later",
                            429, null);
                }
                rateLimitWaited = rateLimitWaited.plus(wait);
                log.info("Dinero rate limit hit on {} (attempt {}): waiting {} ms", where, rateLimited, wait.toMillis());
                limiter.pause(wait);
                continue;
            }
            if (status == 401) {
                if (!tokenRenewed) {
                    tokenRenewed = true;
                    tokens.invalidate(token);
                    continue;
                }
                throw new DineroException.Auth("unauthorized", "Dinero " + where
                        + ": access token refused (HTTP 401) even after getting a new one", 401);
            }
            if (status >= 500) {
                throw new DineroException.Transport(DineroException.Transport.Cause.SERVER_ERROR,
                        "Dinero " + where + ": HTTP " + status, status, null);
            }
            if (status < 200 || status >= 300) {
                throw error(where, response);
            }
            return response;
        }
    }

    /**
     * What the guard tries again and counts against Dinero's breaker: no usable answer (I/O, timeout, 5xx, not
     * Dinero's JSON). Not a 429 that outlasted its waits (Dinero is up, only busy), not an interrupt.
     */
    static boolean isTransient(Throwable t) {
        return t instanceof DineroException.Transport tr && tr.reason() != DineroException.Transport.Cause.RATE_LIMITED
                && tr.reason() != DineroException.Transport.Cause.INTERRUPTED;
    }

    /** The token goes in a header and the path and query with the exchange, never into the endpoint URI. */
    private static CamelHttpTransport.Request request(String method, String path, String payload, String token,
                                                      String accept) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put("Accept", accept);
        if (payload != null) {
            headers.put("Content-Type", "application/json; charset=utf-8");
        }
        int q = path.indexOf('?');
        return new CamelHttpTransport.Request(method, q < 0 ? path : path.substring(0, q),
                q < 0 ? null : path.substring(q + 1), headers, payload);
    }

    private CamelHttpTransport.Side http() {
        CamelHttpTransport.Side side = http;
        if (side == null) {
            side = transport.side("dinero-http", apiBase, timeout);
            http = side;
        }
        return side;
    }

    private DineroRateLimiter.Permit acquirePermit() {
        try {
            return limiter.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DineroException.Transport(DineroException.Transport.Cause.INTERRUPTED,
                    "Interrupted while waiting for the Dinero rate limit", 0, e);
        }
    }

    /**
     * {@code Retry-After} seconds when sent and at least 1, else (absent, 0, negative, an HTTP date) a back-off
     * growing from a tenth of the window to one window.
     */
    private Duration retryAfter(CamelHttpTransport.Answer response, int attempt) {
        String header = response.header("Retry-After");
        if (header != null) {
            try {
                long seconds = Long.parseLong(header.trim());
                if (seconds >= 1) {
                    return Duration.ofSeconds(Math.min(seconds, 3600));
                }
            } catch (NumberFormatException e) {
                // an HTTP date or garbage: fall back to the back-off
            }
        }
        Duration window = limiter.window();
        Duration wait = window.dividedBy(10).multipliedBy(1L << Math.min(attempt - 1, 4));
        return wait.compareTo(window) > 0 ? window : wait;
    }

    private void pauseAfterFailure(int attempt) {
        long millis = Math.min(2000, transientBackoff.toMillis() * (1L << Math.min(attempt - 1, 4)));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DineroException.Transport(DineroException.Transport.Cause.INTERRUPTED, "Interrupted", 0, e);
        }
    }

    private Map<String, Object> parseObject(String body) throws IOException {
        if (body == null || body.isBlank()) {
            return null;
        }
        String trimmed = body.trim();
        if (!trimmed.startsWith("{")) {
            throw new IOException("not a JSON object");
        }
        return json.readValue(trimmed, MAP);
    }

    /** Maps an error answer (Dinero's error body, an HTML 404, …) to a typed exception. */
    private DineroException error(String where, CamelHttpTransport.Answer response) {
        int status = response.status();
        JsonNode body = null;
        try {
            String text = response.body();
            if (text != null && text.trim().startsWith("{")) {
                body = json.readTree(text);
            }
        } catch (IOException e) {
            body = null;
        }
        Integer code = null;
        String message = null;
        Map<String, String> fieldErrors = new LinkedHashMap<>();
        if (body != null) {
            JsonNode c = body.has("code") ? body.get("code") : body.get("Code");
            if (c != null && c.canConvertToInt() || (c != null && c.asText().matches("\\d+"))) {
                code = c.asInt();
            }
            for (String name : List.of("message", "Message", "error_description", "error")) {
                if (message == null && body.hasNonNull(name)) {
                    message = body.get(name).asText();
                }
            }
            JsonNode ve = body.get("validationErrors");
            if (ve != null && ve.isObject()) {
                ve.fields().forEachRemaining(e -> fieldErrors.put(e.getKey(), e.getValue().asText()));
            }
            JsonNode lang = body.get("languageSpecificMessages");
            if (fieldErrors.isEmpty() && lang != null && lang.isArray()) {
                for (JsonNode l : lang) {
                    if (l.hasNonNull("property")) {
                        fieldErrors.put(l.get("property").asText(), l.path("message").asText());
                    }
                }
            }
        }
        StringBuilder text = new StringBuilder("Dinero ").append(where).append(": HTTP ").append(status);
        if (code != null) {
            text.append(" code ").append(code);
        }
        if (message != null) {
            text.append(": ").append(message);
        } else if (body == null && status == 404) {
            text.append(": not found");
        }
        if (!fieldErrors.isEmpty() && (message == null || fieldErrors.keySet().stream().noneMatch(message::contains))) {
            text.append(" (").append(String.join("; ", fieldErrors.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue()).toList())).append(')');
        }
        String m = text.toString();
        if (status == 404 || (code != null && (code == 40 || code == 63 || code == 65))) {
            return new DineroException.NotFound(m, status, code, message);
        }
        if (code != null && code == 58) {
            return new DineroException.StaleTimestamp(m, status, code, message);
        }
        if (status == 403) {
            return new DineroException.Forbidden(m, status, code, message);
        }
        if (status == 400 && ((code != null && code == 42) || !fieldErrors.isEmpty())) {
            return new DineroException.Validation(m, status, code, message, fieldErrors);
        }
        return new DineroException(DineroException.Kind.OTHER, m, status, code, message, fieldErrors, null);
    }

    // --------------------------------------------------------------------------------------------- helpers

    private String v1(String rest) {
        return "/v1/" + organizationId + "/" + rest;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String stripQuery(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static String host(String url) {
        return HttpFailures.hostAndPort(url);
    }

    @Override
    public String toString() {
        return "DineroClient[organization=" + organizationId + ", api=" + apiBase + ", " + limiter + "]";
    }
}
