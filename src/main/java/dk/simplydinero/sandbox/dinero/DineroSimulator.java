package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.simplydinero.sandbox.SimRequest;
import dk.simplydinero.sandbox.SimResponse;
import dk.simplydinero.sandbox.SimulatorServer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulator of the Dinero API (token endpoint and {@code /v1/{org}/…} on one port), faithful to the facts in
 * {@code docs/dinero-api.md} including its traps: PascalCase, small create answers, {@code TimeStamp} in answers
 * but {@code Timestamp} in requests, date-times without zone and with a varying number of fractional digits,
 * {@code ""}/{@code null} mixed, HTML 404s, full-replace PUT, drafts listed with {@code Number = Long.MAX_VALUE},
 * list {@code Status} carrying the payment state, stale timestamps (code 58), deleted records (codes 63/65),
 * Pro subscription (403, code 48) and a sliding-window rate limit (429 with a text body).
 *
 * <p>All data lives in memory; tests reach it directly through {@link #putRecord}, {@link #getRecord},
 * {@link #records} and the knobs, without HTTP.
 */
public class DineroSimulator extends SimulatorServer {

    public static final String DEMO_ORGANIZATION_ID = "247519";
    public static final String DEMO_API_KEY = "6c0b3f1e9a2d4e7f8b5a1c3d2e4f6a7b";
    public static final String DEMO_CLIENT_ID = "SimplyDineroSyncDemo";
    public static final String DEMO_CLIENT_SECRET = "h3Xq9vLw2Zr8TbYk5NpD7cQe";

    public static final String CONTACTS = "contacts";
    public static final String PRODUCTS = "products";
    public static final String INVOICES = "invoices";

    public static final String TOKEN_PATH = "/dineroapi/oauth/token";
    /** What a draft (no number yet) shows as {@code Number} in a list. */
    public static final long DRAFT_NUMBER = Long.MAX_VALUE;

    static final List<String> CONTACT_FIELDS = List.of("ExternalReference", "Name", "Street", "ZipCode", "City",
            "CountryKey", "Phone", "Email", "Webpage", "AttPerson", "VatNumber", "EanNumber", "SENumber", "PNumber",
            "PaymentConditionType", "PaymentConditionNumberOfDays", "IsPerson", "IsMember", "MemberNumber", "UseCvr",
            "CompanyTypeKey", "InvoiceMailOutOptionKey", "PreferredInvoiceLanguageKey", "PreferredInvoiceCurrencyKey");
    static final List<String> PRODUCT_FIELDS = List.of("ProductNumber", "Name", "BaseAmountValue", "Quantity",
            "AccountNumber", "Unit", "ExternalReference", "Comment");
    static final List<String> INVOICE_FIELDS = List.of("ContactGuid", "Date", "Currency", "Language",
            "ExternalReference", "Description", "Comment", "ShowLinesInclVat", "PaymentConditionType",
            "PaymentConditionNumberOfDays", "ProductLines", "Address");
    static final List<String> LINE_FIELDS = List.of("ProductGuid", "Description", "Comments", "Quantity",
            "AccountNumber", "Unit", "Discount", "LineType", "BaseAmountValue");
    static final List<String> INVOICE_LIST_FIELDS = List.of("Number", "Guid", "ContactName", "Date", "PaymentDate",
            "Description", "Currency", "Status", "MailOutStatus", "TotalExclVatInDkk", "TotalInclVatInDkk",
            "TotalExclVat", "TotalInclVat", "CreatedAt", "UpdatedAt", "DeletedAt");
    public static final Set<String> UNITS = Set.of("hours", "parts", "km", "day", "week", "month", "kilogram",
            "cubicMetre", "set", "litre", "box", "case", "carton", "metre", "package", "shipment", "squareMetre",
            "session", "tonne");
    static final Set<String> PAYMENT_CONDITIONS = Set.of("Netto", "NettoCash", "CurrentMonthOut", "Paid");
    static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    static final Map<String, Set<String>> FILTERABLE = Map.of(
            CONTACTS, Set.of("Name", "Email", "ExternalReference", "VatNumber", "EanNumber", "IsPerson"),
            PRODUCTS, Set.of("Name", "ProductNumber", "ExternalReference"),
            INVOICES, Set.of("ExternalReference", "Description"));
    /** Text fields answered as {@code ""} when empty; every other empty text comes back as {@code null}. */
    static final Set<String> BLANK_WHEN_EMPTY = Set.of("Phone", "Email", "AttPerson", "VatNumber", "Street", "City",
            "ZipCode", "Comment", "Comments", "Description", "Address");
    static final BigDecimal VAT_RATE = new BigDecimal("0.25");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final JsonNodeFactory NODES = MAPPER.getNodeFactory();
    private static final Pattern FILTER = Pattern.compile("^\\s*(\\w+)[ +]+(eq|contains)[ +]+'(.*)'\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final Map<String, Org> orgs = new ConcurrentHashMap<>();
    private final Map<String, String> clients = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final AtomicLong rowVersion = new AtomicLong(0x7D3A0L);
    private final AtomicLong tokensIssued = new AtomicLong();
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile int rateLimit = 100;
    private volatile Duration rateWindow = Duration.ofMinutes(1);
    private volatile LongSupplier rateTicker = System::nanoTime;
    private volatile boolean sendRetryAfter;
    private volatile String fixedRetryAfter;
    private volatile boolean emptyCreateAnswers;
    private volatile boolean listsIncludeDeleted;
    private volatile int maxPageSize = 1000;
    private volatile boolean paymentsLeaveUpdatedAtAlone;
    private volatile boolean listStatusShowsBookingOnly;
    private volatile boolean bookingLeavesUpdatedAtAlone;

    private volatile ZoneId timeZone = ZoneOffset.UTC;

    public DineroSimulator() {
        super("Dinero");
        addClient(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
        addOrganization(DEMO_ORGANIZATION_ID, DEMO_API_KEY, true);
    }

    // ------------------------------------------------------------------------------------------------ knobs

    /** Adds (or replaces the key and Pro state of) an organization; its data is kept when it already exists. */
    public DineroSimulator addOrganization(String organizationId, String apiKey, boolean pro) {
        Org org = orgs.computeIfAbsent(organizationId, Org::new);
        org.apiKey = apiKey;
        org.pro = pro;
        return this;
    }

    public DineroSimulator setPro(String organizationId, boolean pro) {
        org(organizationId).pro = pro;
        return this;
    }

    public DineroSimulator addClient(String clientId, String clientSecret) {
        clients.put(clientId, clientSecret);
        return this;
    }

    /** Lifetime of new tokens ({@code expires_in}); default one hour. */
    public DineroSimulator tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
        return this;
    }

    /** Every token (existing and new) stops working after {@code n} API calls; 0 switches this off. */
    public DineroSimulator expireTokensAfterCalls(int n) {
        expireCredentialsAfterCalls(n);
        return this;
    }

    /** Every token issued so far answers 401 from now on. */
    public DineroSimulator expireAllTokens() {
        tokens.clear();
        return this;
    }

    /** Requests allowed per organization in any {@code window}-long interval (sliding window); default 100 per minute. */
    public DineroSimulator rateLimit(int requests, Duration window) {
        this.rateLimit = requests;
        this.rateWindow = window;
        return this;
    }

    /**
     * Where the rate window's time comes from (nanoseconds, like {@link System#nanoTime}, the default): a test
     * shares one it moves by hand with the client's limiter, so limits are counted, not timed.
     */
    public DineroSimulator rateTicker(LongSupplier ticker) {
        this.rateTicker = Objects.requireNonNull(ticker, "ticker");
        return this;
    }

    /** Whether a 429 carries {@code Retry-After} (seconds); the real API documents no header, so default off. */
    public DineroSimulator sendRetryAfter(boolean send) {
        this.sendRetryAfter = send;
        return this;
    }

    /** A 429 carries {@code Retry-After: value} as given (e.g. {@code "0"}); null = computed when {@link #sendRetryAfter} is on. */
    public DineroSimulator fixedRetryAfter(String value) {
        this.fixedRetryAfter = value;
        return this;
    }

    /** Creates answer 201 with an empty body (the doc says it may happen): clients must find the record themselves. */
    public DineroSimulator emptyCreateAnswers(boolean empty) {
        this.emptyCreateAnswers = empty;
        return this;
    }

    /**
     * When on, plain lists (no {@code deletedOnly}, no {@code changesSince}) include deleted records too, with
     * {@code DeletedAt} set, as the doc says some list versions do. Default off.
     */
    public DineroSimulator listsIncludeDeleted(boolean include) {
        this.listsIncludeDeleted = include;
        return this;
    }

    /**
     * When on, registering a payment (API or {@link #addPayment}) leaves the invoice's {@code UpdatedAt} as it was,
     * so the payment is not in a {@code changesSince} list: nothing documents that a payment moves it. The
     * invoice's {@code TimeStamp} and its payment state still change. Default off.
     */
    public DineroSimulator paymentsLeaveUpdatedAtAlone(boolean alone) {
        this.paymentsLeaveUpdatedAtAlone = alone;
        return this;
    }

    /**
     * When on, booking an invoice (API or {@link #bookInvoice}) leaves its {@code UpdatedAt} as it was, so the booking
     * is not in a {@code changesSince} list: nothing documents that booking moves it. The invoice's {@code TimeStamp},
     * number and state still change. Default off.
     */
    public DineroSimulator bookingLeavesUpdatedAtAlone(boolean alone) {
        this.bookingLeavesUpdatedAtAlone = alone;
        return this;
    }

    /**
     * When on, an invoice list row's {@code Status} says only {@code Draft} or {@code Booked}, as a whole invoice's
     * does, and the payment state is only in {@code PaymentStatus}: the one captured list row showed a payment state in
     * {@code Status}, but no source says a list always does. Default off.
     */
    public DineroSimulator listStatusShowsBookingOnly(boolean bookingOnly) {
        this.listStatusShowsBookingOnly = bookingOnly;
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
        this.maxPageSize = size;
        return this;
    }

    /**
     * The zone the zone-less {@code CreatedAt}/{@code UpdatedAt}/{@code DeletedAt} are rendered in: UTC (default) or,
     * e.g., {@code Europe/Copenhagen} (UTC+1, +2 in summer), which Dinero's documentation does not rule out;
     * {@code changesSince} stays UTC either way, as documented.
     */
    public DineroSimulator renderTimesIn(ZoneId zone) {
        this.timeZone = zone;
        return this;
    }

    /** The clock for record times, token expiry and due dates (the rate window has its own {@link #rateTicker}). */
    @Override
    public DineroSimulator setClock(Clock clock) {
        super.setClock(clock);
        return this;
    }

    public long tokensIssued() {
        return tokensIssued.get();
    }

    // ------------------------------------------------------------------------------------- direct helpers

    /** Stores a record in the demo organization without HTTP and without validation; returns its guid. */
    public String putRecord(String type, Map<String, ?> fields) {
        return putRecord(DEMO_ORGANIZATION_ID, type, fields);
    }

    public synchronized String putRecord(String organizationId, String type, Map<String, ?> fields) {
        Org org = org(organizationId);
        Rec rec = new Rec(UUID.randomUUID().toString());
        ObjectNode f = MAPPER.valueToTree(fields);
        if (INVOICES.equals(type)) {
            f = completeInvoice(f);
            rec.timestamp = nextTimestamp();
        }
        rec.fields(f);
        rec.createdAt = now();
        rec.updatedAt = rec.createdAt;
        table(org, type).put(rec.guid, rec);
        return rec.guid;
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
        Org org = org(organizationId);
        Rec rec = table(org, type).get(guid);
        return rec == null ? null : toMap(render(org, type, rec));
    }

    /** Every record of a type in the demo organization, deleted ones included, as single GETs would answer them. */
    public List<Map<String, Object>> records(String type) {
        return records(DEMO_ORGANIZATION_ID, type);
    }

    public synchronized List<Map<String, Object>> records(String organizationId, String type) {
        Org org = org(organizationId);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Rec rec : table(org, type).values()) {
            out.add(toMap(render(org, type, rec)));
        }
        return out;
    }

    /** Changes fields of a record as a Dinero user would (merge, not replace) and moves its UpdatedAt. */
    public synchronized void updateRecord(String type, String guid, Map<String, ?> changes) {
        Org org = org(DEMO_ORGANIZATION_ID);
        Rec rec = existing(org, type, guid);
        ObjectNode f = rec.fields();
        f.setAll((ObjectNode) MAPPER.valueToTree(changes));
        if (INVOICES.equals(type)) {
            f = completeInvoice(f);
            rec.timestamp = nextTimestamp();
        }
        rec.fields(f);
        rec.updatedAt = now();
    }

    public synchronized void deleteRecord(String type, String guid) {
        Rec rec = existing(org(DEMO_ORGANIZATION_ID), type, guid);
        rec.deletedAt = now();
        rec.updatedAt = rec.deletedAt;
    }

    /** Books a draft as a Dinero user would; returns the number assigned. */
    public synchronized long bookInvoice(String guid) {
        Org org = org(DEMO_ORGANIZATION_ID);
        Rec rec = existing(org, INVOICES, guid);
        book(org, rec, null);
        return rec.number;
    }

    /** Registers a payment on a booked invoice as a Dinero user would. */
    public synchronized void addPayment(String guid, BigDecimal amount, LocalDate date) {
        Org org = org(DEMO_ORGANIZATION_ID);
        Rec rec = existing(org, INVOICES, guid);
        ObjectNode p = NODES.objectNode();
        p.put("Guid", UUID.randomUUID().toString());
        p.put("DepositAccountNumber", 55000);
        p.putNull("ExternalReference");
        p.put("PaymentDate", date.toString());
        p.put("Description", "Indbetaling");
        p.put("Amount", amount);
        p.put("AmountInForeignCurrency", amount);
        rec.payments.add(p);
        paymentRegistered(rec);
    }

    /** Realistic Danish demo data in the demo organization: companies, persons, products and invoices in every state. */
    public synchronized DineroSimulator seedDemoData() {
        String træ = putContact(company("Nordisk Træ & Tømrer ApS", "Østergade 12", "8000", "Aarhus C", "29403473",
                "+45 86 12 34 56", "bogholderi@nordisktrae.dk", "www.nordisktrae.dk"));
        String gartneri = putContact(company("Bøgh Økologisk Gartneri I/S", "Skovvej 3", "5250", "Odense SV",
                "DK35512847", "66 11 22 33", "post@boeghgartneri.dk", null));
        String færge = putContact(company("Ærø Færgeservice A/S", "Havnen 1", "5970", "Ærøskøbing", "18273645",
                "62 52 10 00", "faktura@aeroefaerge.dk", "https://aeroefaerge.dk"));
        String rådgivning = putContact(company("Kærsgaard Rådgivning ApS", "Vesterbrogade 88, 2. tv", "1620",
                "København V", "40391827", "", "kontakt@kaersgaard-raadgivning.dk", null));
        putContact(company("Løvens Kaffebar", "Nørregade 7", "9000", "Aalborg", "", "98 12 00 77", "", null));
        String børge = putContact(person("Børge Lund", "Støvringparken 10, st. th", "9530", "Støvring", "", ""));
        String søren = putContact(person("Søren Ærbøl", "Ågade 4", "2200", "København N", "20 45 67 89",
                "soeren.aerboel@mail.dk"));
        putContact(person("Åse Møller", "Fjordvej 21", "4000", "Roskilde", "", "aase.moeller@gmail.com"));
        putContact(person("Jørgen Kjær", "Hedevej 5", "7400", "Herning", "24 68 10 12", null));

        String konsulent = putProduct(product("P-100", "Konsulenttime", "950", "hours", "Rådgivning pr. påbegyndt time"));
        String montering = putProduct(product("P-110", "Montering på stedet", "650", "hours", null));
        String planke = putProduct(product("T-220", "Egetræsplanke 28 mm", "189.95", "metre", "Sorteret, høvlet"));
        String kørsel = putProduct(product("K-001", "Kørsel", "3.79", "km", "Statens takst"));
        putProduct(product("F-310", "Kaffebønner, økologiske", "145", "kilogram", null));
        String service = putProduct(product("S-900", "Serviceaftale", "1200", "month", "Løbende support"));

        LocalDate today = LocalDate.now(clock());
        String paid = putInvoice(invoice(træ, today.minusDays(40), "Tømrerarbejde, Østergade",
                line(konsulent, "Opmåling og tilbud", "3", "950", "0"),
                line(planke, "Egetræsplanker", "42.5", "189.95", "10"),
                line(montering, "Montering", "6", "650", "0")));
        bookInvoice(paid);
        addPayment(paid, total(paid), today.minusDays(30));

        String overdue = putInvoice(invoice(børge, today.minusDays(60), "Faktura",
                line(kørsel, "Kørsel Aalborg–Støvring", "52", "3.79", "0"),
                line(konsulent, "Rådgivning om køkken", "2", "950", "0")));
        bookInvoice(overdue);

        String overPaid = putInvoice(invoice(færge, today.minusDays(20), "Serviceaftale januar–marts",
                line(service, "Serviceaftale", "3", "1200", "0")));
        bookInvoice(overPaid);
        addPayment(overPaid, total(overPaid).add(new BigDecimal("250")), today.minusDays(12));

        String partly = putInvoice(invoice(gartneri, today.minusDays(5), "Drivhusreparation",
                line(planke, "Planker til bede", "20", "189.95", "5"),
                line(montering, "Montering", "4", "650", "0")));
        bookInvoice(partly);
        addPayment(partly, new BigDecimal("1000"), today.minusDays(2));

        putInvoice(invoice(rådgivning, today.minusDays(1), "Strategiworkshop",
                line(konsulent, "Workshop, forberedelse og afholdelse", "7.5", "950", "0"),
                textLine("Inkl. materialer og forplejning")));
        putInvoice(invoice(søren, today, "Ekstra timer",
                line(konsulent, "Hjælp med regnskab", "1.5", "950", "0")));
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
        if (!CONTACTS.equals(res) && !PRODUCTS.equals(res) && !INVOICES.equals(res)) {
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
                case "PUT" -> (INVOICES.equals(res) == v12) ? res + ".update" : null;
                case "DELETE" -> res + ".delete";
                default -> null;
            };
        } else if (s.length == 5) {
            if (CONTACTS.equals(res) && "restore".equals(s[4]) && "POST".equals(m)) {
                op = "contacts.restore";
            } else if (INVOICES.equals(res) && "book".equals(s[4]) && "POST".equals(m)) {
                op = "invoices.book";
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
                return token(request);
            }
            return api(request);
        } catch (Answer a) {
            return a.response;
        }
    }

    private SimResponse token(SimRequest r) {
        if (!"POST".equalsIgnoreCase(r.method())) {
            return html(405, "405 - HTTP verb used to access this page is not allowed.");
        }
        String client = basicUser(r.header("Authorization"));
        if (client == null) {
            return SimResponse.json(401, "{\"error\":\"invalid_client\"}");
        }
        if (!"password".equals(r.form().get("grant_type"))) {
            return SimResponse.json(400, "{\"error\":\"unsupported_grant_type\"}");
        }
        String user = r.form().get("username");
        String password = r.form().get("password");
        Org org = null;
        if (user != null && user.equals(password)) {
            for (Org o : orgs.values()) {
                if (user.equals(o.apiKey)) {
                    org = o;
                }
            }
        }
        if (org == null) {
            return SimResponse.json(400, "{\"error\":\"invalid_grant\"}");
        }
        String value = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        long seconds = Math.max(1, tokenLifetime.toSeconds());
        tokens.put(value, new Token(org.id, now().plusSeconds(seconds), new AtomicInteger()));
        tokensIssued.incrementAndGet();
        ObjectNode o = NODES.objectNode();
        o.put("access_token", value);
        o.put("token_type", "Bearer");
        o.put("expires_in", seconds);
        return json(200, o);
    }

    /** Client id when the Basic credentials are known, else null. */
    private String basicUser(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String id = decoded.substring(0, colon);
        String secret = decoded.substring(colon + 1);
        return secret.equals(clients.get(id)) ? id : null;
    }

    private synchronized SimResponse api(SimRequest r) {
        String[] s = segments(r.path());
        if (s.length < 3 || !("v1".equals(s[0]) || "v1.2".equals(s[0]))) {
            return html404();
        }
        Org org = orgs.get(s[1]);
        if (org != null) {
            SimResponse limited = rateLimit(org);
            if (limited != null) {
                return limited;
            }
        }
        Token token = authenticate(r);
        if (org == null || !token.org.equals(org.id)) {
            throw error(403, 41, "Unauthorized: access to organization " + s[1] + " is denied");
        }
        if (!org.pro) {
            throw error(403, 48, "The organization does not have a Dinero Pro subscription, which is required to use the API");
        }
        String op = operationOf(r);
        String guid = s.length > 3 ? s[3] : null;
        return switch (op) {
            case "contacts.list" -> list(org, CONTACTS, r);
            case "products.list" -> list(org, PRODUCTS, r);
            case "invoices.list" -> list(org, INVOICES, r);
            case "contacts.get", "products.get", "invoices.get" -> get(org, op.substring(0, op.indexOf('.')), guid);
            case "contacts.create" -> createContactOrProduct(org, CONTACTS, r);
            case "products.create" -> createContactOrProduct(org, PRODUCTS, r);
            case "contacts.update" -> updateContactOrProduct(org, CONTACTS, guid, r);
            case "products.update" -> updateContactOrProduct(org, PRODUCTS, guid, r);
            case "contacts.delete", "products.delete" -> deleteContactOrProduct(org, op.substring(0, op.indexOf('.')), guid);
            case "contacts.restore" -> restoreContact(org, guid);
            case "invoices.create" -> createInvoice(org, r);
            case "invoices.update" -> updateInvoice(org, guid, r);
            case "invoices.delete" -> deleteInvoice(org, guid);
            case "invoices.book" -> bookInvoice(org, guid, r);
            case "invoices.payments.list" -> listPayments(org, guid);
            case "invoices.payments.create" -> createPayment(org, guid, r);
            default -> html404();
        };
    }

    /** Sliding window: at most {@code rateLimit} accepted requests in any {@code rateWindow}-long interval. */
    private SimResponse rateLimit(Org org) {
        long now = rateTicker.getAsLong();
        long window = rateWindow.toNanos();
        while (!org.hits.isEmpty() && now - org.hits.peekFirst() >= window) {
            org.hits.pollFirst();
        }
        if (org.hits.size() >= rateLimit) {
            long waitNanos = org.hits.isEmpty() ? window : org.hits.peekFirst() + window - now;
            SimResponse r = SimResponse.text(429, "text/plain; charset=utf-8",
                    "API calls quota exceeded! (maximum admitted " + rateLimit + " per " + rateWindow.toSeconds() + "s)");
            if (fixedRetryAfter != null) {
                r = r.withHeader("Retry-After", fixedRetryAfter);
            } else if (sendRetryAfter) {
                r = r.withHeader("Retry-After", String.valueOf(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L)));
            }
            return r;
        }
        org.hits.addLast(now);
        return null;
    }

    private Token authenticate(SimRequest r) {
        String header = r.header("Authorization");
        Token token = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = tokens.get(header.substring(7).trim());
        }
        if (token == null || !now().isBefore(token.expiresAt)
                || !spendCredentialCall(token.calls())) {
            throw new Answer(SimResponse.json(401, "{\"Message\":\"Authorization has been denied for this request.\"}")
                    .withHeader("WWW-Authenticate", "Bearer"));
        }
        return token;
    }

    // ---------------------------------------------------------------------------------------------- lists

    private SimResponse list(Org org, String type, SimRequest r) {
        Map<String, String> q = r.query();
        Validator v = new Validator();
        int page = intParam(q, "page", 0, v);
        int pageSize = intParam(q, "pageSize", 100, v);
        if (page < 0) {
            v.add("page", "The page must be 0 or more.");
        }
        if (pageSize < 1) {
            v.add("pageSize", "The page size must be 1 or more.");
        }
        int maxAllowed = maxPageSize;
        pageSize = Math.min(pageSize, maxAllowed);
        Instant since = null;
        String changesSince = q.get("changesSince");
        if (changesSince != null && !changesSince.isBlank()) {
            since = parseChangesSince(changesSince.trim());
            if (since == null) {
                v.add("changesSince", "The value '" + changesSince + "' is not a valid UTC date-time (yyyy-MM-ddTHH:mm:ssZ).");
            }
        }
        boolean deletedOnly = "true".equalsIgnoreCase(q.get("deletedOnly"));
        List<Predicate<ObjectNode>> filters = parseFilter(type, q.get("queryFilter"), v);
        if (INVOICES.equals(type)) {
            for (String bound : List.of("startDate", "endDate")) {
                String raw = q.get(bound);
                if (raw == null || raw.isBlank()) {
                    continue;
                }
                try {
                    LocalDate d = LocalDate.parse(raw.trim());
                    boolean start = "startDate".equals(bound);
                    filters.add(row -> {
                        LocalDate date = LocalDate.parse(row.get("Date").asText());
                        return start ? !date.isBefore(d) : !date.isAfter(d);
                    });
                } catch (DateTimeParseException e) {
                    v.add(bound, "The value '" + raw + "' is not a valid date (YYYY-MM-DD).");
                }
            }
        }
        v.throwIfAny();

        List<Rec> all = new ArrayList<>(table(org, type).values());
        if (CONTACTS.equals(type)) {
            all.sort(Comparator.comparing((Rec x) -> x.updatedAt).thenComparing(x -> x.guid));
        }
        // Filters look at the stored fields (every filterable field is one), so only the page asked for is
        // rendered: listing 100,000 records page by page stays cheap in time and memory.
        List<Rec> rows = new ArrayList<>();
        int withoutFilter = 0;
        for (Rec rec : all) {
            if (deletedOnly ? rec.deletedAt == null : (since == null && !listsIncludeDeleted && rec.deletedAt != null)) {
                continue;
            }
            if (since != null && rec.updatedAt.isBefore(since)) {
                continue;
            }
            withoutFilter++;
            if (filters.isEmpty() || matches(filters, rec.fields())) {
                rows.add(rec);
            }
        }
        String fields = q.get("fields");
        ArrayNode collection = NODES.arrayNode();
        long from = (long) page * pageSize;
        for (long i = from; i < Math.min(rows.size(), from + pageSize); i++) {
            Rec rec = rows.get((int) i);
            ObjectNode row = INVOICES.equals(type) ? invoiceListRow(org, rec) : render(org, type, rec);
            collection.add(project(row, fields, INVOICES.equals(type) ? INVOICE_LIST_FIELDS : null));
        }
        ObjectNode out = NODES.objectNode();
        out.set("Collection", collection);
        ObjectNode p = out.putObject("Pagination");
        p.put("MaxPageSizeAllowed", maxAllowed);
        p.put("PageSize", pageSize);
        p.put("Result", rows.size());
        p.put("ResultWithoutFilter", withoutFilter);
        p.put("Page", page);
        return json(200, out);
    }

    private static boolean matches(List<Predicate<ObjectNode>> filters, ObjectNode fields) {
        for (Predicate<ObjectNode> f : filters) {
            if (!f.test(fields)) {
                return false;
            }
        }
        return true;
    }

    private static ObjectNode project(ObjectNode row, String fields, List<String> defaults) {
        if (fields == null || fields.isBlank()) {
            if (defaults == null) {
                return row;
            }
            ObjectNode o = NODES.objectNode();
            defaults.forEach(f -> o.set(f, row.get(f)));
            return o;
        }
        ObjectNode o = NODES.objectNode();
        for (String wanted : fields.split(",")) {
            String name = wanted.trim();
            if (name.isEmpty()) {
                continue;
            }
            JsonNode value = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equalsIgnoreCase(name)) {
                    value = e.getValue();
                }
            }
            if (value != null) {
                o.set(name, value);
            }
        }
        return o;
    }

    private static List<Predicate<ObjectNode>> parseFilter(String type, String raw, Validator v) {
        List<Predicate<ObjectNode>> out = new ArrayList<>();
        if (raw == null || raw.isBlank()) {
            return out;
        }
        for (String part : raw.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            Matcher m = FILTER.matcher(part);
            if (!m.matches()) {
                v.add("queryFilter", "The filter '" + part + "' is not valid. Use Field+eq+'value' or Field+contains+'value'.");
                continue;
            }
            String field = FILTERABLE.get(type).stream().filter(f -> f.equalsIgnoreCase(m.group(1))).findFirst().orElse(null);
            if (field == null) {
                v.add("queryFilter", "The field '" + m.group(1) + "' cannot be used in a filter.");
                continue;
            }
            boolean eq = "eq".equalsIgnoreCase(m.group(2));
            String value = m.group(3).toLowerCase(Locale.ROOT);
            out.add(row -> {
                JsonNode n = row.get(field);
                String text = n == null || n.isNull() ? "" : n.asText().toLowerCase(Locale.ROOT);
                return eq ? text.equals(value) : text.contains(value);
            });
        }
        return out;
    }

    private static Instant parseChangesSince(String raw) {
        try {
            if (raw.endsWith("Z") || raw.endsWith("z")) {
                return Instant.parse(raw.toUpperCase(Locale.ROOT));
            }
            return LocalDateTime.parse(raw).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------- contacts and products

    private SimResponse get(Org org, String type, String guid) {
        Rec rec = live(org, type, guid);
        return json(200, render(org, type, rec));
    }

    private SimResponse createContactOrProduct(Org org, String type, SimRequest r) {
        ObjectNode body = body(r);
        ObjectNode fields = CONTACTS.equals(type) ? contactFields(body, true) : productFields(body);
        Rec rec = new Rec(UUID.randomUUID().toString());
        rec.fields(fields);
        rec.createdAt = now();
        rec.updatedAt = rec.createdAt;
        table(org, type).put(rec.guid, rec);
        if (emptyCreateAnswers) {
            return SimResponse.empty(201);
        }
        ObjectNode answer = NODES.objectNode();
        answer.put(CONTACTS.equals(type) ? "ContactGuid" : "ProductGuid", rec.guid);
        return json(201, answer);
    }

    /** PUT replaces the whole record: fields left out of the body are cleared. */
    private SimResponse updateContactOrProduct(Org org, String type, String guid, SimRequest r) {
        Rec rec = live(org, type, guid);
        ObjectNode body = body(r);
        rec.fields(CONTACTS.equals(type) ? contactFields(body, false) : productFields(body));
        rec.updatedAt = now();
        return SimResponse.empty(200);
    }

    private SimResponse deleteContactOrProduct(Org org, String type, String guid) {
        Rec rec = live(org, type, guid);
        rec.deletedAt = now();
        rec.updatedAt = rec.deletedAt;
        return SimResponse.empty(200);
    }

    private SimResponse restoreContact(Org org, String guid) {
        Rec rec = table(org, CONTACTS).get(guid);
        if (rec == null) {
            return html404();
        }
        rec.deletedAt = null;
        rec.updatedAt = now();
        return SimResponse.empty(200);
    }

    private ObjectNode contactFields(ObjectNode body, boolean create) {
        Validator v = new Validator();
        ObjectNode f = NODES.objectNode();
        for (String name : List.of("ExternalReference", "Name", "Street", "ZipCode", "City", "CountryKey", "Phone",
                "Email", "Webpage", "AttPerson", "VatNumber", "EanNumber", "SENumber", "PNumber", "PaymentConditionType",
                "MemberNumber", "CompanyTypeKey", "InvoiceMailOutOptionKey", "PreferredInvoiceLanguageKey",
                "PreferredInvoiceCurrencyKey")) {
            f.set(name, text(body, name, v));
        }
        for (String name : List.of("IsPerson", "IsMember", "UseCvr")) {
            f.set(name, bool(body, name, v));
        }
        f.set("PaymentConditionNumberOfDays", integer(body, "PaymentConditionNumberOfDays", v));
        required(f, v, "Name", "CountryKey", "IsPerson", "IsMember", "UseCvr");
        maxLength(f, v, "ExternalReference", 128);
        String country = f.path("CountryKey").asText("");
        if (!country.isEmpty() && !COUNTRIES.contains(country)) {
            v.add("CountryKey", "The CountryKey '" + country + "' is not a valid ISO 3166-1 alpha-2 country code.");
        }
        String condition = f.path("PaymentConditionType").asText("");
        if (!condition.isEmpty() && !PAYMENT_CONDITIONS.contains(condition)) {
            v.add("PaymentConditionType", "The PaymentConditionType '" + condition + "' is not valid.");
        }
        String email = f.path("Email").asText("");
        if (!email.isEmpty() && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            v.add("Email", "The Email '" + email + "' is not a valid e-mail address.");
        }
        v.throwIfAny();
        if (create && f.get("PaymentConditionType").isNull()) {
            f.put("PaymentConditionType", "Netto");
            if (f.get("PaymentConditionNumberOfDays").isNull()) {
                f.put("PaymentConditionNumberOfDays", 8);
            }
        }
        return compact(f);
    }

    /** Drops null fields before storing (a missing field renders as null or ""): keeps 100,000 records small. */
    private static ObjectNode compact(ObjectNode f) {
        List<String> nulls = new ArrayList<>();
        f.fields().forEachRemaining(e -> {
            if (e.getValue() == null || e.getValue().isNull()) {
                nulls.add(e.getKey());
            }
        });
        f.remove(nulls);
        return f;
    }

    private ObjectNode productFields(ObjectNode body) {
        Validator v = new Validator();
        ObjectNode f = NODES.objectNode();
        for (String name : List.of("ProductNumber", "Name", "Unit", "ExternalReference", "Comment")) {
            f.set(name, text(body, name, v));
        }
        f.set("BaseAmountValue", decimal(body, "BaseAmountValue", v));
        f.set("Quantity", decimal(body, "Quantity", v));
        f.set("AccountNumber", integer(body, "AccountNumber", v));
        required(f, v, "AccountNumber", "BaseAmountValue", "Quantity", "Unit");
        maxLength(f, v, "ExternalReference", 128);
        maxLength(f, v, "Comment", 128);
        String unit = f.path("Unit").asText("");
        if (!unit.isEmpty() && !UNITS.contains(unit)) {
            v.add("Unit", "The Unit '" + unit + "' is not valid. Valid units: " + String.join(", ", new java.util.TreeSet<>(UNITS)));
        }
        v.throwIfAny();
        return compact(f);
    }

    // --------------------------------------------------------------------------------------------- invoices

    private SimResponse createInvoice(Org org, SimRequest r) {
        ObjectNode fields = invoiceFields(org, body(r));
        Rec rec = new Rec(UUID.randomUUID().toString());
        rec.fields(fields);
        rec.timestamp = nextTimestamp();
        rec.createdAt = now();
        rec.updatedAt = rec.createdAt;
        table(org, INVOICES).put(rec.guid, rec);
        if (emptyCreateAnswers) {
            return SimResponse.empty(201);
        }
        ObjectNode answer = NODES.objectNode();
        answer.put("Guid", rec.guid);
        answer.put("TimeStamp", rec.timestamp);
        return json(201, answer);
    }

    private SimResponse updateInvoice(Org org, String guid, SimRequest r) {
        Rec rec = live(org, INVOICES, guid);
        ObjectNode body = body(r);
        if (rec.booked) {
            throw validation("Timestamp", "The invoice is booked and can no longer be changed.");
        }
        checkTimestamp(rec, body);
        rec.fields(invoiceFields(org, body));
        rec.timestamp = nextTimestamp();
        rec.updatedAt = now();
        ObjectNode answer = NODES.objectNode();
        answer.put("Guid", rec.guid);
        answer.put("TimeStamp", rec.timestamp);
        return json(200, answer);
    }

    private SimResponse deleteInvoice(Org org, String guid) {
        Rec rec = live(org, INVOICES, guid);
        if (rec.booked) {
            throw validation("Guid", "A booked invoice cannot be deleted.");
        }
        rec.deletedAt = now();
        rec.updatedAt = rec.deletedAt;
        rec.timestamp = nextTimestamp();
        return SimResponse.empty(200);
    }

    private SimResponse bookInvoice(Org org, String guid, SimRequest r) {
        Rec rec = live(org, INVOICES, guid);
        ObjectNode body = body(r);
        if (rec.booked) {
            throw validation("Guid", "The invoice is already booked.");
        }
        checkTimestamp(rec, body);
        Long number = null;
        JsonNode n = body.get("Number");
        if (n != null && !n.isNull()) {
            if (!n.canConvertToLong() || n.asLong() < 1) {
                throw validation("Number", "The Number must be a positive whole number.");
            }
            number = n.asLong();
            for (Rec other : table(org, INVOICES).values()) {
                if (other.booked && number.equals(other.number)) {
                    throw validation("Number", "The Number " + number + " is already used by another invoice.");
                }
            }
        }
        book(org, rec, number);
        ObjectNode answer = NODES.objectNode();
        answer.put("Guid", rec.guid);
        answer.put("Number", rec.number);
        answer.put("TimeStamp", rec.timestamp);
        return json(200, answer);
    }

    private void book(Org org, Rec rec, Long number) {
        boolean hasProductLine = false;
        for (JsonNode line : rec.fields().path("ProductLines")) {
            hasProductLine |= !"Text".equals(line.path("LineType").asText());
        }
        if (!hasProductLine) {
            throw validation("ProductLines", "An invoice needs at least one product line to be booked.");
        }
        long assigned = number != null ? number : org.lastNumber + 1;
        org.lastNumber = Math.max(org.lastNumber, assigned);
        rec.booked = true;
        rec.number = assigned;
        rec.timestamp = nextTimestamp();
        if (!bookingLeavesUpdatedAtAlone) {
            rec.updatedAt = now();
        }
    }

    /** An invoice's payments as {@code GET …/payments} answers them (for tests, without HTTP). */
    public synchronized Map<String, Object> payments(String guid) {
        return toMap(paymentsOf(live(org(DEMO_ORGANIZATION_ID), INVOICES, guid)));
    }

    private SimResponse listPayments(Org org, String guid) {
        return json(200, paymentsOf(live(org, INVOICES, guid)));
    }

    private ObjectNode paymentsOf(Rec rec) {
        ObjectNode out = NODES.objectNode();
        ArrayNode payments = out.putArray("Payments");
        rec.payments.forEach(payments::add);
        BigDecimal paid = paid(rec);
        out.put("PaidAmount", plain(paid));
        out.put("RemainingAmount", plain(totalInclVat(rec.fields()).subtract(paid)));
        return out;
    }

    /** A payment is a new version of the invoice; whether it moves UpdatedAt is the knob's. */
    private void paymentRegistered(Rec rec) {
        rec.timestamp = nextTimestamp();
        if (!paymentsLeaveUpdatedAtAlone) {
            rec.updatedAt = now();
        }
    }

    private SimResponse createPayment(Org org, String guid, SimRequest r) {
        Rec rec = live(org, INVOICES, guid);
        ObjectNode body = body(r);
        if (!rec.booked) {
            throw validation("Guid", "Payments can only be registered on booked invoices.");
        }
        checkTimestamp(rec, body);
        Validator v = new Validator();
        ObjectNode p = NODES.objectNode();
        p.put("Guid", UUID.randomUUID().toString());
        p.set("DepositAccountNumber", integer(body, "DepositAccountNumber", v));
        p.set("ExternalReference", text(body, "ExternalReference", v));
        p.set("PaymentDate", text(body, "PaymentDate", v));
        p.set("Description", text(body, "Description", v));
        p.set("Amount", decimal(body, "Amount", v));
        required(p, v, "DepositAccountNumber", "PaymentDate", "Amount");
        maxLength(p, v, "ExternalReference", 128);
        date(p, "PaymentDate", v);
        if (p.get("Amount").isNumber() && p.get("Amount").decimalValue().signum() == 0) {
            v.add("Amount", "The Amount cannot be 0.");
        }
        v.throwIfAny();
        p.set("AmountInForeignCurrency", p.get("Amount"));
        rec.payments.add(p);
        paymentRegistered(rec);
        ObjectNode answer = NODES.objectNode();
        answer.put("Guid", p.get("Guid").asText());
        answer.put("TimeStamp", rec.timestamp);
        return json(201, answer);
    }

    private static void checkTimestamp(Rec rec, ObjectNode body) {
        JsonNode ts = body.get("Timestamp");
        if (ts == null || ts.isNull() || ts.asText().isBlank()) {
            throw validation("Timestamp", "The Timestamp is required.");
        }
        if (!ts.asText().equals(rec.timestamp)) {
            throw error(400, 58, "The timestamp is outdated: the invoice was changed since you read it. Fetch it again and retry.");
        }
    }

    private ObjectNode invoiceFields(Org org, ObjectNode body) {
        Validator v = new Validator();
        ObjectNode f = NODES.objectNode();
        f.set("ContactGuid", text(body, "ContactGuid", v));
        for (String name : List.of("Date", "Currency", "Language", "ExternalReference", "Description", "Comment",
                "PaymentConditionType", "Address")) {
            f.set(name, text(body, name, v));
        }
        f.set("ShowLinesInclVat", bool(body, "ShowLinesInclVat", v));
        f.set("PaymentConditionNumberOfDays", integer(body, "PaymentConditionNumberOfDays", v));
        required(f, v, "ContactGuid");
        String contact = f.path("ContactGuid").asText("");
        if (!contact.isEmpty()) {
            Rec c = table(org, CONTACTS).get(contact);
            if (c == null || c.deletedAt != null) {
                v.add("ContactGuid", "The contact '" + contact + "' does not exist.");
            }
        }
        date(f, "Date", v);
        maxLength(f, v, "ExternalReference", 128);
        String language = f.path("Language").asText("");
        if (!language.isEmpty() && !Set.of("da-DK", "en-GB").contains(language)) {
            v.add("Language", "The Language must be da-DK or en-GB.");
        }
        String currency = f.path("Currency").asText("");
        if (!currency.isEmpty() && !currency.matches("[A-Z]{3}")) {
            v.add("Currency", "The Currency '" + currency + "' is not a valid currency code.");
        }
        String condition = f.path("PaymentConditionType").asText("");
        if (!condition.isEmpty() && !PAYMENT_CONDITIONS.contains(condition)) {
            v.add("PaymentConditionType", "The PaymentConditionType '" + condition + "' is not valid.");
        }
        if (("NettoCash".equals(condition) || "Paid".equals(condition)) && !f.get("PaymentConditionNumberOfDays").isNull()) {
            v.add("PaymentConditionNumberOfDays", "PaymentConditionNumberOfDays must be empty for " + condition + ".");
        }
        ArrayNode lines = NODES.arrayNode();
        JsonNode rawLines = body.get("ProductLines");
        if (rawLines != null && !rawLines.isNull() && !rawLines.isArray()) {
            v.add("ProductLines", "The ProductLines must be a list.");
        } else if (rawLines != null) {
            for (int i = 0; i < rawLines.size(); i++) {
                lines.add(lineFields(org, rawLines.get(i), "ProductLines[" + i + "].", v));
            }
        }
        f.set("ProductLines", lines);
        v.throwIfAny();
        return completeInvoice(f);
    }

    private ObjectNode lineFields(Org org, JsonNode raw, String prefix, Validator v) {
        ObjectNode l = NODES.objectNode();
        if (!raw.isObject()) {
            v.add(prefix.substring(0, prefix.length() - 1), "A product line must be an object.");
            return l;
        }
        ObjectNode body = (ObjectNode) raw;
        Validator lv = new Validator();
        for (String name : List.of("ProductGuid", "Description", "Comments", "Unit", "LineType")) {
            l.set(name, text(body, name, lv));
        }
        l.set("Quantity", decimal(body, "Quantity", lv));
        l.set("AccountNumber", integer(body, "AccountNumber", lv));
        l.set("Discount", decimal(body, "Discount", lv));
        l.set("BaseAmountValue", decimal(body, "BaseAmountValue", lv));
        required(l, lv, "BaseAmountValue", "Quantity", "AccountNumber", "Discount");
        String unit = l.path("Unit").asText("");
        if (!unit.isEmpty() && !UNITS.contains(unit)) {
            lv.add("Unit", "The Unit '" + unit + "' is not valid.");
        }
        String type = l.path("LineType").asText("");
        if (!type.isEmpty() && !"Product".equals(type) && !"Text".equals(type)) {
            lv.add("LineType", "The LineType must be Product or Text.");
        }
        String product = l.path("ProductGuid").asText("");
        if (!product.isEmpty()) {
            Rec p = table(org, PRODUCTS).get(product);
            if (p == null || p.deletedAt != null) {
                lv.add("ProductGuid", "The product '" + product + "' does not exist.");
            }
        }
        if (l.get("Discount").isNumber()
                && (l.get("Discount").decimalValue().signum() < 0 || l.get("Discount").decimalValue().compareTo(BigDecimal.valueOf(100)) > 0)) {
            lv.add("Discount", "The Discount must be between 0 and 100.");
        }
        lv.errors.forEach((k, msg) -> v.add(prefix + k, msg));
        return l;
    }

    /** Fills defaults and computed amounts of an invoice's stored fields. */
    private ObjectNode completeInvoice(ObjectNode f) {
        LocalDate today = LocalDate.now(clock());
        if (!f.hasNonNull("Date") || f.get("Date").asText().isEmpty()) {
            f.put("Date", today.toString());
        }
        if (!f.hasNonNull("Currency") || f.get("Currency").asText().isEmpty()) {
            f.put("Currency", "DKK");
        }
        if (!f.hasNonNull("Language") || f.get("Language").asText().isEmpty()) {
            f.put("Language", "da-DK");
        }
        if (!f.hasNonNull("PaymentConditionType") || f.get("PaymentConditionType").asText().isEmpty()) {
            f.put("PaymentConditionType", "Netto");
        }
        String condition = f.get("PaymentConditionType").asText();
        if (("Netto".equals(condition) || "CurrentMonthOut".equals(condition)) && !f.hasNonNull("PaymentConditionNumberOfDays")) {
            f.put("PaymentConditionNumberOfDays", 8);
        }
        if (!f.hasNonNull("ShowLinesInclVat")) {
            f.put("ShowLinesInclVat", false);
        }
        if (!f.has("ProductLines") || !f.get("ProductLines").isArray()) {
            f.set("ProductLines", NODES.arrayNode());
        }
        for (JsonNode line : f.get("ProductLines")) {
            ObjectNode l = (ObjectNode) line;
            if (!l.hasNonNull("LineType")) {
                l.put("LineType", "Product");
            }
            if (!l.hasNonNull("Unit")) {
                l.put("Unit", "parts");
            }
        }
        return f;
    }

    private ObjectNode renderInvoice(Org org, Rec rec) {
        ObjectNode f = rec.fields();
        ObjectNode o = NODES.objectNode();
        o.put("Guid", rec.guid);
        o.put("TimeStamp", rec.timestamp);
        if (rec.booked) {
            o.put("Number", rec.number);
        } else {
            o.putNull("Number");
        }
        o.put("Status", rec.booked ? "Booked" : "Draft");
        o.put("PaymentStatus", paymentStatus(rec));
        o.set("ContactGuid", f.get("ContactGuid"));
        Rec contact = table(org, CONTACTS).get(f.path("ContactGuid").asText(""));
        o.set("ContactName", contact == null ? NODES.nullNode() : contact.fields().get("Name"));
        o.set("Date", f.get("Date"));
        o.put("PaymentDate", paymentDate(f).toString());
        for (String name : List.of("Description", "Comment", "ExternalReference", "Currency", "Language",
                "ShowLinesInclVat", "PaymentConditionType", "PaymentConditionNumberOfDays", "Address")) {
            o.set(name, empty(name, f.get(name)));
        }
        ArrayNode lines = o.putArray("ProductLines");
        for (JsonNode line : f.get("ProductLines")) {
            ObjectNode l = NODES.objectNode();
            for (String name : LINE_FIELDS) {
                l.set(name, empty(name, line.get(name)));
            }
            BigDecimal total = lineTotal(line);
            l.put("TotalAmount", plain(total));
            l.put("TotalAmountInclVat", plain(total.add(vat(total))));
            lines.add(l);
        }
        BigDecimal excl = totalExclVat(f);
        o.put("TotalExclVat", plain(excl));
        o.put("TotalVat", plain(vat(excl)));
        o.put("TotalInclVat", plain(excl.add(vat(excl))));
        o.put("TotalExclVatInDkk", plain(excl));
        o.put("TotalInclVatInDkk", plain(excl.add(vat(excl))));
        o.put("MailOutStatus", "NotSent");
        dates(o, rec);
        return o;
    }

    /** A list row: a draft has no number yet and shows Long.MAX_VALUE; Status carries the payment state. */
    private ObjectNode invoiceListRow(Org org, Rec rec) {
        ObjectNode o = renderInvoice(org, rec);
        o.put("Number", rec.booked ? rec.number : DRAFT_NUMBER);
        o.put("Status", listStatusShowsBookingOnly ? (rec.booked ? "Booked" : "Draft") : paymentStatus(rec));
        return o;
    }

    private String paymentStatus(Rec rec) {
        if (!rec.booked) {
            return "Draft";
        }
        BigDecimal total = totalInclVat(rec.fields());
        int cmp = paid(rec).compareTo(total);
        if (cmp > 0) {
            return "OverPaid";
        }
        if (cmp == 0) {
            return "Paid";
        }
        return paymentDate(rec.fields()).isBefore(LocalDate.now(clock())) ? "Overdue" : "Booked";
    }

    private static LocalDate paymentDate(ObjectNode f) {
        LocalDate date = LocalDate.parse(f.get("Date").asText());
        int days = f.path("PaymentConditionNumberOfDays").asInt(0);
        return switch (f.path("PaymentConditionType").asText("Netto")) {
            case "CurrentMonthOut" -> date.withDayOfMonth(date.lengthOfMonth()).plusDays(days);
            case "NettoCash", "Paid" -> date;
            default -> date.plusDays(days);
        };
    }

    private static BigDecimal lineTotal(JsonNode line) {
        if ("Text".equals(line.path("LineType").asText())) {
            return BigDecimal.ZERO;
        }
        BigDecimal qty = line.path("Quantity").decimalValue();
        BigDecimal base = line.path("BaseAmountValue").decimalValue();
        BigDecimal discount = line.path("Discount").decimalValue();
        BigDecimal factor = BigDecimal.ONE.subtract(discount.movePointLeft(2));
        return qty.multiply(base).multiply(factor).setScale(2, RoundingMode.HALF_UP);
    }

    private static BigDecimal totalExclVat(ObjectNode f) {
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode line : f.path("ProductLines")) {
            sum = sum.add(lineTotal(line));
        }
        return sum;
    }

    private static BigDecimal vat(BigDecimal excl) {
        return excl.multiply(VAT_RATE).setScale(2, RoundingMode.HALF_UP);
    }

    private static BigDecimal totalInclVat(ObjectNode f) {
        BigDecimal excl = totalExclVat(f);
        return excl.add(vat(excl));
    }

    private static BigDecimal paid(Rec rec) {
        BigDecimal sum = BigDecimal.ZERO;
        for (ObjectNode p : rec.payments) {
            sum = sum.add(p.path("Amount").decimalValue());
        }
        return sum;
    }

    private BigDecimal total(String invoiceGuid) {
        return totalInclVat(existing(org(DEMO_ORGANIZATION_ID), INVOICES, invoiceGuid).fields());
    }

    // ------------------------------------------------------------------------------------------ rendering

    private ObjectNode render(Org org, String type, Rec rec) {
        return switch (type) {
            case CONTACTS -> renderContact(rec);
            case PRODUCTS -> renderProduct(rec);
            default -> renderInvoice(org, rec);
        };
    }

    private ObjectNode renderContact(Rec rec) {
        ObjectNode o = NODES.objectNode();
        o.put("ContactGuid", rec.guid);
        dates(o, rec);
        o.put("IsDebitor", true);
        o.put("IsCreditor", false);
        ObjectNode f = rec.fields();
        for (String name : CONTACT_FIELDS) {
            o.set(name, empty(name, f.get(name)));
        }
        return o;
    }

    private ObjectNode renderProduct(Rec rec) {
        ObjectNode o = NODES.objectNode();
        o.put("ProductGuid", rec.guid);
        ObjectNode f = rec.fields();
        for (String name : PRODUCT_FIELDS) {
            o.set(name, empty(name, f.get(name)));
        }
        JsonNode base = f.get("BaseAmountValue");
        if (base != null && base.isNumber()) {
            o.put("BaseAmountValueInclVat", plain(base.decimalValue().add(vat(base.decimalValue()))));
        } else {
            o.putNull("BaseAmountValueInclVat");
        }
        dates(o, rec);
        return o;
    }

    private void dates(ObjectNode o, Rec rec) {
        ZoneId zone = timeZone;
        o.put("CreatedAt", dateTime(rec.createdAt, zone));
        o.put("UpdatedAt", dateTime(rec.updatedAt, zone));
        if (rec.deletedAt == null) {
            o.putNull("DeletedAt");
        } else {
            o.put("DeletedAt", dateTime(rec.deletedAt, zone));
        }
    }

    /** Dinero's date-time: no zone, as many fractional digits as needed (0 to 3): 2017-05-19T14:15:29.55. */
    static String dateTime(Instant at, ZoneId zone) {
        LocalDateTime t = LocalDateTime.ofInstant(at, zone);
        String s = t.withNano(0).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        int millis = t.getNano() / 1_000_000;
        if (millis == 0) {
            return s;
        }
        String fraction = String.format("%03d", millis).replaceAll("0+$", "");
        return s + "." + fraction;
    }

    private static JsonNode empty(String name, JsonNode value) {
        boolean isEmpty = value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty());
        if (!isEmpty) {
            return value;
        }
        if (value != null && value.isTextual()) {
            return value;
        }
        return BLANK_WHEN_EMPTY.contains(name) ? NODES.textNode("") : NODES.nullNode();
    }

    private static BigDecimal plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    // ----------------------------------------------------------------------------------- request parsing

    private static ObjectNode body(SimRequest r) {
        try {
            JsonNode n = MAPPER.readTree(r.body() == null ? "" : r.body());
            if (n != null && n.isObject()) {
                return (ObjectNode) n;
            }
        } catch (Exception e) {
            // fall through
        }
        throw error(400, 42, "The request is invalid: the body must be a JSON object.");
    }

    private static JsonNode text(ObjectNode body, String name, Validator v) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return NODES.nullNode();
        }
        if (n.isValueNode()) {
            return NODES.textNode(n.asText());
        }
        v.add(name, "The value of " + name + " is not valid.");
        return NODES.nullNode();
    }

    private static JsonNode bool(ObjectNode body, String name, Validator v) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return NODES.nullNode();
        }
        if (n.isBoolean()) {
            return n;
        }
        if (n.isTextual() && ("true".equalsIgnoreCase(n.asText()) || "false".equalsIgnoreCase(n.asText()))) {
            return NODES.booleanNode(Boolean.parseBoolean(n.asText().toLowerCase(Locale.ROOT)));
        }
        v.add(name, "The value '" + n.asText() + "' is not valid for " + name + ".");
        return NODES.nullNode();
    }

    private static JsonNode integer(ObjectNode body, String name, Validator v) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return NODES.nullNode();
        }
        try {
            BigDecimal d = n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText().trim());
            return NODES.numberNode(d.longValueExact());
        } catch (ArithmeticException | NumberFormatException e) {
            v.add(name, "The value '" + n.asText() + "' is not valid for " + name + ".");
            return NODES.nullNode();
        }
    }

    private static JsonNode decimal(ObjectNode body, String name, Validator v) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return NODES.nullNode();
        }
        try {
            return NODES.numberNode(plain(n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText().trim())));
        } catch (NumberFormatException e) {
            v.add(name, "The value '" + n.asText() + "' is not valid for " + name + ".");
            return NODES.nullNode();
        }
    }

    private static void date(ObjectNode f, String name, Validator v) {
        JsonNode n = f.get(name);
        if (n == null || n.isNull() || n.asText().isEmpty()) {
            return;
        }
        try {
            if (!DATE.matcher(n.asText()).matches()) {
                throw new DateTimeParseException("bad", n.asText(), 0);
            }
            LocalDate.parse(n.asText());
        } catch (DateTimeParseException e) {
            v.add(name, "The value '" + n.asText() + "' is not a valid date (YYYY-MM-DD).");
        }
    }

    private static void required(ObjectNode f, Validator v, String... names) {
        for (String name : names) {
            JsonNode n = f.get(name);
            if ((n == null || n.isNull() || (n.isTextual() && n.asText().isBlank())) && !v.errors.containsKey(name)) {
                v.add(name, "The " + name + " field is required.");
            }
        }
    }

    private static void maxLength(ObjectNode f, Validator v, String name, int max) {
        JsonNode n = f.get(name);
        if (n != null && n.isTextual() && n.asText().length() > max) {
            v.add(name, "The field " + name + " must be a string with a maximum length of " + max + ".");
        }
    }

    private static int intParam(Map<String, String> q, String name, int def, Validator v) {
        String raw = q.get(name);
        if (raw == null || raw.isBlank()) {
            return def;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            v.add(name, "The value '" + raw + "' is not valid for " + name + ".");
            return def;
        }
    }

    // ---------------------------------------------------------------------------------------- answers

    private static SimResponse json(int status, JsonNode body) {
        try {
            return SimResponse.json(status, MAPPER.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static SimResponse html(int status, String title) {
        return SimResponse.text(status, "text/html",
                "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">\r\n<html><head><title>" + title
                        + "</title></head><body><div id=\"header\"><h1>Server Error</h1></div><div id=\"content\"><h2>"
                        + title + "</h2><h3>The resource you are looking for might have been removed, had its name changed,"
                        + " or is temporarily unavailable.</h3></div></body></html>");
    }

    static SimResponse html404() {
        return html(404, "404 - File or directory not found.");
    }

    /** Dinero's error body with no field errors. */
    static Answer error(int status, int code, String message) {
        return new Answer(json(status, errorBody(code, message, Map.of())));
    }

    static Answer validation(String field, String message) {
        return new Answer(json(400, errorBody(42, "Validation failed: " + message, Map.of(field, message))));
    }

    static ObjectNode errorBody(int code, String message, Map<String, String> fieldErrors) {
        ObjectNode o = NODES.objectNode();
        o.put("code", code);
        o.put("message", message);
        ObjectNode ve = o.putObject("validationErrors");
        ArrayNode lang = o.putArray("languageSpecificMessages");
        ArrayNode list = o.putArray("errorMessageList");
        fieldErrors.forEach((field, msg) -> {
            ve.put(field, msg);
            ObjectNode l = lang.addObject();
            l.put("property", field);
            l.put("message", msg);
        });
        if (fieldErrors.isEmpty()) {
            ObjectNode l = lang.addObject();
            l.putNull("property");
            l.put("message", message);
        }
        ObjectNode e = list.addObject();
        e.put("Code", String.valueOf(code));
        e.put("Message", message);
        return o;
    }

    /** A finished answer thrown from deep inside request handling. */
    static final class Answer extends RuntimeException {
        final transient SimResponse response;

        Answer(SimResponse response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    private static final class Validator {
        final Map<String, String> errors = new LinkedHashMap<>();

        void add(String field, String message) {
            errors.putIfAbsent(field, message);
        }

        void throwIfAny() {
            if (!errors.isEmpty()) {
                String summary = errors.size() == 1 ? errors.values().iterator().next()
                        : errors.size() + " fields are not valid: " + String.join(", ", errors.keySet());
                throw new Answer(json(400, errorBody(42, "Validation failed: " + summary, errors)));
            }
        }
    }

    // ------------------------------------------------------------------------------------------ storage

    private Rec live(Org org, String type, String guid) {
        Rec rec = table(org, type).get(guid);
        if (rec == null) {
            throw new Answer(html404());
        }
        if (rec.deletedAt != null) {
            throw INVOICES.equals(type) ? error(400, 63, "The invoice is deleted or does not exist.")
                    : error(400, 65, "Item is deleted");
        }
        return rec;
    }

    private Rec existing(Org org, String type, String guid) {
        Rec rec = table(org, type).get(guid);
        if (rec == null) {
            throw new IllegalArgumentException("No " + type + " record " + guid);
        }
        return rec;
    }

    private static Map<String, Rec> table(Org org, String type) {
        Map<String, Rec> t = org.data.get(type);
        if (t == null) {
            throw new IllegalArgumentException("Unknown record type " + type + " (contacts, products, invoices)");
        }
        return t;
    }

    private Org org(String organizationId) {
        Org org = orgs.get(organizationId);
        if (org == null) {
            throw new IllegalArgumentException("Unknown organization " + organizationId);
        }
        return org;
    }

    private Instant now() {
        return clock().instant();
    }

    private String nextTimestamp() {
        return String.format("%016X", rowVersion.incrementAndGet());
    }

    private static Map<String, Object> toMap(JsonNode n) {
        return MAPPER.convertValue(n, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    private static String[] segments(String path) {
        return Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toArray(String[]::new);
    }

    private static Map<String, Object> company(String name, String street, String zip, String city, String vat,
                                               String phone, String email, String web) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", name);
        m.put("Street", street);
        m.put("ZipCode", zip);
        m.put("City", city);
        m.put("CountryKey", "DK");
        m.put("Phone", phone);
        m.put("Email", email);
        m.put("Webpage", web);
        m.put("VatNumber", vat);
        m.put("PaymentConditionType", "Netto");
        m.put("PaymentConditionNumberOfDays", 14);
        m.put("IsPerson", false);
        m.put("IsMember", false);
        m.put("UseCvr", !vat.isEmpty());
        return m;
    }

    private static Map<String, Object> person(String name, String street, String zip, String city, String phone,
                                              String email) {
        Map<String, Object> m = company(name, street, zip, city, "", phone, email, null);
        m.put("IsPerson", true);
        m.put("PaymentConditionNumberOfDays", 8);
        m.put("AttPerson", "");
        return m;
    }

    private static Map<String, Object> product(String number, String name, String price, String unit, String comment) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ProductNumber", number);
        m.put("Name", name);
        m.put("BaseAmountValue", new BigDecimal(price));
        m.put("Quantity", 1);
        m.put("AccountNumber", 1000);
        m.put("Unit", unit);
        m.put("Comment", comment);
        return m;
    }

    @SafeVarargs
    private static Map<String, Object> invoice(String contact, LocalDate date, String description,
                                               Map<String, Object>... lines) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ContactGuid", contact);
        m.put("Date", date.toString());
        m.put("Currency", "DKK");
        m.put("Language", "da-DK");
        m.put("Description", description);
        m.put("PaymentConditionType", "Netto");
        m.put("PaymentConditionNumberOfDays", 14);
        m.put("ProductLines", List.of(lines));
        return m;
    }

    private static Map<String, Object> line(String product, String description, String qty, String price, String discount) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ProductGuid", product);
        m.put("Description", description);
        m.put("Quantity", new BigDecimal(qty));
        m.put("AccountNumber", 1000);
        m.put("Unit", "parts");
        m.put("Discount", new BigDecimal(discount));
        m.put("LineType", "Product");
        m.put("BaseAmountValue", new BigDecimal(price));
        return m;
    }

    private static Map<String, Object> textLine(String description) {
        Map<String, Object> m = line(null, description, "0", "0", "0");
        m.put("LineType", "Text");
        return m;
    }

    private static final class Org {
        final String id;
        volatile String apiKey;
        volatile boolean pro;
        final Map<String, Map<String, Rec>> data = Map.of(CONTACTS, new LinkedHashMap<>(),
                PRODUCTS, new LinkedHashMap<>(), INVOICES, new LinkedHashMap<>());
        final ArrayDeque<Long> hits = new ArrayDeque<>();
        long lastNumber;

        Org(String id) {
            this.id = id;
        }
    }

    private static final class Rec {
        final String guid;
        /** The stored fields as UTF-8 JSON: a third of the memory of a tree, so 100,000 records fit a small heap. */
        private byte[] data;
        Instant createdAt;
        Instant updatedAt;
        Instant deletedAt;
        boolean booked;
        Long number;
        String timestamp;
        final List<ObjectNode> payments = new ArrayList<>();

        Rec(String guid) {
            this.guid = guid;
        }

        /** A fresh copy of the stored fields (changes need {@link #fields(ObjectNode)} to be kept). */
        ObjectNode fields() {
            try {
                return (ObjectNode) MAPPER.readTree(data);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void fields(ObjectNode fields) {
            try {
                data = MAPPER.writeValueAsBytes(fields);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private record Token(String org, Instant expiresAt, AtomicInteger calls) {
    }
}
